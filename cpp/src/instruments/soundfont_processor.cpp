#include "tonewood/instruments/soundfont_processor.hpp"

#include <fluidsynth.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string_view>

#include "tonewood/core/errors.hpp"

namespace tonewood::instruments {

namespace {

enum Param : std::size_t { kGainDb, kReverb, kChorus, kInterpolation };
constexpr int kInterpolationMethods[] = {FLUID_INTERP_NONE, FLUID_INTERP_LINEAR,
                                         FLUID_INTERP_4THORDER, FLUID_INTERP_7THORDER};
constexpr std::size_t kMaxPending = 4096;

std::vector<ParamInfo> soundFontParams() {
  return {ParamInfo::make("gain_db", "Gain", "dB", -60.0f, 20.0f, -14.0f),
          ParamInfo::toggle("reverb", "Reverb", true), ParamInfo::toggle("chorus", "Chorus", true),
          ParamInfo::choice("interpolation", "Interpolation",
                            {"none", "linear", "4th order", "7th order"}, 2)};
}

// FluidSynth reports to stderr by default; we report through exceptions instead.
const bool quietFluid = [] {
  for (int level : {FLUID_PANIC, FLUID_ERR, FLUID_WARN, FLUID_INFO, FLUID_DBG})
    fluid_set_log_function(level, nullptr, nullptr);
  return true;
}();

}  // namespace

std::string defaultGeneralMidiFont() {
  for (const char* path :
       {"/usr/share/sounds/sf2/default-GM.sf2", "/usr/share/sounds/sf3/default-GM.sf3",
        "/usr/share/sounds/sf2/FluidR3_GM.sf2", "/usr/share/sounds/sf3/FluidR3_GM.sf3",
        "/usr/share/sounds/sf2/TimGM6mb.sf2"}) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) return path;  // follows the link
  }
  return "";
}

struct SoundFontProcessor::Fluid {
  fluid_settings_t* settings = nullptr;
  fluid_synth_t* synth = nullptr;
  std::vector<int> ids;  ///< FluidSynth's id of each font, in loading order

  Fluid(double sampleRate, int polyphony, bool stems) {
    (void)quietFluid;
    settings = new_fluid_settings();
    synth = nullptr;
    if (!settings) throw Error("FluidSynth could not create its settings");
    fluid_settings_setnum(settings, "synth.sample-rate", sampleRate);
    fluid_settings_setint(settings, "synth.polyphony", polyphony);
    // One thread (the audio thread) drives the synth: no lock around every call.
    fluid_settings_setint(settings, "synth.threadsafe-api", 0);
    fluid_settings_setint(settings, "synth.cpu-cores", 1);
    if (stems) {  // MIDI channel c plays into audio group c
      fluid_settings_setint(settings, "synth.audio-channels", kChannels);
      fluid_settings_setint(settings, "synth.audio-groups", kChannels);
    }
    synth = new_fluid_synth(settings);
    if (!synth) {
      delete_fluid_settings(settings);
      throw Error("FluidSynth could not create a synth at " + formatNumber(sampleRate) + " Hz");
    }
  }
  ~Fluid() {
    if (synth) delete_fluid_synth(synth);
    if (settings) delete_fluid_settings(settings);
  }
  Fluid(const Fluid&) = delete;
  Fluid& operator=(const Fluid&) = delete;

  int load(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
      throw AudioFileError("'" + path + "': no such SoundFont file");
    if (std::filesystem::is_directory(path, ec))
      throw AudioFileError("'" + path + "': it is a directory, not a SoundFont file");
    // FluidSynth would hand other files to its DLS reader, which complains on stderr: only RIFF
    // files of the SoundFont ("sfbk") or DLS kind go to it.
    char header[12] = {};
    std::ifstream(path, std::ios::binary).read(header, sizeof header);
    const std::string_view form(header + 8, 4);
    if (std::string_view(header, 4) != "RIFF" || (form != "sfbk" && form != "DLS "))
      throw AudioFileError("'" + path + "': not a SoundFont (SF2 or SF3) FluidSynth can read");
    const int id = fluid_synth_sfload(synth, path.c_str(), 1);
    if (id == FLUID_FAILED)
      throw AudioFileError("'" + path + "': not a SoundFont (SF2 or SF3) FluidSynth can read");
    ids.push_back(id);
    return id;
  }
};

