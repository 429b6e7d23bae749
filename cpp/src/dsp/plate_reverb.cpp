#include "tonewood/dsp/plate_reverb.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace tonewood::dsp {

namespace {
enum Glided { kMix, kEarly, kDecay, kPredelay, kBandwidth, kDamping };

// Line lengths and tap offsets in seconds, scaled by the size factor for the tank.
constexpr std::array<double, 4> kDiffuserS = {0.0048, 0.0036, 0.0127, 0.0093};
constexpr std::array<float, 4> kDiffuserFeedback = {0.75f, 0.75f, 0.625f, 0.625f};
constexpr std::array<double, 4> kTankAllpassS = {0.020, 0.060, 0.030, 0.089};
constexpr std::array<double, 4> kTankDelayS = {0.15, 0.12, 0.14, 0.11};
// Taps 1..3 of each tank delay and of the second allpass of each half.
constexpr std::array<std::array<double, 3>, 4> kTankDelayTapS = {
    {{0.067, 0.011, 0.121}, {0.036, 0.089, 0.0}, {0.0089, 0.099, 0.0}, {0.067, 0.0041, 0.0}}};
constexpr std::array<double, 2> kAllpassTap1S = {0.006, 0.031};  // tank allpasses 1 and 3
constexpr std::array<double, 2> kAllpassTap2S = {0.041, 0.011};
constexpr std::array<double, 2> kEarlyS = {0.089, 0.069};
// Early taps 2..7 (tap 7 sits at the write position) and their weights.
constexpr std::array<std::array<double, 6>, 2> kEarlyTapS = {
    {{0.0219, 0.0354, 0.0389, 0.0414, 0.0692, 0.0}, {0.011, 0.0182, 0.0189, 0.0213, 0.0431, 0.0}}};
constexpr std::array<float, 6> kEarlyWeight = {0.6f, 0.4f, 0.3f, 0.3f, 0.1f, 0.1f};

int samples(double seconds, double sampleRate) {
  return static_cast<int>(seconds * sampleRate);  // truncated, as the original sets its lengths
}
}  // namespace

float PlateReverb::Line::push(float x) noexcept {
  const float out = data[static_cast<std::size_t>(position)];
  data[static_cast<std::size_t>(position)] = x;
  if (++position >= length) position = 0;
  return out;
}

float PlateReverb::Line::tap(int offset) const noexcept {
  int at = position + offset;
  if (at >= length) at -= length;
  return data[static_cast<std::size_t>(at)];
}

float PlateReverb::Line::allpass(float x, float feedback) noexcept {
  float& slot = data[static_cast<std::size_t>(position)];
  const float out = slot - feedback * x;
  slot = x + out * feedback;
  if (++position >= length) position = 0;
  return out;
}

void PlateReverb::Line::clear() noexcept {
  std::fill(data.begin(), data.end(), 0.0f);
  position = 0;
}

void PlateReverb::Lowpass::tune(double hz, double sampleRate) noexcept {
  f = static_cast<float>(2.0 * std::sin(std::numbers::pi * hz / (4.0 * sampleRate)));
}

float PlateReverb::Lowpass::operator()(float x) noexcept {
  for (int i = 0; i < 4; ++i) {
    low += f * band + 1e-25f;  // the tiny offset keeps the states out of denormals
    const float high = x - low - 2.0f * band;
    band += f * high;
  }
  return low;
}

void PlateReverb::prepare(double sampleRate) {
  sampleRate_ = sampleRate;
  auto allocate = [&](Line& line, double seconds) {
    line.data.assign(static_cast<std::size_t>(std::max(1, samples(seconds, sampleRate) + 1)), 0.0f);
  };
  allocate(predelay_, 0.2);
  for (int i = 0; i < 4; ++i) {
    allocate(diffusers_[i], kDiffuserS[i]);
    diffusers_[i].length = std::max(1, samples(kDiffuserS[i], sampleRate));
    allocate(tankAllpasses_[i], kTankAllpassS[i]);
    allocate(tankDelays_[i], kTankDelayS[i]);
  }
  for (int i = 0; i < 2; ++i) {
    allocate(early_[i], kEarlyS[i]);
    early_[i].length = std::max(1, samples(kEarlyS[i], sampleRate));
    for (std::size_t t = 0; t < 6; ++t) earlyTaps_[i][t] = samples(kEarlyTapS[i][t], sampleRate);
  }
  size_ = -1.0;
  reset();
}

void PlateReverb::reset() noexcept {
  predelay_.clear();
  for (auto& l : diffusers_) l.clear();
  for (auto& l : tankAllpasses_) l.clear();
  for (auto& l : tankDelays_) l.clear();
  for (auto& l : early_) l.clear();
  for (auto* filters : {&bandwidth_, &damping_})
    for (auto& f : *filters) f.low = f.band = 0.0f;
  previousLeft_ = previousRight_ = 0.0f;
  glideLeft_ = 0;
  step_ = {};
  jumpToTargets();
}

std::array<float, 6> PlateReverb::targets() const noexcept {
  const auto& s = settings_;
  return {static_cast<float>(s.mix),
          static_cast<float>(s.earlyMix),
          static_cast<float>(0.005 + 0.7995 * s.decay),
          static_cast<float>(s.predelay * 0.2 * sampleRate_),
          static_cast<float>(100.0 + 18400.0 * s.bandwidth),
          static_cast<float>(100.0 + 18400.0 * (1.0 - s.damping))};
}

void PlateReverb::jumpToTargets() noexcept {
  now_ = targets();
  for (auto& f : bandwidth_) f.tune(now_[kBandwidth], sampleRate_);
  for (auto& f : damping_) f.tune(now_[kDamping], sampleRate_);
  fresh_ = true;
}

