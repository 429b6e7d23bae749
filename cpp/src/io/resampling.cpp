#include "tonewood/io/resampling.hpp"

#include <soxr.h>

#include <cmath>
#include <vector>

#include "tonewood/core/errors.hpp"

namespace tonewood::io {

AudioBuffer resampleAudio(const AudioBlockView& audio, double fromRate, double toRate) {
  requireInRange("source sample rate", fromRate, 1000.0, 768000.0, "Hz");
  requireInRange("target sample rate", toRate, 1000.0, 768000.0, "Hz");
  const auto outFrames =
      static_cast<std::size_t>(std::llround(audio.numFrames() * toRate / fromRate));
  AudioBuffer out(audio.numChannels(), static_cast<int>(outFrames));
  if (fromRate == toRate) {
    for (int c = 0; c < audio.numChannels(); ++c)
      std::copy_n(audio.channel(c), audio.numFrames(), out.channel(c));
    return out;
  }
  const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_S, SOXR_FLOAT32_S);  // planar (split)
  const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_VHQ, 0);
  std::vector<const float*> in(static_cast<std::size_t>(audio.numChannels()));
  std::vector<float*> outs(static_cast<std::size_t>(audio.numChannels()));
  for (int c = 0; c < audio.numChannels(); ++c) {
    in[static_cast<std::size_t>(c)] = audio.channel(c);
    outs[static_cast<std::size_t>(c)] = out.channel(c);
  }
  std::size_t done = 0;
  const soxr_error_t error =
      soxr_oneshot(fromRate, toRate, static_cast<unsigned>(audio.numChannels()), in.data(),
                   static_cast<std::size_t>(audio.numFrames()), nullptr, outs.data(), outFrames,
                   &done, &io, &quality, nullptr);
  if (error) throw Error(std::string("resampling failed: ") + error);
  return out;
}

}  // namespace tonewood::io
