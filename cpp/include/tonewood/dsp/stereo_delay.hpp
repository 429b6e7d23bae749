#pragma once

#include "tonewood/dsp/delay_buffer.hpp"
#include "tonewood/dsp/effect_settings.hpp"
#include "tonewood/dsp/linear_ramp.hpp"

namespace tonewood::dsp {

/// Stereo feedback delay. Each side has its time (up to kMaxSeconds); ping-pong crosses the
/// feedback so echoes alternate sides. Delay times glide (over 50 ms) rather than jump, which
/// avoids clicks when they change. Audio thread unless stated.
class StereoDelay {
 public:
  static constexpr double kMaxSeconds = 4.0;
  /// Room for delays up to `maxSeconds` (at most kMaxSeconds). Control thread.
  void prepare(double sampleRate, double maxSeconds = kMaxSeconds);
  void reset() noexcept;
  void configure(const DelaySettings& s) noexcept;
  void process(float* left, float* right, int frames) noexcept;

 private:
  DelaySettings settings_;
  DelayBuffer lines_[2];
  LinearRamp time_[2];
  double sampleRate_ = 44100.0, maxSeconds_ = kMaxSeconds;
  bool primed_ = false;
};

/// Feed-forward compressor with a hard knee: above `thresholdDb` the level rises 1/ratio dB per
/// dB. A stereo-linked peak detector in dB with separate attack and release time constants sets
/// the gain. Audio thread unless stated.
class Compressor {
 public:
  void prepare(double sampleRate) noexcept;
  void reset() noexcept { envelopeDb_ = -120.0f; }
  void configure(const CompressorSettings& s) noexcept;
  void process(float* left, float* right, int frames) noexcept;
  /// The static curve: gain in dB for a steady input level in dB. Any thread.
  static double staticGainDb(double inputDb, double thresholdDb, double ratio) noexcept;

 private:
  CompressorSettings settings_;
  double sampleRate_ = 44100.0;
  float attack_ = 0.0f, release_ = 0.0f, envelopeDb_ = -120.0f;
};

}  // namespace tonewood::dsp
