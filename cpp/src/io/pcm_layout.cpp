#include "tonewood/io/pcm_layout.hpp"

#include <cmath>
#include <cstring>

#include "tonewood/core/errors.hpp"

namespace tonewood::io {

namespace {

constexpr std::uint16_t kWavePcm = 1;
constexpr std::uint16_t kWaveFloat = 3;
constexpr std::uint16_t kWaveExtensible = 0xFFFE;
constexpr std::uint32_t kUnknownSize = 0xFFFFFFFF;

// Bounds-checked little- and big-endian field reads over the whole file.
class HeaderBytes {
 public:
  HeaderBytes(const std::byte* bytes, std::int64_t size, const std::string& name)
      : bytes_(reinterpret_cast<const unsigned char*>(bytes)), size_(size), name_(name) {}

  std::int64_t size() const noexcept { return size_; }
  bool has(std::int64_t at, std::int64_t n) const noexcept {
    return at >= 0 && n >= 0 && at <= size_ - n;
  }
  bool tagIs(std::int64_t at, const char* tag) const noexcept {
    return has(at, 4) && std::memcmp(bytes_ + at, tag, 4) == 0;
  }
  std::uint64_t le(std::int64_t at, int n) const {
    need(at, n);
    std::uint64_t v = 0;
    for (int i = n - 1; i >= 0; --i) v = (v << 8) | bytes_[at + i];
    return v;
  }
  std::uint64_t be(std::int64_t at, int n) const {
    need(at, n);
    std::uint64_t v = 0;
    for (int i = 0; i < n; ++i) v = (v << 8) | bytes_[at + i];
    return v;
  }
  // The 80-bit IEEE extended float AIFF stores its sample rate in.
  double extended(std::int64_t at) const {
    const auto exponent = static_cast<int>(be(at, 2) & 0x7FFF);
    const std::uint64_t mantissa = be(at + 2, 8);
    if (exponent == 0 && mantissa == 0) return 0.0;
    return std::ldexp(static_cast<double>(mantissa), exponent - 16383 - 63);
  }
  [[noreturn]] void malformed(const std::string& why) const {
    throw AudioFileError("'" + name_ + "' has a malformed header: " + why);
  }

 private:
  void need(std::int64_t at, int n) const {
    if (!has(at, n)) malformed("a field at byte " + std::to_string(at) + " lies past the end");
  }

