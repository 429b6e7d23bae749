#include "tonewood/synth/effects_chain.hpp"

#include "tonewood/synth/modulators.hpp"

namespace tonewood::synth {

void EffectsChain::Filter::process(float* left, float* right, int frames) noexcept {
  for (int i = 0; i < frames; ++i) {
    left[i] = state[0].tick(coefficients, left[i]);
    right[i] = state[1].tick(coefficients, right[i]);
  }
}

void EffectsChain::prepare(double sampleRate, double maxDelaySeconds) {
  sampleRate_ = sampleRate;
  chorus_.prepare(sampleRate);
  phaser_.prepare(sampleRate);
  distortion_.prepare(sampleRate);
  amp_.prepare(sampleRate);
  delay_.prepare(sampleRate, maxDelaySeconds);
  compressor_.prepare(sampleRate);
  reverb_.prepare(sampleRate);
  reset();
}

void EffectsChain::reset() noexcept {
  configured_ = false;  // the next configure applies in full
  for (Filter* f : {&filter1_, &filter2_})
    for (auto& s : f->state) s.reset();
  chorus_.reset();
  phaser_.reset();
  distortion_.reset();
  amp_.reset();
  delay_.reset();
  compressor_.reset();
  reverb_.reset();
}

void EffectsChain::configure(const dsp::EffectsSettings& s, double tempoBpm) noexcept {
  if (configured_ && s == settings_ && tempoBpm == tempoBpm_) return;
  configured_ = true;
  tempoBpm_ = tempoBpm;
  const dsp::EffectsSettings before = settings_;
  settings_ = s;
  // An effect switched on starts clean rather than replaying what it held when switched off.
  if (s.chorus.enabled && !before.chorus.enabled) chorus_.reset();
  if (s.phaser.enabled && !before.phaser.enabled) phaser_.reset();
  if (s.delay.enabled && !before.delay.enabled) delay_.reset();
  if (s.reverb.enabled && !before.reverb.enabled) reverb_.reset();

  filter1_.coefficients =
      dsp::designSvfMorph(s.filter1.morph, s.filter1.cutoffHz, s.filter1.q, sampleRate_);
  filter2_.coefficients =
      dsp::designSvfMorph(s.filter2.morph, s.filter2.cutoffHz, s.filter2.q, sampleRate_);
  dsp::ChorusSettings chorus = s.chorus;
  chorus.rateHz = sourceRateHz(chorus.sync, chorus.rateHz, chorus.beat, tempoBpm);
  chorus_.configure(chorus);
  dsp::PhaserSettings phaser = s.phaser;
  phaser.rateHz = sourceRateHz(phaser.sync, phaser.rateHz, phaser.beat, tempoBpm);
  phaser_.configure(phaser);
  distortion_.configure(s.distortion);
  amp_.configure(s.amp);
  dsp::DelaySettings delay = s.delay;
  const double beatS = 60.0 / tempoBpm;
  if (delay.syncLeft) delay.timeLeftS = beatS * syncedBeats(delay.beatLeft);
  if (delay.syncRight) delay.timeRightS = beatS * syncedBeats(delay.beatRight);
  if (delay.lock) delay.timeRightS = delay.timeLeftS;
  delay_.configure(delay);
  compressor_.configure(s.compressor);
  reverb_.configure(s.reverb);
}

void EffectsChain::process(float* left, float* right, int frames) noexcept {
  const dsp::EffectsSettings& s = settings_;
  if (s.filter1.enabled) filter1_.process(left, right, frames);
  if (s.chorus.enabled) chorus_.process(left, right, frames);
  if (s.phaser.enabled) phaser_.process(left, right, frames);
  if (s.distortion.enabled) distortion_.process(left, right, frames);
  if (s.amp.enabled) amp_.process(left, right, frames);
  if (s.delay.enabled) delay_.process(left, right, frames);
  if (s.compressor.enabled) compressor_.process(left, right, frames);
  if (s.reverb.enabled) reverb_.process(left, right, frames);
  if (s.filter2.enabled) filter2_.process(left, right, frames);
}

}  // namespace tonewood::synth
