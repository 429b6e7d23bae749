#include "tonewood/timeline/tempo_map.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "tonewood/core/errors.hpp"
#include "tonewood/midi/tempo_map.hpp"

namespace tonewood::timeline {

namespace {
// A position this close to a bar line is on it (beats are doubles built from sums).
constexpr double kOnTheLine = 1e-9;

void requireBpm(double bpm) {
  requireInRange("tempo", bpm, TempoMap::kMinBpm, TempoMap::kMaxBpm, "bpm");
}

}  // namespace

TempoMap::TempoMap(double bpm, graph::TimeSignature meter) {
  requireBpm(bpm);
  graph::requireTimeSignature(meter.numerator, meter.denominator);
  tempos_.push_back({0.0, bpm, TempoCurve::Step});
  meters_.push_back({0, meter});
  rebuild();
}

void TempoMap::setTempo(double beat, double bpm, TempoCurve curve) {
  if (!std::isfinite(beat) || beat < 0.0)
    throw OutOfRangeError("tempo position must be a finite beat >= 0, got " + formatNumber(beat));
  requireBpm(bpm);
  const TempoPoint point{beat, bpm, curve};
  auto at = std::lower_bound(tempos_.begin(), tempos_.end(), beat,
                             [](const TempoPoint& p, double b) { return p.beat < b; });
  if (at != tempos_.end() && at->beat == beat)
    *at = point;
  else
    tempos_.insert(at, point);
  rebuild();
}

void TempoMap::removeTempo(double beat) {
  auto at = std::find_if(tempos_.begin(), tempos_.end(),
                         [&](const TempoPoint& p) { return p.beat == beat; });
  if (at == tempos_.end())
    throw InvalidArgumentError("there is no tempo point at beat " + formatNumber(beat));
  if (at == tempos_.begin())
    throw InvalidArgumentError("the tempo at beat 0 cannot be removed (set it instead)");
  tempos_.erase(at);
  rebuild();
}

void TempoMap::setMeter(std::int64_t bar, int numerator, int denominator) {
  if (bar < 0) throw OutOfRangeError("meter bar must be >= 0, got " + std::to_string(bar));
  graph::requireTimeSignature(numerator, denominator);
  const MeterPoint point{bar, {numerator, denominator}};
  auto at = std::lower_bound(meters_.begin(), meters_.end(), bar,
                             [](const MeterPoint& m, std::int64_t b) { return m.bar < b; });
  if (at != meters_.end() && at->bar == bar)
    *at = point;
  else
    meters_.insert(at, point);
  rebuild();
}

void TempoMap::removeMeter(std::int64_t bar) {
  auto at = std::find_if(meters_.begin(), meters_.end(),
                         [&](const MeterPoint& m) { return m.bar == bar; });
  if (at == meters_.end())
    throw InvalidArgumentError("there is no meter change at bar " + std::to_string(bar));
  if (at == meters_.begin())
    throw InvalidArgumentError("the meter at bar 0 cannot be removed (set it instead)");
  meters_.erase(at);
  rebuild();
}

// Inside a region the tempo is T(t) = bpm + slope t (t seconds from its start), so the beats
// after t seconds are (bpm t + slope t^2 / 2) / 60 and the seconds to b beats are the root
// 120 b / (bpm + sqrt(bpm^2 + 120 slope b)) (the form that does not cancel when slope is small).
double TempoMap::secondsInto(const Region& r, double beats) noexcept {
  if (r.slope == 0.0) return 60.0 * beats / r.bpm;
  const double root = std::sqrt(std::max(0.0, r.bpm * r.bpm + 120.0 * r.slope * beats));
  return 120.0 * beats / (r.bpm + root);
}

double TempoMap::beatsInto(const Region& r, double seconds) noexcept {
  return (r.bpm + 0.5 * r.slope * seconds) * seconds / 60.0;
}

void TempoMap::rebuild() {
  // Bar lines where the meters change, in beats.
  std::vector<double>& meterBeats = meterBeats_;
  meterBeats.assign(meters_.size(), 0.0);
  for (std::size_t i = 1; i < meters_.size(); ++i)
    meterBeats[i] = meterBeats[i - 1] + static_cast<double>(meters_[i].bar - meters_[i - 1].bar) *
                                            meters_[i - 1].signature.quarterNotesPerBar();
  // Region starts: every tempo point and every meter change, in beat order.
  std::vector<double> starts;
  for (const TempoPoint& p : tempos_) starts.push_back(p.beat);
  starts.insert(starts.end(), meterBeats.begin(), meterBeats.end());
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());

