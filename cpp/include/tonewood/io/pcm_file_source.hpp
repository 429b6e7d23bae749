#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "tonewood/io/pcm_layout.hpp"
#include "tonewood/io/planar_source.hpp"

/// Uncompressed PCM read with pread() into a small buffer and decoded from there: the fast path
/// `AudioFile` uses for WAV, RF64 and AIFF. Unlike a memory map, a file that another program
/// shortens while it is open cannot crash the process: the read comes back short and the caller
/// reports the file as ending early. Large reads are split over two threads, so that decoding
/// and the first touch of the output's fresh pages run in parallel. Control threads.
namespace tonewood::io {

class PcmFileSource final : public PlanarSource {
 public:
  /// Opens `path` whose samples start at byte `dataOffset`, laid out as `layout`, `frames` long.
  /// Throws AudioFileError naming the file when it cannot be opened.
  PcmFileSource(const std::string& path, PcmLayout layout, std::int64_t dataOffset,
                std::int64_t frames);
  ~PcmFileSource() override;
  PcmFileSource(const PcmFileSource&) = delete;
  PcmFileSource& operator=(const PcmFileSource&) = delete;

  std::int64_t read(std::int64_t start, std::int64_t count, float* const* out) override;
  std::int64_t read(std::int64_t start, std::int64_t count, double* const* out) override;

 private:
  template <typename T>
  std::int64_t readFrames(std::int64_t start, std::int64_t count, T* const* out);
  /// Decodes [start, start + count) through a chunk buffer of its own; returns frames read.
  template <typename T>
  std::int64_t readSpan(std::int64_t start, std::int64_t count, T* const* out) const;

  int fd_ = -1;
  PcmLayout layout_;
  std::int64_t dataOffset_ = 0, frames_ = 0;
};

}  // namespace tonewood::io
