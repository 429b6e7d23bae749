#pragma once

#include <cstdint>

#include "tonewood/graph/processor.hpp"

namespace tonewood::graph {

/// MIDI beat clock from the transport, as events (to a MidiOutput, a JACK MIDI port): a timing
/// clock (0xF8) on the exact frame of every 24th of a quarter note, computed from the tempo
/// segment (ramps and changes included), whatever the block size. Playing from the song's start
/// sends Start (0xFA) and the first tick; from anywhere else, or after a locate or loop wrap
/// while playing, Stop (0xFC) when it was playing, then a Song Position Pointer (0xF2) naming
/// the first sixteenth at or after the position and Continue (0xFB), and the ticks resume on
/// that sixteenth (a receiver can only resume on one); stopping sends Stop. `shift_ms` sends the
/// ticks that much ahead of the audio (a receiver's latency: positive is earlier).
class MidiClock final : public Processor {
 public:
  static constexpr std::size_t kShiftMs = 0;
  static constexpr int kTicksPerBeat = 24;
  MidiClock();

 private:
  void prepareToPlay(const ProcessSpec& spec) override;
  void resetState() noexcept override;
  void render(const ProcessContext& context) noexcept override;

  double sampleRate_ = 48000.0;
  std::int64_t lastTick_ = 0;  // the tick index (24ths of a beat since beat 0) last sent
  bool running_ = false;       // a Start or Continue went out, no Stop since
};

}  // namespace tonewood::graph
