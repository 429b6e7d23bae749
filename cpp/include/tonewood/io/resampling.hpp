#pragma once

#include <cstdint>
#include <string>

#include "tonewood/core/audio_buffer.hpp"

/// Sample-rate conversion through libsoxr, one-shot or streaming.
namespace tonewood::io {

/// libsoxr's quality recipes: very high (the default; stop band >= 140 dB, pass band to about
/// 91 % of the lower Nyquist frequency), high, medium, low and quick (cubic).
enum class ResampleQuality { VeryHigh, High, Medium, Low, Quick };

/// "vhq", "hq", "mq", "lq" or "quick". Throws InvalidArgumentError listing them.
ResampleQuality resampleQualityFromName(const std::string& name);

/// A streaming converter for planar float audio. The output is the same however the input is
/// chunked, and its total length is exact: after `finish`, round(inputFrames * toRate / fromRate)
/// frames have come out. Not real-time safe (libsoxr allocates as it goes); control threads.
class Resampler {
 public:
  /// Throws OutOfRangeError for rates outside [1000, 768000] Hz or channels outside [1, 16].
  Resampler(double fromRate, double toRate, int channels,
            ResampleQuality quality = ResampleQuality::VeryHigh);
  ~Resampler();
  Resampler(const Resampler&) = delete;
  Resampler& operator=(const Resampler&) = delete;

  /// The most frames `process` or `finish` can produce from `inputFrames` more input frames.
  std::int64_t maxOutputFrames(std::int64_t inputFrames) const noexcept;

  /// Converts `frames` more input frames and writes what is ready into `out` (room for
  /// maxOutputFrames(frames)); returns the frames written.
  std::int64_t process(const float* const* in, std::int64_t frames, float* const* out);
  /// Ends the input: writes the remaining frames (room for maxOutputFrames(0)) and returns them.
  /// Further input starts a new stream.
  std::int64_t finish(float* const* out);

  /// Back to the start of a stream, history cleared.
  void reset();

  double ratio() const noexcept { return toRate_ / fromRate_; }
  int channels() const noexcept { return channels_; }
  std::int64_t inputFrames() const noexcept { return inputFrames_; }
  std::int64_t outputFrames() const noexcept { return outputFrames_; }

 private:
  std::int64_t drain(const float* const* in, std::int64_t frames, float* const* out,
                     std::int64_t room);

  double fromRate_, toRate_;
  int channels_;
  ResampleQuality quality_;
  void* soxr_ = nullptr;  // soxr_t
  std::int64_t inputFrames_ = 0, outputFrames_ = 0;
};

/// round(frames * toRate / fromRate): how long a converted signal is. Throws OutOfRangeError for
/// rates outside [1000, 768000] Hz.
std::int64_t resampledFrames(std::int64_t frames, double fromRate, double toRate);

/// Converts the whole signal into caller-owned rows of resampledFrames(...) frames each.
/// Throws as resampleAudio does.
void resampleInto(const AudioBlockView& audio, double fromRate, double toRate,
                  ResampleQuality quality, float* const* out);

/// The whole signal at `toRate`: round(frames * toRate / fromRate) frames per channel. Throws
/// OutOfRangeError for rates outside [1000, 768000] Hz and Error when libsoxr fails. Control
/// thread.
AudioBuffer resampleAudio(const AudioBlockView& audio, double fromRate, double toRate,
                          ResampleQuality quality = ResampleQuality::VeryHigh);

}  // namespace tonewood::io
