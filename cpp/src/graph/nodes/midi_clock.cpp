#include "tonewood/graph/nodes/midi_clock.hpp"

#include <algorithm>
#include <cmath>

namespace tonewood::graph {

namespace {

// Within this many ticks of a tick counts as on it (float rounding).
constexpr double kOnTheTick = 1e-9;

constexpr std::uint8_t kClock = 0xF8, kStart = 0xFA, kContinue = 0xFB, kStop = 0xFC,
                       kSongPosition = 0xF2;

}  // namespace

MidiClock::MidiClock()
    : Processor("midi clock", {ParamInfo::make("shift_ms", "Shift", "ms", -100.0f, 100.0f, 0.0f)},
                {0, 0, false, true}) {}

void MidiClock::prepareToPlay(const ProcessSpec& spec) {
  sampleRate_ = spec.sampleRate;
  resetState();
}

void MidiClock::resetState() noexcept {
  lastTick_ = 0;
  running_ = false;
}

void MidiClock::render(const ProcessContext& c) noexcept {
  const TransportPosition& t = *c.transport;
  EventBuffer& out = *c.outputEvents;
  auto send = [&](std::uint32_t at, std::uint8_t status) { out.addMidi(at, &status, 1); };
  if (!t.playing) {
    if (running_) send(0, kStop);
    running_ = false;
    return;
  }
  // The clock runs `lead` frames ahead of the audio: frame f sends what is due at f + lead.
  const auto lead = static_cast<std::int64_t>(std::lround(value(kShiftMs) * 1e-3 * sampleRate_));
  auto tickAt = [&](std::int64_t frame) {
    return static_cast<std::int64_t>(
        std::floor(t.beatAt(frame + lead) * kTicksPerBeat + kOnTheTick));
  };
  if (t.jumped || !running_) {
    if (running_) send(0, kStop);
    const std::int64_t tick = tickAt(t.frame);
    if (std::abs(t.beatAt(t.frame)) < kOnTheTick / kTicksPerBeat) {
      // From the song's start: Start, and the first tick at once (late by the shift at most).
      send(0, kStart);
      lastTick_ = tick - 1;
    } else {
      // Elsewhere the receiver resumes on a sixteenth, so the clock does too: the pointer names
      // the first sixteenth at or after now, and its first tick is the first one sent.
      const bool onATick = tick != tickAt(t.frame - 1);
      const std::int64_t first = onATick ? tick : tick + 1;
      constexpr int kTicksPerSixteenth = kTicksPerBeat / 4;
      const std::int64_t sixteenth = (first + kTicksPerSixteenth - 1) / kTicksPerSixteenth;
      lastTick_ = sixteenth * kTicksPerSixteenth - 1;
      const auto spp = static_cast<std::uint16_t>(std::clamp<std::int64_t>(sixteenth, 0, 16383));
      const std::uint8_t pointer[3] = {kSongPosition, static_cast<std::uint8_t>(spp & 0x7F),
                                       static_cast<std::uint8_t>(spp >> 7)};
      out.addMidi(0, pointer, 3);
      send(0, kContinue);
    }
    running_ = true;
  }
  for (int i = 0; i < c.frames; ++i) {
    const std::int64_t tick = tickAt(t.frame + i);
    if (tick <= lastTick_) continue;
    lastTick_ = tick;
    send(static_cast<std::uint32_t>(i), kClock);
  }
}

}  // namespace tonewood::graph
