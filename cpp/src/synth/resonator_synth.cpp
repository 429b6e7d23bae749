#include "tonewood/synth/resonator_synth.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <new>

#include "tonewood/core/denormals.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/dsp/finite_guard.hpp"
#include "tonewood/synth/resonator_param_layout.hpp"

namespace tonewood::synth {

namespace {
constexpr std::size_t kMemoryAlignment = 64;
constexpr std::size_t kFloatsPerVoiceLine =
    static_cast<std::size_t>(kNumBanks) * kResonatorsPerBank * WaveguideResonator::kChannels;
}  // namespace

void ResonatorSynth::AlignedFree::operator()(float* p) const noexcept {
  ::operator delete (p, std::align_val_t{kMemoryAlignment});
}

ResonatorSynth::ResonatorSynth(double lowestHz)
    : params_(resonatorParamInfos()),
      ids_(SynthParamIndices::lookUp(params_)),
      lowestHz_(lowestHz),
      voices_(std::make_unique<SynthVoice[]>(kMaxVoices)) {
  requireInRange("lowest frequency", lowestHz, 1.0, 1000.0, "Hz");
  baseValues_ = std::make_unique<float[]>(params_.size());
  globalValues_ = std::make_unique<float[]>(params_.size());
  matrix_.publish(compileModulation({}, msegs_, params_));
  matrix_.acquire();  // nothing renders yet: take it at once
  for (int v = 0; v < kMaxVoices; ++v) voices_[v].allocateModulation(params_.size());
}

ResonatorSynth::~ResonatorSynth() = default;

void ResonatorSynth::setModulations(std::vector<ModulationRoute> routes) {
  setModulation(std::move(routes), msegs_);
}

void ResonatorSynth::setMsegs(const std::array<MsegShape, kNumMsegs>& shapes) {
  setModulation(modulations_, shapes);
}

void ResonatorSynth::setModulation(std::vector<ModulationRoute> routes,
                                   const std::array<MsegShape, kNumMsegs>& shapes) {
  auto compiled = compileModulation(routes, shapes, params_);  // throws before changing anything
  modulations_ = std::move(routes);
  msegs_ = shapes;
  matrix_.publish(std::move(compiled));
}

void ResonatorSynth::connectModulation(const ModulationRoute& route) {
  std::vector<ModulationRoute> routes = modulations_;
  auto same = [&](const ModulationRoute& r) {
    return r.source == route.source && r.destination == route.destination;
  };
  if (auto it = std::find_if(routes.begin(), routes.end(), same); it != routes.end())
    *it = route;
  else
    routes.push_back(route);
  setModulation(std::move(routes), msegs_);
}

bool ResonatorSynth::disconnectModulation(const std::string& source,
                                          const std::string& destination) {
  std::vector<ModulationRoute> routes = modulations_;
  const auto removed = std::erase_if(routes, [&](const ModulationRoute& r) {
    return r.source == source && r.destination == destination;
  });
  if (removed == 0) return false;
  setModulation(std::move(routes), msegs_);
  return true;
}

void ResonatorSynth::releaseRetiredState() noexcept {
  matrix_.collect();
  sample_.collect();
}

void ResonatorSynth::setSample(std::unique_ptr<SampleData> sample) {
  if (sample && sample->audio.numChannels() > 2)
    throw InvalidArgumentError("a sample has 1 or 2 channels, got " +
                               std::to_string(sample->audio.numChannels()));
  samplePath_ = sample ? sample->path : std::string();
  sample_.publish(std::move(sample));
}

void ResonatorSynth::clearSample() {
  setSample(nullptr);
}

void ResonatorSynth::setSampleKeyTracking(int rootNote) {
  if (rootNote != -1)
    requireInRange("sample root note", rootNote, 0, 127, "(MIDI note, or -1 for off)");
  sampleRoot_.store(rootNote);
}

void ResonatorSynth::setTempo(double bpm) {
  requireInRange("tempo", bpm, 10.0, 999.0, "BPM");
  tempo_.store(bpm);
}

const float* ResonatorSynth::modulationSourceValues(int voice) const noexcept {
  return voices_[voice].isActive() ? voices_[voice].modulationSources() : globalSources_.data();
}

void ResonatorSynth::prepare(const ProcessSpec& spec) {
  requireInRange("sample rate", spec.sampleRate, 8000.0, 384000.0, "Hz");
  requireInRange("block size", spec.maxBlockSize, 1, 65536, "frames");
  requireInRange("output channels", spec.numChannels, 2, 2, "");
  if (delayMemory_ && spec.sampleRate == spec_.sampleRate) {
    spec_ = spec;
    reset();
    return;
  }
  // Longest loop: one period of the lowest frequency plus room for a phase-leading loop filter
  // (up to half a period more) and the interpolator's taps.
  const int lineSize = static_cast<int>(std::ceil(1.5 * spec.sampleRate / lowestHz_)) + 16;
  delayMemoryFloats_ = kFloatsPerVoiceLine * static_cast<std::size_t>(lineSize) * kMaxVoices;
  delayMemory_.reset(static_cast<float*>(
      ::operator new (delayMemoryFloats_ * sizeof(float), std::align_val_t{kMemoryAlignment})));
  std::memset(delayMemory_.get(), 0, delayMemoryFloats_ * sizeof(float));
  spec_ = spec;
  effects_.prepare(spec.sampleRate);
  for (int v = 0; v < kMaxVoices; ++v) voices_[v].prepareEffects(spec.sampleRate);
  for (int v = 0; v < kMaxVoices; ++v)
    voices_[v].attach(delayMemory_.get() + kFloatsPerVoiceLine * lineSize * v, lineSize,
                      spec.sampleRate, lowestHz_, &snapshot_);
  reset();
}

void ResonatorSynth::reset() noexcept {
  for (int v = 0; v < kMaxVoices; ++v) voices_[v].stop();
  for (auto& channel : channels_) channel = ChannelState{};
  constantVoice_ = -1;
  globalModulation_.reset(0x5EED0001u);
  effects_.reset();
  schedule_.clear();
  framesRendered_ = 0;
  snapshotGeneration_ = params_.generation();
  for (std::size_t i = 0; i < params_.size(); ++i) baseValues_[i] = params_.value(i);
  ++baseVersion_;
  snapshot_.update(ParamValues{baseValues_.get()}, ids_, compatibility_.load(),
                   velocitySensitivity_.load());
}

void ResonatorSynth::setVelocitySensitivity(double sensitivity) {
  requireInRange("velocity sensitivity", sensitivity, 0.0, 1.0, "");
  velocitySensitivity_.store(sensitivity);
}

void ResonatorSynth::setPitchBendRange(double semitones) {
  requireInRange("pitch-bend range", semitones, 0.0, 96.0, "semitones");
  bendRange_.store(semitones);
}

void ResonatorSynth::setMpePitchBendRange(double semitones) {
  requireInRange("MPE pitch-bend range", semitones, 0.0, 96.0, "semitones");
  mpeBendRange_.store(semitones);
}

float ResonatorSynth::bendSemitones(int channel) const noexcept {
  auto own = [&](int c) {
    const ChannelState& s = channels_[c];
    double range = s.bendRangeOverride;
    if (range < 0.0)
      range = (mpe_.load(std::memory_order_relaxed) && c != 0) ? mpeBendRange_.load()
                                                               : bendRange_.load();
    return static_cast<float>(s.bend * range);
  };
  // In MPE the master channel's bend moves every note, on top of the note's own.
  if (mpe_.load(std::memory_order_relaxed) && channel != 0) return own(channel) + own(0);
  return own(channel);
}

float ResonatorSynth::pressureFor(int channel) const noexcept {
  if (mpe_.load(std::memory_order_relaxed) && channel != 0)
    return std::max(channels_[channel].pressure, channels_[0].pressure);
  return channels_[channel].pressure;
}

bool ResonatorSynth::pedalDown(int channel) const noexcept {
  return channels_[channel].pedal || (mpe_.load(std::memory_order_relaxed) && channels_[0].pedal);
}

void ResonatorSynth::schedule(const PerformanceEvent& event) {
  releaseRetiredState();
  if (!schedule_.push(event))
    throw CapacityError("too many pending events (the schedule holds " +
                        std::to_string(schedule_.capacity()) + "); render some audio first");
}

int ResonatorSynth::activeVoiceCount() const noexcept {
  int n = 0;
  for (int v = 0; v < kMaxVoices; ++v) n += voices_[v].isActive() ? 1 : 0;
  return n;
}

ModClock ResonatorSynth::controlClock() const noexcept {
  return ModClock{kControlInterval / spec_.sampleRate, tempo_.load(std::memory_order_relaxed),
                  spec_.sampleRate};
}

VoiceContext ResonatorSynth::voiceContext(const ModClock& clock) const noexcept {
  return VoiceContext{matrix_.current(),
                      baseValues_.get(),
                      baseVersion_,
                      globalSources_.data(),
                      globalRightSources_.data(),
                      &clock,
                      &ids_,
                      sample_.current(),
                      sampleRoot_.load()};
}

void ResonatorSynth::controlTick() noexcept {
  const std::uint64_t generation = params_.generation();
  const bool compatibility = compatibility_.load(std::memory_order_relaxed);
  const double sensitivity = velocitySensitivity_.load(std::memory_order_relaxed);
  if (generation != snapshotGeneration_) {
    for (std::size_t i = 0; i < params_.size(); ++i) baseValues_[i] = params_.value(i);
    ++baseVersion_;
  }
  const bool snapshotStale = generation != snapshotGeneration_ ||
                             compatibility != snapshot_.resonariumCompatibility ||
                             sensitivity != snapshot_.velocitySensitivity;
  if (snapshotStale) {
    snapshotGeneration_ = generation;
    snapshot_.update(ParamValues{baseValues_.get()}, ids_, compatibility, sensitivity);
  }
  matrix_.acquire();
  if (sample_.acquire()) {
    // Voices must let go of the old sample before the control thread frees it.
    for (int v = 0; v < kMaxVoices; ++v) voices_[v].dropSample();
  }
  const ModClock clock = controlClock();
  globalModulation_.tick(*matrix_.current(), baseValues_.get(), ids_, clock, globalSources_.data(),
                         globalRightSources_.data());
  // The global chain's parameters hear the mono sources (macros, mono LFOs, random walks and
  // MSEGs), as gin's matrix gives them to whatever no voice plays.
  const CompiledModulation& matrix = *matrix_.current();
  if (matrix.empty()) {
    effects_.configure(snapshot_.effects, clock.tempoBpm);  // a comparison when unchanged
  } else {
    // From the base values again when they or the routes changed (a destination a route no
    // longer reaches must fall back to its base value); the effects are re-read only when a
    // value they read may have moved.
    const bool fresh = globalValuesVersion_ != baseVersion_ || globalMatrix_ != &matrix;
    if (fresh) {
      std::memcpy(globalValues_.get(), baseValues_.get(), sizeof(float) * params_.size());
      globalValuesVersion_ = baseVersion_;
      globalMatrix_ = &matrix;
    }
    const bool moved =
        evaluateRoutes(matrix, baseValues_.get(), globalSources_.data(), globalValues_.get(), true);
    if (fresh || moved || snapshotStale)
      readEffects(ParamValues{globalValues_.get()}, ids_.effects, compatibility, globalEffects_);
    effects_.configure(globalEffects_, clock.tempoBpm);
  }
  const VoiceContext context = voiceContext(clock);
  updateConstantNote();
  for (int v = 0; v < kMaxVoices; ++v) {
    SynthVoice& voice = voices_[v];
    if (!voice.isActive()) continue;
    // Bends reach the voices here, ramped over the next control interval like every coefficient.
    voice.setPitchBend(bendSemitones(voice.channel()));
    voice.setExpression(pressureFor(voice.channel()), channels_[voice.channel()].timbre);
    voice.controlTick(context, channels_[voice.channel()].bend,
                      channels_[voice.channel()].controllers);
  }
}

void ResonatorSynth::startNote(int note, float velocity, int channel) noexcept {
  const int usable = std::clamp(snapshot_.numVoices, 1, kMaxVoices);
  SynthVoice* chosen = nullptr;
  for (int v = 0; v < usable && !chosen; ++v)
    if (!voices_[v].isActive() && v != constantVoice_) chosen = &voices_[v];
  if (!chosen) {  // steal the oldest (never the constant-note voice)
    for (int v = 0; v < usable; ++v)
      if (v != constantVoice_ && (!chosen || voices_[v].order() < chosen->order()))
        chosen = &voices_[v];
    if (!chosen) return;
    chosen->stop();
  }
  chosen->setExpression(pressureFor(channel), channels_[channel].timbre);
  const ModClock clock = controlClock();
  const VoiceContext context = voiceContext(clock);
  chosen->start(note, velocity, channel, ++noteCounter_, bendSemitones(channel), context,
                channels_[channel].bend, channels_[channel].controllers);
}

void ResonatorSynth::releaseNote(int note, int channel) noexcept {
  const bool pedal = pedalDown(channel);
  for (int v = 0; v < kMaxVoices; ++v) {
    SynthVoice& voice = voices_[v];
    if (v == constantVoice_) continue;  // played by the input, not by keys
    if (!voice.isHeld() || voice.note() != note || voice.channel() != channel) continue;
    if (pedal)
      voice.sustain();  // released when the pedal comes up
    else
      voice.release();
  }
}

void ResonatorSynth::updateConstantNote() noexcept {
  const auto& in = snapshot_.externalInput;
  const bool wanted = in.enabled && in.constantNote;
  if (constantVoice_ >= 0 && (!wanted || !voices_[constantVoice_].isActive())) {
    if (voices_[constantVoice_].isHeld()) voices_[constantVoice_].release();
    constantVoice_ = -1;
  }
  if (!wanted || constantVoice_ >= 0) return;
  // Hold one voice at the requested frequency: the nearest key plus the remaining detune.
  const double note = 69.0 + 12.0 * std::log2(std::max(in.constantNoteHz, 1.0) / 440.0);
  const int key = std::clamp(static_cast<int>(std::lround(note)), 0, 127);
  startNote(key, 1.0f, 0);
  for (int v = 0; v < kMaxVoices; ++v) {
    if (voices_[v].isActive() && voices_[v].order() == noteCounter_) {
      constantVoice_ = v;
      voices_[v].setDetune(static_cast<float>(note - key));
    }
  }
}

void ResonatorSynth::controlChange(int channel, int controller, float value) noexcept {
  ChannelState& state = channels_[channel];
  state.controllers[controller] = value;
  const int data = static_cast<int>(std::lround(value * 127.0f));
  auto forChannel = [&](auto&& action) {
    for (int v = 0; v < kMaxVoices; ++v) {
      SynthVoice& voice = voices_[v];
      const bool onChannel = voice.channel() == channel || (mpe_.load() && channel == 0);
      if (voice.isActive() && onChannel) action(voice);
    }
  };
  switch (controller) {
    case 6:  // data entry MSB: for RPN 0, the bend range in semitones
      if (state.rpn == 0) state.bendRangeOverride = static_cast<float>(data);
      break;
    case 38:  // data entry LSB: cents of the bend range
      if (state.rpn == 0 && state.bendRangeOverride >= 0.0f)
        state.bendRangeOverride =
            std::floor(state.bendRangeOverride) + static_cast<float>(data) / 100.0f;
      break;
    case 64: {  // sustain pedal
      const bool down = data >= 64;
      if (state.pedal && !down) {
        state.pedal = false;
        forChannel([&](SynthVoice& voice) {
          if (voice.isSustained() && !pedalDown(voice.channel())) voice.release();
        });
      }
      state.pedal = down;
      break;
    }
    case 74:
      state.timbre = value;
      break;
    case 98:
    case 99:
      state.rpn = 0x3FFF;  // an NRPN deselects the RPN
      break;
    case 100:
      state.rpn = (state.rpn & 0x3F80) | data;
      break;
    case 101:
      state.rpn = (state.rpn & 0x7F) | (data << 7);
      break;
    case 120:  // all sound off
      forChannel([](SynthVoice& voice) { voice.stop(); });
      break;
    case 121:  // reset all controllers
      state.bend = state.pressure = 0.0f;
      state.timbre = 0.5f;
      controlChange(channel, 64, 0.0f);
      break;
    case 123:  // all notes off (the pedal still holds them, as MIDI asks)
      forChannel([&](SynthVoice& voice) {
        if (!voice.isHeld()) return;
        if (pedalDown(voice.channel()))
          voice.sustain();
        else
          voice.release();
      });
      break;
    default:
      break;
  }
}

void ResonatorSynth::apply(const PerformanceEvent& e) noexcept {
  switch (e.type) {
    case PerformanceEventType::NoteOn:
      if (e.value > 0.0f) {
        startNote(e.number, e.value, e.channel);
      } else {
        releaseNote(e.number, e.channel);  // MIDI convention: note-on with velocity 0 is note-off
      }
      break;
    case PerformanceEventType::NoteOff:
      releaseNote(e.number, e.channel);
      break;
    case PerformanceEventType::AllNotesOff:
      for (int v = 0; v < kMaxVoices; ++v)
        if (voices_[v].isHeld()) voices_[v].release();
      break;
    case PerformanceEventType::PitchBend:
      channels_[e.channel].bend = e.value;
      break;
    case PerformanceEventType::ChannelPressure:
      channels_[e.channel].pressure = e.value;
      break;
    case PerformanceEventType::PolyPressure:
      for (int v = 0; v < kMaxVoices; ++v) {
        SynthVoice& voice = voices_[v];
        if (voice.isActive() && voice.note() == e.number && voice.channel() == e.channel)
          voice.setPolyPressure(e.value);
      }
      break;
    case PerformanceEventType::ControlChange:
      controlChange(e.channel, e.number, e.value);
      break;
    case PerformanceEventType::ProgramChange:
      break;  // one instrument, no programs: accepted and ignored
  }
}

void ResonatorSynth::renderVoices(float* left, float* right, int frames, const float* const* input,
                                  int inputChannels) noexcept {
  for (int v = 0; v < kMaxVoices; ++v) voices_[v].beginRender(frames, input, inputChannels);
  LaneBatch* batch = resonatorLanesAvailable() ? &lanes_ : nullptr;
  for (int b = 0; b < kNumBanks; ++b) {
    lanes_.clear(frames);
    for (int v = 0; v < kMaxVoices; ++v) voices_[v].startBank(b, batch);
    lanes_.run();
    for (int v = 0; v < kMaxVoices; ++v) voices_[v].finishBank(b);
  }
  // Voices whose per-voice chains run an Airwindows amp run it side by side with others of the
  // same model (bit for bit what each would give alone, a fraction of the time).
  dsp::AirwindowsAmp* amps[2][dsp::AirwindowsAmp::kMaxTogether];
  float* ampLeft[2][dsp::AirwindowsAmp::kMaxTogether];
  float* ampRight[2][dsp::AirwindowsAmp::kMaxTogether];
  int waiting[2] = {0, 0};
  auto runAmps = [&](int model) {
    dsp::AirwindowsAmp::processTogether(amps[model], waiting[model], ampLeft[model],
                                        ampRight[model], frames);
    waiting[model] = 0;
  };
  for (int v = 0; v < kMaxVoices; ++v) {
    SynthVoice& voice = voices_[v];
    dsp::AirwindowsAmp* amp = voice.endRender();
    if (!amp) continue;
    const int model = amp->runsLead() ? 0 : 1;
    const int k = waiting[model]++;
    amps[model][k] = amp;
    ampLeft[model][k] = voice.ampChannel(0);
    ampRight[model][k] = voice.ampChannel(1);
    if (waiting[model] == dsp::AirwindowsAmp::kMaxTogether) runAmps(model);
  }
  for (int model = 0; model < 2; ++model)
    if (waiting[model] > 0) runAmps(model);
  for (int v = 0; v < kMaxVoices; ++v) voices_[v].addTo(left, right);
}

void ResonatorSynth::process(AudioBlockView out, const AudioBlockView* input) noexcept {
  ScopedFlushDenormals noDenormals;
  out.clear();
  const int frames = out.numFrames();
  float* left = out.channel(0);
  float* right = out.channel(1);
  int pos = 0;
  while (pos < frames) {
    const int intoInterval = static_cast<int>(framesRendered_ % kControlInterval);
    if (intoInterval == 0) controlTick();
    while (!schedule_.empty() && schedule_.front().frame <= pos) {
      apply(schedule_.front());
      schedule_.popFront();
    }
    int end = std::min(frames, pos + (kControlInterval - intoInterval));
    if (!schedule_.empty() && schedule_.front().frame < end)
      end = static_cast<int>(schedule_.front().frame);
    const int n = end - pos;
    const float* inputAt[2] = {nullptr, nullptr};
    const int inputChannels = input ? std::min(input->numChannels(), 2) : 0;
    for (int c = 0; c < inputChannels; ++c) {
      // A NaN or infinity in the input would ring in the resonators for the rest of the note:
      // it is heard as silence instead.
      dsp::copyFinite(input->channel(c) + pos, inputScratch_[c].data(), n);
      inputAt[c] = inputScratch_[c].data();
    }
    renderVoices(left + pos, right + pos, n, inputChannels ? inputAt : nullptr, inputChannels);
    if (inputChannels && snapshot_.externalInput.enabled) {
      // The dry share of the input passes to the output once, beside the voices.
      const auto dry =
          static_cast<float>(std::cos(snapshot_.externalInput.mix * 1.5707963267948966));
      for (int i = 0; i < n; ++i) {
        left[pos + i] += dry * inputAt[0][i];
        right[pos + i] += dry * inputAt[inputChannels > 1 ? 1 : 0][i];
      }
    }
    if (!snapshot_.polyEffectChain && effects_.active())
      effects_.process(left + pos, right + pos, n);
    pos = end;
    framesRendered_ += static_cast<std::uint64_t>(n);
  }
  schedule_.advance(frames);
}

void ResonatorSynth::render(AudioBlockView out, int blockSize,
                            const AudioBlockView* input) noexcept {
  const int size = std::max(1, blockSize);
  for (int start = 0; start < out.numFrames(); start += size) {
    const int n = std::min(size, out.numFrames() - start);
    if (input) {
      const AudioBlockView part = input->subBlock(start, n);
      process(out.subBlock(start, n), &part);
    } else {
      process(out.subBlock(start, n));
    }
  }
}

}  // namespace tonewood::synth
