#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

#include "tonewood/dsp/dc_blocker.hpp"
#include "tonewood/dsp/linear_ramp.hpp"
#include "tonewood/synth/effects_chain.hpp"
#include "tonewood/synth/external_input_exciter.hpp"
#include "tonewood/synth/impulse_exciter.hpp"
#include "tonewood/synth/modulation_matrix.hpp"
#include "tonewood/synth/noise_exciter.hpp"
#include "tonewood/synth/sample_exciter.hpp"
#include "tonewood/synth/sequence_exciter.hpp"
#include "tonewood/synth/synth_snapshot.hpp"
#include "tonewood/synth/waveguide_bank.hpp"

/// One voice: exciters -> four waveguide banks, each fed the excitation and (by `inputMix`) the
/// previous bank's output; every bank's output is DC-blocked and summed -> master gain. There is no
/// amplitude envelope: note-off releases the exciters and the resonators ring out. A released
/// voice stops after three consecutive release checks below -60 dBFS peak; a voice whose peak
/// exceeds 100 (or is not a number) is stopped at once (overflow guard).
/// Audio thread unless stated.
namespace tonewood::synth {

/// What the synth hands its voices on every control tick.
struct VoiceContext {
  const CompiledModulation* matrix;
  const float* baseValues;  ///< registry values
  std::uint64_t baseVersion;
  const float* globalSources;       ///< mono source values
  const float* globalRightSources;  ///< the same for the right channel (stereo offsets)
  const ModClock* clock;
  const SynthParamIndices* ids;
  const SampleData* sample;  ///< the sample exciter's audio, or null
  int sampleRoot;            ///< key tracking root note, or -1
};

class SynthVoice {
 public:
  static constexpr float kSilencePeak = 0.001f;
  static constexpr float kOverflowPeak = 100.0f;
  static constexpr int kQuietChecksToStop = 3;
  /// Control ticks between release checks (4096 samples), counted from the voice's first tick,
  /// so when a fading voice stops depends on when its note began, not on when the synth did.
  static constexpr int kTicksPerReleaseCheck = 4096 / WaveguideBank::kMaxFrames;

  /// Gives the voice its delay memory (kNumBanks * kResonatorsPerBank * 2 * lineSize floats) and
  /// the snapshot it reads. Control thread.
  void attach(float* memory, int lineSize, double sampleRate, double lowestHz,
              const SynthSnapshot* snapshot) noexcept;

  /// The voice's own effects chain, used when `polyEffectChain` is on (delays up to 2 s).
  /// Control thread.
  void prepareEffects(double sampleRate) { effects_.prepare(sampleRate, 2.0); }

  /// Room for the voice's modulated parameter values. Control thread.
  void allocateModulation(std::size_t numParams) { modulation_.allocate(numParams); }

  /// Starts a note, bent by `bendSemitones` from the start. `bend` (-1..1) and `controllers`
  /// are the channel's, for the modulation sources.
  void start(int note, float velocity, int channel, std::uint64_t order, float bendSemitones,
             const VoiceContext& context, float bend, const float* controllers) noexcept;
  void release() noexcept;
  /// Keeps a released key sounding (sustain pedal): the note is released when `release` comes.
  void sustain() noexcept { sustained_ = true; }
  bool isSustained() const noexcept { return sustained_; }
  /// The note's bend in semitones; the resonators follow at the next control tick.
  void setPitchBend(float semitones) noexcept {
    if (semitones != bendSemitones_) {
      bendSemitones_ = semitones;
      pitchChanged_ = true;
    }
  }
  /// Channel pressure and timbre (CC74) for this note; poly pressure overrides the pressure.
  void setExpression(float pressure, float timbre) noexcept {
    channelPressure_ = pressure;
    timbre_ = timbre;
  }
  void setPolyPressure(float pressure) noexcept { polyPressure_ = pressure; }
  float pressure() const noexcept { return std::max(channelPressure_, polyPressure_); }
  float timbre() const noexcept { return timbre_; }
  float bendSemitones() const noexcept { return bendSemitones_; }
  /// Silences the voice at once (stealing, reset, overflow).
  void stop() noexcept;

  bool isActive() const noexcept { return active_; }
  bool isHeld() const noexcept { return held_; }
  int note() const noexcept { return note_; }
  int channel() const noexcept { return channel_; }
  float velocity() const noexcept { return velocity_; }
  std::uint64_t order() const noexcept { return order_; }

  /// Runs on the control grid: overflow guard, release checks (every kTicksPerReleaseCheck
  /// ticks), the modulation matrix, and coefficient updates when anything they depend on changed.
  void controlTick(const VoiceContext& context, float bend, const float* controllers) noexcept;

  /// Stops playing the sample (it is about to be replaced). Audio thread.
  void dropSample() noexcept { sample_.stop(); }

  /// This voice's modulation source values as of its last control tick.
  const float* modulationSources() const noexcept { return modulation_.sources(); }

