#include "tonewood/analysis/levels.hpp"

#include <algorithm>
#include <cmath>

#include "tonewood/core/errors.hpp"

namespace tonewood::analysis {

namespace {

double meanSquare(const AudioBlockView& audio, int start, int count) noexcept {
  double sum = 0.0;
  for (int c = 0; c < audio.numChannels(); ++c) {
    const float* x = audio.channel(c) + start;
    for (int i = 0; i < count; ++i) sum += static_cast<double>(x[i]) * x[i];
  }
  return count > 0 ? sum / (static_cast<double>(count) * audio.numChannels()) : 0.0;
}

}  // namespace

std::vector<double> channelRms(const AudioBlockView& audio) {
  std::vector<double> rms;
  for (int c = 0; c < audio.numChannels(); ++c) {
    float* row[] = {audio.channel(c)};
    rms.push_back(
        std::sqrt(meanSquare(AudioBlockView(row, 1, audio.numFrames()), 0, audio.numFrames())));
  }
  return rms;
}

std::vector<double> rmsEnvelope(const AudioBlockView& audio, int window, int hop) {
  requireInRange("RMS window", window, 1, 1 << 24, "frames");
  requireInRange("RMS hop", hop, 1, 1 << 24, "frames");
  std::vector<double> envelope;
  for (int start = 0; start < audio.numFrames(); start += hop)
    envelope.push_back(
        std::sqrt(meanSquare(audio, start, std::min(window, audio.numFrames() - start))));
  return envelope;
}

std::vector<dsp::FrameRange> silentRegions(const AudioBlockView& audio, double sampleRate,
                                           double thresholdDb, std::int64_t minFrames) {
  requireInRange("sample rate", sampleRate, 1000.0, 768000.0, "Hz");
  const int window = std::max(1, static_cast<int>(sampleRate * 0.01));
  const double threshold = std::pow(10.0, thresholdDb / 10.0);  // on mean squares
  std::vector<dsp::FrameRange> regions;
  std::int64_t quietSince = -1;
  const auto close = [&](std::int64_t end) {
    if (quietSince >= 0 && end - quietSince >= minFrames) regions.push_back({quietSince, end});
    quietSince = -1;
  };
  for (int start = 0; start < audio.numFrames(); start += window) {
    const int n = std::min(window, audio.numFrames() - start);
    if (meanSquare(audio, start, n) < threshold) {
      if (quietSince < 0) quietSince = start;
    } else {
      close(start);
    }
  }
  close(audio.numFrames());
  return regions;
}

}  // namespace tonewood::analysis