SoundFontProcessor::SoundFontProcessor(int polyphony, bool stems)
    : Processor("soundfont", soundFontParams(), {0, 2, true, false}),
      polyphony_(polyphony),
      stems_(stems) {
  requireInRange("polyphony", polyphony, 1, 65535, "voices");
  pending_.resize(kMaxPending);
  fluid_ = std::make_unique<Fluid>(48000.0, polyphony_, stems_);
}

SoundFontProcessor::~SoundFontProcessor() = default;

int SoundFontProcessor::loadFont(const std::string& path) {
  if (isHosted())
    throw InvalidArgumentError("load SoundFonts before the processor joins an engine (" + path +
                               ")");
  const int id = fluid_->load(path);
  paths_.push_back(path);
  const int font = static_cast<int>(paths_.size());
  fluid_sfont_t* sfont = fluid_synth_get_sfont_by_id(fluid_->synth, id);
  fluid_sfont_iteration_start(sfont);
  while (fluid_preset_t* p = fluid_sfont_iteration_next(sfont))
    presets_.push_back(
        {font, fluid_preset_get_banknum(p), fluid_preset_get_num(p), fluid_preset_get_name(p)});
  std::stable_sort(presets_.begin(), presets_.end(), [](const auto& a, const auto& b) {
    return std::tie(a.font, a.bank, a.program) < std::tie(b.font, b.bank, b.program);
  });
  fluid_synth_program_reset(fluid_->synth);
  return font;
}

void SoundFontProcessor::build(double sampleRate) {
  auto fresh = std::make_unique<Fluid>(sampleRate, polyphony_, stems_);
  for (const std::string& path : paths_) fresh->load(path);
  fluid_ = std::move(fresh);
}

void SoundFontProcessor::prepareToPlay(const ProcessSpec& spec) {
  double rate = 0.0;
  fluid_settings_getnum(fluid_->settings, "synth.sample-rate", &rate);
  if (rate != spec.sampleRate) build(spec.sampleRate);
  applySettings();
}

void SoundFontProcessor::applySettings() noexcept {
  for (std::size_t i = 0; i < applied_.size(); ++i) applied_[i] = value(i);
  fluid_synth_set_gain(fluid_->synth, static_cast<float>(std::pow(10.0, value(kGainDb) / 20.0)));
  fluid_synth_reverb_on(fluid_->synth, -1, value(kReverb) >= 0.5f ? 1 : 0);
  fluid_synth_chorus_on(fluid_->synth, -1, value(kChorus) >= 0.5f ? 1 : 0);
  const auto method =
      static_cast<std::size_t>(std::clamp(std::lround(value(kInterpolation)), 0L, 3L));
  fluid_synth_set_interp_method(fluid_->synth, -1, kInterpolationMethods[method]);
}

void SoundFontProcessor::parameterChanged(std::size_t index, float value) noexcept {
  (void)index, (void)value;
  applySettings();
}

void SoundFontProcessor::resetState() noexcept {
  fluid_synth_system_reset(fluid_->synth);
  applySettings();
  Pending dropped;
  while (inbox_.pop(dropped)) {
  }
  pendingHead_ = pendingCount_ = 0;
  blockUsed_ = kGrid;
  nextBlock_ = streamFrame_ = 0;
}

void SoundFontProcessor::schedule(const std::uint8_t* bytes, int size, std::int64_t frame) {
  if (size < 1 || size > 3 || bytes[0] < 0x80 || bytes[0] >= 0xF0)
    throw InvalidArgumentError("a SoundFont instrument takes MIDI channel messages of 1..3 bytes");
  if (frame < 0) throw OutOfRangeError("frame must be 0 or more, got " + std::to_string(frame));
  Pending p{
      frame,
      {bytes[0], size > 1 ? bytes[1] : std::uint8_t{0}, size > 2 ? bytes[2] : std::uint8_t{0}},
      static_cast<std::uint8_t>(size)};
  if (!inbox_.push(p))
    throw CapacityError("too many pending events (4096 wait); render some audio first");
}

