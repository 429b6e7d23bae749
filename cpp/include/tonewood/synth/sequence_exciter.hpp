#pragma once

#include "tonewood/dsp/white_noise.hpp"
#include "tonewood/synth/exciter_parts.hpp"

namespace tonewood::synth {

/// The sequence exciter (`impTrainExciter0*`): a repeating excitation with period
/// round(sampleRate / rate) samples, starting on the note-on sample:
/// - mode 0, impulses: `impulseLength` samples of -level / impulseLength at the start of each
///   period (a bowed or scraped feel at audio rates, a repeated strike at slow ones);
/// - mode 1, static: at the start of each period, with probability staticDensity / 2, one sample of
///   uniform noise at `level` (crackle);
/// - mode 2, triangle: a linear ramp over each period from the current value to a random target in
///   [-level, level].
/// Shaped by its envelope (or gated by the key), then its filter. The random choices restart from
/// the same seed at every note. With `impTrainExciter0sync` on, the rate snaps to the nearest
/// note value (1/64 ... 2/1, triplets included) at the synth's tempo and follows tempo changes.
/// Audio thread.
class SequenceExciter {
 public:
  enum Mode { kImpulses = 0, kStatic = 1, kTriangle = 2 };
  static constexpr std::uint32_t kSeed = 0x2F6B1C3Du;

  void trigger(const SynthSnapshot& s, double sampleRate, float gain) noexcept;
  void configure(const SynthSnapshot& s, double sampleRate) noexcept;
  /// The synth's tempo, for the synced rate; called on every control tick (cheap when unchanged).
  void setTempo(double bpm) noexcept;
  void release() noexcept { envelope_.release(); }
  void stop() noexcept { envelope_.stop(); }
  bool isActive() const noexcept { return envelope_.isActive(); }
  void render(float* const* out, int numChannels, int frames) noexcept;

 private:
  float nextValue() noexcept;
  void updatePeriod() noexcept;

  ExciterFilter filter_;
  ExciterEnvelope envelope_;
  dsp::WhiteNoise random_;
  int mode_ = kImpulses;
  int period_ = 44100;
  double sampleRate_ = 44100.0;
  double rateHz_ = 1.0;
  double tempoBpm_ = 120.0;
  bool sync_ = false;
  int phase_ = 0;
  int impulseLength_ = 1;
  float density_ = 0.0f;
  float level_ = 1.0f, velocityGain_ = 1.0f;
  float ramp_ = 0.0f, rampStep_ = 0.0f;  ///< triangle mode
};

}  // namespace tonewood::synth