  regions_.clear();
  std::size_t tempo = 0, meter = 0;
  for (std::size_t i = 0; i < starts.size(); ++i) {
    const double beat = starts[i];
    while (tempo + 1 < tempos_.size() && tempos_[tempo + 1].beat <= beat) ++tempo;
    while (meter + 1 < meters_.size() && meterBeats[meter + 1] <= beat) ++meter;
    const TempoPoint& point = tempos_[tempo];
    Region r;
    r.beat = beat;
    r.meter = meters_[meter].signature;
    r.meterBeat = meterBeats[meter];
    r.meterBar = meters_[meter].bar;
    if (point.curve == TempoCurve::Linear && tempo + 1 < tempos_.size()) {
      // A ramp from this point to the next, linear in time: it lasts 120 beats / (sum of the
      // two tempos) seconds. A region that starts inside it (at a meter change) starts at the
      // ramp's tempo there.
      const TempoPoint& next = tempos_[tempo + 1];
      const double seconds = 120.0 * (next.beat - point.beat) / (point.bpm + next.bpm);
      Region ramp;
      ramp.bpm = point.bpm;
      ramp.slope = (next.bpm - point.bpm) / seconds;
      const double t = secondsInto(ramp, beat - point.beat);
      r.bpm = point.bpm + ramp.slope * t;
      r.slope = ramp.slope;
    } else {
      r.bpm = point.bpm;
    }
    if (regions_.empty()) {
      r.seconds = 0.0;
    } else {
      const Region& before = regions_.back();
      r.seconds = before.seconds + secondsInto(before, beat - before.beat);
    }
    regions_.push_back(r);
  }
}

const TempoMap::Region& TempoMap::regionAtBeat(double beat) const noexcept {
  auto after = std::upper_bound(regions_.begin(), regions_.end(), beat,
                                [](double b, const Region& r) { return b < r.beat; });
  return after == regions_.begin() ? regions_.front() : *(after - 1);
}

const TempoMap::Region& TempoMap::regionAtSeconds(double seconds) const noexcept {
  auto after = std::upper_bound(regions_.begin(), regions_.end(), seconds,
                                [](double s, const Region& r) { return s < r.seconds; });
  return after == regions_.begin() ? regions_.front() : *(after - 1);
}

double TempoMap::secondsAt(double beat) const noexcept {
  const Region& r = regionAtBeat(beat);
  return r.seconds + secondsInto(r, beat - r.beat);
}

double TempoMap::beatAt(double seconds) const noexcept {
  const Region& r = regionAtSeconds(seconds);
  return r.beat + beatsInto(r, seconds - r.seconds);
}

double TempoMap::bpmAt(double beat) const noexcept {
  const Region& r = regionAtBeat(beat);
  return r.bpm + r.slope * secondsInto(r, beat - r.beat);
}

graph::TimeSignature TempoMap::meterAt(double beat) const noexcept {
  return regionAtBeat(beat).meter;
}

std::int64_t TempoMap::frameAt(double beat, double sampleRate) const noexcept {
  return frameAtSeconds(secondsAt(beat), sampleRate);
}

std::int64_t frameAtSeconds(double seconds, double sampleRate) noexcept {
  // The product can land a hair above a whole frame that is the exact answer.
  const double frames = seconds * sampleRate;
  const double nearest = std::round(frames);
  return static_cast<std::int64_t>(std::abs(frames - nearest) < 1e-6 ? nearest : std::ceil(frames));
}

double TempoMap::beatAtFrame(std::int64_t frame, double sampleRate) const noexcept {
  return beatAt(static_cast<double>(frame) / sampleRate);
}

BarPosition TempoMap::barAt(double beat) const noexcept {
  const Region& r = regionAtBeat(beat);
  const double perBar = r.meter.quarterNotesPerBar();
  const double bars = std::floor((beat - r.meterBeat) / perBar + kOnTheLine);
  const double inBar = std::max(0.0, beat - r.meterBeat - bars * perBar);
  return {r.meterBar + static_cast<std::int64_t>(bars), inBar * r.meter.denominator / 4.0};
}