void SoundFontProcessor::add(std::int64_t frame, const std::uint8_t* bytes, int size) noexcept {
  if (size < 1 || bytes[0] < 0x80 || bytes[0] >= 0xF0) return;  // channel messages only
  if (pendingCount_ == kMaxPending) {
    ++dropped_;
    return;
  }
  Pending p{
      frame,
      {bytes[0], size > 1 ? bytes[1] : std::uint8_t{0}, size > 2 ? bytes[2] : std::uint8_t{0}},
      static_cast<std::uint8_t>(std::min(size, 3))};
  // Events come in frame order; one queued earlier for a later frame is moved past.
  std::size_t at = pendingCount_;
  while (at > 0 && pending_[(pendingHead_ + at - 1) % kMaxPending].frame > frame) {
    pending_[(pendingHead_ + at) % kMaxPending] = pending_[(pendingHead_ + at - 1) % kMaxPending];
    --at;
  }
  pending_[(pendingHead_ + at) % kMaxPending] = p;
  ++pendingCount_;
}

void SoundFontProcessor::addUmp(std::int64_t frame, const std::uint32_t* words,
                                int count) noexcept {
  const std::uint32_t w = words[0];
  const auto type = w >> 28;
  const auto status = static_cast<std::uint8_t>((w >> 16) & 0xFF);
  const auto kind = status >> 4;
  if (type == 0x2) {  // a MIDI 1.0 channel voice message as it stands
    const std::uint8_t bytes[3] = {status, static_cast<std::uint8_t>((w >> 8) & 0x7F),
                                   static_cast<std::uint8_t>(w & 0x7F)};
    add(frame, bytes, kind == 0xC || kind == 0xD ? 2 : 3);
    return;
  }
  if (type != 0x4 || count < 2) return;
  // MIDI 2.0 channel voice: values scaled down to MIDI 1.0's resolution.
  const std::uint32_t data = words[1];
  const auto index = static_cast<std::uint8_t>((w >> 8) & 0x7F);
  const std::uint8_t channel = status & 0x0F;
  auto seven = [](std::uint32_t v, int bits) { return static_cast<std::uint8_t>(v >> (bits - 7)); };
  switch (kind) {
    case 0x8:
    case 0x9: {
      std::uint8_t velocity = seven(data >> 16, 16);
      if (kind == 0x9 && velocity == 0) velocity = 1;  // MIDI 2.0 velocity 0 is still a note on
      const std::uint8_t bytes[3] = {status, index, velocity};
      add(frame, bytes, 3);
      break;
    }
    case 0xA:
    case 0xB: {
      const std::uint8_t bytes[3] = {status, index, seven(data, 32)};
      add(frame, bytes, 3);
      break;
    }
    case 0xC: {
      if (w & 1) {  // bank valid: bank select first
        const std::uint8_t msb[3] = {static_cast<std::uint8_t>(0xB0 | channel), 0,
                                     static_cast<std::uint8_t>((data >> 8) & 0x7F)};
        const std::uint8_t lsb[3] = {static_cast<std::uint8_t>(0xB0 | channel), 32,
                                     static_cast<std::uint8_t>(data & 0x7F)};
        add(frame, msb, 3);
        add(frame, lsb, 3);
      }
      const std::uint8_t bytes[2] = {status, static_cast<std::uint8_t>((data >> 24) & 0x7F)};
      add(frame, bytes, 2);
      break;
    }
    case 0xD: {
      const std::uint8_t bytes[2] = {status, seven(data, 32)};
      add(frame, bytes, 2);
      break;
    }
    case 0xE: {
      const std::uint32_t bend = data >> 18;  // 14 bits
      const std::uint8_t bytes[3] = {status, static_cast<std::uint8_t>(bend & 0x7F),
                                     static_cast<std::uint8_t>(bend >> 7)};
      add(frame, bytes, 3);
      break;
    }
    default:
      break;  // per-note controllers and management: FluidSynth has no use for them
  }
}

void SoundFontProcessor::send(const Pending& e) noexcept {
  fluid_synth_t* s = fluid_->synth;
  const int channel = e.bytes[0] & 0x0F, a = e.bytes[1] & 0x7F, b = e.bytes[2] & 0x7F;
  switch (e.bytes[0] >> 4) {
    case 0x8:
      fluid_synth_noteoff(s, channel, a);
      break;
    case 0x9:
      if (b == 0)
        fluid_synth_noteoff(s, channel, a);
      else
        fluid_synth_noteon(s, channel, a, b);
      break;
    case 0xA:
      fluid_synth_key_pressure(s, channel, a, b);
      break;
    case 0xB:
      fluid_synth_cc(s, channel, a, b);
      break;
    case 0xC:
      fluid_synth_program_change(s, channel, a);
      break;
    case 0xD:
      fluid_synth_channel_pressure(s, channel, a);
      break;
    case 0xE:
      fluid_synth_pitch_bend(s, channel, a | (b << 7));
      break;
    default:
      break;
  }
}

