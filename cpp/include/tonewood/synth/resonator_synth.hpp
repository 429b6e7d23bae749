#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tonewood/core/audio_buffer.hpp"
#include "tonewood/core/param_registry.hpp"
#include "tonewood/core/performance_event.hpp"
#include "tonewood/core/process_spec.hpp"
#include "tonewood/core/realtime_handoff.hpp"
#include "tonewood/synth/effects_chain.hpp"
#include "tonewood/synth/modulation_matrix.hpp"
#include "tonewood/synth/modulation_routing.hpp"
#include "tonewood/synth/sample_exciter.hpp"
#include "tonewood/synth/synth_snapshot.hpp"
#include "tonewood/synth/synth_voice.hpp"

/// The resonator synth: 16 voices of exciters and waveguide banks, Resonarium's parameters.
///
/// Timing: everything that is not per-sample (reading parameters, designing coefficients, voice
/// release checks) runs on a fixed grid of kControlInterval samples counted from `reset`, and
/// events apply at their exact frame. So the output depends only on the events and parameter
/// changes, never on how the host splits the audio into blocks: rendering with block sizes 1, 7,
/// 64 or 512 gives bit-identical results.
namespace tonewood::synth {

class ResonatorSynth {
 public:
  static constexpr int kMaxVoices = 16;
  static constexpr int kControlInterval = WaveguideBank::kMaxFrames;  ///< samples
  static constexpr double kDefaultLowestHz = 8.0;  ///< just below MIDI note 0 (8.18 Hz)

  /// Builds the parameter set (every default). `lowestHz` sizes the delay memory: resonator
  /// frequencies below it are clamped to it. Control thread.
  explicit ResonatorSynth(double lowestHz = kDefaultLowestHz);
  ~ResonatorSynth();
  ResonatorSynth(const ResonatorSynth&) = delete;
  ResonatorSynth& operator=(const ResonatorSynth&) = delete;

  /// Allocates the voices' delay memory for this sample rate and resets. numChannels must be 2.
  /// Control thread; not concurrently with `process`. Throws OutOfRangeError for a sample rate
  /// outside [8000, 384000] Hz or a block size outside [1, 65536].
  void prepare(const ProcessSpec& spec);
  const ProcessSpec& spec() const noexcept { return spec_; }

  /// Stops every voice, clears pending events and restarts the control grid. Keeps parameters.
  /// Control thread; not concurrently with `process`.
  void reset() noexcept;

  /// The parameters. Values may be set from any non-audio thread at any time; they take effect
  /// at the next control-grid point.
  ParamRegistry& params() noexcept { return params_; }
  const ParamRegistry& params() const noexcept { return params_; }

  /// Resonarium-compatibility mode (off by default; loading a Resonarium preset turns it on):
  /// reproduces the original's behaviour where presets depend on it. Today: a bank with no
  /// enabled resonator passes the previous bank's output on unchanged, and that output is
  /// DC-blocked and summed into the voice again (a preset using only bank 0 plays at about four
  /// times bank 0's level, as in the original). Takes effect at the next control-grid point.
  /// Any thread.
  void setResonariumCompatibility(bool on) noexcept { compatibility_.store(on); }
  bool resonariumCompatibility() const noexcept { return compatibility_.load(); }

  /// How much note velocity scales the exciters' level: level * velocity^(2 * sensitivity), so 1
  /// (the default) spans 40 dB and 0 ignores velocity. Not applied in compatibility mode. Takes
  /// effect for notes started after the next control-grid point. Any thread. Throws
  /// OutOfRangeError outside [0, 1].
  void setVelocitySensitivity(double sensitivity);
  double velocitySensitivity() const noexcept { return velocitySensitivity_.load(); }

