#pragma once

#include <string>

#include "tonewood/graph/nodes/midi_player.hpp"
#include "tonewood/midi/midi_file.hpp"
#include "tonewood/timeline/position.hpp"

namespace tonewood::timeline {

/// MIDI placed on the timeline: a file's events (notes, controllers, bend, pressure, program
/// changes; every track merged) whose tick 0 sits at `start`. Ticks are beats of the file's
/// resolution laid on the song's tempo map, so the clip follows the song's tempo; tempo events
/// inside the clip are ignored for timing.
struct MidiClip {
  std::uint64_t id = 0;  ///< given by the track that holds it, unique there
  std::string name;
  Position start;
  midi::MidiFile file = midi::MidiFile::withTicksPerBeat(480);

  /// InvalidArgumentError for a file timed in SMPTE frames; OutOfRangeError for a bad start.
  void validate() const;
  /// Beats from the start to the file's last event.
  double lengthBeats() const noexcept;
  /// Where each tick plays on `map`: the first frame at or after its beat.
  graph::MidiPlayer::TickPlacement placement(const TempoMap& map) const;

  bool operator==(const MidiClip&) const = default;
};

}  // namespace tonewood::timeline
