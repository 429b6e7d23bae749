#include "tonewood/synth/effects_chain.hpp"

#include "tonewood/dsp/finite_guard.hpp"

namespace tonewood::synth {

void EffectsChain::prepare(double sampleRate, double maxDelaySeconds) {
  filter1_.prepare(sampleRate);
  filter2_.prepare(sampleRate);
  chorus_.prepare(sampleRate);
  phaser_.prepare(sampleRate);
  distortion_.prepare(sampleRate);
  amp_.prepare(sampleRate);
  airwindowsAmp_.prepare(sampleRate);
  delay_.prepare(sampleRate, maxDelaySeconds);
  compressor_.prepare(sampleRate);
  reverb_.prepare(sampleRate);
  reset();
}

void EffectsChain::reset() noexcept {
  configured_ = false;  // the next configure applies in full
  filter1_.reset();
  filter2_.reset();
  chorus_.reset();
  phaser_.reset();
  distortion_.reset();
  amp_.reset();
  airwindowsAmp_.reset();
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

  filter1_.configure(s.filter1);
  filter2_.configure(s.filter2);
  chorus_.configure(dsp::atTempo(s.chorus, tempoBpm));
  phaser_.configure(dsp::atTempo(s.phaser, tempoBpm));
  distortion_.configure(s.distortion);
  amp_.configure(s.amp);
  airwindowsAmp_.configure(s.amp);
  delay_.configure(dsp::atTempo(s.delay, tempoBpm));
  compressor_.configure(s.compressor);
  reverb_.configure(s.reverb);
}

void EffectsChain::process(float* left, float* right, int frames) noexcept {
  if (dsp::AirwindowsAmp* amp = processUntilAmp(left, right, frames))
    amp->process(left, right, frames);
  processAfterAmp(left, right, frames);
}

dsp::AirwindowsAmp* EffectsChain::processUntilAmp(float* left, float* right, int frames) noexcept {
  const dsp::EffectsSettings& s = settings_;
  if (s.filter1.enabled) filter1_.process(left, right, frames);
  if (s.chorus.enabled) chorus_.process(left, right, frames);
  if (s.phaser.enabled) phaser_.process(left, right, frames);
  if (s.distortion.enabled) distortion_.process(left, right, frames);
  if (!s.amp.enabled) return nullptr;
  if (s.amp.mode == 0 || s.amp.mode == 3) return &airwindowsAmp_;
  amp_.process(left, right, frames);
  return nullptr;
}

void EffectsChain::processAfterAmp(float* left, float* right, int frames) noexcept {
  const dsp::EffectsSettings& s = settings_;
  if (s.delay.enabled) delay_.process(left, right, frames);
  if (s.compressor.enabled) compressor_.process(left, right, frames);
  if (s.reverb.enabled) reverb_.process(left, right, frames);
  if (s.filter2.enabled) filter2_.process(left, right, frames);
  // Something not finite got in: this block is silenced and every effect's memory cleared, so
  // the next block starts clean instead of feeding NaN around the delays and reverb for ever.
  if (dsp::silenceIfNotFinite(left, right, frames)) reset();
}

}  // namespace tonewood::synth
