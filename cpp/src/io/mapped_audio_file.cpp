#include "tonewood/io/mapped_audio_file.hpp"

#include <algorithm>

#include "tonewood/core/errors.hpp"
#include "tonewood/io/pcm_decoding.hpp"

namespace tonewood::io {

MappedAudioFile::MappedAudioFile(std::string name, std::shared_ptr<const FileMapping> mapping,
                                 PcmLayout layout, std::int64_t frames)
    : name_(std::move(name)),
      mapping_(std::move(mapping)),
      layout_(std::move(layout)),
      frames_(frames) {}

std::optional<MappedAudioFile> MappedAudioFile::map(const std::string& path, bool allowTruncated,
                                                    bool strict) {
  auto mapping = std::make_shared<const FileMapping>(path);
  const auto layout = parsePcmLayout(mapping->data(), mapping->size(), path);
  if (!layout) {
    if (!strict) return std::nullopt;
    throw AudioFileError("cannot map '" + path +
                         "': only uncompressed WAV, RF64 and AIFF files can be memory-mapped "
                         "(open it with AudioFile instead)");
  }
  const std::int64_t present =
      std::max<std::int64_t>(0, mapping->size() - layout->dataOffset) / layout->frameBytes();
  std::int64_t frames = layout->declaredFrames;
  if (present < frames) {
    if (!allowTruncated) {
      if (!strict) return std::nullopt;
      throw AudioFileError("'" + path + "' is truncated: its header promises " +
                           std::to_string(frames) + " frames, the file holds " +
                           std::to_string(present) +
                           " (open it allowing truncation to read what is there)");
    }
    frames = present;
  }
  return MappedAudioFile(path, std::move(mapping), *layout, frames);
}

MappedAudioFile MappedAudioFile::open(const std::string& path, bool allowTruncated) {
  return *map(path, allowTruncated, true);
}

std::optional<MappedAudioFile> MappedAudioFile::tryOpen(const std::string& path) {
  return map(path, false, false);
}

const std::byte* MappedAudioFile::sampleBytes() const noexcept {
  return mapping_->data() ? mapping_->data() + layout_.dataOffset : nullptr;
}

template <typename T>
void MappedAudioFile::read(std::int64_t start, std::int64_t count, T* const* out) const {
  if (start < 0 || count < 0 || start > frames_ - count)
    throw OutOfRangeError("frames [" + std::to_string(start) + ", " +
                          std::to_string(start + count) + ") are not inside '" + name_ + "' ([0, " +
                          std::to_string(frames_) + "))");
  if (count == 0) return;
  const std::byte* from = sampleBytes() + start * layout_.frameBytes();
  mapping_->willRead(layout_.dataOffset + start * layout_.frameBytes(),
                     count * layout_.frameBytes());
  decodePcm(from, layout_, count, out);
}

template void MappedAudioFile::read(std::int64_t, std::int64_t, float* const*) const;
template void MappedAudioFile::read(std::int64_t, std::int64_t, double* const*) const;

}  // namespace tonewood::io
