#pragma once

#include <cstdint>

#include "tonewood/core/param_registry.hpp"
#include "tonewood/dsp/effect_settings.hpp"
#include "tonewood/synth/loop_tuning.hpp"
#include "tonewood/synth/resonator_param_layout.hpp"

/// The parameter values the audio thread works from, in the units the DSP wants. Refreshed from
/// the registry on the control grid, only when a parameter changed, so voices read plain numbers.
namespace tonewood::synth {

/// A gain set in dB, converted only when the dB value changes (snapshots are rebuilt every
/// control tick while modulation runs, and most gains stay put).
struct DecibelGain {
  float decibels = 0.0f;
  double linear = 1.0;
  double from(float dB) noexcept;
};

/// Parameter values in natural units, indexed like the registry.
struct ParamValues {
  const float* values;
  float value(std::size_t index) const noexcept { return values[index]; }
};

struct ResonatorSnapshot {
  bool enabled = false;
  bool keytracked = true;
  double pitch = 1.0;         ///< multiplier on the note frequency
  double frequencyHz = 1000;  ///< used when not keytracked
  double decayTimeS = 3.0;
  double dispersion = 0.0;  ///< 0..1
  LoopFilterType loopType = LoopFilterType::Lowpass;
  bool loopKeytracked = false;
  double loopCutoffHz = 3000.0, loopPitchSt = 0.0, loopQ = 0.7071;
  bool postKeytracked = false;
  double postCutoffHz = 9000.0, postPitchSt = 0.0, postQ = 0.7071, postMorph = 0.0;
  double gain = 1.0;  ///< linear
  DecibelGain gainCache;

  /// Takes this resonator's values from `p`.
  void read(ParamValues p, const ResonatorParamIndices& ids) noexcept;
  /// The settings for a voice whose (bank-offset) note frequency is `noteHz`, built as
  /// Resonarium builds them when `compatibility` is on (ResonatorSettings). A keytracked post
  /// filter follows the note, not the resonator's own pitch, as in the original.
  ResonatorSettings settingsFor(double noteHz, bool compatibility) const noexcept;
};

/// How the resonators of a bank interact (`couplingMode`).
enum class Coupling { Parallel = 0, Interlinked = 1, Cascade = 2 };

struct BankSnapshot {
  ResonatorSnapshot resonators[kResonatorsPerBank];
  int enabledCount = 0;
  Coupling coupling = Coupling::Parallel;
  double noteOffsetSt = 0.0;
  double inputGain = 1.0, inputMix = 0.0;
  /// Gain applied to the summed resonator outputs: outputGain / sum of enabled gains in parallel
  /// coupling (a normalised mix), outputGain alone in the coupled modes (as the original does).
  double outputScale = 1.0;
  double cascadeAmount = 0.0;
  double cascadeCutoffHz = 3000.0, cascadeQ = 0.7071, cascadeMorph = 0.0;
  /// The original's cascade filter is chowdsp's multi-mode SVF without unity gain (its band-pass
  /// peaks at Q); ours keeps the link's gain at 1 at the cutoff.
  dsp::SvfMorphLaw cascadeLaw = dsp::SvfMorphLaw::UnityBand;
  DecibelGain inputGainCache, outputGainCache;
};

struct ExciterFilterSnapshot {
  int type = 0;  ///< 0 none, 1 LP, 2 HP, 3 BP, 4 notch, 5 allpass
  double frequencyHz = 1000.0, q = 0.7071;
};

struct AdsrSnapshot {
  bool enabled = false;
  double attackS = 0.0, decayS = 0.1, sustain = 0.8, releaseS = 0.1;
};

/// The effects chain's settings from parameter values (modulated or not). Audio thread.
void readEffects(ParamValues p, const EffectParamIndices& e, bool compatibility,
                 dsp::EffectsSettings& out);

struct SynthSnapshot {
  BankSnapshot banks[kNumBanks];
  struct {
    bool enabled = false;
    int thickness = 1;
    double level = 1.0;
    double pickPosition = 0.5;
    ExciterFilterSnapshot filter;
  } impulse;
  struct {
    bool enabled = false;
    int mode = 0;
    double rateHz = 1.0;
    bool sync = false;  ///< rate snaps to the nearest note value at the synth's tempo
    int impulseLength = 1;
    double staticDensity = 0.0;
    double level = 1.0;
    ExciterFilterSnapshot filter;
    AdsrSnapshot envelope;
  } sequence;
  struct {
    bool enabled = false;
    double level = 1.0;
    ExciterFilterSnapshot filter;
    AdsrSnapshot envelope;
  } noise;
  struct {
    bool enabled = false;
    double gain = 1.0;  ///< linear
    double mix = 1.0;   ///< 0 all dry .. 1 all into the banks
    bool constantNote = false;
    double constantNoteHz = 440.0;
    ExciterFilterSnapshot filter;
    AdsrSnapshot envelope;
    DecibelGain gainCache;
  } externalInput;
  struct {
    bool enabled = false, loop = false;
    double gain = 1.0, mix = 1.0, startPercent = 0.0, endPercent = 100.0;
    ExciterFilterSnapshot filter;
    AdsrSnapshot envelope;
  } sample;
  dsp::EffectsSettings effects;
  bool polyEffectChain = false;  ///< a chain per voice (its settings follow the voice's modulation)
  double masterGain = 1.0;       ///< linear
  DecibelGain masterGainCache;
  int numVoices = 16;
  bool stereoResonators = false;  ///< two loops per resonator, decorrelated noise per channel
  /// Resonarium-compatibility mode: reproduce the original's quirks that presets are voiced for
  /// (an empty bank passes the previous bank's output on, and it is summed again).
  bool resonariumCompatibility = false;
  /// How much velocity scales the exciters: level * velocity^(2 * sensitivity), 0..1 (1: a
  /// 40 dB range). Ignored in compatibility mode, where velocity only reaches the `vel`
  /// modulation source, as in the original.
  double velocitySensitivity = 1.0;
  std::uint64_t version = 0;  ///< changes whenever any value above changed

  /// Derives everything from parameter values (the registry's, or a voice's modulated ones).
  /// Real-time safe (no allocation, no locks).
  void update(ParamValues params, const SynthParamIndices& ids, bool compatibility,
              double velocitySensitivity) noexcept;
};

}  // namespace tonewood::synth
