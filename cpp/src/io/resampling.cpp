#include "tonewood/io/resampling.hpp"

#include <soxr.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "tonewood/core/errors.hpp"

namespace tonewood::io {

namespace {

unsigned long recipeFor(ResampleQuality q) {
  switch (q) {
    case ResampleQuality::High:
      return SOXR_HQ;
    case ResampleQuality::Medium:
      return SOXR_MQ;
    case ResampleQuality::Low:
      return SOXR_LQ;
    case ResampleQuality::Quick:
      return SOXR_QQ;
    case ResampleQuality::VeryHigh:
      break;
  }
  return SOXR_VHQ;
}

soxr_t asSoxr(void* p) {
  return static_cast<soxr_t>(p);
}

void requireRates(double fromRate, double toRate) {
  requireInRange("source sample rate", fromRate, 1000.0, 768000.0, "Hz");
  requireInRange("target sample rate", toRate, 1000.0, 768000.0, "Hz");
}

}  // namespace

ResampleQuality resampleQualityFromName(const std::string& name) {
  if (name == "vhq") return ResampleQuality::VeryHigh;
  if (name == "hq") return ResampleQuality::High;
  if (name == "mq") return ResampleQuality::Medium;
  if (name == "lq") return ResampleQuality::Low;
  if (name == "quick") return ResampleQuality::Quick;
  throw InvalidArgumentError("unknown resampling quality '" + name +
                             "'; use vhq, hq, mq, lq or quick");
}

Resampler::Resampler(double fromRate, double toRate, int channels, ResampleQuality quality)
    : fromRate_(fromRate), toRate_(toRate), channels_(channels), quality_(quality) {
  requireRates(fromRate, toRate);
  requireInRange("channel count", channels, 1, kMaxChannels, "");
  reset();
}

Resampler::~Resampler() {
  if (soxr_) soxr_delete(asSoxr(soxr_));
}

void Resampler::reset() {
  if (soxr_) soxr_delete(asSoxr(soxr_));
  soxr_ = nullptr;
  const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_S, SOXR_FLOAT32_S);  // planar (split)
  const soxr_quality_spec_t quality = soxr_quality_spec(recipeFor(quality_), 0);
  soxr_error_t error = nullptr;
  soxr_ = soxr_create(fromRate_, toRate_, static_cast<unsigned>(channels_), &error, &io, &quality,
                      nullptr);
  if (error || !soxr_) throw Error(std::string("cannot start the resampler: ") + error);
  inputFrames_ = outputFrames_ = 0;
}

std::int64_t Resampler::maxOutputFrames(std::int64_t inputFrames) const noexcept {
  // Everything still owed for the input so far and the new frames, plus slack for rounding.
  const double owed = static_cast<double>(inputFrames_ + inputFrames) * ratio();
  return std::max<std::int64_t>(0, static_cast<std::int64_t>(std::ceil(owed)) - outputFrames_) + 2;
}

std::int64_t Resampler::drain(const float* const* in, std::int64_t frames, float* const* out,
                              std::int64_t room) {
  // The exact total this stream may produce, so the end never overshoots.
  const auto total = static_cast<std::int64_t>(std::llround(
      static_cast<double>(inputFrames_ + std::max<std::int64_t>(frames, 0)) * ratio()));
  std::int64_t written = 0;
  std::int64_t consumed = 0;
  float* cursor[kMaxChannels];
  const float* source[kMaxChannels];
  // libsoxr copies whatever input it is given into its FIFO before filtering; feeding it in
  // cache-sized pieces instead of all at once makes long one-shot conversions twice as fast.
  constexpr std::int64_t kFeedFrames = 32768;
  for (;;) {
    const std::int64_t allowed = std::min({room - written, total - outputFrames_, 2 * kFeedFrames});
    if (allowed <= 0) break;
    for (int c = 0; c < channels_; ++c) cursor[c] = out[c] + written;
    std::size_t used = 0, made = 0;
    soxr_error_t error = nullptr;
    if (in) {
      for (int c = 0; c < channels_; ++c) source[c] = in[c] + consumed;
      const std::int64_t feed = std::min(frames - consumed, kFeedFrames);
      error = soxr_process(asSoxr(soxr_), source, static_cast<std::size_t>(feed), &used, cursor,
                           static_cast<std::size_t>(allowed), &made);
    } else {
      error = soxr_process(asSoxr(soxr_), nullptr, 0, nullptr, cursor,
                           static_cast<std::size_t>(allowed), &made);
    }
    if (error) throw Error(std::string("resampling failed: ") + error);
    consumed += static_cast<std::int64_t>(used);
    written += static_cast<std::int64_t>(made);
    outputFrames_ += static_cast<std::int64_t>(made);
    if (in ? (consumed >= frames && made == 0) : made == 0) break;
  }
  if (in) inputFrames_ += frames;
  return written;
}

std::int64_t Resampler::process(const float* const* in, std::int64_t frames, float* const* out) {
  if (frames <= 0) return 0;
  return drain(in, frames, out, maxOutputFrames(frames));
}

std::int64_t Resampler::finish(float* const* out) {
  const std::int64_t owed =
      std::llround(static_cast<double>(inputFrames_) * ratio()) - outputFrames_;
  std::int64_t written = drain(nullptr, 0, out, std::max<std::int64_t>(owed, 0));
  // libsoxr may end a frame or two short of the exact length; pad with silence.
  for (; written < owed; ++written, ++outputFrames_)
    for (int c = 0; c < channels_; ++c) out[c][written] = 0.0f;
  reset();
  return written;
}

std::int64_t resampledFrames(std::int64_t frames, double fromRate, double toRate) {
  requireRates(fromRate, toRate);
  return std::llround(static_cast<double>(frames) * toRate / fromRate);
}

void resampleInto(const AudioBlockView& audio, double fromRate, double toRate,
                  ResampleQuality quality, float* const* out) {
  Resampler resampler(fromRate, toRate, std::max(1, audio.numChannels()), quality);
  // The stream never writes past the exact total, so `out` needs no slack.
  float* rows[kMaxChannels];
  const float* in[kMaxChannels];
  for (int c = 0; c < audio.numChannels(); ++c) {
    rows[c] = out[c];
    in[c] = audio.channel(c);
  }
  const std::int64_t n = resampler.process(in, audio.numFrames(), rows);
  for (int c = 0; c < audio.numChannels(); ++c) rows[c] += n;
  resampler.finish(rows);
}

AudioBuffer resampleAudio(const AudioBlockView& audio, double fromRate, double toRate,
                          ResampleQuality quality) {
  AudioBuffer out(audio.numChannels(),
                  static_cast<int>(resampledFrames(audio.numFrames(), fromRate, toRate)));
  float* rows[kMaxChannels];
  for (int c = 0; c < audio.numChannels(); ++c) rows[c] = out.channel(c);
  resampleInto(audio, fromRate, toRate, quality, rows);
  return out;
}

}  // namespace tonewood::io
