#include "tonewood/dsp/lookahead_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <vector>

namespace tonewood::dsp {

double limitPeaks(const AudioBlockView& audio, double sampleRate, const LimiterSettings& s,
                  const std::vector<float>* levels) {
  const int frames = audio.numFrames();
  if (frames == 0 || audio.numChannels() == 0) return 1.0;
  const auto ceiling = static_cast<float>(s.ceiling);
  // The gain each frame needs on its own (linked over channels).
  std::vector<float> need(static_cast<std::size_t>(frames), 1.0f);
  bool any = false;
  auto require = [&](int i, float level) {
    if (level > ceiling) {
      need[static_cast<std::size_t>(i)] =
          std::min(need[static_cast<std::size_t>(i)], ceiling / level);
      any = true;
    }
  };
  if (levels) {
    for (int i = 0; i < frames; ++i) require(i, (*levels)[static_cast<std::size_t>(i)]);
  } else {
    for (int c = 0; c < audio.numChannels(); ++c) {
      const float* x = audio.channel(c);
      for (int i = 0; i < frames; ++i) require(i, std::abs(x[i]));
    }
  }
  if (!any) return 1.0;
  const int window = std::max(1, static_cast<int>(std::lround(s.lookaheadS * sampleRate)));
  // Minimum over [i - window, i + window] (a monotonic deque): the gain is down for the whole
  // averaging window around each peak.
  std::vector<float> held(static_cast<std::size_t>(frames));
  std::deque<int> candidates;
  int next = 0;
  for (int i = 0; i < frames; ++i) {
    for (; next < frames && next <= i + window; ++next) {
      while (!candidates.empty() && need[static_cast<std::size_t>(candidates.back())] >=
                                        need[static_cast<std::size_t>(next)])
        candidates.pop_back();
      candidates.push_back(next);
    }
    while (candidates.front() < i - window) candidates.pop_front();
    held[static_cast<std::size_t>(i)] = need[static_cast<std::size_t>(candidates.front())];
  }
  // Release: recover toward 1 exponentially, never above what the hold asks for.
  const auto release = static_cast<float>(1.0 - std::exp(-1.0 / (s.releaseS * sampleRate)));
  float g = held[0];
  for (float& h : held) {
    g = std::min(h, g + (1.0f - g) * release);
    h = g;
  }
  // Moving average of `window` frames centred on each frame: a smooth gain that is still at or
  // below every peak's need (all the values it averages around a peak are held at that need).
  std::vector<double> prefix(static_cast<std::size_t>(frames) + 1, 0.0);
  for (int i = 0; i < frames; ++i)
    prefix[static_cast<std::size_t>(i) + 1] = prefix[static_cast<std::size_t>(i)] + held[i];
  const int half = window / 2;
  std::vector<float> gain(static_cast<std::size_t>(frames));
  double deepest = 1.0;
  for (int i = 0; i < frames; ++i) {
    const int from = std::max(0, i - half), to = std::min(frames, i - half + window);
    const double average =
        (prefix[static_cast<std::size_t>(to)] - prefix[static_cast<std::size_t>(from)]) /
        (to - from);
    // Rounding may leave the average a hair above a peak's own need: never above it.
    gain[static_cast<std::size_t>(i)] =
        std::min(static_cast<float>(average), need[static_cast<std::size_t>(i)]);
    deepest = std::min(deepest, static_cast<double>(gain[static_cast<std::size_t>(i)]));
  }
  for (int c = 0; c < audio.numChannels(); ++c) {
    float* x = audio.channel(c);
    for (int i = 0; i < frames; ++i) x[i] *= gain[static_cast<std::size_t>(i)];
  }
  return deepest;
}

}  // namespace tonewood::dsp
