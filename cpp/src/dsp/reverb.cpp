#include "tonewood/dsp/reverb.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "tonewood/dsp/one_pole.hpp"

namespace tonewood::dsp {

namespace {
// Mutually prime line lengths in milliseconds (at size 0.5).
constexpr double kLineMs[Reverb::kLines] = {29.7, 37.1, 41.1, 43.7, 53.1, 59.3, 67.1, 79.3};
constexpr double kDiffuserMs[4] = {4.77, 3.59, 2.73, 1.91};
// Early reflections: (time in ms, gain), alternating sides.
constexpr double kEarly[6][2] = {{7.1, 0.8},  {11.3, 0.7}, {17.9, 0.6},
                                 {23.3, 0.5}, {31.7, 0.4}, {41.9, 0.3}};

}  // namespace

double Reverb::t60Seconds(double decay) noexcept {
  return 0.2 * std::pow(100.0, std::clamp(decay, 0.0, 1.0));
}

void Reverb::prepare(double sampleRate) {
  sampleRate_ = sampleRate;
  predelay_.prepare(static_cast<int>(0.3 * sampleRate));
  for (int i = 0; i < 4; ++i)
    diffusers_[i].prepare(static_cast<int>(kDiffuserMs[i] * 1e-3 * sampleRate) + 2);
  for (int i = 0; i < kLines; ++i)
    lines_[i].prepare(static_cast<int>(1.6 * kLineMs[i] * 1e-3 * sampleRate));
  reset();
}

void Reverb::reset() noexcept {
  predelay_.reset();
  for (auto& d : diffusers_) d.reset();
  for (auto& l : lines_) l.reset();
  damp_.fill(0.0f);
  bandwidthState_ = 0.0f;
  primed_ = false;
}

void Reverb::configure(const ReverbSettings& s) noexcept {
  settings_ = s;
  const double t60 = t60Seconds(s.decay);
  const double scale = 0.5 + std::clamp(s.size, 0.0, 1.0);
  for (int i = 0; i < kLines; ++i) {
    const double samples = kLineMs[i] * 1e-3 * sampleRate_ * scale;
    if (primed_)
      length_[i].setTarget(static_cast<float>(samples), static_cast<int>(0.05 * sampleRate_));
    else
      length_[i].jumpTo(static_cast<float>(samples));
    gain_[i] = static_cast<float>(std::pow(10.0, -3.0 * samples / (t60 * sampleRate_)));
  }
  primed_ = true;
  dampCoefficient_ =
      onePoleCoefficient(20000.0 * std::pow(0.05, std::clamp(s.damping, 0.0, 1.0)), sampleRate_);
  bandwidthCoefficient_ =
      onePoleCoefficient(1000.0 * std::pow(20.0, std::clamp(s.bandwidth, 0.0, 1.0)), sampleRate_);
  diffusion_ = static_cast<float>(0.3 + 0.45 * std::clamp(s.density, 0.0, 1.0));
  predelaySamples_ = static_cast<float>(std::max(1.0, 0.25 * s.predelay * sampleRate_));
  // Fixed taps need no interpolation: round them once here.
  predelayWhole_ = static_cast<int>(std::lround(predelaySamples_));
  for (int d = 0; d < 4; ++d)
    diffuserDelay_[d] = static_cast<int>(std::lround(kDiffuserMs[d] * 1e-3 * sampleRate_));
  for (int k = 0; k < 6; ++k)
    earlyDelay_[k] =
        predelayWhole_ + static_cast<int>(std::lround(kEarly[k][0] * 1e-3 * sampleRate_));
}

void Reverb::process(float* left, float* right, int frames) noexcept {
  for (int start = 0; start < frames;) {
    bool gliding = false;
    int whole[kLines];
    int shortest = kChunk;
    for (int l = 0; l < kLines; ++l) {
      gliding = gliding || length_[l].isRamping();
      whole[l] = static_cast<int>(length_[l].value() + 0.5f);
      shortest = std::min(shortest, whole[l]);
    }
    // Steady lines are read in runs no longer than the shortest line, so no read sees a write of
    // the same run; a gliding size goes sample by sample.
    const int n = gliding ? 1 : std::max(1, std::min(frames - start, shortest));
    processRun(left + start, right + start, n, gliding ? nullptr : whole);
    start += n;
  }
}

void Reverb::processRun(float* left, float* right, int n, const int* whole) noexcept {
  const auto mix = static_cast<float>(settings_.mix);
  const auto early = static_cast<float>(settings_.earlyMix);
  alignas(16) float x[kChunk], earlyL[kChunk], earlyR[kChunk];
  for (int i = 0; i < n; ++i) {
    const float in = 0.5f * (left[i] + right[i]);
    predelay_.push(in);
    const float delayed = predelay_.readWhole(predelayWhole_);
    // Early reflections: taps behind the predelay, alternating sides.
    earlyL[i] = earlyR[i] = 0.0f;
    for (int k = 0; k < 6; ++k) {
      const float tap = static_cast<float>(kEarly[k][1]) * predelay_.readWhole(earlyDelay_[k]);
      (k % 2 == 0 ? earlyL[i] : earlyR[i]) += tap;
    }
    // Band-limit and diffuse the input.
    bandwidthState_ += bandwidthCoefficient_ * (delayed - bandwidthState_);
    float v = bandwidthState_;
    for (int d = 0; d < 4; ++d) {
      const float delayedDiffuser = diffusers_[d].readWhole(diffuserDelay_[d]);
      const float w = v + diffusion_ * delayedDiffuser;
      diffusers_[d].push(w);
      v = delayedDiffuser - diffusion_ * w;
    }
    x[i] = v;
  }
  // The network: read, damp, mix by a Householder reflection, feed back with the input.
  alignas(16) float y[kChunk][kLines];
  for (int l = 0; l < kLines; ++l) {
    if (whole)
      lines_[l].readRun(whole[l], n, &y[0][l], kLines);
    else  // interpolate only while a size change glides the length
      y[0][l] = length_[l].isRamping()
                    ? lines_[l].read(length_[l].next())
                    : lines_[l].readWhole(static_cast<int>(length_[l].value() + 0.5f));
  }
  alignas(16) float fed[kChunk][kLines];
  for (int i = 0; i < n; ++i) {
    float out[kLines];
    float sum = 0.0f;
    for (int l = 0; l < kLines; ++l) {
      damp_[l] += dampCoefficient_ * (y[i][l] - damp_[l]);
      out[l] = damp_[l] * gain_[l];
      sum += out[l];
    }
    const float reflection = 2.0f / kLines * sum;
    float tailL = 0.0f, tailR = 0.0f;
    for (int l = 0; l < kLines; ++l) {
      fed[i][l] = out[l] - reflection + ((l & 1) ? -x[i] : x[i]);
      (l % 2 == 0 ? tailL : tailR) += out[l];
    }
    const float wetL = early * earlyL[i] + (1.0f - early) * 0.5f * tailL;
    const float wetR = early * earlyR[i] + (1.0f - early) * 0.5f * tailR;
    left[i] = (1.0f - mix) * left[i] + mix * wetL;
    right[i] = (1.0f - mix) * right[i] + mix * wetR;
  }
  for (int l = 0; l < kLines; ++l) lines_[l].pushRun(&fed[0][l], n, kLines);
}

}  // namespace tonewood::dsp
