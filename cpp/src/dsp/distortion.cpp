#include "tonewood/dsp/distortion.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "tonewood/core/units.hpp"
#include "tonewood/dsp/one_pole.hpp"

namespace tonewood::dsp {

namespace {
float dbToGain(double dB) {
  return static_cast<float>(Decibels{dB}.toGain());
}
}  // namespace

float Distortion::shape(int type, float x, bool resonariumFold) noexcept {
  constexpr float twoPi = 2.0f * std::numbers::pi_v<float>;
  switch (type) {
    case 0:
      return std::tanh(x);
    case 1:
      return std::clamp(x, -1.0f, 1.0f);
    case 2: {  // a triangle of period 4 through the origin
      const float adjust = 0.25f * x + 0.75f;
      // The original wraps with fmod, which keeps the sign: below x = -3 its fold leaves -1..1
      // (up to 5). Compatibility mode keeps that; otherwise the triangle continues.
      const float range = resonariumFold ? std::fmod(adjust, 1.0f) : adjust - std::floor(adjust);
      return std::abs(2.0f - 4.0f * range) - 1.0f;
    }
    case 3: {  // one sine period per 4 units of input, falling from the origin
      const float range = std::fmod(0.5f - 0.25f * x, 1.0f);
      return std::sin(twoPi * range);
    }
    default:
      return x;
  }
}

void Distortion::prepare(double sampleRate) noexcept {
  sampleRate_ = sampleRate;
  reset();
}

void Distortion::reset() noexcept {
  for (auto& s : filterState_) s.reset();
  held_[0] = held_[1] = 0.0f;
  holdCount_ = 0.0f;
}

void Distortion::configure(const DistortionSettings& s) noexcept {
  settings_ = s;
  drive_ = dbToGain(s.driveDb);
  output_ = dbToGain(s.outputDb);
  // Resonarium reads the drive knob's dB figure directly as the bitcrusher's number of levels
  // and as the downsampler's hold period in samples.
  const double levels = std::clamp(std::trunc(s.driveDb), 1.0, 32.0);
  quantum_ = static_cast<float>(2.0 / levels);
  holdPeriod_ = static_cast<float>(std::max(1.0, s.driveDb));
  filter_ = designSvfMorph(s.filterMorph, s.cutoffHz, s.q, sampleRate_, SvfMorphLaw::ResonantBand);
}

void Distortion::process(float* left, float* right, int frames) noexcept {
  const auto mix = static_cast<float>(settings_.mix);
  float* io[] = {left, right};
  for (int i = 0; i < frames; ++i) {
    // The downsampler takes a new value whenever the fractional period has passed; both
    // channels hold together.
    holdCount_ += 1.0f;
    const bool take = holdCount_ >= holdPeriod_;
    if (take) holdCount_ -= holdPeriod_;
    for (int c = 0; c < 2; ++c) {
      const float dry = io[c][i];
      float x = dry;
      if (settings_.filterPosition == 1) x = filterState_[c].tick(filter_, x);
      switch (settings_.type) {
        case 4:
          x = quantum_ * std::round(x / quantum_);
          break;
        case 5:
          if (take) held_[c] = x;
          x = held_[c];
          break;
        default:
          x = shape(settings_.type, x * drive_, settings_.resonariumFold);
          break;
      }
      x *= output_;
      if (settings_.filterPosition == 2) x = filterState_[c].tick(filter_, x);
      io[c][i] = (1.0f - mix) * dry + mix * x;
    }
  }
}

void AmpSimulator::prepare(double sampleRate) noexcept {
  sampleRate_ = sampleRate;
  reset();
}

void AmpSimulator::reset() noexcept {
  for (int c = 0; c < 2; ++c) low_[c] = high_[c] = limit_[c] = dc_[c] = 0.0f;
}

void AmpSimulator::configure(const AmpSettings& s) noexcept {
  settings_ = s;
  gain_ = dbToGain(30.0 * s.a);
  level_ = dbToGain(-24.0 + 30.0 * s.d);
  bass_ = dbToGain(24.0 * (s.b - 0.5));
  treble_ = dbToGain(24.0 * (s.c - 0.5));
  auto onePole = [&](double hz) { return onePoleCoefficient(hz, sampleRate_); };
  lowCoefficient_ = onePole(s.mode == 4 ? 120.0 : 250.0);
  highCoefficient_ = onePole(2500.0);
  bandLimit_ = onePole(s.mode == 5 ? 3200.0 : 9000.0);  // the speaker, narrow for the radio
}

void AmpSimulator::process(float* left, float* right, int frames) noexcept {
  float* io[] = {left, right};
  const int mode = settings_.mode;
  for (int i = 0; i < frames; ++i) {
    for (int c = 0; c < 2; ++c) {
      float x = io[c][i] * gain_;
      // Bass and treble shelves: split off the lows and highs with one-pole filters, rescale.
      low_[c] += lowCoefficient_ * (x - low_[c]);
      high_[c] += highCoefficient_ * (x - high_[c]);
      const float lows = low_[c], highs = x - high_[c];
      x = x + (bass_ - 1.0f) * lows + (treble_ - 1.0f) * highs;
      switch (mode) {
        case 1:  // warm: asymmetric, even harmonics like a single-ended tube
          x = std::tanh(x + 0.3f) - std::tanh(0.3f);
          break;
        case 2:  // crunch: harder knee
          x = x / (1.0f + std::abs(x));
          x = std::tanh(2.0f * x);
          break;
        case 3:  // fuzz: driven into a clipper
          x = std::clamp(3.0f * x, -1.0f, 1.0f);
          break;
        case 4:  // bass: gentle saturation, lows kept
          x = std::tanh(0.7f * x) / 0.7f;
          break;
        case 5:  // radio: saturated and band-limited
          x = std::tanh(1.5f * x);
          break;
        default:  // clean: only the soft ceiling of a real amp
          x = std::tanh(0.5f * x) * 2.0f;
          break;
      }
      limit_[c] += bandLimit_ * (x - limit_[c]);
      // Asymmetric shaping adds DC: a slow high-pass takes it out.
      dc_[c] += 0.0005f * (limit_[c] - dc_[c]);
      io[c][i] = (limit_[c] - dc_[c]) * level_;
    }
  }
}

}  // namespace tonewood::dsp
