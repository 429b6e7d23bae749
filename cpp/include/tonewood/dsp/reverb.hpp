#pragma once

#include <array>

#include "tonewood/dsp/delay_buffer.hpp"
#include "tonewood/dsp/effect_settings.hpp"
#include "tonewood/dsp/linear_ramp.hpp"

namespace tonewood::dsp {

/// Stereo reverb: predelay, early reflections, then an 8-line feedback delay network with a
/// Householder mixing matrix (J.-M. Jot, A. Chaigne, "Digital delay networks for designing
/// artificial reverberators", AES 1991). All controls are 0..1:
/// - decay: T60 = 0.2 * 100^decay seconds (0.2 s .. 20 s; 0.5 gives 2 s), set per line by the
///   gain 10^(-3 L / (T60 fs)) so every line decays at the same rate;
/// - size: scales the line lengths 0.5x .. 1.5x; density: diffusion of the input (four allpass
///   stages, gain 0.3 .. 0.75); bandwidth: input low-pass 1 .. 20 kHz; damping: in-loop
///   low-pass 20 .. 1 kHz (the T60 holds below it); predelay: 0 .. 250 ms;
///   earlyMix: early reflections against the tail; mix: dry/wet.
/// Audio thread unless stated.
class Reverb {
 public:
  static constexpr int kLines = 8;
  static constexpr int kChunk = 64;  ///< longest run of samples processed stage by stage
  void prepare(double sampleRate);   ///< control thread
  void reset() noexcept;
  void configure(const ReverbSettings& s) noexcept;
  void process(float* left, float* right, int frames) noexcept;
  /// The decay time a setting gives, in seconds.
  static double t60Seconds(double decay) noexcept;

 private:
  /// `n` samples; `whole` holds the steady line lengths, or is null while the size glides (then
  /// n is 1).
  void processRun(float* left, float* right, int n, const int* whole) noexcept;

  ReverbSettings settings_;
  double sampleRate_ = 44100.0;
  DelayBuffer predelay_;
  std::array<DelayBuffer, 4> diffusers_;
  std::array<DelayBuffer, kLines> lines_;
  std::array<LinearRamp, kLines> length_;
  std::array<float, kLines> gain_{}, damp_{};
  float dampCoefficient_ = 0.0f, bandwidthCoefficient_ = 0.0f, bandwidthState_ = 0.0f;
  float diffusion_ = 0.5f, predelaySamples_ = 1.0f;
  int predelayWhole_ = 1;
  std::array<int, 4> diffuserDelay_{};
  std::array<int, 6> earlyDelay_{};
  bool primed_ = false;
};

}  // namespace tonewood::dsp
