#pragma once

// Reading a file at the engine's rate from any position: libsndfile, then libsoxr when the rates
// differ. Control, disk or offline threads (it allocates and blocks). Private to the nodes.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tonewood/io/audio_file.hpp"
#include "tonewood/io/resampling.hpp"

namespace tonewood::graph {

class FileReader {
 public:
  FileReader(const std::string& path, double engineRate);
  int channels() const noexcept { return channels_; }
  double fileRate() const noexcept { return fileRate_; }
  /// Length at the engine's rate.
  std::int64_t frames() const noexcept { return frames_; }
  /// Where the next read starts, at the engine's rate.
  std::int64_t position() const noexcept { return position_; }
  /// Moves to `frame` (at the engine's rate; clamped to the length).
  void seek(std::int64_t frame);
  /// Up to `frames` frames into planar `out`; fewer only at the end of the file.
  int read(float* const* out, int frames);

 private:
  int pull(float* const* out, int frames);

  io::AudioFile file_;
  int channels_;
  double fileRate_, engineRate_;
  std::int64_t frames_ = 0, position_ = 0;
  std::unique_ptr<io::Resampler> resampler_;
  bool finished_ = false;                     // the resampler has had its last input
  std::vector<std::vector<float>> in_, out_;  // file frames, and converted ones not yet taken
  std::size_t outStart_ = 0, outEnd_ = 0;
};

}  // namespace tonewood::graph
