#include "tonewood/graph/nodes/audio_player.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

#include "file_stream.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/dsp/vector_ops.hpp"
#include "tonewood/io/resampling.hpp"

namespace tonewood::graph {

namespace {

std::vector<ParamInfo> playerParams() {
  return {ParamInfo::make("gain_db", "Gain", "dB", -120.0f, 24.0f, 0.0f),
          ParamInfo::toggle("loop", "Loop", false),
          ParamInfo::make("loop_beats", "Loop Beats", "beats", 0.0f, 64.0f, 0.0f)};
}

int channelsOf(const AudioBlockView& audio) {
  requireInRange("audio channels", audio.numChannels(), 1, kMaxChannels, "channels");
  return audio.numChannels();
}

int channelsOfFile(const std::string& path) {
  return io::AudioFile::openRead(path).channels();
}

constexpr int kGlideFrames = 64;
constexpr double kAheadSeconds = 2.0;  // what the disk thread keeps ready

}  // namespace

AudioPlayer::AudioPlayer(const AudioBlockView& audio, double sampleRate)
    : Processor("audio player", playerParams(), {0, channelsOf(audio)}),
      sourceRate_(sampleRate),
      sourceFrames_(audio.numFrames()),
      original_(audio.numChannels(), audio.numFrames()) {
  requireInRange("sample rate", sampleRate, 1000.0, 768000.0, "Hz");
  for (int c = 0; c < audio.numChannels(); ++c)
    std::memcpy(original_.channel(c), audio.channel(c),
                static_cast<std::size_t>(audio.numFrames()) * sizeof(float));
}

AudioPlayer::AudioPlayer(const std::string& path)
    : Processor("audio player", playerParams(), {0, channelsOfFile(path)}), path_(path) {
  io::AudioFile file = io::AudioFile::openRead(path);
  sourceRate_ = file.sampleRate();
  sourceFrames_ = file.frames();
}

AudioPlayer::~AudioPlayer() = default;

std::int64_t AudioPlayer::lengthFrames() const noexcept {
  if (stream_) return stream_->frames();
  if (audio_.numChannels() > 0) return audio_.numFrames();
  return sourceFrames_;
}

void AudioPlayer::prepareToPlay(const ProcessSpec& spec) {
  if (!path_.empty()) {
    stream_ = std::make_unique<FileStream>(path_, spec.sampleRate, spec.maxBlockSize,
                                           static_cast<int>(kAheadSeconds * spec.sampleRate));
  } else if (sourceRate_ != spec.sampleRate) {
    audio_ = io::resampleAudio(original_.view(), sourceRate_, spec.sampleRate);
  } else {
    audio_ = AudioBuffer(original_.numChannels(), original_.numFrames());
    for (int c = 0; c < original_.numChannels(); ++c)
      std::memcpy(audio_.channel(c), original_.channel(c),
                  static_cast<std::size_t>(original_.numFrames()) * sizeof(float));
  }
  primed_ = false;
}

void AudioPlayer::resetState() noexcept {
  position_.store(0, std::memory_order_release);
  pass_ = -1;
  gain_ = gainTarget_;
  gainLeft_ = 0;
  primed_ = false;
}

void AudioPlayer::parameterChanged(std::size_t index, float value) noexcept {
  if (index != kGainDb) return;
  gainTarget_ = std::pow(10.0f, value / 20.0f);
  if (!primed_ || changeIsAutomation()) {
    gain_ = gainTarget_;
    gainLeft_ = 0;
  } else {
    gainStep_ = (gainTarget_ - gain_) / kGlideFrames;
    gainLeft_ = kGlideFrames;
  }
}

void AudioPlayer::fill(const ProcessContext& c, int at, std::int64_t from, int n) noexcept {
  float* rows[kMaxChannels];
  for (int ch = 0; ch < numOutputChannels(); ++ch) rows[ch] = c.output.channel(ch);
  if (stream_) {
    const bool loop = value(kLoop) >= 0.5f;
    if (!c.realtime) {
      stream_->readBlocking(from, loop, rows, at, n);
    } else if (!stream_->read(from, loop, rows, at, n)) {
      underruns_.fetch_add(1, std::memory_order_relaxed);
    }
    applyGain(rows, at, n);
    return;
  }
  // An array is read once: with a steady gain, scaled on the way (one pass over memory).
  int i = 0;
  if (gainLeft_ > 0) {
    i = std::min(n, gainLeft_);
    for (int ch = 0; ch < numOutputChannels(); ++ch)
      std::memcpy(rows[ch] + at, audio_.channel(ch) + from,
                  static_cast<std::size_t>(i) * sizeof(float));
    applyGain(rows, at, i);
  }
  if (i == n) return;
  for (int ch = 0; ch < numOutputChannels(); ++ch) {
    const float* source = audio_.channel(ch) + from + i;
    if (gain_ == 1.0f)
      std::memcpy(rows[ch] + at + i, source, static_cast<std::size_t>(n - i) * sizeof(float));
    else
      dsp::copyScaled(source, gain_, rows[ch] + at + i, n - i);
  }
}

void AudioPlayer::applyGain(float* const* rows, int at, int n) noexcept {
  int i = 0;
  for (; i < n && gainLeft_ > 0; ++i) {  // the glide after a change
    gain_ = --gainLeft_ == 0 ? gainTarget_ : gain_ + gainStep_;
    for (int ch = 0; ch < numOutputChannels(); ++ch) rows[ch][at + i] *= gain_;
  }
  if (gain_ != 1.0f && i < n)
    for (int ch = 0; ch < numOutputChannels(); ++ch)
      dsp::scaleInPlace(rows[ch] + at + i, gain_, n - i);
}

void AudioPlayer::renderBeatLoop(const ProcessContext& c, double beats) noexcept {
  const TransportPosition& t = *c.transport;
  const std::int64_t length = lengthFrames();
  if (t.jumped || pass_ < 0) {
    // Into a pass: as far into it as the beat is, at this tempo.
    const double into = t.beatAt(t.frame) - beats * std::floor(t.beatAt(t.frame) / beats + 1e-9);
    pass_ = std::max<std::int64_t>(0, std::llround(into / t.beatsPerFrame()));
  }
  int at = 0;
  while (at < c.frames) {
    const double next = beats * (std::floor(t.beatAt(t.frame + at) / beats + 1e-9) + 1.0);
    const int until = std::max(at + 1, firstFrameAtBeat(t, c.frames, next));
    const int n = until - at;
    const int sounding =
        static_cast<int>(std::clamp<std::int64_t>(length - pass_, 0, static_cast<std::int64_t>(n)));
    if (sounding > 0) {
      fill(c, at, pass_, sounding);
      position_.store(pass_ + sounding, std::memory_order_release);
    }
    for (int ch = 0; ch < numOutputChannels(); ++ch)
      std::fill_n(c.output.channel(ch) + at + sounding, n - sounding, 0.0f);
    pass_ += n;
    at = until;
    if (at < c.frames || firstFrameAtBeat(t, c.frames + 1, next) == c.frames) pass_ = 0;
  }
}

void AudioPlayer::render(const ProcessContext& c) noexcept {
  primed_ = true;
  const TransportPosition& t = *c.transport;
  const std::int64_t length = lengthFrames();
  const bool loop = value(kLoop) >= 0.5f && length > 0;
  const double beats = value(kLoopBeats);
  if (t.playing && beats > 0.0 && length > 0) {
    renderBeatLoop(c, beats);
    return;
  }
  pass_ = -1;
  int at = 0;
  if (t.playing) {
    std::int64_t p = t.frame - start_.load(std::memory_order_acquire);
    while (at < c.frames) {
      const int left = c.frames - at;
      if (p < 0) {  // before the start
        const int k = static_cast<int>(std::min<std::int64_t>(left, -p));
        for (int ch = 0; ch < numOutputChannels(); ++ch)
          std::fill_n(c.output.channel(ch) + at, k, 0.0f);
        at += k;
        p += k;
        continue;
      }
      const std::int64_t q = loop ? p % length : p;
      if (q >= length) break;  // after the end
      const int k = static_cast<int>(std::min<std::int64_t>(left, length - q));
      fill(c, at, q, k);
      position_.store(q + k, std::memory_order_release);
      at += k;
      p += k;
    }
  }
  for (int ch = 0; ch < numOutputChannels(); ++ch)
    std::fill(c.output.channel(ch) + at, c.output.channel(ch) + c.frames, 0.0f);
}

std::string AudioPlayer::saveExtraState() const {
  nlohmann::json extra;
  extra["start_frame"] = startFrame();
  if (!path_.empty()) extra["path"] = path_;
  return extra.dump();
}

void AudioPlayer::restoreExtraState(const std::string& json) {
  const nlohmann::json extra = nlohmann::json::parse(json);
  if (extra.is_object() && extra.contains("start_frame")) {
    if (!extra["start_frame"].is_number_integer())
      throw InvalidArgumentError("the audio player's start_frame must be a whole number");
    setStartFrame(extra["start_frame"].get<std::int64_t>());
  }
}

}  // namespace tonewood::graph
