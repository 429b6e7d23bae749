#include "tonewood/synth/synth_voice.hpp"

#include <algorithm>
#include <cmath>

#include "tonewood/core/units.hpp"

namespace tonewood::synth {

namespace {
constexpr int kResonatorStride = kResonatorsPerBank * WaveguideResonator::kChannels;
}

void SynthVoice::attach(float* memory, int lineSize, double sampleRate, double lowestHz,
                        const SynthSnapshot* snapshot) noexcept {
  for (int b = 0; b < kNumBanks; ++b)
    banks_[b].attach(memory + static_cast<std::size_t>(b) * kResonatorStride * lineSize, lineSize,
                     sampleRate);
  sampleRate_ = sampleRate;
  lowestHz_ = lowestHz;
  global_ = snapshot_ = snapshot;
  maxDelaySamples_ = banks_[0].resonator(0).maxDelaySamples();
  active_ = held_ = false;
}

bool SynthVoice::modulate(const VoiceContext& ctx, float bend, const float* controllers,
                          int samples, bool restart) noexcept {
  if (ctx.matrix->empty()) {
    const bool switched = snapshot_ != global_;
    snapshot_ = global_;
    seenMatrix_ = ctx.matrix;
    return switched;
  }
  const bool baseChanged =
      restart || ctx.baseVersion != seenBaseVersion_ || ctx.matrix != seenMatrix_;
  seenBaseVersion_ = ctx.baseVersion;
  seenMatrix_ = ctx.matrix;
  const VoiceInputs inputs{
      velocity_, static_cast<float>(note_) / 127.0f, pressure(), timbre_, bend, controllers};
  bool rightChanged = false;
  const bool changed = modulation_.tick(*ctx.matrix, ctx.baseValues, baseChanged, ctx.globalSources,
                                        ctx.globalRightSources, inputs, *ctx.ids, *ctx.clock,
                                        samples, channels_ == 2, rightChanged);
  const bool switched = snapshot_ != &own_;
  if (changed || switched || global_->resonariumCompatibility != own_.resonariumCompatibility ||
      global_->velocitySensitivity != own_.velocitySensitivity)
    own_.update(ParamValues{modulation_.values()}, *ctx.ids, global_->resonariumCompatibility,
                global_->velocitySensitivity);
  snapshot_ = &own_;
  if (modulation_.hasRight()) {
    if (!split_) splitResonators();
    if (rightChanged || switched) {
      const ParamValues right{modulation_.rightValues()};
      for (int b = 0; b < kNumBanks; ++b)
        for (int r = 0; r < kResonatorsPerBank; ++r)
          right_[b][r].read(right, ctx.ids->banks[b].resonators[r]);
    }
  }
  return changed || switched || rightChanged;
}

void SynthVoice::splitResonators() noexcept {
  // The right channel carries on from the shared coefficients, then goes its own way.
  split_ = true;
  for (int b = 0; b < kNumBanks; ++b) {
    for (int r = 0; r < kResonatorsPerBank; ++r) {
      banks_[b].resonator(r).splitChannels(true);
      rightSettings_[b][r] = settings_[b][r];
      rightDesigned_[b][r] = designed_[b][r];
    }
  }
}

void SynthVoice::start(int note, float velocity, int channel, std::uint64_t order,
                       float bendSemitones, const VoiceContext& context, float bend,
                       const float* controllers) noexcept {
  bendSemitones_ = bendSemitones;
  detuneSemitones_ = 0.0f;
  pitchChanged_ = false;
  sustained_ = false;
  polyPressure_ = 0.0f;
  note_ = note;
  velocity_ = velocity;
  channel_ = channel;
  order_ = order;
  active_ = held_ = true;
  channels_ = snapshot_->stereoResonators ? 2 : 1;
  peakSinceTick_ = peakInWindow_ = 0.0f;
  quietChecks_ = 0;
  ticks_ = 0;
  for (auto& bank : banks_) bank.reset();
  for (auto& dc : bankDc_) dc.reset();
  if (snapshot_ && global_->polyEffectChain) effects_.reset();  // a new note, no old tails
  for (auto& row : running_) std::fill(std::begin(row), std::end(row), false);
  split_ = false;
  for (auto& bank : banks_)
    for (int r = 0; r < kResonatorsPerBank; ++r) bank.resonator(r).splitChannels(false);
  modulation_.start(context.baseValues, *context.ids, note, sampleRate_);
  modulate(context, bend, controllers, 0, true);
  updateFromSnapshot(true);
  if (global_->polyEffectChain) effects_.configure(snapshot_->effects, context.clock->tempoBpm);
  const SynthSnapshot& s = *snapshot_;
  const float gain = s.resonariumCompatibility
                         ? 1.0f
                         : std::pow(velocity, static_cast<float>(2.0 * s.velocitySensitivity));
  impulse_.trigger(s, sampleRate_, midiNoteToHz(note), gain);
  noise_.trigger(s, sampleRate_, gain);
  sequence_.setTempo(context.clock->tempoBpm);
  sequence_.trigger(s, sampleRate_, gain);
  externalInput_.trigger(s, sampleRate_);
  const double speed = (context.sampleRoot >= 0 && !s.resonariumCompatibility)
                           ? std::exp2((note - context.sampleRoot) / 12.0)
                           : 1.0;
  sample_.trigger(s, context.sample, speed, sampleRate_);
}

void SynthVoice::release() noexcept {
  held_ = sustained_ = false;
  modulation_.release();
  noise_.release();
  sequence_.release();
  externalInput_.release();
  sample_.release();
}

void SynthVoice::stop() noexcept {
  active_ = held_ = sustained_ = false;
  impulse_.stop();
  noise_.stop();
  sequence_.stop();
  externalInput_.stop();
  sample_.stop();
}

void SynthVoice::updateFromSnapshot(bool immediate) noexcept {
  const SynthSnapshot& s = *snapshot_;
  seenVersion_ = s.version;
  const int ramp = immediate ? 0 : WaveguideBank::kMaxFrames;
  for (int b = 0; b < kNumBanks; ++b) {
    const BankSnapshot& bank = s.banks[b];
    banks_[b].configure(bank, ramp);
    const double noteHz = midiNoteToHz(static_cast<double>(note_) + detuneSemitones_ +
                                       bendSemitones_ + bank.noteOffsetSt);
    for (int r = 0; r < kResonatorsPerBank; ++r) {
      const ResonatorSnapshot& res = bank.resonators[r];
      if (!res.enabled) {
        running_[b][r] = false;
        continue;
      }
      const ResonatorSettings settings = res.settingsFor(noteHz, s.resonariumCompatibility);
      WaveguideResonator& resonator = banks_[b].resonator(r);
      const bool fresh = !running_[b][r];
      const bool leftMoves = fresh || settings != settings_[b][r];
      if (fresh) resonator.reset();  // joining mid-note or a new note: start from silence
      if (leftMoves) {
        design(designed_[b][r], settings_[b][r], settings, fresh);
        resonator.setCoefficients(designed_[b][r], fresh ? 0 : ramp, 0);
      }
      running_[b][r] = true;
      if (!split_) continue;
      // The right channel's own values while its modulation differs; the left's otherwise.
      const ResonatorSettings right =
          snapshot_ == &own_ ? right_[b][r].settingsFor(noteHz, s.resonariumCompatibility)
                             : settings;
      if (!fresh && right == rightSettings_[b][r]) continue;
      if (right == settings) {  // the left's design serves
        rightDesigned_[b][r] = designed_[b][r];
        rightSettings_[b][r] = right;
      } else {
        design(rightDesigned_[b][r], rightSettings_[b][r], right, fresh);
      }
      resonator.setCoefficients(rightDesigned_[b][r], fresh ? 0 : ramp, 1);
    }
  }
  impulse_.configure(s, sampleRate_);
  noise_.configure(s, sampleRate_);
  sequence_.configure(s, sampleRate_);
  externalInput_.configure(s, sampleRate_);
  sample_.configure(s, sampleRate_);
  masterGain_.setTarget(static_cast<float>(s.masterGain), ramp);
}

void SynthVoice::design(ResonatorCoefficients& designed, ResonatorSettings& designedFor,
                        const ResonatorSettings& settings, bool fresh) const noexcept {
  if (fresh)
    designed = designResonator(settings, sampleRate_, lowestHz_, maxDelaySamples_);
  else
    redesignResonator(designed, designedFor, settings, sampleRate_, lowestHz_, maxDelaySamples_);
  designedFor = settings;
}

void SynthVoice::controlTick(const VoiceContext& context, float bend,
                             const float* controllers) noexcept {
  if (!active_) return;
  const bool releaseCheckDue = ticks_ % kTicksPerReleaseCheck == 0;
  ticks_ = ticks_ + 1 == kTicksPerReleaseCheck ? 0 : ticks_ + 1;
  if (!(peakSinceTick_ <= kOverflowPeak)) {  // also true for NaN
    stop();
    return;
  }
  peakInWindow_ = std::max(peakInWindow_, peakSinceTick_);
  peakSinceTick_ = 0.0f;
  if (releaseCheckDue) {
    if (!held_ && !noise_.isActive() && !sequence_.isActive() && !externalInput_.isActive() &&
        !sample_.isActive()) {
      quietChecks_ = peakInWindow_ < kSilencePeak ? quietChecks_ + 1 : 0;
      if (quietChecks_ >= kQuietChecksToStop) {
        stop();
        return;
      }
    }
    peakInWindow_ = 0.0f;
  }
  const bool modulated = modulate(context, bend, controllers, WaveguideBank::kMaxFrames, false);
  sequence_.setTempo(context.clock->tempoBpm);
  if (global_->polyEffectChain) effects_.configure(snapshot_->effects, context.clock->tempoBpm);
  if (modulated || snapshot_->version != seenVersion_ || pitchChanged_) {
    pitchChanged_ = false;
    updateFromSnapshot(false);
  }
}

void SynthVoice::beginRender(int frames, const float* const* input, int inputChannels) noexcept {
  if (!active_) return;
  frames_ = frames;
  const int numChannels = channels_;
  float* excitation[] = {excitation_[0], excitation_[1]};
  for (int c = 0; c < numChannels; ++c) {
    previous_[c] = bankA_[c];
    current_[c] = bankB_[c];
    std::fill_n(excitation[c], frames, 0.0f);
    std::fill_n(previous_[c], frames, 0.0f);
    std::fill_n(mix_[c], frames, 0.0f);
  }
  impulse_.render(excitation, numChannels, frames);
  noise_.render(excitation, numChannels, frames);
  sequence_.render(excitation, numChannels, frames);
  externalInput_.render(excitation, numChannels, input, inputChannels, frames);
  float* direct[] = {direct_[0], direct_[1]};
  for (int c = 0; c < numChannels; ++c) std::fill_n(direct[c], frames, 0.0f);
  sample_.render(excitation, direct, numChannels, frames);
}

void SynthVoice::startBank(int bank, LaneBatch* batch) noexcept {
  if (!active_ || snapshot_->banks[bank].enabledCount == 0) return;
  const float* excitation[] = {excitation_[0], excitation_[1]};
  banks_[bank].start(snapshot_->banks[bank], excitation, previous_, channels_, frames_, batch);
}

void SynthVoice::finishBank(int bank) noexcept {
  if (!active_) return;
  const int numChannels = channels_, frames = frames_;
  if (snapshot_->banks[bank].enabledCount > 0) {
    banks_[bank].finish(current_);
    for (int c = 0; c < numChannels; ++c) std::swap(previous_[c], current_[c]);
  } else if (!snapshot_->resonariumCompatibility) {
    for (int c = 0; c < numChannels; ++c) std::fill_n(previous_[c], frames, 0.0f);
    return;  // an empty bank passes nothing on and costs nothing
  }
  // (In compatibility mode an empty bank leaves the previous output in place: summed again.)
  for (int c = 0; c < numChannels; ++c)
    for (int i = 0; i < frames; ++i) mix_[c][i] += previous_[c][i];
}

dsp::AirwindowsAmp* SynthVoice::endRender() noexcept {
  if (!active_) return nullptr;
  const int numChannels = channels_, frames = frames_;
  if (numChannels == 2) {
    // Two independent recursions in one loop, so each hides the other's latency.
    dsp::DcBlocker dc0 = bankDc_[0], dc1 = bankDc_[1];
    for (int i = 0; i < frames; ++i) {
      mix_[0][i] = dc0.tick(mix_[0][i]);
      mix_[1][i] = dc1.tick(mix_[1][i]);
    }
    bankDc_[0] = dc0, bankDc_[1] = dc1;
  } else {
    dsp::DcBlocker dc = bankDc_[0];
    for (int i = 0; i < frames; ++i) mix_[0][i] = dc.tick(mix_[0][i]);
    bankDc_[0] = dc;
  }
  // The sample's dry share joins the voice beside the banks.
  for (int c = 0; c < numChannels; ++c)
    for (int i = 0; i < frames; ++i) mix_[c][i] += direct_[c][i];
  // Mono voices send their one channel to both sides.
  const float* mixRight = numChannels == 2 ? mix_[1] : mix_[0];
  float gain[kMaxFrames];
  masterGain_.render(gain, frames);
  for (int i = 0; i < frames; ++i) {
    out_[0][i] = mix_[0][i] * gain[i];
    out_[1][i] = mixRight[i] * gain[i];
  }
  if (!global_->polyEffectChain || !effects_.active()) return nullptr;
  return effects_.processUntilAmp(out_[0], out_[1], frames);
}

void SynthVoice::addTo(float* left, float* right) noexcept {
  if (!active_) return;
  const int frames = frames_;
  if (global_->polyEffectChain && effects_.active())
    effects_.processAfterAmp(out_[0], out_[1], frames);
  // Eight running peaks and eight "x - x" sums (NaN once any sample is NaN or infinite), kept
  // per lane so the loop vectorises without reordering any float arithmetic.
  constexpr int kLanes = 8;
  float peaks[kLanes] = {}, poison[kLanes] = {};
  int i = 0;
  for (; i + kLanes <= frames; i += kLanes) {
    for (int k = 0; k < kLanes; ++k) {
      const float l = out_[0][i + k], r = out_[1][i + k];
      left[i + k] += l;
      right[i + k] += r;
      peaks[k] = std::max(peaks[k], std::max(std::abs(l), std::abs(r)));
      poison[k] += (l - l) + (r - r);
    }
  }
  for (; i < frames; ++i) {
    const float l = out_[0][i], r = out_[1][i];
    left[i] += l;
    right[i] += r;
    peaks[0] = std::max(peaks[0], std::max(std::abs(l), std::abs(r)));
    poison[0] += (l - l) + (r - r);
  }
  float peak = peakSinceTick_, bad = 0.0f;
  for (int k = 0; k < kLanes; ++k) {
    peak = std::max(peak, peaks[k]);
    bad += poison[k];
  }
  // A NaN peak keeps the overflow guard's attention (it tests !(peak <= limit)).
  peakSinceTick_ = bad == 0.0f ? peak : bad;
}
}  // namespace tonewood::synth