  /// The modulation matrix (routes) and the four MSEG shapes, as loaded from presets or set
  /// by the caller. Control thread, not concurrently with each other.
  /// Setting them checks and compiles the matrix (throws ParameterNotFoundError or
  /// InvalidArgumentError, changing nothing) and hands it to the audio thread, which takes it
  /// at the next control-grid point.
  const std::vector<ModulationRoute>& modulations() const noexcept { return modulations_; }
  void setModulations(std::vector<ModulationRoute> routes);
  const std::array<MsegShape, kNumMsegs>& msegs() const noexcept { return msegs_; }
  void setMsegs(const std::array<MsegShape, kNumMsegs>& shapes);
  /// Routes and shapes together (one compile, one hand-over).
  void setModulation(std::vector<ModulationRoute> routes,
                     const std::array<MsegShape, kNumMsegs>& shapes);
  /// Adds a route, or replaces the route with the same source and destination. Checked like
  /// setModulations. Control thread.
  void connectModulation(const ModulationRoute& route);
  /// Removes the route from `source` to `destination`; false when there is none. Control thread.
  bool disconnectModulation(const std::string& source, const std::string& destination);
  /// Frees matrices the audio thread has finished with. Control thread; setModulation and
  /// schedule call it, so callers rarely need to.
  void releaseRetiredState() noexcept;

  /// Tempo for tempo-synced sources, in beats per minute (default 120). Throws
  /// OutOfRangeError outside [10, 999]. Any thread.
  void setTempo(double bpm);
  double tempo() const noexcept { return tempo_.load(); }
  /// Follows a host's tempo (clamped to [10, 999] BPM). Any thread, the audio thread included.
  void followTempo(double bpm) noexcept { tempo_.store(std::clamp(bpm, 10.0, 999.0)); }

  /// The current value of every modulation source for a voice (kNumModSources entries, in
  /// modSources() order), as of the last control tick; mono sources for an idle voice.
  /// Audio or offline thread, between renders.
  const float* modulationSourceValues(int voice) const noexcept;
  /// The sample exciter's audio, already at this synth's sample rate (see
  /// instruments::loadSample for files). Notes playing the previous sample stop using it at the
  /// next control-grid point. Control thread.
  void setSample(std::unique_ptr<SampleData> sample);
  void clearSample();
  /// The sample exciter's file as presets keep it (set by setSample from SampleData::path).
  const std::string& samplePath() const noexcept { return samplePath_; }
  void setSamplePath(std::string path) { samplePath_ = std::move(path); }
  /// Key tracking for the sample exciter: `rootNote` 0..127 plays the sample at its own speed
  /// on that key and transposes the others; -1 (the default) plays every key at the sample's
  /// speed. Ignored in compatibility mode. Throws OutOfRangeError otherwise. Any thread.
  void setSampleKeyTracking(int rootNote);
  int sampleKeyTracking() const noexcept { return sampleRoot_.load(); }

  /// Queues an event whose frame counts from the start of the next `process` call. Events past
  /// the end of that block carry over to later ones. Throws CapacityError when the schedule
  /// (4096 events) is full. Control thread; not concurrently with `process`.
  void schedule(const PerformanceEvent& event);
  std::size_t pendingEvents() const noexcept { return schedule_.size(); }
  /// Queues an event as schedule does, without exceptions: false when the schedule is full.
  /// Audio thread (a host handing over the events of its block).
  bool scheduleNow(const PerformanceEvent& event) noexcept { return schedule_.push(event); }

  /// MPE (MIDI Polyphonic Expression, lower zone): channel 0 is the master channel, whose bend,
  /// pressure and sustain apply to every note; channels 1..15 carry one note each with its own
  /// bend (range `mpePitchBendRange`), pressure and timbre (CC74). Off: every channel's bend,
  /// pressure and pedal apply to the notes on that channel. Any thread; applies at the next
  /// control-grid point.
  void setMpeEnabled(bool on) noexcept { mpe_.store(on); }
  bool mpeEnabled() const noexcept { return mpe_.load(); }
  /// Pitch-bend range in semitones of ordinary channels and of the MPE master channel
  /// (default 2), and of MPE member channels (default 48). A channel's RPN 0 (pitch-bend
  /// sensitivity, CC 101/100 = 0 then CC 6 and 38) overrides it for that channel. Throws
  /// OutOfRangeError outside [0, 96] semitones. Any thread.
  void setPitchBendRange(double semitones);
  void setMpePitchBendRange(double semitones);
  double pitchBendRange() const noexcept { return bendRange_.load(); }
  double mpePitchBendRange() const noexcept { return mpeBendRange_.load(); }

  /// Renders `out.numFrames()` frames into a stereo view (overwrites it). `input`, when given,
  /// is audio for the external-input exciter, one or two channels of the same length. Real-time
  /// safe: no allocation, no locks. Audio thread.
  void process(AudioBlockView out, const AudioBlockView* input = nullptr) noexcept;

