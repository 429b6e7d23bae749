// WAV, RF64 and AIFF headers: our reader either parses a layout, declines (another format) or
// raises AudioFileError. Where it and libsndfile agree on channels, length and subtype (the
// condition under which AudioFile decodes through our reader), the decoded samples must be the
// same bits.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "tonewood/core/errors.hpp"
#include "tonewood/io/audio_file.hpp"
#include "tonewood/io/byte_stream.hpp"
#include "tonewood/io/pcm_decoding.hpp"
#include "tonewood/io/pcm_layout.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace io = tonewood::io;
  std::optional<io::PcmLayout> layout;
  try {
    layout = io::parsePcmLayout(reinterpret_cast<const std::byte*>(data),
                                static_cast<std::int64_t>(size), "fuzz");
  } catch (const tonewood::AudioFileError&) {
    return 0;
  }
  if (!layout) return 0;
  const std::int64_t available =
      std::max<std::int64_t>(0, static_cast<std::int64_t>(size) - layout->dataOffset);
  const std::int64_t frames = std::min(layout->declaredFrames, available / layout->frameBytes());
  if (layout->dataOffset > static_cast<std::int64_t>(size) || frames <= 0) return 0;
  const std::int64_t count = std::min<std::int64_t>(frames, 64);
  std::vector<std::vector<float>> ours(static_cast<std::size_t>(layout->channels),
                                       std::vector<float>(static_cast<std::size_t>(count)));
  std::vector<float*> rows;
  for (auto& r : ours) rows.push_back(r.data());
  io::decodePcm(reinterpret_cast<const std::byte*>(data) + layout->dataOffset, *layout, count,
                rows.data());
  try {
    io::AudioFile file = io::AudioFile::openRead(
        std::make_unique<io::MemoryStream>(std::vector<std::uint8_t>(data, data + size)), "fuzz",
        true);
    if (file.channels() != layout->channels || file.frames() != frames ||
        file.subtype() != layout->subtype())
      return 0;  // they disagree: AudioFile would use libsndfile alone
    std::vector<std::vector<float>> theirs(ours.size(),
                                           std::vector<float>(static_cast<std::size_t>(count)));
    std::vector<float*> theirRows;
    for (auto& r : theirs) theirRows.push_back(r.data());
    if (file.read<float>(theirRows.data(), count) != count) return 0;
    for (std::size_t c = 0; c < ours.size(); ++c)
      if (std::memcmp(ours[c].data(), theirs[c].data(), ours[c].size() * sizeof(float)) != 0)
        std::abort();
  } catch (const tonewood::Error&) {
  }
  return 0;
}