double TempoMap::beatOf(BarPosition position) const {
  if (position.bar < 0)
    throw OutOfRangeError("bar must be >= 0, got " + std::to_string(position.bar));
  // The meter in force at that bar: the last change at or before it.
  auto after = std::upper_bound(meters_.begin(), meters_.end(), position.bar,
                                [](std::int64_t b, const MeterPoint& m) { return b < m.bar; });
  const std::size_t index = static_cast<std::size_t>(after - meters_.begin()) - 1;
  const double lineBeat = meterBeats_[index];
  const graph::TimeSignature meter = meters_[index].signature;
  requireInRange("beat in bar " + std::to_string(position.bar), position.beat, 0.0,
                 static_cast<double>(meter.numerator), "beats of the bar's unit");
  return lineBeat +
         static_cast<double>(position.bar - meters_[index].bar) * meter.quarterNotesPerBar() +
         position.beat * 4.0 / meter.denominator;
}

graph::TempoSegment TempoMap::segmentAt(std::int64_t frame, double sampleRate) const noexcept {
  const Region& r = regionAtSeconds(static_cast<double>(frame) / sampleRate);
  const auto index = static_cast<std::size_t>(&r - regions_.data());
  // The segment runs from the first frame at or after the region's start (the first region
  // from frame 0, and before it) to the first frame of the next. Every block inside it is
  // anchored there, so positions do not depend on where blocks begin.
  auto firstFrame = [&](double s) { return static_cast<std::int64_t>(std::ceil(s * sampleRate)); };
  graph::TempoSegment out;
  out.startFrame = index == 0 ? 0 : firstFrame(r.seconds);
  out.endFrame = index + 1 < regions_.size() ? firstFrame(regions_[index + 1].seconds)
                                             : std::numeric_limits<std::int64_t>::max();
  const double t = static_cast<double>(out.startFrame) / sampleRate - r.seconds;
  out.startBeat = r.beat + beatsInto(r, t);
  out.bpm = r.bpm + r.slope * t;
  out.bpmSlope = r.slope / sampleRate;
  out.signature = r.meter;
  out.barLineBeat = r.meterBeat;
  out.barLineIndex = r.meterBar;
  return out;
}

std::function<std::int64_t(std::int64_t, double)> TempoMap::tickPlacement(int ticksPerBeat) const {
  requireInRange("ticks per beat", ticksPerBeat, 1, 32767, "");
  return [map = *this, ticksPerBeat](std::int64_t tick, double sampleRate) {
    return map.frameAt(static_cast<double>(tick) / ticksPerBeat, sampleRate);
  };
}

TempoMap TempoMap::fromMidi(const midi::MidiFile& file) {
  if (file.isSmpte())
    throw InvalidArgumentError(
        "the MIDI file is timed in SMPTE frames, not beats, so it has no tempo map");
  const double ppq = file.ticksPerBeat();
  // The file's segments are sorted, one per tick, the first at tick 0: taken in one go, with a
  // single rebuild (files with thousands of tempo changes exist).
  const midi::TempoMap ticks = midi::TempoMap::of(file);
  TempoMap map;
  map.tempos_.clear();
  for (const auto& s : ticks.segments()) {
    const double bpm = 60e6 / static_cast<double>(s.tempo);
    if (!(bpm >= kMinBpm && bpm <= kMaxBpm))
      throw OutOfRangeError("the MIDI file's tempo at tick " + std::to_string(s.tick) + " is " +
                            formatNumber(bpm) + " bpm, outside [20, 999] bpm");
    map.tempos_.push_back({static_cast<double>(s.tick) / ppq, bpm, TempoCurve::Step});
  }
  map.rebuild();
  // Time signatures from every track, in time order (of several at one tick the last wins).
  std::vector<std::pair<std::int64_t, graph::TimeSignature>> signatures;
  for (const midi::MidiTrack& track : file.tracks)
    for (const midi::MidiEvent& e : track.events)
      if (e.kind == midi::EventKind::Meta && e.metaType == midi::meta::kTimeSignature &&
          e.data.size() >= 2 && e.data[1] <= 6)
        signatures.push_back({e.tick, {e.data[0], 1 << e.data[1]}});
  std::stable_sort(signatures.begin(), signatures.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [tick, signature] : signatures) {
    const BarPosition at = map.barAt(static_cast<double>(tick) / ppq);
    const std::int64_t bar = at.bar + (at.beat > kOnTheLine ? 1 : 0);
    map.setMeter(bar, std::max(1, signature.numerator), signature.denominator);
  }
  return map;
}

}  // namespace tonewood::timeline
