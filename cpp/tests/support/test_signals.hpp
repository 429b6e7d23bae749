#pragma once

#include <random>

#include "tonewood/core/audio_buffer.hpp"

/// Signals tests play through the engine.
namespace tonewood::test {

/// Deterministic noise in [-0.5, 0.5): `channels` rows of `frames`, the same for the same seed.
inline AudioBuffer seededNoise(int channels, int frames, unsigned seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> d(-0.5f, 0.5f);
  AudioBuffer b(channels, frames);
  for (int c = 0; c < channels; ++c)
    for (int i = 0; i < frames; ++i) b.channel(c)[i] = d(gen);
  return b;
}

}  // namespace tonewood::test