void SoundFontProcessor::renderGridBlock() noexcept {
  for (auto& channel : block_) channel.fill(0.0f);
  if (!stems_) {
    fluid_synth_write_float(fluid_->synth, kGrid, block_[0].data(), 0, 1, block_[1].data(), 0, 1);
    return;
  }
  // Dry stems straight into their pairs; the reverb and the chorus (each a stereo pair) both
  // into the last pair, which FluidSynth adds to rather than overwrites.
  float* dry[2 * kChannels];
  for (int c = 0; c < 2 * kChannels; ++c) dry[c] = block_[static_cast<std::size_t>(c)].data();
  float* effects[4] = {block_[32].data(), block_[33].data(), block_[32].data(), block_[33].data()};
  fluid_synth_process(fluid_->synth, kGrid, 4, effects, 2 * kChannels, dry);
  for (int side = 0; side < 2; ++side) {
    auto& mix = block_[static_cast<std::size_t>(kStemOutputs + side)];
    for (int c = side; c < kStemOutputs; c += 2)
      for (int i = 0; i < kGrid; ++i)
        mix[static_cast<std::size_t>(i)] +=
            block_[static_cast<std::size_t>(c)][static_cast<std::size_t>(i)];
  }
}

void SoundFontProcessor::produce(float* const* rows, int firstChannel, int channels,
                                 int frames) noexcept {
  int done = 0;
  while (done < frames) {
    if (blockUsed_ == kGrid) {
      // Every event before this boundary is applied now (the first boundary after each one).
      while (pendingCount_ > 0 && pending_[pendingHead_].frame < nextBlock_) {
        send(pending_[pendingHead_]);
        pendingHead_ = (pendingHead_ + 1) % kMaxPending;
        --pendingCount_;
      }
      renderGridBlock();
      blockUsed_ = 0;
      nextBlock_ += kGrid;
    }
    const int n = std::min(frames - done, kGrid - blockUsed_);
    for (int c = 0; c < channels; ++c)
      std::copy_n(block_[static_cast<std::size_t>(firstChannel + c)].data() + blockUsed_, n,
                  rows[c] + done);
    blockUsed_ += n;
    done += n;
  }
  streamFrame_ += frames;
}

void SoundFontProcessor::takeQueued() noexcept {
  Pending p;
  while (inbox_.pop(p)) add(streamFrame_ + p.frame, p.bytes, p.size);
}

void SoundFontProcessor::render(const graph::ProcessContext& c) noexcept {
  takeQueued();
  for (const graph::Event& e : *c.events) {
    const std::int64_t frame = streamFrame_ + e.frame;
    if (e.kind == graph::EventKind::Midi)
      add(frame, e.bytes, e.size);
    else if (e.kind == graph::EventKind::Ump)
      addUmp(frame, e.words, e.size);
  }
  float* rows[2] = {c.output.channel(0), c.output.channel(1)};
  produce(rows, stems_ ? kStemOutputs : 0, 2, c.frames);
}

void SoundFontProcessor::beginAlone() noexcept {
  // Without a graph no block hands over parameter changes: they are picked up here.
  for (std::size_t i = 0; i < applied_.size(); ++i)
    if (value(i) != applied_[i]) {
      applySettings();
      break;
    }
  takeQueued();
}

void SoundFontProcessor::renderAlone(AudioBlockView out) noexcept {
  beginAlone();
  float* rows[2] = {out.channel(0), out.channel(1)};
  produce(rows, stems_ ? kStemOutputs : 0, 2, out.numFrames());
}

void SoundFontProcessor::renderStemsAlone(float* const* rows, int frames) noexcept {
  if (!stems_) return;
  beginAlone();
  produce(rows, 0, kStemOutputs, frames);
}

}  // namespace tonewood::instruments
