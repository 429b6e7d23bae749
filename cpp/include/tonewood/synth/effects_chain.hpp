#pragma once

#include "tonewood/dsp/airwindows_amp.hpp"
#include "tonewood/dsp/chorus.hpp"
#include "tonewood/dsp/distortion.hpp"
#include "tonewood/dsp/effect_settings.hpp"
#include "tonewood/dsp/phaser.hpp"
#include "tonewood/dsp/plate_reverb.hpp"
#include "tonewood/dsp/stereo_delay.hpp"
#include "tonewood/dsp/stereo_filter.hpp"

/// The synth's effects, in their fixed order: Filter 1 -> chorus -> phaser -> distortion -> amp
/// -> delay -> compressor -> reverb -> Filter 2. Disabled effects are skipped (and cost nothing).
/// Audio thread unless stated.
namespace tonewood::synth {

class EffectsChain {
 public:
  /// Allocates the delay lines for this sample rate, the delay effect for up to
  /// `maxDelaySeconds`. Control thread.
  void prepare(double sampleRate, double maxDelaySeconds = dsp::StereoDelay::kMaxSeconds);
  void reset() noexcept;
  /// Takes new settings (tempo-synced times are resolved with `tempoBpm`); unchanged settings
  /// cost only a comparison, so callers hand them over every control tick. Effects that were
  /// off and turn on start from silence.
  void configure(const dsp::EffectsSettings& settings, double tempoBpm) noexcept;
  bool active() const noexcept { return settings_.any(); }
  /// Runs the enabled effects in place. A block that comes out with NaN or infinity in it (a bad
  /// input sample) is silenced and every effect reset, so one bad sample costs only its block.
  void process(float* left, float* right, int frames) noexcept;

  /// process() in two halves around the amp, so a synth can run several voices' Airwindows amps
  /// side by side (AirwindowsAmp::processTogether) between them: `processUntilAmp` returns the
  /// Airwindows amp the caller must run on these samples (nullptr when there is none: the amp,
  /// if any, has run); then `processAfterAmp` finishes the chain.
  dsp::AirwindowsAmp* processUntilAmp(float* left, float* right, int frames) noexcept;
  void processAfterAmp(float* left, float* right, int frames) noexcept;

 private:
  dsp::EffectsSettings settings_;
  double tempoBpm_ = 0.0;
  bool configured_ = false;
  dsp::StereoFilter filter1_, filter2_;
  dsp::Chorus chorus_;
  dsp::Phaser phaser_;
  dsp::Distortion distortion_;
  dsp::AmpSimulator amp_;
  dsp::AirwindowsAmp airwindowsAmp_;  ///< amp modes 0 (Lead) and 3 (Big), as Resonarium
  dsp::StereoDelay delay_;
  dsp::Compressor compressor_;
  dsp::PlateReverb reverb_;
};

}  // namespace tonewood::synth
