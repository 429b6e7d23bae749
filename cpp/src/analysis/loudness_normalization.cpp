#include "tonewood/analysis/loudness_normalization.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "tonewood/analysis/loudness.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/dsp/buffer_ops.hpp"
#include "tonewood/dsp/lookahead_limiter.hpp"
#include "tonewood/io/resampling.hpp"

namespace tonewood::analysis {

namespace {
double toDb(double linear) {
  return linear > 0.0 ? 20.0 * std::log10(linear) : -std::numeric_limits<double>::infinity();
}

// Each frame's true-peak level: the largest magnitude, over all channels, of the signal
// oversampled as BS.1770-4 does for true peaks (4x below 96 kHz, 2x above; libsoxr's
// linear-phase filter keeps output frame k * factor at input frame k), taken over the
// oversampled frames within half a frame of it. Streamed in blocks, so memory stays small.
std::vector<float> truePeakLevels(const AudioBlockView& audio, double sampleRate) {
  const int factor = sampleRate < 96000.0 ? 4 : 2;
  const int channels = audio.numChannels(), frames = audio.numFrames();
  std::vector<float> levels(static_cast<std::size_t>(frames), 0.0f);
  io::Resampler up(sampleRate, sampleRate * factor, channels, io::ResampleQuality::High);
  constexpr int kBlock = 16384;
  std::vector<std::vector<float>> out(static_cast<std::size_t>(channels));
  std::vector<float*> rows(static_cast<std::size_t>(channels));
  // Room for what the next call may write (libsoxr's start-up delay makes later calls catch up).
  auto makeRoom = [&](std::int64_t frames) {
    const auto room = static_cast<std::size_t>(up.maxOutputFrames(frames));
    for (int c = 0; c < channels; ++c) {
      auto& row = out[static_cast<std::size_t>(c)];
      if (row.size() < room) row.resize(room);
      rows[static_cast<std::size_t>(c)] = row.data();
    }
  };
  std::int64_t produced = 0;
  auto take = [&](std::int64_t n) {
    for (int c = 0; c < channels; ++c) {
      const float* y = out[static_cast<std::size_t>(c)].data();
      for (std::int64_t j = 0; j < n; ++j) {
        // Oversampled frame produced + j sits at input frame (produced + j) / factor; it counts
        // for the nearest input frame.
        const std::int64_t frame = (produced + j + factor / 2) / factor;
        if (frame < frames) {
          float& level = levels[static_cast<std::size_t>(frame)];
          level = std::max(level, std::abs(y[j]));
        }
      }
    }
    produced += n;
  };
  std::vector<const float*> in(static_cast<std::size_t>(channels));
  for (int start = 0; start < frames; start += kBlock) {
    const int n = std::min(kBlock, frames - start);
    for (int c = 0; c < channels; ++c) in[static_cast<std::size_t>(c)] = audio.channel(c) + start;
    makeRoom(n);
    take(up.process(in.data(), n, rows.data()));
  }
  makeRoom(0);
  take(up.finish(rows.data()));
  // The samples themselves count too (the filter can ring a hair under them).
  for (int c = 0; c < channels; ++c)
    for (int i = 0; i < frames; ++i)
      levels[static_cast<std::size_t>(i)] =
          std::max(levels[static_cast<std::size_t>(i)], std::abs(audio.channel(c)[i]));
  return levels;
}

void copyInto(const AudioBlockView& from, const AudioBlockView& to) {
  for (int c = 0; c < from.numChannels(); ++c)
    std::copy_n(from.channel(c), from.numFrames(), to.channel(c));
}
}  // namespace

LoudnessNormalization normalizeLoudness(const AudioBlockView& audio, double sampleRate,
                                        double targetLufs, double ceilingDbtp) {
  requireInRange("loudness target", targetLufs, -70.0, 0.0, "LUFS");
  requireInRange("true-peak ceiling", ceilingDbtp, -20.0, 0.0, "dBTP");
  const double measured = integratedLoudness(audio, sampleRate);
  if (!std::isfinite(measured))
    throw InvalidArgumentError(
        "the audio is silent or shorter than 400 ms: its loudness cannot be normalised");
  constexpr double kTolerance = 0.05, kMaxLimitingDb = 20.0;
  AudioBuffer work(audio.numChannels(), audio.numFrames());
  LoudnessNormalization r;
  r.gainDb = targetLufs - measured;
  // Limiting lowers the loudness, so the gain is raised and the peaks limited again. The harder
  // the limiter works, the less each dB of gain adds, so each round steps by the slope the last
  // two rounds showed (a secant step), not by the loudness still missing alone.
  double previousGain = 0.0, previousLoudness = measured;
  for (int round = 0; round < 12; ++round) {
    copyInto(audio, work.view());
    dsp::applyGain(work.view(), dsp::dbToGain(r.gainDb));
    double peakDb = toDb(truePeakLevel(work.view(), sampleRate));
    // The limiter works on samples; the peaks between them can still poke out, so its ceiling
    // steps down by what the true peak still exceeds until the result is under.
    double ceiling = ceilingDbtp - 0.02;  // a little room for the rounding of the file written
    for (int pass = 0; pass < 6 && peakDb > ceilingDbtp; ++pass) {
      if (pass > 0) ceiling -= peakDb - ceilingDbtp + 0.01;
      dsp::LimiterSettings limiter;
      limiter.ceiling = dsp::dbToGain(ceiling);
      const std::vector<float> levels = truePeakLevels(work.view(), sampleRate);
      dsp::limitPeaks(work.view(), sampleRate, limiter, &levels);
      peakDb = toDb(truePeakLevel(work.view(), sampleRate));
    }
    r.truePeakDbtp = peakDb;
    r.loudnessLufs = integratedLoudness(work.view(), sampleRate);
    r.limitingLu = r.gainDb - (r.loudnessLufs - measured);
    const double missing = targetLufs - r.loudnessLufs;
    if (std::abs(missing) <= kTolerance && peakDb <= ceilingDbtp) break;
    if (r.limitingLu > kMaxLimitingDb) break;
    const double slope =
        std::clamp((r.loudnessLufs - previousLoudness) / (r.gainDb - previousGain), 0.05, 1.0);
    previousGain = r.gainDb;
    previousLoudness = r.loudnessLufs;
    r.gainDb += missing / slope;
  }
  if (std::abs(targetLufs - r.loudnessLufs) > 0.5 || r.truePeakDbtp > ceilingDbtp + 1e-6 ||
      r.limitingLu > kMaxLimitingDb)
    throw OutOfRangeError(
        "cannot bring the audio (" + formatNumber(std::round(measured * 10) / 10) + " LUFS) to " +
        formatNumber(targetLufs) + " LUFS with its true peak under " + formatNumber(ceilingDbtp) +
        " dBTP: the limiter would have to take off more than " + formatNumber(kMaxLimitingDb) +
        " LU (lower the target or raise the ceiling)");
  copyInto(work.view(), audio);
  return r;
}

}  // namespace tonewood::analysis
