#include "tonewood/io/loudness.hpp"

#include <ebur128.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <vector>

#include "tonewood/core/errors.hpp"
#include "tonewood/core/interleave.hpp"

namespace tonewood::io {

float peakLevel(const AudioBlockView& audio) noexcept {
  float peak = 0.0f;
  for (int c = 0; c < audio.numChannels(); ++c)
    for (int i = 0; i < audio.numFrames(); ++i)
      peak = std::max(peak, std::abs(audio.channel(c)[i]));
  return peak;
}

double integratedLoudness(const AudioBlockView& audio, double sampleRate) {
  requireInRange("sample rate", sampleRate, 8000.0, 384000.0, "Hz");
  if (audio.numChannels() == 0 || audio.numFrames() == 0)
    return -std::numeric_limits<double>::infinity();
  struct Destroy {
    void operator()(ebur128_state* s) const noexcept { ebur128_destroy(&s); }
  };
  std::unique_ptr<ebur128_state, Destroy> state(
      ebur128_init(static_cast<unsigned>(audio.numChannels()),
                   static_cast<unsigned long>(sampleRate), EBUR128_MODE_I));
  if (!state) throw Error("libebur128 could not be initialised");
  constexpr int kChunk = 8192;
  std::vector<float> interleaved(static_cast<std::size_t>(kChunk) * audio.numChannels());
  for (int start = 0; start < audio.numFrames(); start += kChunk) {
    const int n = std::min(kChunk, audio.numFrames() - start);
    interleave(audio, start, n, interleaved.data());
    ebur128_add_frames_float(state.get(), interleaved.data(), static_cast<std::size_t>(n));
  }
  double lufs = 0.0;
  if (ebur128_loudness_global(state.get(), &lufs) != EBUR128_SUCCESS)
    return -std::numeric_limits<double>::infinity();
  return lufs;
}

}  // namespace tonewood::io
