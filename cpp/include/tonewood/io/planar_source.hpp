#pragma once

#include <cstdint>

/// A faster road than libsndfile's interleaved reads to exactly the same floating-point samples,
/// for the formats that have one (memory-mapped PCM, FLAC through libFLAC). AudioFile uses one
/// behind its ordinary interface when the file allows. Control threads.
namespace tonewood::io {

class PlanarSource {
 public:
  virtual ~PlanarSource() = default;
  /// Decodes frames [start, start + count) into out[c][0..count); returns the frames delivered
  /// (fewer only when the file turns out corrupt or shorter than its header said).
  virtual std::int64_t read(std::int64_t start, std::int64_t count, float* const* out) = 0;
  virtual std::int64_t read(std::int64_t start, std::int64_t count, double* const* out) = 0;
};

}  // namespace tonewood::io
