#include "tonewood/io/time_stretch.hpp"

#include <rubberband/RubberBandStretcher.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "tonewood/core/errors.hpp"

namespace tonewood::io {

namespace {

using RubberBand::RubberBandStretcher;

void requireStretch(double sampleRate, double timeRatio, double pitchSemitones) {
  requireInRange("sample rate", sampleRate, 8000.0, 384000.0, "Hz");
  requireInRange("time ratio", timeRatio, kMinTimeRatio, kMaxTimeRatio, "");
  requireInRange("pitch shift", pitchSemitones, -kMaxShiftSemitones, kMaxShiftSemitones,
                 "semitones");
}

double pitchScale(double semitones) {
  return std::exp2(semitones / 12.0);
}

RubberBandStretcher::Options optionsFor(const StretchOptions& o, bool realTime) {
  // Threading off: results must not depend on scheduling, and the caller owns the threads.
  RubberBandStretcher::Options r =
      RubberBandStretcher::OptionThreadingNever | RubberBandStretcher::OptionChannelsTogether;
  r |= o.engine == StretchEngine::Finer ? RubberBandStretcher::OptionEngineFiner
                                        : RubberBandStretcher::OptionEngineFaster;
  if (o.preserveFormants) r |= RubberBandStretcher::OptionFormantPreserved;
  if (realTime)
    // Consistency lets the pitch move during the stream without clicks.
    r |= RubberBandStretcher::OptionProcessRealTime |
         RubberBandStretcher::OptionPitchHighConsistency;
  else
    r |= RubberBandStretcher::OptionProcessOffline | RubberBandStretcher::OptionPitchHighQuality;
  return r;
}

constexpr int kOfflineBlock = 8192;

}  // namespace

StretchEngine stretchEngineFromName(const std::string& name) {
  if (name == "finer") return StretchEngine::Finer;
  if (name == "faster") return StretchEngine::Faster;
  throw InvalidArgumentError("unknown stretch engine '" + name + "'; use finer or faster");
}

std::int64_t stretchedFrames(std::int64_t frames, double timeRatio) {
  requireInRange("time ratio", timeRatio, kMinTimeRatio, kMaxTimeRatio, "");
  return std::llround(static_cast<double>(frames) * timeRatio);
}

AudioBuffer timeStretch(const AudioBlockView& audio, double sampleRate, double timeRatio,
                        double pitchSemitones, const StretchOptions& options,
                        const ProgressCallback& progress) {
  requireStretch(sampleRate, timeRatio, pitchSemitones);
  const int channels = audio.numChannels();
  requireInRange("channel count", channels, 1, kMaxChannels, "");
  const std::int64_t total = stretchedFrames(audio.numFrames(), timeRatio);
  requireInRange("stretched length", static_cast<double>(total), 0, 2147483647.0, "frames");
  AudioBuffer out(channels, static_cast<int>(total));
  if (audio.numFrames() == 0) return out;

  RubberBandStretcher rb(static_cast<std::size_t>(sampleRate), static_cast<std::size_t>(channels),
                         optionsFor(options, false), timeRatio, pitchScale(pitchSemitones));
  rb.setExpectedInputDuration(static_cast<std::size_t>(audio.numFrames()));
  rb.setMaxProcessSize(kOfflineBlock);

  const float* in[kMaxChannels];
  float* rows[kMaxChannels];
  const int n = audio.numFrames();
  for (int start = 0; start < n; start += kOfflineBlock) {
    const int count = std::min(kOfflineBlock, n - start);
    for (int c = 0; c < channels; ++c) in[c] = audio.channel(c) + start;
    rb.study(in, static_cast<std::size_t>(count), start + count >= n);
  }
  std::int64_t written = 0;
  const auto collect = [&] {
    for (int ready = rb.available(); ready > 0 && written < total; ready = rb.available()) {
      const auto count = std::min<std::int64_t>(ready, total - written);
      for (int c = 0; c < channels; ++c) rows[c] = out.channel(c) + written;
      written += static_cast<std::int64_t>(rb.retrieve(rows, static_cast<std::size_t>(count)));
    }
  };
  for (int start = 0; start < n; start += kOfflineBlock) {
    const int count = std::min(kOfflineBlock, n - start);
    for (int c = 0; c < channels; ++c) in[c] = audio.channel(c) + start;
    rb.process(in, static_cast<std::size_t>(count), start + count >= n);
    collect();
    if (progress) progress(static_cast<double>(start + count) / n);
  }
  while (rb.available() > 0 && written < total) collect();
  // Rubber Band's offline output is normally exact; any shortfall stays silent (zeroed buffer).
  return out;
}

// ---------------------------------------------------------------------------------------------

struct Stretcher::Engine {
  Engine(double sampleRate, int channels, RubberBandStretcher::Options o, double ratio,
         double scale, int maxBlock)
      : rb(static_cast<std::size_t>(sampleRate), static_cast<std::size_t>(channels), o, ratio,
           scale),
        scratch(static_cast<std::size_t>(channels) * static_cast<std::size_t>(maxBlock), 0.0f) {
    rb.setMaxProcessSize(static_cast<std::size_t>(maxBlock));
  }
  RubberBandStretcher rb;
  std::vector<float> scratch;  // zeros for the start pad, or a sink for trimmed output
  std::int64_t toTrim = 0;     // start-delay frames still to discard
};

Stretcher::Stretcher(double sampleRate, int channels, double timeRatio, double pitchSemitones,
                     const StretchOptions& options, int maxBlockFrames)
    : sampleRate_(sampleRate),
      channels_(channels),
      timeRatio_(timeRatio),
      pitchSemitones_(pitchSemitones),
      options_(options),
      maxBlockFrames_(maxBlockFrames) {
  requireStretch(sampleRate, timeRatio, pitchSemitones);
  requireInRange("channel count", channels, 1, kMaxChannels, "");
  requireInRange("maximum block size", maxBlockFrames, 1, 65536, "frames");
  start();
}

Stretcher::~Stretcher() = default;

void Stretcher::start() {
  engine_ = std::make_unique<Engine>(sampleRate_, channels_, optionsFor(options_, true), timeRatio_,
                                     pitchScale(pitchSemitones_), maxBlockFrames_);
  RubberBandStretcher& rb = engine_->rb;
  // Rubber Band wants this much silence first; its output then lags by the start delay, which
  // is cut so output frame k belongs to input time k / ratio.
  auto pad = static_cast<std::int64_t>(rb.getPreferredStartPad());
  const float* zeros[kMaxChannels];
  for (int c = 0; c < channels_; ++c)
    zeros[c] = engine_->scratch.data() + static_cast<std::size_t>(c) * maxBlockFrames_;
  while (pad > 0) {
    const auto count = std::min<std::int64_t>(pad, maxBlockFrames_);
    rb.process(zeros, static_cast<std::size_t>(count), false);
    pad -= count;
  }
  startDelayFrames_ = static_cast<int>(rb.getStartDelay());
  engine_->toTrim = startDelayFrames_;
  windowFrames_ = static_cast<int>(rb.getSamplesRequired());
  inputFrames_ = outputFrames_ = 0;
  expectedOutput_ = 0.0;
  finishing_ = false;
}

int Stretcher::latencyFrames() const noexcept {
  // The analysis window must fill, then the trimmed start delay (output frames) must pass.
  return windowFrames_ + static_cast<int>(std::lround(startDelayFrames_ / timeRatio_));
}

void Stretcher::reset() {
  start();
}

void Stretcher::setTimeRatio(double timeRatio) {
  requireInRange("time ratio", timeRatio, kMinTimeRatio, kMaxTimeRatio, "");
  timeRatio_ = timeRatio;
  engine_->rb.setTimeRatio(timeRatio);
}

void Stretcher::setPitchSemitones(double semitones) {
  requireInRange("pitch shift", semitones, -kMaxShiftSemitones, kMaxShiftSemitones, "semitones");
  pitchSemitones_ = semitones;
  engine_->rb.setPitchScale(pitchScale(semitones));
}

void Stretcher::push(const float* const* in, int frames) {
  requireInRange("block size", frames, 0, maxBlockFrames_, "frames");
  if (finishing_) throw InvalidArgumentError("the stream has finished; call reset() first");
  if (frames == 0) return;
  engine_->rb.process(in, static_cast<std::size_t>(frames), false);
  inputFrames_ += frames;
  expectedOutput_ += frames * timeRatio_;
  drainEngine();
}

void Stretcher::drainEngine() noexcept {
  // Discards the start delay as soon as it comes out, through the scratch rows.
  Engine& e = *engine_;
  float* sink[kMaxChannels];
  for (int c = 0; c < channels_; ++c)
    sink[c] = e.scratch.data() + static_cast<std::size_t>(c) * maxBlockFrames_;
  while (e.toTrim > 0) {
    const int ready = e.rb.available();
    if (ready <= 0) break;
    const auto count = std::min<std::int64_t>({ready, e.toTrim, maxBlockFrames_});
    e.toTrim -= static_cast<std::int64_t>(e.rb.retrieve(sink, static_cast<std::size_t>(count)));
  }
}

std::int64_t Stretcher::owedFrames() const noexcept {
  // Before the end only whole frames already due may come out, so the total can still be exact.
  const double due = finishing_ ? std::round(expectedOutput_) : std::floor(expectedOutput_);
  return std::max<std::int64_t>(0, static_cast<std::int64_t>(due) - outputFrames_);
}

int Stretcher::available() const noexcept {
  const std::int64_t owed = owedFrames();
  if (engine_->toTrim > 0) return 0;
  const int ready = engine_->rb.available();
  if (ready < 0) return static_cast<int>(std::min<std::int64_t>(owed, 1 << 30));  // padding
  return static_cast<int>(std::min<std::int64_t>(ready, owed));
}

int Stretcher::pull(float* const* out, int room) noexcept {
  drainEngine();
  int written = 0;
  float* rows[kMaxChannels];
  while (written < room) {
    const int ready = available();
    if (ready <= 0) break;
    const int count = std::min(ready, room - written);
    int got = 0;
    if (engine_->rb.available() < 0) {
      // Rubber Band has ended a little short of the exact total: silence makes up the rest.
      for (int c = 0; c < channels_; ++c) std::fill_n(out[c] + written, count, 0.0f);
      got = count;
    } else {
      for (int c = 0; c < channels_; ++c) rows[c] = out[c] + written;
      got = static_cast<int>(engine_->rb.retrieve(rows, static_cast<std::size_t>(count)));
    }
    if (got <= 0) break;
    written += got;
    outputFrames_ += got;
  }
  return written;
}

void Stretcher::finish() {
  if (finishing_) return;
  const float* none[kMaxChannels];
  for (int c = 0; c < channels_; ++c) none[c] = engine_->scratch.data();
  engine_->rb.process(none, 0, true);
  finishing_ = true;
  drainEngine();
}

bool Stretcher::finished() const noexcept {
  return finishing_ && owedFrames() == 0;
}

}  // namespace tonewood::io
