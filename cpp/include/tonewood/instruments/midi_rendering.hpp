#pragma once

#include <cstdint>
#include <optional>

#include "tonewood/core/audio_buffer.hpp"
#include "tonewood/core/performance_event.hpp"
#include "tonewood/core/progress.hpp"
#include "tonewood/midi/midi_file.hpp"
#include "tonewood/synth/resonator_synth.hpp"

/// Playing a MIDI file on the resonator synth offline: every channel message becomes a
/// performance event on exactly the sample frame the file's tempo map gives its tick
/// (midi::TempoMap::sample, exact however many tempo changes there are). Control thread.
namespace tonewood::instruments {

struct MidiRenderOptions {
  double tailSeconds = 2.0;  ///< rendered after the file's end, for the notes to ring out
  int blockSize = 512;
};

/// Renders `file` through `synth` (already prepared) into a new stereo buffer lasting until the
/// file's end plus the tail. Events go to the synth in windows, so files of any length and
/// density fit its fixed event schedule. Throws OutOfRangeError if the result would exceed
/// 2^31 frames.
AudioBuffer renderMidi(const midi::MidiFile& file, synth::ResonatorSynth& synth,
                       const MidiRenderOptions& options = {},
                       const ProgressCallback& progress = {});

}  // namespace tonewood::instruments
