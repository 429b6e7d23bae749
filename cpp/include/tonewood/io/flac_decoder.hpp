#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tonewood/io/planar_source.hpp"

/// FLAC decoded by libFLAC straight into planar rows. libFLAC already hands out one array per
/// channel; going through libsndfile would interleave them only for us to split them again.
/// Samples are scaled as libsndfile scales them (divided by 2^(bits-1)). Control threads.
namespace tonewood::io {

class FlacDecoder final : public PlanarSource {
 public:
  /// Opens a native FLAC file; nullptr when libFLAC cannot read it or its header does not give
  /// the length (the caller then stays with libsndfile).
  static std::unique_ptr<FlacDecoder> open(const std::string& path);
  ~FlacDecoder() override;

  int channels() const noexcept { return channels_; }
  std::int64_t frames() const noexcept { return frames_; }

  std::int64_t read(std::int64_t start, std::int64_t count, float* const* out) override;
  std::int64_t read(std::int64_t start, std::int64_t count, double* const* out) override;

 private:
  FlacDecoder() = default;
  template <typename T>
  std::int64_t decode(std::int64_t start, std::int64_t count, T* const* out);
  struct Callbacks;

  void* decoder_ = nullptr;  // FLAC__StreamDecoder
  int channels_ = 0;
  int bits_ = 0;
  std::int64_t frames_ = 0;
  std::int64_t position_ = 0;  // the frame the decoder delivers next
  bool failed_ = false;
  // The last decoded block (or what a read left of it): frames [carryBase_, carryEnd_).
  std::vector<std::vector<std::int32_t>> carry_;
  std::int64_t carryBase_ = 0, carryEnd_ = 0;
  // Where the write callback puts samples while a read is running.
  void* target_ = nullptr;
  bool targetIsDouble_ = false;
  std::int64_t nextWanted_ = 0, wanted_ = 0, delivered_ = 0;
};

}  // namespace tonewood::io
