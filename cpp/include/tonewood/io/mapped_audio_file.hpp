#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "tonewood/io/file_mapping.hpp"
#include "tonewood/io/pcm_layout.hpp"

/// Random access to an uncompressed WAV, RF64 or AIFF/AIFC file without loading it: the file
/// is memory-mapped and any frame range is decoded on request (8/16/24/32-bit integers, 32/64-bit
/// floats, either byte order, WAVE_FORMAT_EXTENSIBLE). The raw samples are also reachable as
/// bytes, for zero-copy views. Handles are cheap to copy (they share one mapping); reading is
/// const and may run on many threads at once. If another program shortens the file while it is
/// mapped, reading past the new end crashes the process (SIGBUS), as with any memory map.
namespace tonewood::io {

class MappedAudioFile {
 public:
  /// Maps `path`. Throws AudioFileError naming it when it cannot be opened, is not an
  /// uncompressed WAV/RF64/AIFF file, or holds fewer frames than its header says (unless
  /// `allowTruncated`: then the whole frames present are used).
  static MappedAudioFile open(const std::string& path, bool allowTruncated = false);
  /// As open(), but nullopt when the file is of another kind or cut short. Throws only when
  /// the file cannot be opened at all or its header is malformed.
  static std::optional<MappedAudioFile> tryOpen(const std::string& path);

  const std::string& name() const noexcept { return name_; }
  const PcmLayout& layout() const noexcept { return layout_; }
  int channels() const noexcept { return layout_.channels; }
  double sampleRate() const noexcept { return layout_.sampleRate; }
  std::int64_t frames() const noexcept { return frames_; }

  /// The first sample byte and the byte count of all frames (frames() * layout().frameBytes()).
  const std::byte* sampleBytes() const noexcept;
  std::int64_t sampleByteCount() const noexcept { return frames_ * layout_.frameBytes(); }
  /// The mapping, for whoever must keep the bytes alive (a numpy view's owner).
  std::shared_ptr<const FileMapping> mapping() const noexcept { return mapping_; }

  /// Decodes frames [start, start + count) into out[c][0..count), scaled to full scale 1.0
  /// exactly as libsndfile does. Throws OutOfRangeError when the range is not inside the file.
  template <typename T>
  void read(std::int64_t start, std::int64_t count, T* const* out) const;

 private:
  MappedAudioFile(std::string name, std::shared_ptr<const FileMapping> mapping, PcmLayout layout,
                  std::int64_t frames);
  static std::optional<MappedAudioFile> map(const std::string& path, bool allowTruncated,
                                            bool strict);

  std::string name_;
  std::shared_ptr<const FileMapping> mapping_;
  PcmLayout layout_;
  std::int64_t frames_ = 0;
};

}  // namespace tonewood::io
