#include "tonewood/timeline/audio_clip.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <vector>

#include "tonewood/core/errors.hpp"
#include "tonewood/io/audio_file.hpp"
#include "tonewood/io/resampling.hpp"
#include "tonewood/io/time_stretch.hpp"

namespace tonewood::timeline {

namespace {

constexpr int kTrackChannels = 2;
constexpr double kMinGainDb = -120.0, kMaxGainDb = 24.0;

void requireTrackChannels(const std::string& what, int channels) {
  requireInRange(what + " channels", channels, 1, kTrackChannels, "(tracks are stereo)");
}

std::int64_t framesOf(double seconds, double rate) {
  return static_cast<std::int64_t>(std::llround(seconds * rate));
}

}  // namespace

void requirePosition(const std::string& what, Position position) {
  requireInRange(what, position.value, 0.0, std::numeric_limits<double>::max(),
                 position.unit == Position::Unit::Beats ? "beats" : "s");
}

std::string Position::describe() const {
  return unit == Unit::Beats ? "beat " + formatNumber(value) : formatNumber(value) + " s";
}

namespace {

AudioBuffer decode(const std::string& path) {
  io::AudioFile file = io::AudioFile::openRead(path);
  AudioBuffer audio(file.channels(), static_cast<int>(file.frames()));
  std::vector<float*> rows;
  for (int c = 0; c < file.channels(); ++c) rows.push_back(audio.channel(c));
  const std::int64_t got = file.read(rows.data(), file.frames());
  if (got != file.frames())
    throw AudioFileError("'" + path + "' ended after " + std::to_string(got) + " of its " +
                         std::to_string(file.frames()) + " frames");
  return audio;
}

}  // namespace

std::shared_ptr<const AudioSource> AudioSource::fromFile(const std::string& path,
                                                         SourceLoading loading) {
  io::AudioFile file = io::AudioFile::openRead(path);
  requireTrackChannels("'" + path + "'", file.channels());
  if (file.frames() <= 0 || file.frames() > std::numeric_limits<int>::max())
    throw AudioFileError("'" + path + "' holds " + std::to_string(file.frames()) +
                         " frames; a clip's source holds 1 to 2147483647");
  std::shared_ptr<AudioSource> s(new AudioSource);
  s->path_ = path;
  s->name_ = std::filesystem::path(path).filename().string();
  s->sampleRate_ = file.sampleRate();
  s->channels_ = file.channels();
  s->frames_ = file.frames();
  s->streamed_ = loading == SourceLoading::Stream;
  if (!s->streamed_) {
    s->audio_ = decode(path);
    s->decoded_ = true;
  }
  return s;
}

std::shared_ptr<const AudioSource> AudioSource::fromAudio(const AudioBlockView& audio,
                                                          double sampleRate, std::string name) {
  requireTrackChannels("a clip's audio", audio.numChannels());
  requireInRange("a clip's audio frames", audio.numFrames(), 1, std::numeric_limits<int>::max(),
                 "");
  requireInRange("a clip's sample rate", sampleRate, 1000.0, 768000.0, "Hz");
  std::shared_ptr<AudioSource> s(new AudioSource);
  s->name_ = std::move(name);
  s->sampleRate_ = sampleRate;
  s->channels_ = audio.numChannels();
  s->frames_ = audio.numFrames();
  s->decoded_ = true;
  s->audio_ = AudioBuffer(audio.numChannels(), audio.numFrames());
  for (int c = 0; c < audio.numChannels(); ++c)
    std::memcpy(s->audio_.channel(c), audio.channel(c),
                static_cast<std::size_t>(audio.numFrames()) * sizeof(float));
  return s;
}

const AudioBuffer& AudioSource::audio() const {
  const std::lock_guard lock(mutex_);
  if (!decoded_) {
    AudioBuffer audio = decode(path_);
    if (audio.numChannels() != channels_ || audio.numFrames() != frames_)
      throw AudioFileError("'" + path_ + "' changed on disk since it was opened");
    audio_ = std::move(audio);
    decoded_ = true;
  }
  return audio_;
}

std::int64_t AudioSource::framesAt(double rate) const noexcept {
  return rate == sampleRate_ ? frames_ : io::resampledFrames(frames_, sampleRate_, rate);
}

std::shared_ptr<const AudioBuffer> AudioSource::at(double rate) const {
  // The original is shared, not copied (kept out of the map: it would hold its own owner).
  if (rate == sampleRate_) return {shared_from_this(), &audio()};
  audio();
  const std::lock_guard lock(mutex_);
  auto& kept = converted_[rate];
  if (!kept)  // resampleAudio only reads the view it is given
    kept = std::make_shared<const AudioBuffer>(
        io::resampleAudio(const_cast<AudioBuffer&>(audio_).view(), sampleRate_, rate));
  return kept;
}

std::shared_ptr<const AudioBuffer> AudioSource::stretched(double rate, std::int64_t offset,
                                                          std::int64_t frames, double ratio) const {
  const std::shared_ptr<const AudioBuffer> audio = at(rate);
  const std::lock_guard lock(mutex_);
  auto& kept = stretched_[{rate, offset, frames, ratio}];
  if (!kept) {
    float* rows[2] = {nullptr, nullptr};
    for (int c = 0; c < audio->numChannels(); ++c)
      rows[c] = const_cast<float*>(audio->channel(c)) + offset;  // only read
    const AudioBlockView region(rows, audio->numChannels(), static_cast<int>(frames));
    kept = std::make_shared<const AudioBuffer>(io::timeStretch(region, rate, ratio, 0.0));
  }
  return kept;
}

double AudioClip::stretchRatio(const TempoMap& map) const noexcept {
  if (sourceBpm <= 0.0) return 1.0;
  const double first = start.beatsOn(map), beats = playedSeconds() * sourceBpm / 60.0;
  return (map.secondsAt(first + beats) - map.secondsAt(first)) / playedSeconds();
}

double AudioClip::timelineSeconds(const TempoMap& map) const noexcept {
  return playedSeconds() * stretchRatio(map);
}

double AudioClip::regionSeconds() const noexcept {
  if (!source) return 0.0;
  return loopSeconds >= 0.0 ? loopSeconds : source->seconds() - offsetSeconds;
}

double AudioClip::playedSeconds() const noexcept {
  return lengthSeconds >= 0.0 ? lengthSeconds : regionSeconds();
}

void AudioClip::validate() const {
  const std::string label = name.empty() && source ? source->name() : name;
  const std::string what =
      label.empty() ? "the clip at " + start.describe() : "clip '" + label + "'";
  if (!source) throw InvalidArgumentError(what + " has no audio");
  requirePosition(what + " start", start);
  const double total = source->seconds();
  requireInRange(what + " offset", offsetSeconds, 0.0, total, "s");
  if (loopSeconds >= 0.0 || std::isnan(loopSeconds))
    requireInRange(what + " loop length", loopSeconds, 1.0 / source->sampleRate(),
                   total - offsetSeconds, "s");
  const double region = regionSeconds();
  if (region <= 0.0)
    throw OutOfRangeError(what + " offset " + formatNumber(offsetSeconds) +
                          " s leaves nothing of the source's " + formatNumber(total) + " s");
  if (lengthSeconds >= 0.0 || std::isnan(lengthSeconds))
    requireInRange(what + " length", lengthSeconds, 1.0 / source->sampleRate(),
                   loop ? std::numeric_limits<double>::max() : region,
                   loop ? "s" : "s (turn loop on to play past the source's end)");
  requireInRange(what + " gain", gainDb, kMinGainDb, kMaxGainDb, "dB");
  if (sourceBpm != 0.0)
    requireInRange(what + " source tempo", sourceBpm, TempoMap::kMinBpm, TempoMap::kMaxBpm,
                   "bpm (0: no stretch)");
  const double played = playedSeconds();
  requireInRange(what + " fade-in", fadeIn.seconds, 0.0, played, "s");
  requireInRange(what + " fade-out", fadeOut.seconds, 0.0, played - fadeIn.seconds,
                 "s (the fades may not overlap)");
}

ScheduledClip ScheduledClip::of(const AudioClip& clip, const TempoMap& map, double sampleRate) {
  clip.validate();
  ScheduledClip s;
  const double ratio = clip.stretchRatio(map);
  // A streamed source is read from its file unless the clip needs the whole region at once.
  if (clip.source->streamed() && !clip.reverse && clip.sourceBpm <= 0.0)
    s.file = clip.source->path();
  else
    s.audio = clip.source->at(sampleRate);
  const std::int64_t total = clip.source->framesAt(sampleRate);
  if (clip.sourceBpm > 0.0)
    requireInRange("clip '" + clip.name + "' stretch", ratio, io::kMinTimeRatio, io::kMaxTimeRatio,
                   "(the song's tempo over the source's)");
  s.start = clip.start.frameOn(map, sampleRate);
  s.offset = std::min(framesOf(clip.offsetSeconds, sampleRate), total - 1);
  s.region = clip.loopSeconds >= 0.0 ? framesOf(clip.loopSeconds, sampleRate) : total - s.offset;
  s.region = std::clamp<std::int64_t>(s.region, 1, total - s.offset);
  s.frames = clip.lengthSeconds >= 0.0
                 ? std::max<std::int64_t>(1, framesOf(clip.lengthSeconds, sampleRate))
                 : s.region;
  if (!clip.loop) s.frames = std::min(s.frames, s.region);
  if (clip.sourceBpm > 0.0) {  // the region stretched; the clip's length with it
    s.audio = clip.source->stretched(sampleRate, s.offset, s.region, ratio);
    s.offset = 0;
    s.region = s.audio->numFrames();
    s.frames = std::max<std::int64_t>(1, std::llround(static_cast<double>(s.frames) * ratio));
    if (!clip.loop) s.frames = std::min(s.frames, s.region);
  }
  s.loop = clip.loop;
  s.reverse = clip.reverse;
  s.gain = std::pow(10.0, clip.gainDb / 20.0);
  s.fadeIn = std::min(framesOf(clip.fadeIn.seconds, sampleRate), s.frames);
  s.fadeOut = std::min(framesOf(clip.fadeOut.seconds, sampleRate), s.frames - s.fadeIn);
  s.fadeInShape = clip.fadeIn.shape;
  s.fadeOutShape = clip.fadeOut.shape;
  return s;
}

}  // namespace tonewood::timeline