  /// A block of `frames` (<= WaveguideBank::kMaxFrames) samples, in stages so that the synth
  /// can run the resonators of all voices together: `beginRender` (exciters; `input` is the
  /// caller's audio for the same frames, `inputChannels` channels, or null), then for each bank
  /// `startBank` (queues its resonators on `batch`, or null for the scalar path), the batch
  /// runs, `finishBank`; then `endRender` mixes the banks and runs the per-voice effects up to
  /// the amp, and returns the voice's Airwindows amp if one is due (run it, alone or beside
  /// other voices' amps, on ampChannels()), and `addTo` finishes the effects and adds the voice
  /// into left and right. An inactive voice does nothing at every stage.
  void beginRender(int frames, const float* const* input = nullptr, int inputChannels = 0) noexcept;
  void startBank(int bank, LaneBatch* batch) noexcept;
  void finishBank(int bank) noexcept;
  dsp::AirwindowsAmp* endRender() noexcept;
  float* ampChannel(int c) noexcept { return out_[c]; }
  void addTo(float* left, float* right) noexcept;
  /// A fixed pitch offset for the note just started (used to play a frequency, not a key).
  void setDetune(float semitones) noexcept {
    detuneSemitones_ = semitones;
    pitchChanged_ = true;
  }

 private:
  void updateFromSnapshot(bool immediate) noexcept;
  /// Gives every resonator's right channel coefficients of its own, for the rest of the note.
  void splitResonators() noexcept;
  /// Designs `designed` for `settings` (from scratch when `fresh`, else from `designedFor`,
  /// what it was designed for) and records `settings` in `designedFor`.
  void design(ResonatorCoefficients& designed, ResonatorSettings& designedFor,
              const ResonatorSettings& settings, bool fresh) const noexcept;
  /// Runs the modulation matrix for this voice; true when its parameter values changed.
  bool modulate(const VoiceContext& context, float bend, const float* controllers, int samples,
                bool restart) noexcept;

  std::array<WaveguideBank, kNumBanks> banks_;
  // The banks' DC blockers, folded into one per channel: the blocker is linear and time-invariant
  // and every bank's starts from rest with the note, so blocking the sum equals summing the
  // blocked.
  dsp::DcBlocker bankDc_[WaveguideResonator::kChannels];
  ImpulseExciter impulse_;
  NoiseExciter noise_;
  SequenceExciter sequence_;
  ExternalInputExciter externalInput_;
  SampleExciter sample_;
  EffectsChain effects_;
  alignas(64) float out_[2][WaveguideBank::kMaxFrames] = {};
  alignas(64) float direct_[WaveguideResonator::kChannels][WaveguideBank::kMaxFrames] = {};
  float detuneSemitones_ = 0.0f;  ///< fixed offset of this note (constant-note mode)
  dsp::LinearRamp masterGain_;
  const SynthSnapshot* global_ = nullptr;    ///< the synth's, unmodulated
  SynthSnapshot own_;                        ///< this voice's, with its modulation applied
  const SynthSnapshot* snapshot_ = nullptr;  ///< the one in use: global_ or &own_
  VoiceModulation modulation_;
  std::uint64_t seenBaseVersion_ = 0;
  const CompiledModulation* seenMatrix_ = nullptr;
  double sampleRate_ = 44100.0;
  double lowestHz_ = 8.0;
  double maxDelaySamples_ = 0.0;

  ResonatorSettings settings_[kNumBanks][kResonatorsPerBank];
  bool running_[kNumBanks][kResonatorsPerBank] = {};  ///< enabled as far as this voice knows
  std::uint64_t seenVersion_ = 0;

  bool active_ = false, held_ = false, sustained_ = false;
  float bendSemitones_ = 0.0f;
  bool pitchChanged_ = false;
  float channelPressure_ = 0.0f, polyPressure_ = 0.0f, timbre_ = 0.5f;
  int channels_ = 1;  ///< loops per resonator for this note (stereoResonators at note start)
  int note_ = 0, channel_ = 0;
  float velocity_ = 0.0f;
  std::uint64_t order_ = 0;
  float peakSinceTick_ = 0.0f, peakInWindow_ = 0.0f;
  int quietChecks_ = 0;
  int ticks_ = 0;  // control ticks since the voice started

  static constexpr int kMaxFrames = WaveguideBank::kMaxFrames;
  alignas(64) float excitation_[WaveguideResonator::kChannels][kMaxFrames] = {};
  alignas(64) float bankA_[WaveguideResonator::kChannels][kMaxFrames] = {};
  alignas(64) float bankB_[WaveguideResonator::kChannels][kMaxFrames] = {};
  alignas(64) float mix_[WaveguideResonator::kChannels][kMaxFrames] = {};
  ResonatorCoefficients designed_[kNumBanks][kResonatorsPerBank];  ///< from settings_
  // The right channel's, once an LFO's or random source's stereo offset sets it apart from the
  // left (`split_`, until the next note): its resonator values, settings and coefficients.
  bool split_ = false;
  ResonatorSnapshot right_[kNumBanks][kResonatorsPerBank];
  ResonatorSettings rightSettings_[kNumBanks][kResonatorsPerBank];
  ResonatorCoefficients rightDesigned_[kNumBanks][kResonatorsPerBank];
  // The block being rendered: its length, and which buffer holds the last bank's output.
  int frames_ = 0;
  float* previous_[WaveguideResonator::kChannels] = {bankA_[0], bankA_[1]};
  float* current_[WaveguideResonator::kChannels] = {bankB_[0], bankB_[1]};
};

}  // namespace tonewood::synth
