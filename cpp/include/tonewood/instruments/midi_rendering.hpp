#pragma once

#include <memory>

#include "tonewood/core/audio_buffer.hpp"
#include "tonewood/core/progress.hpp"
#include "tonewood/graph/processor.hpp"
#include "tonewood/midi/midi_file.hpp"

/// Playing a MIDI file on an instrument offline, through a graph (a MidiPlayer feeding the
/// instrument): every message lands on exactly the frame the file's tempo map gives its tick
/// (midi::TempoMap::sample, exact however many tempo changes there are). Control thread.
namespace tonewood::instruments {

struct MidiRenderOptions {
  double sampleRate = 48000.0;
  double tailSeconds = 2.0;  ///< rendered after the file's end, for the notes to ring out
  int blockSize = 512;
  std::size_t eventsPerBlock = 4096;  ///< more in one block wait for the next
  /// Whether General MIDI's drum channel (10) plays too. Off by default: on a pitched
  /// instrument its notes (which name drums) would sound as arbitrary pitches.
  bool drums = false;
};

/// Renders `file` through `instrument` (a processor that takes events and gives audio; it is
/// prepared at the options' rate and block size) into a new buffer with the instrument's output
/// channels, lasting until the file's end plus the tail. An instrument's reported latency (a
/// SoundFont's 32 frames) is rendered past the end and taken off the front. Throws
/// InvalidArgumentError for an instrument that takes no events or gives no audio, OutOfRangeError
/// if the result would exceed 2^31 frames or for a tail outside [0, 3600] s.
AudioBuffer renderMidi(const midi::MidiFile& file, std::shared_ptr<graph::Processor> instrument,
                       const MidiRenderOptions& options = {},
                       const ProgressCallback& progress = {});

}  // namespace tonewood::instruments