  /// Renders a long span in host-sized blocks of `blockSize` frames (the last may be shorter);
  /// the result does not depend on `blockSize`. Audio or offline thread.
  void render(AudioBlockView out, int blockSize, const AudioBlockView* input = nullptr) noexcept;

  /// Voices currently sounding (held or ringing out). Any thread, approximate while rendering.
  int activeVoiceCount() const noexcept;
  const SynthVoice& voice(int index) const noexcept { return voices_[index]; }

  /// Bytes of delay memory held by the voices.
  std::size_t delayMemoryBytes() const noexcept { return delayMemoryFloats_ * sizeof(float); }

 private:
  void controlTick() noexcept;
  /// Every active voice for `frames` samples (<= kControlInterval), added into left and right.
  void renderVoices(float* left, float* right, int frames, const float* const* input,
                    int inputChannels) noexcept;
  ModClock controlClock() const noexcept;
  VoiceContext voiceContext(const ModClock& clock) const noexcept;
  void apply(const PerformanceEvent& event) noexcept;
  void startNote(int note, float velocity, int channel) noexcept;
  void releaseNote(int note, int channel) noexcept;
  void controlChange(int channel, int controller, float value) noexcept;
  bool pedalDown(int channel) const noexcept;
  float bendSemitones(int channel) const noexcept;
  float pressureFor(int channel) const noexcept;
  void updateConstantNote() noexcept;
  int constantVoice_ = -1;  ///< the voice kept sounding in constant-note mode, or -1

  /// What the player has done on one MIDI channel.
  struct ChannelState {
    float bend = 0.0f;  ///< -1..1
    float pressure = 0.0f;
    float timbre = 0.5f;              ///< CC74, centred by default as MPE asks
    float bendRangeOverride = -1.0f;  ///< semitones set by RPN 0; < 0: use the default
    bool pedal = false;               ///< CC64
    int rpn = 0x3FFF;                 ///< selected registered parameter (0x3FFF: none)
    float controllers[128] = {};      ///< last value of every controller, 0..1
  };

  ParamRegistry params_;
  SynthParamIndices ids_;
  SynthSnapshot snapshot_;
  std::uint64_t snapshotGeneration_ = ~std::uint64_t{0};
  std::atomic<bool> compatibility_{false};
  std::atomic<double> velocitySensitivity_{1.0};
  std::atomic<bool> mpe_{false};
  std::atomic<double> bendRange_{2.0}, mpeBendRange_{48.0};
  ChannelState channels_[16];
  std::vector<ModulationRoute> modulations_;
  std::array<MsegShape, kNumMsegs> msegs_;
  RealtimeHandoff<CompiledModulation> matrix_;
  RealtimeHandoff<SampleData> sample_;
  std::atomic<int> sampleRoot_{-1};
  GlobalModulation globalModulation_;
  EffectsChain effects_;
  /// The external input of one control interval, with anything not finite silenced.
  std::array<std::array<float, kControlInterval>, 2> inputScratch_{};
  std::array<float, kNumModSources> globalSources_{}, globalRightSources_{};
  std::unique_ptr<float[]> baseValues_;  ///< registry values as of the last change seen
  /// The base values with the mono sources' routes applied, and the effects read from them.
  std::unique_ptr<float[]> globalValues_;
  std::uint64_t globalValuesVersion_ = ~std::uint64_t{0};
  const CompiledModulation* globalMatrix_ = nullptr;  ///< the routes globalValues_ follows
  dsp::EffectsSettings globalEffects_;
  std::uint64_t baseVersion_ = 0;
  std::atomic<double> tempo_{120.0};
  std::string samplePath_;
  EventSchedule schedule_;
  ProcessSpec spec_;
  double lowestHz_;
  struct AlignedFree {
    void operator()(float* p) const noexcept;
  };
  std::unique_ptr<float, AlignedFree> delayMemory_;
  std::size_t delayMemoryFloats_ = 0;
  std::unique_ptr<SynthVoice[]> voices_;
  // The resonators of every voice run together, one bank at a time: two groups of lanes (one
  // per channel) per voice at most, each filling at most one pass.
  LaneBatch lanes_{kMaxVoices * WaveguideResonator::kChannels};
  std::uint64_t framesRendered_ = 0;  ///< since reset; positions the control grid
  std::uint64_t noteCounter_ = 0;     ///< age of voices, for stealing the oldest
};

}  // namespace tonewood::synth
