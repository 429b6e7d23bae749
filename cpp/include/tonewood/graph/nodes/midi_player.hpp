#pragma once

#include <bitset>
#include <cstdint>
#include <functional>
#include <vector>

#include "tonewood/graph/processor.hpp"
#include "tonewood/midi/midi_file.hpp"

namespace tonewood::graph {

/// Plays a MIDI file into the graph as events: every message lands on the frame the file's
/// tempo map gives its tick (midi::TempoMap, exact over any number of tempo changes), with the
/// file's start at timeline frame 0. It follows the transport: silent while stopped, playing
/// from the transport's position, re-seeking after a locate or a loop. Notes it leaves sounding
/// (and a held sustain pedal) are released when the position jumps or playback stops, so a loop
/// never hangs a note. Tracks are merged; at equal frames earlier tracks come first.
class MidiPlayer final : public Processor {
 public:
  /// Where a tick plays, in frames at a sample rate. Called on the control thread when the
  /// player is prepared.
  using TickPlacement = std::function<std::int64_t(std::int64_t tick, double sampleRate)>;

  /// Placed by the file's own tempo map, or by `placement` (a song's tempo map, say, so the
  /// file's beats follow its ramps and changes).
  explicit MidiPlayer(const midi::MidiFile& file, TickPlacement placement = {});

  /// Frames from the start to the file's end at `sampleRate`.
  std::int64_t lengthFrames(double sampleRate) const;

 private:
  struct Timed {
    std::int64_t frame;
    std::uint32_t offset, size;  // the message's bytes in bytes_
  };
  void prepareToPlay(const ProcessSpec& spec) override;
  void resetState() noexcept override;
  void render(const ProcessContext& context) noexcept override;
  void release(EventBuffer& out) noexcept;
  void track(const std::uint8_t* message) noexcept;

  midi::MidiFile file_;
  TickPlacement placement_;
  std::vector<Timed> events_;
  std::vector<std::uint8_t> bytes_;
  std::size_t next_ = 0;
  std::bitset<16 * 128> sounding_;
  std::bitset<16> pedal_;
};

}  // namespace tonewood::graph
