#pragma once

#include <array>
#include <cstdint>

#include "tonewood/dsp/effect_settings.hpp"

/// The amps Resonarium's amp modes run, from Airwindows (Chris Johnson, MIT licence), rebuilt
/// here from their description: "Lead" (LeadAmp, mode 0) and "Big" (BigAmp, mode 3). Knobs are
/// the originals' 0..1 values.
/// - Lead: a = gain (also the bass fill), b = tone, c = output, d = mix. Eleven gain stages,
///   each a level step (the level easing toward 1 stage by stage), a one-pole bass cut that
///   deepens stage by stage, a sine clip at pi/2 and a two-sample sum.
/// - Big: a = bass fill (input gain 3a), b = bass trim (also the filters' rate), c = output,
///   d = mix. A slew "skew" term from the input's slope, then three double-sine overdrive stages
///   and an output stage whose one-pole filters move faster as the signal grows.
/// Both then share the rest: six fixed ultrasonic low-passes (biquads at 15 + 10 b kHz) between
/// the stages, a 4x12 speaker model (a comb over alternate samples with three taps a diagonal
/// apart, bleed and sub fill), a sine output clip, a randomised one-sample smear, and a
/// cabinet FIR (85 taps for Lead, 81 for Big) whose taps grow with the signal's level (each
/// weighted by k1 + k2 |x|). Above 88.2 kHz the cabinet runs every second, third or fourth
/// sample and is interpolated, as in the originals. Audio thread unless stated.
namespace tonewood::dsp {

class AirwindowsAmp {
 public:
  void prepare(double sampleRate) noexcept;  ///< any thread; clears the state
  void reset() noexcept;
  /// Mode 0 is Lead, mode 3 Big (the only modes this class runs).
  void configure(const AmpSettings& s) noexcept;
  void process(float* left, float* right, int frames) noexcept;

  /// Up to this many amps run side by side in processTogether.
  static constexpr int kMaxTogether = 4;
  /// Runs `count` amps (1..kMaxTogether, all prepared at one rate and configured for the same
  /// mode), amp k on `left[k]`, `right[k]`, several at a time in vector lanes: each output is
  /// bit for bit what the amp's own process() gives. For the per-voice chains of a chord.
  static void processTogether(AirwindowsAmp* const* amps, int count, float* const* left,
                              float* const* right, int frames) noexcept;
  bool runsLead() const noexcept { return model_ == Model::Lead; }

  static constexpr int kLeadStages = 11, kBiquads = 6, kMaxCabTaps = 85;

 private:
  enum class Model { Lead, Big };
  struct Biquad {
    double a0 = 0, a1 = 0, a2 = 0, b1 = 0, b2 = 0;
    double s1[2] = {}, s2[2] = {};
  };
  struct Channel {
    std::array<double, kLeadStages> iir{}, smooth{};  ///< Big uses iir[0..6] only
    double last = 0;                                  ///< Big: the previous sample, for skew
    double lowpass = 0, speakerA = 0, speakerB = 0, sub = 0, store = 0;
    std::array<double, 257> odd{}, even{};
    std::array<double, 2 * (kMaxCabTaps + 1)> cab{};  ///< the cabinet's history, twice over
    std::size_t cabAt = 0;                            ///< where the newest sample is
    double smoothCabA = 0, smoothCabB = 0, lastCab = 0;
    std::array<double, 9> lastRef{};
    std::uint32_t noise = 0;  ///< xorshift32 state, the original's per-channel dither source
  };

  double sampleRate_ = 44100.0;
  AmpSettings settings_;
  Model model_ = Model::Lead;
  std::array<Biquad, kBiquads> fix_{};
  std::array<Channel, 2> ch_{};
  int count_ = 0, cycle_ = 0, cycleEnd_ = 1, down_ = 0, side_ = 0, diagonal_ = 0;
  bool flip_ = false;
  // Derived from the knobs.
  double startLevel_ = 0, eq_ = 0, bassFactor_ = 0, toneEq_ = 0, output_ = 0, wet_ = 1, bleed_ = 0,
         speakerEq_ = 0, bassFill_ = 0, bassTrim_ = 0, inputLevel_ = 0;
};

}  // namespace tonewood::dsp
