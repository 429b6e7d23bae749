#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

/// Where the samples of an uncompressed WAV, RF64 or AIFF/AIFC file are and how they are
/// encoded, read straight from the header bytes (for the memory-mapped reader). Any thread.
namespace tonewood::io {

enum class PcmEncoding { UInt8, Int8, Int16, Int24, Int32, Float32, Float64 };

struct PcmLayout {
  std::string container;  ///< "WAV", "WAVEX" (WAVE_FORMAT_EXTENSIBLE), "RF64" or "AIFF"
  PcmEncoding encoding = PcmEncoding::Int16;
  bool bigEndian = false;  ///< AIFF, except AIFC 'sowt'
  int channels = 0;
  double sampleRate = 0.0;
  std::int64_t dataOffset = 0;      ///< file offset of the first sample byte
  std::int64_t declaredFrames = 0;  ///< whole frames the header promises

  int bytesPerSample() const noexcept;
  std::int64_t frameBytes() const noexcept { return bytesPerSample() * std::int64_t{channels}; }
  /// The subtype as AudioFile names it: "PCM_U8", "PCM_S8", "PCM_16", "PCM_24", "PCM_32",
  /// "FLOAT" or "DOUBLE".
  std::string subtype() const;
};

/// Parses the header of a file whose first `size` bytes are `bytes`. Returns nullopt for any
/// other kind of file (FLAC, W64, compressed WAV such as A-law or ADPCM, ...); throws
/// AudioFileError naming `name` for a WAV/RF64/AIFF file whose header is malformed.
std::optional<PcmLayout> parsePcmLayout(const std::byte* bytes, std::int64_t size,
                                        const std::string& name);

}  // namespace tonewood::io
