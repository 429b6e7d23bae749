#include "tonewood/synth/synth_snapshot.hpp"

#include <algorithm>
#include <cmath>

namespace tonewood::synth {

namespace {

ExciterFilterSnapshot readFilter(ParamValues p, const ExciterFilterIndices& ids) {
  return {static_cast<int>(std::lround(p.value(ids.type))), p.value(ids.frequency),
          p.value(ids.resonance)};
}

// An exciter's ADSR shapes it only when switched on; the original's exciters always run theirs.
AdsrSnapshot readAdsr(ParamValues p, const AdsrIndices& ids, bool compatibility) {
  return {compatibility || p.value(ids.enabled) >= 0.5f, p.value(ids.attack), p.value(ids.decay),
          p.value(ids.sustain) / 100.0, p.value(ids.release)};
}
bool on(ParamValues p, std::size_t index) {
  return p.value(index) >= 0.5f;
}
int whole(ParamValues p, std::size_t index) {
  return static_cast<int>(std::lround(p.value(index)));
}

}  // namespace

void readEffects(ParamValues p, const EffectParamIndices& e, bool compatibility,
                 dsp::EffectsSettings& out) {
  auto filter = [&](const EffectParamIndices::Filter& f) {
    return dsp::FilterSettings{on(p, f.enable), p.value(f.cutoff), p.value(f.mode),
                               std::max(0.01f, p.value(f.resonance))};
  };
  out.filter1 = filter(e.filter1);
  out.filter2 = filter(e.filter2);
  out.chorus = {on(p, e.chorusEnable),  p.value(e.chorusRate),     p.value(e.chorusDepth),
                p.value(e.chorusDelay), p.value(e.chorusFeedback), p.value(e.chorusMix),
                on(p, e.chorusSync),    whole(p, e.chorusBeat)};
  out.phaser = {on(p, e.phaserEnable),   p.value(e.phaserRate),     p.value(e.phaserDepth),
                p.value(e.phaserCentre), p.value(e.phaserFeedback), p.value(e.phaserMix),
                on(p, e.phaserSync),     whole(p, e.phaserBeat)};
  out.distortion = {on(p, e.distEnable),   whole(p, e.distType),     p.value(e.distDrive),
                    p.value(e.distOutput), p.value(e.distMix),       whole(p, e.distFilterPosition),
                    p.value(e.distCutoff), p.value(e.distResonance), p.value(e.distFilterMode),
                    compatibility};
  out.amp = {on(p, e.ampEnable), whole(p, e.ampMode), p.value(e.ampA),
             p.value(e.ampB),    p.value(e.ampC),     p.value(e.ampD)};
  out.delay = {on(p, e.delayEnable),     p.value(e.delayTimeL), p.value(e.delayTimeR),
               p.value(e.delayFeedback), p.value(e.delayMix),   on(p, e.delayPingPong),
               on(p, e.delayLock),       on(p, e.delaySyncL),   on(p, e.delaySyncR),
               whole(p, e.delayBeatL),   whole(p, e.delayBeatR)};
  out.compressor = {on(p, e.compEnable), p.value(e.compThreshold), p.value(e.compRatio),
                    p.value(e.compAttack), p.value(e.compRelease)};
  out.reverb = {on(p, e.reverbEnable),      p.value(e.reverbDamping), p.value(e.reverbDensity),
                p.value(e.reverbBandwidth), p.value(e.reverbDecay),   p.value(e.reverbPredelay),
                p.value(e.reverbSize),      p.value(e.reverbEarly),   p.value(e.reverbMix)};
}

namespace {}  // namespace

double DecibelGain::from(float dB) noexcept {
  if (dB != decibels) {
    decibels = dB;
    linear = std::pow(10.0, dB / 20.0);
  }
  return linear;
}

ResonatorSettings ResonatorSnapshot::settingsFor(double noteHz, bool compatibility) const noexcept {
  ResonatorSettings s;
  s.resonariumCompatibility = compatibility;
  s.frequencyHz = keytracked ? pitch * noteHz : frequencyHz;
  s.decayTimeS = decayTimeS;
  s.dispersion = dispersion;
  s.loopType = loopType;
  s.loopCutoffHz = loopKeytracked ? s.frequencyHz * std::exp2(loopPitchSt / 12.0) : loopCutoffHz;
  s.loopCutoffIsPeak = loopKeytracked;
  s.loopQ = loopQ;
  s.postMorph = postMorph;
  s.postCutoffHz = postKeytracked ? noteHz * std::exp2(postPitchSt / 12.0) : postCutoffHz;
  s.postQ = postQ;
  s.gain = gain;
  return s;
}

void ResonatorSnapshot::read(ParamValues p, const ResonatorParamIndices& ri) noexcept {
  enabled = p.value(ri.enabled) >= 0.5f;
  keytracked = p.value(ri.keytrack) > 0.0f;
  pitch = p.value(ri.pitch);
  frequencyHz = p.value(ri.frequency);
  decayTimeS = p.value(ri.decayTime);
  dispersion = p.value(ri.dispersion) / 100.0;
  loopType = static_cast<LoopFilterType>(std::clamp<long>(std::lround(p.value(ri.svfType)), 0, 2));
  loopKeytracked = p.value(ri.loopKeytrack) >= 0.5f;
  loopCutoffHz = p.value(ri.loopCutoff);
  loopPitchSt = p.value(ri.loopPitch);
  loopQ = p.value(ri.loopResonance) + 0.7071;
  postKeytracked = p.value(ri.postKeytrack) >= 0.5f;
  postCutoffHz = p.value(ri.postCutoff);
  postPitchSt = p.value(ri.postPitch);
  postQ = p.value(ri.postResonance);
  postMorph = p.value(ri.postMode);
  gain = gainCache.from(p.value(ri.gain));
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
      res.read(p, ri);
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
    bank.cascadeLaw = compatibility ? dsp::SvfMorphLaw::ResonantBand : dsp::SvfMorphLaw::UnityBand;
  }
  impulse.enabled = p.value(ids.impulse.enabled) >= 0.5f;
  impulse.thickness = static_cast<int>(std::lround(p.value(ids.impulse.thickness)));
  impulse.level = p.value(ids.impulse.level);
  impulse.pickPosition = p.value(ids.impulse.pickPosition);
  impulse.filter = readFilter(p, ids.impulse.filter);
  sequence.enabled = p.value(ids.sequence.enabled) >= 0.5f;
  sequence.mode = static_cast<int>(std::lround(p.value(ids.sequence.mode)));
  sequence.rateHz = p.value(ids.sequence.rate);
  sequence.sync = p.value(ids.sequence.sync) >= 0.5f;
  sequence.impulseLength = static_cast<int>(std::lround(p.value(ids.sequence.impulseLength)));
  sequence.staticDensity = p.value(ids.sequence.staticDensity);
  sequence.level = p.value(ids.sequence.level);
  sequence.filter = readFilter(p, ids.sequence.filter);
  sequence.envelope = readAdsr(p, ids.sequence.envelope, compatibility);
  noise.enabled = p.value(ids.noise.enabled) >= 0.5f;
  noise.level = p.value(ids.noise.level);
  noise.filter = readFilter(p, ids.noise.filter);
  noise.envelope = readAdsr(p, ids.noise.envelope, compatibility);
  masterGain = masterGainCache.from(p.value(ids.masterGain));
  readEffects(p, ids.effects, compatibility, effects);
  polyEffectChain = p.value(ids.effects.polyEffectChain) >= 0.5f;
  sample.enabled = p.value(ids.sample.enabled) >= 0.5f;
  sample.loop = p.value(ids.sample.loop) >= 0.5f;
  sample.gain = p.value(ids.sample.gain);
  sample.mix = p.value(ids.sample.mix);
  sample.startPercent = p.value(ids.sample.start);
  sample.endPercent = p.value(ids.sample.end);
  sample.filter = readFilter(p, ids.sample.filter);
  sample.envelope = readAdsr(p, ids.sample.envelope, compatibility);
  externalInput.enabled = p.value(ids.externalInput.enabled) >= 0.5f;
  externalInput.gain = externalInput.gainCache.from(p.value(ids.externalInput.gain));
  externalInput.mix = p.value(ids.externalInput.mix);
  externalInput.constantNote = p.value(ids.externalInput.constantNote) >= 0.5f;
  externalInput.constantNoteHz = p.value(ids.externalInput.constantNoteFrequency);
  externalInput.filter = readFilter(p, ids.externalInput.filter);
  externalInput.envelope = readAdsr(p, ids.externalInput.envelope, compatibility);
  numVoices = static_cast<int>(std::lround(p.value(ids.numVoices)));
  stereoResonators = p.value(ids.stereoResonators) >= 0.5f;
  ++version;
}

}  // namespace tonewood::synth
