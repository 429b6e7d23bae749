#include "tonewood/synth/synth_snapshot.hpp"

#include <algorithm>
#include <cmath>

namespace tonewood::synth {

namespace {

ExciterFilterSnapshot readFilter(ParamValues p, const ExciterFilterIndices& ids) {
  return {static_cast<int>(std::lround(p.value(ids.type))), p.value(ids.frequency),
          p.value(ids.resonance)};
}

AdsrSnapshot readAdsr(ParamValues p, const AdsrIndices& ids) {
  return {p.value(ids.enabled) >= 0.5f, p.value(ids.attack), p.value(ids.decay),
          p.value(ids.sustain) / 100.0, p.value(ids.release)};
}
}  // namespace

double DecibelGain::from(float dB) noexcept {
  if (dB != decibels) {
    decibels = dB;
    linear = std::pow(10.0, dB / 20.0);
  }
  return linear;
}

ResonatorSettings ResonatorSnapshot::settingsFor(double noteHz) const noexcept {
  ResonatorSettings s;
  s.frequencyHz = keytracked ? pitch * noteHz : frequencyHz;
  s.decayTimeS = decayTimeS;
  s.dispersion = dispersion;
  s.loopType = loopType;
  s.loopCutoffHz = loopKeytracked ? s.frequencyHz * std::exp2(loopPitchSt / 12.0) : loopCutoffHz;
  s.loopQ = loopQ;
  s.postMorph = postMorph;
  s.postCutoffHz = postKeytracked ? s.frequencyHz * std::exp2(postPitchSt / 12.0) : postCutoffHz;
  s.postQ = postQ;
  s.gain = gain;
  return s;
}

void SynthSnapshot::update(ParamValues p, const SynthParamIndices& ids, bool compatibility,
                           double sensitivity) noexcept {
  resonariumCompatibility = compatibility;
  velocitySensitivity = sensitivity;
  for (int b = 0; b < kNumBanks; ++b) {
    const BankParamIndices& bi = ids.banks[b];
    BankSnapshot& bank = banks[b];
    bank.enabledCount = 0;
    double gainSum = 0.0;
    for (int r = 0; r < kResonatorsPerBank; ++r) {
      const ResonatorParamIndices& ri = bi.resonators[r];
      ResonatorSnapshot& res = bank.resonators[r];
      res.enabled = p.value(ri.enabled) >= 0.5f;
      res.keytracked = p.value(ri.keytrack) > 0.0f;
      res.pitch = p.value(ri.pitch);
      res.frequencyHz = p.value(ri.frequency);
      res.decayTimeS = p.value(ri.decayTime);
      res.dispersion = p.value(ri.dispersion) / 100.0;
      res.loopType =
          static_cast<LoopFilterType>(std::clamp<long>(std::lround(p.value(ri.svfType)), 0, 2));
      res.loopKeytracked = p.value(ri.loopKeytrack) >= 0.5f;
      res.loopCutoffHz = p.value(ri.loopCutoff);
      res.loopPitchSt = p.value(ri.loopPitch);
      res.loopQ = p.value(ri.loopResonance) + 0.7071;
      res.postKeytracked = p.value(ri.postKeytrack) >= 0.5f;
      res.postCutoffHz = p.value(ri.postCutoff);
      res.postPitchSt = p.value(ri.postPitch);
      res.postQ = p.value(ri.postResonance);
      res.postMorph = p.value(ri.postMode);
      res.gain = res.gainCache.from(p.value(ri.gain));
      if (res.enabled) {
        ++bank.enabledCount;
        gainSum += res.gain;
      }
    }
    bank.coupling =
        static_cast<Coupling>(std::clamp<long>(std::lround(p.value(bi.couplingMode)), 0, 2));
    bank.noteOffsetSt = p.value(bi.noteOffset);
    bank.inputGain = bank.inputGainCache.from(p.value(bi.inputGain));
    bank.inputMix = p.value(bi.inputMix);
    const double outputGain = bank.outputGainCache.from(p.value(bi.outputGain));
    if (bank.coupling == Coupling::Parallel)
      bank.outputScale = gainSum > 0.0 ? outputGain / gainSum : 0.0;
    else
      bank.outputScale = outputGain;
    bank.cascadeAmount = p.value(bi.cascadeAmount);
    bank.cascadeCutoffHz = p.value(bi.cascadeCutoff);
    bank.cascadeQ = p.value(bi.cascadeResonance);
    bank.cascadeMorph = p.value(bi.cascadeMode);
  }
  impulse.enabled = p.value(ids.impulse.enabled) >= 0.5f;
  impulse.thickness = static_cast<int>(std::lround(p.value(ids.impulse.thickness)));
  impulse.level = p.value(ids.impulse.level);
  impulse.pickPosition = p.value(ids.impulse.pickPosition);
  impulse.filter = readFilter(p, ids.impulse.filter);
  sequence.enabled = p.value(ids.sequence.enabled) >= 0.5f;
  sequence.mode = static_cast<int>(std::lround(p.value(ids.sequence.mode)));
  sequence.rateHz = p.value(ids.sequence.rate);
  sequence.impulseLength = static_cast<int>(std::lround(p.value(ids.sequence.impulseLength)));
  sequence.staticDensity = p.value(ids.sequence.staticDensity);
  sequence.level = p.value(ids.sequence.level);
  sequence.filter = readFilter(p, ids.sequence.filter);
  sequence.envelope = readAdsr(p, ids.sequence.envelope);
  noise.enabled = p.value(ids.noise.enabled) >= 0.5f;
  noise.level = p.value(ids.noise.level);
  noise.filter = readFilter(p, ids.noise.filter);
  noise.envelope = readAdsr(p, ids.noise.envelope);
  masterGain = masterGainCache.from(p.value(ids.masterGain));
  numVoices = static_cast<int>(std::lround(p.value(ids.numVoices)));
  stereoResonators = p.value(ids.stereoResonators) >= 0.5f;
  ++version;
}

}  // namespace tonewood::synth
