#include "tonewood/dsp/stereo_delay.hpp"

#include <algorithm>
#include <cmath>

namespace tonewood::dsp {

void StereoDelay::prepare(double sampleRate, double maxSeconds) {
  sampleRate_ = sampleRate;
  maxSeconds_ = std::clamp(maxSeconds, 0.01, kMaxSeconds);
  for (auto& line : lines_) line.prepare(static_cast<int>(maxSeconds_ * sampleRate) + 8);
  reset();
}

void StereoDelay::reset() noexcept {
  for (auto& line : lines_) line.reset();
  primed_ = false;
}

void StereoDelay::configure(const DelaySettings& s) noexcept {
  settings_ = s;
  const double times[] = {s.timeLeftS, s.timeRightS};
  const int glide = static_cast<int>(0.05 * sampleRate_);
  for (int c = 0; c < 2; ++c) {
    const auto samples = static_cast<float>(std::clamp(times[c], 0.001, maxSeconds_) * sampleRate_);
    if (primed_)
      time_[c].setTarget(samples, glide);
    else
      time_[c].jumpTo(samples);
  }
  primed_ = true;
}

void StereoDelay::process(float* left, float* right, int frames) noexcept {
  const auto mix = static_cast<float>(settings_.mix);
  const auto feedback = static_cast<float>(std::clamp(settings_.feedback, 0.0, 0.99));
  for (int i = 0; i < frames; ++i) {
    const float wetL = lines_[0].read(time_[0].next());
    const float wetR = lines_[1].read(time_[1].next());
    const float inL = left[i], inR = right[i];
    if (settings_.pingPong) {
      // The mono sum enters on the left; each side feeds the other, so echoes alternate.
      lines_[0].push(0.5f * (inL + inR) + feedback * wetR);
      lines_[1].push(feedback * wetL);
    } else {
      lines_[0].push(inL + feedback * wetL);
      lines_[1].push(inR + feedback * wetR);
    }
    left[i] = (1.0f - mix) * inL + mix * wetL;
    right[i] = (1.0f - mix) * inR + mix * wetR;
  }
}

void Compressor::prepare(double sampleRate) noexcept {
  sampleRate_ = sampleRate;
  reset();
}

void Compressor::configure(const CompressorSettings& s) noexcept {
  settings_ = s;
  // One-pole smoothing coefficients for the given time constants.
  attack_ = static_cast<float>(std::exp(-1.0 / (std::max(s.attackMs, 0.01) * 1e-3 * sampleRate_)));
  release_ =
      static_cast<float>(std::exp(-1.0 / (std::max(s.releaseMs, 0.01) * 1e-3 * sampleRate_)));
}

double Compressor::staticGainDb(double inputDb, double thresholdDb, double ratio) noexcept {
  if (inputDb <= thresholdDb || ratio <= 1.0) return 0.0;
  return (thresholdDb + (inputDb - thresholdDb) / ratio) - inputDb;
}

void Compressor::process(float* left, float* right, int frames) noexcept {
  const auto threshold = static_cast<float>(settings_.thresholdDb);
  const auto ratio = static_cast<float>(settings_.ratio);
  for (int i = 0; i < frames; ++i) {
    const float peak = std::max(std::abs(left[i]), std::abs(right[i]));
    const float levelDb = 20.0f * std::log10(std::max(peak, 1e-6f));
    const float coefficient = levelDb > envelopeDb_ ? attack_ : release_;
    envelopeDb_ = levelDb + coefficient * (envelopeDb_ - levelDb);
    const float over = envelopeDb_ - threshold;
    const float gainDb = over > 0.0f && ratio > 1.0f ? over * (1.0f / ratio - 1.0f) : 0.0f;
    const float gain = std::exp2(gainDb * 0.16609640474f);  // 10^(dB/20)
    left[i] *= gain;
    right[i] *= gain;
  }
}

}  // namespace tonewood::dsp
