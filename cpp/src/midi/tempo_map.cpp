#include "tonewood/midi/tempo_map.hpp"

#include <algorithm>
#include <cmath>

#include "tonewood/core/errors.hpp"

namespace tonewood::midi {

TempoMap::TempoMap(int ticksPerBeat, std::vector<std::pair<std::int64_t, std::int64_t>> changes)
    : ticksPerBeat_(ticksPerBeat) {
  requireInRange("ticks per beat", ticksPerBeat, 1, 32767, "");
  std::stable_sort(changes.begin(), changes.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  segments_.push_back({0, kDefaultTempo, 0});
  for (const auto& [tick, tempo] : changes) {
    requireInRange("tempo", static_cast<double>(tempo), 1, 0xFFFFFF, "microseconds per quarter");
    Segment& last = segments_.back();
    if (tick <= last.tick) {
      last.tempo = tempo;  // same tick (or a change at 0): the later one wins
      continue;
    }
    segments_.push_back({tick, tempo, last.before + (tick - last.tick) * last.tempo});
  }
}

TempoMap TempoMap::smpte(int framesPerSecond, int ticksPerFrame) {
  requireSmpteTiming(framesPerSecond, ticksPerFrame);
  TempoMap map;
  // "29" is 30 drop-frame: 30000/1001 frames per second in real time.
  if (framesPerSecond == 29) {
    map.smpteTicksPerSecond_ = std::int64_t{30000} * ticksPerFrame;
    map.smpteDenominator_ = 1001;
  } else {
    map.smpteTicksPerSecond_ = std::int64_t{framesPerSecond} * ticksPerFrame;
  }
  map.segments_.push_back({0, kDefaultTempo, 0});
  return map;
}

TempoMap TempoMap::of(const MidiFile& file) {
  if (file.isSmpte()) return smpte(file.smpteFramesPerSecond(), file.ticksPerFrame());
  std::vector<std::pair<std::int64_t, std::int64_t>> changes;
  for (const MidiTrack& track : file.tracks)
    for (const MidiEvent& e : track.events)
      if (e.isTempo()) changes.emplace_back(e.tick, e.tempoMicroseconds());
  return TempoMap(file.ticksPerBeat(), std::move(changes));
}

const TempoMap::Segment& TempoMap::segmentAt(std::int64_t tick) const noexcept {
  const auto next = std::upper_bound(segments_.begin(), segments_.end(), tick,
                                     [](std::int64_t t, const Segment& s) { return t < s.tick; });
  return *(next == segments_.begin() ? next : next - 1);
}

WideInt TempoMap::scaledTime(std::int64_t tick) const noexcept {
  if (smpteTicksPerSecond_ > 0) return static_cast<WideInt>(tick) * smpteDenominator_;
  const Segment& s = segmentAt(tick);
  return static_cast<WideInt>(s.before) + static_cast<WideInt>(tick - s.tick) * s.tempo;
}

WideInt TempoMap::scale() const noexcept {
  if (smpteTicksPerSecond_ > 0) return smpteTicksPerSecond_;
  return static_cast<WideInt>(ticksPerBeat_) * 1'000'000;
}

double TempoMap::seconds(std::int64_t tick) const noexcept {
  return static_cast<double>(static_cast<long double>(scaledTime(tick)) /
                             static_cast<long double>(scale()));
}

std::int64_t TempoMap::sample(std::int64_t tick, double sampleRate) const noexcept {
  const WideInt time = scaledTime(tick);
  if (std::floor(sampleRate) == sampleRate && sampleRate < 1e12) {
    const WideInt numerator = time * static_cast<WideInt>(sampleRate) * 2 + scale();
    return static_cast<std::int64_t>(numerator / (2 * scale()));
  }
  return static_cast<std::int64_t>(std::floor(
      static_cast<long double>(time) * sampleRate / static_cast<long double>(scale()) + 0.5L));
}

std::int64_t TempoMap::tick(double seconds) const noexcept {
  if (!(seconds > 0)) return 0;
  const long double time = static_cast<long double>(seconds) * static_cast<long double>(scale());
  if (smpteTicksPerSecond_ > 0)
    return static_cast<std::int64_t>(std::floor(time / smpteDenominator_ + 1e-9L));
  // The last segment starting at or before that time.
  const auto next = std::upper_bound(
      segments_.begin(), segments_.end(), time,
      [](long double t, const Segment& s) { return t < static_cast<long double>(s.before); });
  const Segment& s = *(next - 1);
  // `seconds` carries a double's rounding; allow that much (in ticks) before flooring, so
  // tick(seconds(t)) == t even for very short ticks.
  const long double slack = (std::fabs(time) * 1e-15L + 1e-9L) / s.tempo;
  return s.tick + static_cast<std::int64_t>(std::floor((time - s.before) / s.tempo + slack));
}

std::int64_t TempoMap::tempoAt(std::int64_t tick) const noexcept {
  return segmentAt(tick).tempo;
}

}  // namespace tonewood::midi