  const unsigned char* bytes_;
  std::int64_t size_;
  const std::string& name_;
};

void requireSane(const HeaderBytes& h, const PcmLayout& layout) {
  if (layout.channels <= 0 || layout.channels > 1024)
    h.malformed("channel count " + std::to_string(layout.channels) + " is outside [1, 1024]");
  if (!(layout.sampleRate >= 1.0 && layout.sampleRate <= 10'000'000.0))
    h.malformed("sample rate " + std::to_string(layout.sampleRate) + " Hz is not plausible");
}

// Integer samples by width; 8-bit ones are unsigned in WAV and signed in AIFF.
std::optional<PcmEncoding> integerEncoding(int bits, PcmEncoding eightBit) {
  switch (bits) {
    case 8:
      return eightBit;
    case 16:
      return PcmEncoding::Int16;
    case 24:
      return PcmEncoding::Int24;
    case 32:
      return PcmEncoding::Int32;
    default:
      return std::nullopt;
  }
}

std::optional<PcmEncoding> waveEncoding(std::uint16_t tag, int bits) {
  if (tag == kWavePcm) return integerEncoding(bits, PcmEncoding::UInt8);
  if (tag == kWaveFloat) {
    if (bits == 32) return PcmEncoding::Float32;
    if (bits == 64) return PcmEncoding::Float64;
  }
  return std::nullopt;
}

// Readers disagree on a file with two sample or two format chunks (libsndfile refuses some, takes
// the last of others, stops parsing before yet others), so neither is guessed at: the file is
// refused, naming both.
[[noreturn]] void refuseSecondChunk(const HeaderBytes& h, const char* tag, std::int64_t first,
                                    std::int64_t second) {
  h.malformed(std::string("it has two ") + tag + " chunks (at bytes " + std::to_string(first) +
              " and " + std::to_string(second) +
              "), and readers disagree on which holds the audio");
}

std::optional<PcmLayout> parseWave(const HeaderBytes& h, bool rf64) {
  PcmLayout layout;
  layout.container = rf64 ? "RF64" : "WAV";
  std::int64_t dataSize64 = -1;  // from RF64's ds64 chunk
  bool haveFormat = false, haveData = false;
  std::int64_t formatAt = -1;
  for (std::int64_t at = 12; h.has(at, 8);) {
    const auto size = static_cast<std::int64_t>(h.le(at + 4, 4));
    const std::int64_t body = at + 8;
    if (h.tagIs(at, "ds64")) {
      dataSize64 = static_cast<std::int64_t>(h.le(body + 8, 8));
    } else if (h.tagIs(at, "fmt ")) {
      if (haveFormat) refuseSecondChunk(h, "fmt ", formatAt, at);
      formatAt = at;
      if (size < 16) h.malformed("its fmt chunk is " + std::to_string(size) + " bytes (< 16)");
      auto tag = static_cast<std::uint16_t>(h.le(body, 2));
      layout.channels = static_cast<int>(h.le(body + 2, 2));
      layout.sampleRate = static_cast<double>(h.le(body + 4, 4));
      const auto blockAlign = static_cast<std::int64_t>(h.le(body + 12, 2));
      const auto bits = static_cast<int>(h.le(body + 14, 2));
      if (tag == kWaveExtensible) {
        if (size < 40) return std::nullopt;
        tag = static_cast<std::uint16_t>(h.le(body + 24, 2));  // the sub-format GUID's head
        if (!rf64) layout.container = "WAVEX";
      }
      // Samples narrower than their container (20 bits in 24) read as the container.
      const auto encoding = waveEncoding(tag, (bits + 7) / 8 * 8);
      if (!encoding) return std::nullopt;
      layout.encoding = *encoding;
      requireSane(h, layout);
      if (blockAlign != layout.frameBytes())
        h.malformed("block align " + std::to_string(blockAlign) + " does not match " +
                    std::to_string(layout.channels) + " channels of " + std::to_string(bits) +
                    " bits");
      haveFormat = true;
    } else if (h.tagIs(at, "data")) {
      if (!haveFormat) h.malformed("the data chunk comes before the fmt chunk");
      if (haveData) refuseSecondChunk(h, "data", layout.dataOffset - 8, at);
      layout.dataOffset = body;
      std::int64_t bytes = size;
      if (rf64 && static_cast<std::uint32_t>(size) == kUnknownSize && dataSize64 >= 0)
        bytes = dataSize64;
      else if (static_cast<std::uint32_t>(size) == kUnknownSize || size == 0)
        bytes = h.size() - body;  // a streaming writer never came back to fill it in
      layout.declaredFrames = bytes / layout.frameBytes();
      haveData = true;
      if (bytes < 0 || bytes >= h.size() - body) return layout;  // nothing can follow
      at = body + bytes + (bytes & 1);
      continue;
    }
    at = body + size + (size & 1);  // chunks are padded to even sizes
  }
  if (haveData) return layout;
  if (!haveFormat) h.malformed("no fmt chunk");
  h.malformed("no data chunk");
}

// AIFC compression types that are plain samples, and how they are stored.
bool applyAifcCompression(const HeaderBytes& h, std::int64_t at, PcmLayout& layout) {
  if (h.tagIs(at, "NONE") || h.tagIs(at, "twos")) return true;
  if (h.tagIs(at, "sowt")) {
    layout.bigEndian = false;
    return true;
  }
  if (h.tagIs(at, "fl32") || h.tagIs(at, "FL32")) {
    layout.encoding = PcmEncoding::Float32;
    return true;
  }
  if (h.tagIs(at, "fl64") || h.tagIs(at, "FL64")) {
    layout.encoding = PcmEncoding::Float64;
    return true;
  }
  return false;
}

std::optional<PcmLayout> parseAiff(const HeaderBytes& h, bool aifc) {
  PcmLayout layout;
  layout.container = "AIFF";
  layout.bigEndian = true;
  bool haveCommon = false;
  std::int64_t soundAt = -1, commonAt = -1;  // where the SSND and COMM chunks start
  for (std::int64_t at = 12; h.has(at, 8);) {
    const auto size = static_cast<std::int64_t>(h.be(at + 4, 4));
    const std::int64_t body = at + 8;
    if (h.tagIs(at, "COMM")) {
      if (haveCommon) refuseSecondChunk(h, "COMM", commonAt, at);
      commonAt = at;
      if (size < 18) h.malformed("its COMM chunk is " + std::to_string(size) + " bytes (< 18)");
      layout.channels = static_cast<int>(h.be(body, 2));
      layout.declaredFrames = static_cast<std::int64_t>(h.be(body + 2, 4));
      const auto bits = static_cast<int>(h.be(body + 6, 2));
      layout.sampleRate = h.extended(body + 8);
      // AIFC float types give their own width; everything else goes by the bit count.
      const auto encoding = integerEncoding((bits + 7) / 8 * 8, PcmEncoding::Int8);
      if (encoding) layout.encoding = *encoding;
      if (aifc && (size < 22 || !applyAifcCompression(h, body + 18, layout))) return std::nullopt;
      // A plain AIFF's COMM has no compression type, but libsndfile honours one that is there
      // (fl32 reads as floats); anything it names that is not plain samples is not ours to read.
      if (!aifc && size >= 22 && !applyAifcCompression(h, body + 18, layout)) return std::nullopt;
      const bool floating =
          layout.encoding == PcmEncoding::Float32 || layout.encoding == PcmEncoding::Float64;
      if (!encoding && !floating) return std::nullopt;
      requireSane(h, layout);
      haveCommon = true;
    } else if (h.tagIs(at, "SSND")) {
      if (!haveCommon) h.malformed("the SSND chunk comes before the COMM chunk");
      if (soundAt >= 0) refuseSecondChunk(h, "SSND", soundAt, at);
      soundAt = at;
      const auto offset = static_cast<std::int64_t>(h.be(body, 4));
      // An offset past the chunk's own end is read differently by different readers
      // (libsndfile has its own idea): such a file is not ours to read.
      if (offset > size - 8) return std::nullopt;
      layout.dataOffset = body + 8 + offset;
    }
    at = body + size + (size & 1);
  }
  if (soundAt >= 0) return layout;
  if (!haveCommon) h.malformed("no COMM chunk");
  h.malformed("no SSND chunk");
}

}  // namespace

int PcmLayout::bytesPerSample() const noexcept {
  switch (encoding) {
    case PcmEncoding::UInt8:
    case PcmEncoding::Int8:
      return 1;
    case PcmEncoding::Int16:
      return 2;
    case PcmEncoding::Int24:
      return 3;
    case PcmEncoding::Int32:
    case PcmEncoding::Float32:
      return 4;
    case PcmEncoding::Float64:
      return 8;
  }
  return 0;
}

std::string PcmLayout::subtype() const {
  switch (encoding) {
    case PcmEncoding::UInt8:
      return "PCM_U8";
    case PcmEncoding::Int8:
      return "PCM_S8";
    case PcmEncoding::Int16:
      return "PCM_16";
    case PcmEncoding::Int24:
      return "PCM_24";
    case PcmEncoding::Int32:
      return "PCM_32";
    case PcmEncoding::Float32:
      return "FLOAT";
    case PcmEncoding::Float64:
      return "DOUBLE";
  }
  return "";
}

std::optional<PcmLayout> parsePcmLayout(const std::byte* bytes, std::int64_t size,
                                        const std::string& name) {
  const HeaderBytes h(bytes, size, name);
  if ((h.tagIs(0, "RIFF") || h.tagIs(0, "RF64")) && h.tagIs(8, "WAVE"))
    return parseWave(h, h.tagIs(0, "RF64"));
  if (h.tagIs(0, "FORM") && (h.tagIs(8, "AIFF") || h.tagIs(8, "AIFC")))
    return parseAiff(h, h.tagIs(8, "AIFC"));
  return std::nullopt;
}

}  // namespace tonewood::io
