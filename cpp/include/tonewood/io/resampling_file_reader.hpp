#pragma once

// Reading a file at an engine's rate from any position: libsndfile, then libsoxr when the rates
// differ. Control, disk or offline threads (it allocates and blocks).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tonewood/io/audio_file.hpp"
#include "tonewood/io/resampling.hpp"

namespace tonewood::io {

class ResamplingFileReader {
 public:
  ResamplingFileReader(const std::string& path, double engineRate);
  int channels() const noexcept { return channels_; }
  double fileRate() const noexcept { return fileRate_; }
  /// Length at the engine's rate.
  std::int64_t frames() const noexcept { return frames_; }
  /// Where the next read starts, at the engine's rate.
  std::int64_t position() const noexcept { return position_; }
  /// Moves to `frame` (at the engine's rate; clamped to the length). When the rates differ and
  /// are whole numbers of Hz, the converter restarts a little before `frame`, on a frame both
  /// rates share, so what follows is what a conversion of the whole file gives there (to
  /// float rounding), with no settling at the seek.
  void seek(std::int64_t frame);
  /// Up to `frames` frames into planar `out`; fewer only at the end of the file.
  int read(float* const* out, int frames);

 private:
  int pull(float* const* out, int frames);

  AudioFile file_;
  int channels_;
  double fileRate_, engineRate_;
  std::int64_t frames_ = 0, position_ = 0;
  std::unique_ptr<Resampler> resampler_;
  bool finished_ = false;                     // the resampler has had its last input
  std::int64_t fileFramesPerCycle_ = 0;       // > 0: the rates meet every cycle of frames
  std::int64_t framesPerCycle_ = 0;           // at the engine's rate
  std::int64_t skip_ = 0;                     // converted frames to drop after a seek
  std::vector<std::vector<float>> in_, out_;  // file frames, and converted ones not yet taken
  std::size_t outStart_ = 0, outEnd_ = 0;
};

}  // namespace tonewood::io
