#include "tonewood/synth/modulators.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "tonewood/dsp/lcg48.hpp"
#include "tonewood/dsp/lfo_shapes.hpp"

namespace tonewood::synth {

float delayFadeGain(double elapsedS, double delayS, double fadeS) noexcept {
  if (elapsedS < delayS) return 0.0f;
  if (fadeS == 0.0) return 1.0f;
  const double t = std::min(1.0, (elapsedS - delayS) / std::abs(fadeS));
  return static_cast<float>(fadeS > 0.0 ? t : 1.0 - t);
}

namespace {
int rounded(float v) {
  return static_cast<int>(std::lround(v));
}
}  // namespace

void LfoModulator::restart() noexcept {
  phase_ = elapsedS_ = 0.0;
  cycle_ = 0;
}

float LfoModulator::advance(const float* v, const LfoParamIndices& ids,
                            const ModClock& clock) noexcept {
  if (v[ids.enable] < 0.5f) return right_ = 0.0f;
  const double rate =
      sourceRateHz(v[ids.sync] >= 0.5f, v[ids.rate], rounded(v[ids.beat]), clock.tempoBpm);
  const double before = phase_;
  phase_ += rate * clock.stepS;
  if (std::floor(phase_) != std::floor(before)) cycle_ = (cycle_ + 1) % kRandomPoints;
  phase_ -= std::floor(phase_);
  elapsedS_ += clock.stepS;
  const auto shape = static_cast<dsp::LfoShape>(std::clamp(rounded(v[ids.wave]), 1, 17));
  const float at = static_cast<float>(phase_) + 0.5f * v[ids.phase];
  const float gain = delayFadeGain(elapsedS_, v[ids.delay], v[ids.fade]);
  auto level = [&](float wave) {
    return std::clamp(v[ids.offset] + v[ids.depth] * gain * wave, -1.0f, 1.0f);
  };
  // The random shapes walk gin's fixed table, one point per cycle.
  const float held = dsp::kLfoRandomPoints[static_cast<std::size_t>(cycle_)];
  const float next = dsp::kLfoRandomPoints[static_cast<std::size_t>((cycle_ + 1) % kRandomPoints)];
  const float left = level(dsp::lfoShapeValue(shape, at, held, next));
  const float stereo = v[ids.stereo];
  right_ = stereo == 0.0f ? left : level(dsp::lfoShapeValue(shape, at + 0.5f * stereo, held, next));
  return left;
}

void RandomModulator::Walk::restart(std::uint32_t seed) noexcept {
  random.reseed(seed);
  from = to = random.next();
}

void RandomModulator::Walk::step(float chaos) noexcept {
  from = to;
  to = std::clamp(from + chaos * (random.next() - from), -1.0f, 1.0f);
}

void RandomModulator::restart(std::uint32_t seed) noexcept {
  left_.restart(seed);
  other_.restart(seed ^ 0x68E31DA4u);
  position_ = 1.0;
  intervalS_ = 1.0;
}

float RandomModulator::advance(const float* v, const RandomParamIndices& ids,
                               const ModClock& clock) noexcept {
  if (v[ids.enable] < 0.5f) return right_ = 0.0f;
  const double rate = std::max(
      1e-3, sourceRateHz(v[ids.sync] >= 0.5f, v[ids.rate], rounded(v[ids.beat]), clock.tempoBpm));
  position_ += clock.stepS / intervalS_;
  if (position_ >= 1.0) {
    position_ = std::fmod(position_, 1.0);
    const float jitter = v[ids.jitter];
    intervalS_ = (1.0 + jitter * 0.9 * left_.random.next()) / rate;
    left_.step(v[ids.chaos]);
    other_.step(v[ids.chaos]);  // always, so turning stereo up mid-note finds it in step
  }
  const bool stepped = rounded(v[ids.mode]) == 1;
  const double smooth = stepped ? 0.0 : v[ids.smooth] / 100.0;
  double glide = smooth <= 0.0 ? 1.0 : std::min(1.0, position_ / smooth);
  glide = 0.5 - 0.5 * std::cos(glide * 3.141592653589793);  // ease in and out of each move
  auto level = [&](float walk) {
    return std::clamp(v[ids.offset] + v[ids.depth] * walk, -1.0f, 1.0f);
  };
  const float left = left_.at(static_cast<float>(glide));
  const float stereo = v[ids.stereo];
  right_ =
      level(stereo == 0.0f ? left : left + stereo * (other_.at(static_cast<float>(glide)) - left));
  return level(left);
}

void MsegModulator::restart() noexcept {
  position_ = elapsedS_ = 0.0;
}

float MsegModulator::shapeAt(const MsegShape& shape, double t) noexcept {
  const auto& pts = shape.points;
  if (pts.empty()) return 0.0f;
  if (t <= pts.front().time) return pts.front().value;
  for (std::size_t i = 1; i < pts.size(); ++i) {
    if (t > pts[i].time) continue;
    const auto& a = pts[i - 1];
    const auto& b = pts[i];
    const double span = b.time - a.time;
    const double x = span > 0.0 ? (t - a.time) / span : 1.0;
    const double k = b.curve - 5.5;
    const double shaped = std::abs(k) < 1e-3 ? x : std::expm1(k * x) / std::expm1(k);
    return static_cast<float>(a.value + (b.value - a.value) * shaped);
  }
  return pts.back().value;
}

float MsegModulator::advance(const float* v, const MsegParamIndices& ids, const MsegShape& shape,
                             const ModClock& clock, bool bipolar) noexcept {
  if (v[ids.enable] < 0.5f) return 0.0f;
  const double rate =
      sourceRateHz(v[ids.sync] >= 0.5f, v[ids.rate], rounded(v[ids.beat]), clock.tempoBpm);
  position_ += rate * clock.stepS;
  elapsedS_ += clock.stepS;
  const bool loop = v[ids.loop] >= 0.5f && !shape.points.empty();
  if (loop) {
    const double start = shape.points[static_cast<std::size_t>(shape.startIndex)].time;
    const double end = shape.points[static_cast<std::size_t>(shape.endIndex)].time;
    if (position_ >= end)
      position_ = end > start ? start + std::fmod(position_ - start, end - start) : start;
  } else {
    position_ = std::min(position_, 1.0);
  }
  double t = position_ + 0.5 * v[ids.phase];
  t -= std::floor(t);
  if (!loop && position_ >= 1.0) t = 1.0;
  float value = shapeAt(shape, t);
  if (bipolar) value = 2.0f * value - 1.0f;
  const float gain = delayFadeGain(elapsedS_, 0.0, v[ids.fade]);
  return std::clamp(v[ids.offset] + v[ids.depth] * gain * value, bipolar ? -1.0f : 0.0f, 1.0f);
}

void EnvelopeModulator::start(const float* v, const AdsrIndices& ids, double sampleRate) noexcept {
  adsr_.reset();
  adsr_.setParameters(sampleRate, v[ids.attack], v[ids.decay], v[ids.sustain] / 100.0,
                      v[ids.release]);
  adsr_.noteOn();
}

float EnvelopeModulator::advance(const float* v, const AdsrIndices& ids, const ModClock& clock,
                                 int samples) noexcept {
  adsr_.setParameters(clock.sampleRate, v[ids.attack], v[ids.decay], v[ids.sustain] / 100.0,
                      v[ids.release]);
  float level = adsr_.level();
  for (int i = 0; i < samples; ++i) level = adsr_.next();
  return level;  // modulation envelopes always run; `enabled` switches exciter envelopes
}

}  // namespace tonewood::synth