void PlateReverb::resize(double size) noexcept {
  size_ = size;
  for (int i = 0; i < 4; ++i) {
    tankAllpasses_[i].length = std::max(1, samples(kTankAllpassS[i] * size, sampleRate_));
    tankDelays_[i].length = std::max(1, samples(kTankDelayS[i] * size, sampleRate_));
    tankAllpasses_[i].clear();
    tankDelays_[i].clear();
    for (std::size_t t = 0; t < 3; ++t)
      tankTaps_[i][t] = samples(kTankDelayTapS[i][t] * size, sampleRate_);
  }
  for (std::size_t h = 0; h < 2; ++h) {
    allpassTaps_[h][0] = samples(kAllpassTap1S[h] * size, sampleRate_);
    allpassTaps_[h][1] = samples(kAllpassTap2S[h] * size, sampleRate_);
  }
}

void PlateReverb::configure(const ReverbSettings& s) noexcept {
  settings_ = s;
  const double size = 0.95 * std::clamp(s.size, 0.0, 1.0) + 0.05;
  if (std::abs(size - size_) > 1e-4) resize(size);
  glideLeft_ = 0;               // the next sample starts a glide toward the new targets
  if (fresh_) jumpToTargets();  // nothing has sounded yet: there is nothing to glide from
}

void PlateReverb::startGlide() noexcept {
  const auto target = targets();
  for (std::size_t i = 0; i < 6; ++i) step_[i] = (target[i] - now_[i]) / kGlide;
  glideLeft_ = kGlide;
}

void PlateReverb::process(float* left, float* right, int frames) noexcept {
  // Tap t (1..3) of a tank delay line, and tap t (1..2) of the second allpass of a tank half.
  auto tankTap = [&](std::size_t line, std::size_t t) {
    return tankDelays_[line].tap(tankTaps_[line][t - 1]);
  };
  auto allpassTap = [&](std::size_t half, std::size_t t) {
    return tankAllpasses_[2 * half + 1].tap(allpassTaps_[half][t - 1]);
  };
  const auto density = static_cast<float>(settings_.density);
  if (frames > 0) fresh_ = false;
  for (int i = 0; i < frames; ++i) {
    if (glideLeft_ == 0) startGlide();
    --glideLeft_;
    for (std::size_t k = 0; k < 6; ++k) now_[k] += step_[k];
    if (step_[kBandwidth] != 0.0f || step_[kDamping] != 0.0f) {
      for (auto& f : bandwidth_) f.tune(now_[kBandwidth], sampleRate_);
      for (auto& f : damping_) f.tune(now_[kDamping], sampleRate_);
    }
    const float decay = now_[kDecay];
    const float density2 = std::clamp(decay + 0.15f, 0.25f, 0.5f);
    predelay_.length = std::max(1, static_cast<int>(now_[kPredelay]));
    if (predelay_.position >= predelay_.length) predelay_.position = 0;

    const float inL = left[i], inR = right[i];
    const float bandL = bandwidth_[0](inL), bandR = bandwidth_[1](inR);
    // Early reflections: the line's oldest sample plus six weighted taps and a direct share.
    float earlyL = early_[0].push(0.5f * bandL + 0.3f * bandR);
    float earlyR = early_[1].push(0.3f * bandL + 0.5f * bandR);
    for (std::size_t t = 0; t < 6; ++t) {
      earlyL += kEarlyWeight[t] * early_[0].tap(earlyTaps_[0][t]);
      earlyR += kEarlyWeight[t] * early_[1].tap(earlyTaps_[1][t]);
    }
    earlyL += 0.5f * (0.4f * bandL + 0.2f * bandR);
    earlyR += 0.5f * (0.2f * bandL + 0.4f * bandR);

    float smeared = predelay_.push(0.5f * (bandL + bandR));
    for (std::size_t d = 0; d < 4; ++d)
      smeared = diffusers_[d].allpass(smeared, kDiffuserFeedback[d]);

    float tankL = tankAllpasses_[0].allpass(smeared + previousRight_, density);
    tankL = tankDelays_[0].push(tankL);
    tankL = damping_[0](tankL);
    tankL = tankAllpasses_[1].allpass(tankL, density2);
    tankL = tankDelays_[1].push(tankL);
    float tankR = tankAllpasses_[2].allpass(smeared + previousLeft_, density);
    tankR = tankDelays_[2].push(tankR);
    tankR = damping_[1](tankR);
    tankR = tankAllpasses_[3].allpass(tankR, density2);
    tankR = tankDelays_[3].push(tankR);
    previousLeft_ = tankL * decay;
    previousRight_ = tankR * decay;

    float accL = 0.6f * (tankTap(2, 1) + tankTap(2, 2) - allpassTap(1, 1) + tankTap(3, 1) -
                         tankTap(0, 1) - allpassTap(0, 1) - tankTap(1, 1));
    float accR = 0.6f * (tankTap(0, 2) + tankTap(0, 3) - allpassTap(0, 2) + tankTap(1, 2) -
                         tankTap(2, 3) - allpassTap(1, 2) - tankTap(3, 2));
    const float earlyMix = now_[kEarly];
    accL = accL * earlyMix + (1.0f - earlyMix) * earlyL;
    accR = accR * earlyMix + (1.0f - earlyMix) * earlyR;
    const float mix = now_[kMix];
    left[i] = inL + mix * (accL - inL);
    right[i] = inR + mix * (accR - inR);
  }
}

}  // namespace tonewood::dsp
