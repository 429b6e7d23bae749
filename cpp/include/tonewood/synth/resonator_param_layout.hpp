#pragma once

#include <cstddef>
#include <vector>

#include "tonewood/core/param_info.hpp"
#include "tonewood/core/param_registry.hpp"

/// The resonator synth's parameters: every ID, range, skew, step and default of the original
/// Resonarium (915 parameters, 776 automatable), in its order, plus index tables the audio code
/// uses to read values without string lookups.
namespace tonewood::synth {

inline constexpr int kNumBanks = 4;
inline constexpr int kResonatorsPerBank = 8;

/// All parameter descriptions, in Resonarium's order. Built once; any thread.
const std::vector<ParamInfo>& resonatorParamInfos();

/// Indices (into the registry) of one resonator's parameters.
struct ResonatorParamIndices {
  std::size_t enabled, pitch, frequency, keytrack, decayTime, dispersion, loopCutoff, loopPitch,
      loopResonance, loopKeytrack, svfMode, svfType, postCutoff, postPitch, postResonance, postMode,
      postKeytrack, gain;
};

/// Indices of one bank's parameters.
struct BankParamIndices {
  std::size_t noteOffset, useSemitones, couplingMode, inputGain, inputMix, outputGain,
      cascadeAmount, cascadeCutoff, cascadeResonance, cascadeMode;
  ResonatorParamIndices resonators[kResonatorsPerBank];
};

/// Indices of an exciter's filter and envelope.
struct ExciterFilterIndices {
  std::size_t type, frequency, resonance;
};
struct AdsrIndices {
  std::size_t enabled, attack, decay, sustain, release;
};

/// Indices of one LFO's, random source's or MSEG's parameters (`lfo0rate`, `rnd2chaos`, ...).
struct LfoParamIndices {
  std::size_t enable, sync, retrig, wave, rate, beat, depth, phase, offset, fade, delay, stereo;
};
struct RandomParamIndices {
  std::size_t enable, mode, sync, rate, beat, depth, offset, smooth, jitter, chaos, stereo;
};
struct MsegParamIndices {
  std::size_t enable, sync, rate, beat, depth, offset, fade, phase, xgrid, ygrid, loop;
};

/// Indices of the effects' parameters.
struct EffectParamIndices {
  struct Filter {
    std::size_t enable, cutoff, mode, resonance;
  } filter1, filter2;
  std::size_t chorusEnable, chorusSync, chorusBeat, chorusRate, chorusDepth, chorusDelay,
      chorusFeedback, chorusMix;
  std::size_t phaserEnable, phaserSync, phaserBeat, phaserRate, phaserDepth, phaserCentre,
      phaserFeedback, phaserMix;
  std::size_t distEnable, distType, distDrive, distOutput, distMix, distFilterPosition, distCutoff,
      distResonance, distFilterMode;
  std::size_t ampEnable, ampMode, ampA, ampB, ampC, ampD;
  std::size_t delayEnable, delayTimeL, delayTimeR, delayBeatL, delayBeatR, delayPingPong,
      delaySyncL, delaySyncR, delayFeedback, delayLock, delayMix;
  std::size_t compEnable, compThreshold, compRatio, compAttack, compRelease;
  std::size_t reverbEnable, reverbDamping, reverbDensity, reverbBandwidth, reverbDecay,
      reverbPredelay, reverbSize, reverbEarly, reverbMix;
  std::size_t polyEffectChain;
};

/// Every index the synth reads on the control grid.
struct SynthParamIndices {
  BankParamIndices banks[kNumBanks];
  struct {
    ExciterFilterIndices filter;
    std::size_t enabled, thickness, pickPosition, level;
  } impulse;
  struct {
    ExciterFilterIndices filter;
    AdsrIndices envelope;
    std::size_t enabled, type, density, level;
  } noise;
  struct {
    ExciterFilterIndices filter;
    AdsrIndices envelope;
    std::size_t enabled, mode, rate, sync, impulseLength, staticDensity, level;
  } sequence;
  struct {
    ExciterFilterIndices filter;
    AdsrIndices envelope;
    std::size_t enabled, gain, mix, constantNote, constantNoteFrequency;
  } externalInput;
  struct {
    ExciterFilterIndices filter;
    AdsrIndices envelope;
    std::size_t enabled, gain, mix, loop, start, end;
  } sample;
  std::size_t masterGain, numVoices, stereoResonators;
  LfoParamIndices lfos[4];
  RandomParamIndices randoms[4];
  MsegParamIndices msegs[4];
  AdsrIndices envelopes[4];
  std::size_t macros[6];
  EffectParamIndices effects;

  /// Looks every index up in `registry` (which must hold resonatorParamInfos()).
  static SynthParamIndices lookUp(const ParamRegistry& registry);
};

}  // namespace tonewood::synth
