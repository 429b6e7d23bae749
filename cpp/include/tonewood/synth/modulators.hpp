#pragma once

#include <cstdint>

#include "tonewood/dsp/adsr.hpp"
#include "tonewood/dsp/note_values.hpp"
#include "tonewood/dsp/white_noise.hpp"
#include "tonewood/synth/modulation_routing.hpp"
#include "tonewood/synth/resonator_param_layout.hpp"

/// The time-varying modulation sources: LFO, random walk, MSEG and envelope. Each advances by
/// one control interval at a time and reads its settings from the parameter values (natural
/// units, indexed like the registry). Audio thread throughout.
namespace tonewood::synth {

/// What a control tick needs to know about time.
struct ModClock {
  double stepS = 32.0 / 44100.0;  ///< seconds per control tick
  double tempoBpm = 120.0;
  double sampleRate = 44100.0;
};

// Tempo-synced note values live in the dsp layer; the modulators count in them too.
using dsp::kSyncedNoteValues;
using dsp::nearestSyncedRateHz;
using dsp::sourceRateHz;
using dsp::syncedBeats;

/// The level multiplier of delay and fade: 0 before `delayS`; then over |fadeS| a linear rise
/// (fade > 0) or fall (fade < 0) to the steady level.
float delayFadeGain(double elapsedS, double delayS, double fadeS) noexcept;

/// An LFO: one of 17 shapes at a rate or a tempo division, with phase offset, level offset,
/// depth, delay and fade. Output in -1..1. The right channel's value (`right`) runs `stereo`
/// half-cycles ahead (stereo 1: in antiphase), as the phase offset is counted.
class LfoModulator {
 public:
  void restart() noexcept;
  /// The left (and mono) value; the right one is then `right()`.
  float advance(const float* values, const LfoParamIndices& ids, const ModClock& clock) noexcept;
  float right() const noexcept { return right_; }

 private:
  static constexpr int kRandomPoints = 1000;
  double phase_ = 0.0, elapsedS_ = 0.0;
  int cycle_ = 0;  ///< whole cycles since the restart, modulo the random table's size
  float right_ = 0.0f;
};

/// A random walk: a new target every 1/rate seconds (jitter varies the interval), `chaos` sets
/// how far a target may move from the last one, `smooth` the share of each interval spent
/// gliding to it (0: steps). Output in -1..1. A second walk with its own targets (same timing)
/// runs beside it; the right channel's value blends from the first walk (stereo 0) to the
/// second (stereo 1).
class RandomModulator {
 public:
  void restart(std::uint32_t seed) noexcept;
  /// The left (and mono) value; the right one is then `right()`.
  float advance(const float* values, const RandomParamIndices& ids, const ModClock& clock) noexcept;
  float right() const noexcept { return right_; }

 private:
  struct Walk {
    dsp::WhiteNoise random;
    float from = 0.0f, to = 0.0f;
    void restart(std::uint32_t seed) noexcept;
    void step(float chaos) noexcept;
    float at(float glide) const noexcept { return from + glide * (to - from); }
  };
  Walk left_, other_;
  float right_ = 0.0f;
  double position_ = 1.0, intervalS_ = 1.0;
};

/// A multi-segment envelope played at `rate` cycles per second (or a tempo division), looping
/// between its loop points when `loop` is on, holding its last value when not. Segment curves:
/// tension k = c - 5.5 (Resonarium stores 5.5 for straight segments), shape
/// (e^(k x) - 1) / (e^k - 1). Output 0..1 before depth and offset.
class MsegModulator {
 public:
  void restart() noexcept;
  float advance(const float* values, const MsegParamIndices& ids, const MsegShape& shape,
                const ModClock& clock, bool bipolar) noexcept;
  /// The shape's value at position `t` (0..1). Any thread.
  static float shapeAt(const MsegShape& shape, double t) noexcept;

 private:
  double position_ = 0.0, elapsedS_ = 0.0;
};

/// An ADSR (the `Env 1..4` parameters) as a modulation source, 0..1. It always runs: the
/// `enabled` field of these parameter sets has no meaning for a modulation envelope.
class EnvelopeModulator {
 public:
  void start(const float* values, const AdsrIndices& ids, double sampleRate) noexcept;
  void release() noexcept { adsr_.noteOff(); }
  float advance(const float* values, const AdsrIndices& ids, const ModClock& clock,
                int samples) noexcept;

 private:
  dsp::Adsr adsr_;
};

}  // namespace tonewood::synth
