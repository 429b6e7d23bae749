#include "tonewood/io/audio_file.hpp"

#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <sstream>
#include <vector>

#include "tonewood/core/errors.hpp"
#include "tonewood/core/file_access.hpp"
#include "tonewood/core/file_replacement.hpp"
#include "tonewood/core/simd_clones.hpp"
#include "tonewood/dsp/sample_conversion.hpp"
#include "tonewood/io/audio_format.hpp"
#include "tonewood/io/flac_decoder.hpp"
#include "tonewood/io/mapped_audio_file.hpp"
#include "tonewood/io/pcm_file_source.hpp"

namespace tonewood::io {

namespace {

constexpr int kTagIds[] = {SF_STR_TITLE,       SF_STR_COPYRIGHT, SF_STR_SOFTWARE, SF_STR_ARTIST,
                           SF_STR_COMMENT,     SF_STR_DATE,      SF_STR_ALBUM,    SF_STR_LICENSE,
                           SF_STR_TRACKNUMBER, SF_STR_GENRE};
static_assert(std::size(kTagIds) == std::size(kTagNames));

// Frames moved per libsndfile call: bounded scratch memory for files of any length.
constexpr std::int64_t kChunkFrames = 4096;

int tagId(const std::string& key) {
  for (std::size_t i = 0; i < std::size(kTagNames); ++i)
    if (key == kTagNames[i]) return kTagIds[i];
  std::string known;
  for (const char* n : kTagNames) known += (known.empty() ? "" : ", ") + std::string(n);
  throw InvalidArgumentError("unknown metadata tag '" + key + "'; use one of " + known);
}

sf_count_t readFrames(SNDFILE* f, float* p, sf_count_t n) {
  return sf_readf_float(f, p, n);
}
sf_count_t readFrames(SNDFILE* f, double* p, sf_count_t n) {
  return sf_readf_double(f, p, n);
}
sf_count_t readFrames(SNDFILE* f, std::int16_t* p, sf_count_t n) {
  return sf_readf_short(f, p, n);
}
sf_count_t readFrames(SNDFILE* f, std::int32_t* p, sf_count_t n) {
  return sf_readf_int(f, p, n);
}
sf_count_t writeFrames(SNDFILE* f, const float* p, sf_count_t n) {
  return sf_writef_float(f, p, n);
}
sf_count_t writeFrames(SNDFILE* f, const double* p, sf_count_t n) {
  return sf_writef_double(f, p, n);
}
sf_count_t writeFrames(SNDFILE* f, const std::int16_t* p, sf_count_t n) {
  return sf_writef_short(f, p, n);
}
sf_count_t writeFrames(SNDFILE* f, const std::int32_t* p, sf_count_t n) {
  return sf_writef_int(f, p, n);
}

bool isOpusRate(double rate) {
  for (double r : {8000.0, 12000.0, 16000.0, 24000.0, 48000.0})
    if (rate == r) return true;
  return false;
}

// Interleaved -> planar rows at `offset`. Stereo has a loop of its own: with a fixed stride
// the compiler turns it into shuffles, which matters when the decoder runs at memory speed.
TONEWOOD_SIMD_CLONES void scatterStereo(const float* __restrict in, std::int64_t frames,
                                        float* __restrict left, float* __restrict right) {
  for (std::int64_t i = 0; i < frames; ++i) {
    left[i] = in[2 * i];
    right[i] = in[2 * i + 1];
  }
}

template <typename T>
void scatter(const T* in, std::int64_t frames, int channels, T* const* out, std::int64_t offset) {
  if (channels == 1) {
    std::copy_n(in, frames, out[0] + offset);
  } else if constexpr (std::is_same_v<T, float>) {
    if (channels == 2) return scatterStereo(in, frames, out[0] + offset, out[1] + offset);
  }
  if (channels > 1)
    for (std::int64_t i = 0; i < frames; ++i)
      for (int c = 0; c < channels; ++c) out[c][offset + i] = in[i * channels + c];
}

}  // namespace

struct AudioFile::State {
  Mode mode = Mode::Read;
  std::string name;
  SNDFILE* file = nullptr;
  SF_INFO info{};
  std::unique_ptr<ByteStream> stream;
  SF_VIRTUAL_IO io{};
  std::string streamError;  // an exception from the stream, kept until we can report it
  std::optional<FileReplacement> replacement;
  std::int64_t frames = 0;
  std::int64_t position = 0;
  int integerBits = 0;  // > 0: floats are quantised by us before libsndfile sees them
  dsp::Quantiser quantiser{16};
  std::map<std::string, std::string> tags;
  std::int64_t frameLimit = INT64_MAX;  // what the container's size fields can describe
  std::vector<unsigned char> scratch;
  // A faster road to the same floats for files opened by path (memory-mapped PCM, libFLAC).
  // When it is used, libsndfile's own position lags behind until the next integer read.
  std::unique_ptr<PlanarSource> fast;
  bool libraryBehind = false;

  ~State() {
    if (file) sf_close(file);
  }

  std::string libraryError() const {
    if (!streamError.empty()) return streamError;
    return sf_strerror(file);
  }

  template <typename T>
  T* scratchFor(std::int64_t count) {
    const auto bytes = static_cast<std::size_t>(count) * static_cast<std::size_t>(info.channels) *
                       std::max(sizeof(T), sizeof(std::int32_t));
    if (scratch.size() < bytes) scratch.resize(bytes);
    return reinterpret_cast<T*>(scratch.data());
  }

  // Rounds x (full scale 1.0) to `integerBits` and left-justifies it in 32 bits, the form
  // libsndfile's integer writers shift down exactly.
  std::int32_t quantise(double x) noexcept {
    return static_cast<std::int32_t>(static_cast<std::int64_t>(quantiser(x)) *
                                     (1LL << (32 - integerBits)));
  }
};

namespace {

// libsndfile calls these from C: an exception from the stream is kept and reported later.
template <typename F>
sf_count_t guarded(void* user, sf_count_t failed, F&& call) {
  auto* s = static_cast<AudioFile::State*>(user);
  try {
    return call(*s->stream);
  } catch (const std::exception& e) {
    s->streamError = e.what();
    return failed;
  }
}

sf_count_t streamLength(void* user) {
  return guarded(user, -1, [](ByteStream& b) { return b.size(); });
}
sf_count_t streamSeek(sf_count_t offset, int whence, void* user) {
  return guarded(user, -1, [&](ByteStream& b) { return b.seek(offset, whence); });
}
sf_count_t streamRead(void* into, sf_count_t count, void* user) {
  return guarded(user, 0, [&](ByteStream& b) { return b.read(into, count); });
}
sf_count_t streamWrite(const void* from, sf_count_t count, void* user) {
  return guarded(user, 0, [&](ByteStream& b) { return b.write(from, count); });
}
sf_count_t streamTell(void* user) {
  return guarded(user, -1, [](ByteStream& b) { return b.tell(); });
}

void attachStream(AudioFile::State& s, std::unique_ptr<ByteStream> stream) {
  s.stream = std::move(stream);
  s.io = {streamLength, streamSeek, streamRead, streamWrite, streamTell};
}

// libsndfile reads a truncated file quietly (it shortens `frames`); its parser log says when the
// header promised more than the file holds. WAV and AIFF: "data : 192000 (should be 95978)".
// RF64: "*** Calculated frame count 23991 does not match value from 'ds64' chunk of 48000".
// W64 logs only "data : N", N counting the chunk's 24-byte header, so the promise is compared
// with the frames found. Streaming writers leave 0 or 0xFFFFFFFF in a WAV's size on purpose;
// those are not truncation.
std::string truncationIn(SNDFILE* file, const SF_INFO& info) {
  char log[8192] = {};
  sf_command(file, SFC_GET_LOG_INFO, log, sizeof(log));
  std::istringstream lines(log);
  std::string line;
  const bool w64 = (info.format & SF_FORMAT_TYPEMASK) == SF_FORMAT_W64;
  while (std::getline(lines, line)) {
    const std::size_t start = line.find_first_not_of(' ');
    const std::string trimmed = start == std::string::npos ? line : line.substr(start);
    long long declared = 0, actual = 0;
    if (std::sscanf(trimmed.c_str(),
                    "*** Calculated frame count %lld does not match value from 'ds64' chunk of "
                    "%lld",
                    &actual, &declared) == 2 &&
        declared > actual)
      return "its header promises " + std::to_string(declared) + " frames, the file holds " +
             std::to_string(actual);
    if (trimmed.rfind("data :", 0) != 0 && trimmed.rfind("SSND :", 0) != 0) continue;
    if (w64) {
      if (std::sscanf(trimmed.c_str() + 6, "%lld", &declared) != 1) continue;
      const long long frameBytes =
          static_cast<long long>(info.channels) * bytesPerSample(info.format);
      const long long promised = frameBytes > 0 ? (declared - 24) / frameBytes : 0;
      if (promised > info.frames)
        return "its header promises " + std::to_string(promised) + " frames, the file holds " +
               std::to_string(info.frames);
      continue;
    }
    if (std::sscanf(trimmed.c_str() + 6, "%lld (should be %lld)", &declared, &actual) != 2)
      continue;
    if (declared > actual && declared != 0xFFFFFFFFLL && declared != 0)
      return "its header promises " + std::to_string(declared) +
             " bytes of audio, the file holds " + std::to_string(actual);
  }
  return "";
}

void finishReadOpen(AudioFile::State& s, bool allowTruncated) {
  if (!s.file)
    throw AudioFileError("cannot read '" + s.name +
                         "': " + (s.streamError.empty() ? sf_strerror(nullptr) : s.streamError));
  if (s.info.channels <= 0 || s.info.samplerate <= 0)
    throw AudioFileError("'" + s.name + "' holds no audio");
  if (!allowTruncated) {
    if (const std::string why = truncationIn(s.file, s.info); !why.empty())
      throw AudioFileError("'" + s.name + "' is truncated: " + why +
                           " (open it allowing truncation to read what is there)");
  }
  s.frames = s.info.frames;
  for (std::size_t i = 0; i < std::size(kTagIds); ++i)
    if (const char* v = sf_get_string(s.file, kTagIds[i]); v && *v) s.tags[kTagNames[i]] = v;
}

// Finds a faster decoder for what libsndfile opened, used only where it reads the file exactly
// as libsndfile does (same channels and length; our PCM header reader must agree on the
// subtype). Anything else stays with libsndfile alone.
void attachFastPath(AudioFile::State& s) {
  const int major = s.info.format & SF_FORMAT_TYPEMASK;
  try {
    if (major == SF_FORMAT_WAV || major == SF_FORMAT_WAVEX || major == SF_FORMAT_RF64 ||
        major == SF_FORMAT_AIFF) {
      // The header is parsed through a map (only its first pages are touched); the samples
      // are then read with pread, which a file shortened meanwhile cannot turn into SIGBUS.
      auto mapped = MappedAudioFile::tryOpen(s.name);
      if (mapped && mapped->channels() == s.info.channels && mapped->frames() == s.frames &&
          mapped->layout().subtype() == subtypeName(s.info.format))
        s.fast = std::make_unique<PcmFileSource>(s.name, mapped->layout(),
                                                 mapped->sampleBytes() - mapped->mapping()->data(),
                                                 mapped->frames());
    } else if (major == SF_FORMAT_FLAC) {
      auto flac = FlacDecoder::open(s.name);
      if (flac && flac->channels() == s.info.channels && flac->frames() == s.frames)
        s.fast = std::move(flac);
    }
  } catch (const Error&) {
    // libsndfile opened it; let libsndfile read it.
  }
}

// Checks what libsndfile would reject with a vague message, then builds the format word.
int writeFormat(const std::string& name, double sampleRate, int channels,
                const AudioWriteOptions& options, const std::string& format,
                const std::string& subtype) {
  requireInRange("sample rate", sampleRate, 1.0, 768000.0, "Hz");
  requireInRange("channel count", channels, 1, 1024, "");
  if (std::floor(sampleRate) != sampleRate)
    throw OutOfRangeError("sample rate must be a whole number of Hz for a file, got " +
                          formatNumber(sampleRate));
  if (subtype == "OPUS" && !isOpusRate(sampleRate))
    throw OutOfRangeError("Opus stores 8000, 12000, 16000, 24000 or 48000 Hz, got " +
                          formatNumber(sampleRate) + " Hz; resample first");
  if (options.compressionLevel > 1.0)
    throw OutOfRangeError("compression level must be within [0, 1], got " +
                          formatNumber(options.compressionLevel));
  SF_INFO probe{};
  probe.samplerate = static_cast<int>(sampleRate);
  probe.channels = channels;
  probe.format = formatCode(format) | subtypeCode(subtype);
  if (!sf_format_check(&probe))
    throw InvalidArgumentError(withArticle(format) + " file cannot hold " + subtype + " samples (" +
                               std::to_string(channels) +
                               (channels == 1 ? " channel, " : " channels, ") +
                               formatNumber(sampleRate) + " Hz): '" + name + "'");
  return probe.format;
}

void finishWriteOpen(AudioFile::State& s, const AudioWriteOptions& options) {
  if (!s.file)
    throw AudioFileError("cannot write '" + s.name +
                         "': " + (s.streamError.empty() ? sf_strerror(nullptr) : s.streamError));
  const int major = s.info.format & SF_FORMAT_TYPEMASK;
  if (major == SF_FORMAT_WAV || major == SF_FORMAT_AIFF)  // 32-bit chunk sizes
    s.frameLimit = (0xFFFFFFFFLL - 4096) /
                   (static_cast<std::int64_t>(s.info.channels) * bytesPerSample(s.info.format));
  if (options.compressionLevel >= 0.0) {
    double level = options.compressionLevel;
    sf_command(s.file, SFC_SET_COMPRESSION_LEVEL, &level, sizeof(level));
  }
  for (const auto& [key, value] : options.tags) {
    if (sf_set_string(s.file, tagId(key), value.c_str()) == 0) s.tags[key] = value;
  }
  s.integerBits = integerBits(s.info.format);
  // Dither only where its noise matters (8 and 16 bits), as the option promises.
  if (s.integerBits > 0)
    s.quantiser =
        dsp::Quantiser(s.integerBits, options.dither && s.integerBits <= 16, options.ditherSeed);
}

}  // namespace

AudioFile::AudioFile(std::unique_ptr<State> state) noexcept : state_(std::move(state)) {}
AudioFile::AudioFile(AudioFile&&) noexcept = default;
AudioFile& AudioFile::operator=(AudioFile&& other) noexcept {
  if (this != &other) {
    abandon();
    state_ = std::move(other.state_);
  }
  return *this;
}
AudioFile::~AudioFile() {
  abandon();
}

AudioFile AudioFile::openRead(const std::string& path, bool allowTruncated) {
  auto s = std::make_unique<State>();
  s->name = path;
  if (const std::string why = unreadableFileReason(path); !why.empty())
    throw AudioFileError("cannot read '" + path + "': " + why);
  s->file = sf_open(path.c_str(), SFM_READ, &s->info);
  finishReadOpen(*s, allowTruncated);
  attachFastPath(*s);
  return AudioFile(std::move(s));
}

AudioFile AudioFile::openRead(std::unique_ptr<ByteStream> stream, const std::string& name,
                              bool allowTruncated) {
  auto s = std::make_unique<State>();
  s->name = name;
  attachStream(*s, std::move(stream));
  s->file = sf_open_virtual(&s->io, SFM_READ, &s->info, s.get());
  finishReadOpen(*s, allowTruncated);
  return AudioFile(std::move(s));
}

AudioFile AudioFile::openWrite(const std::string& path, double sampleRate, int channels,
                               const AudioWriteOptions& options) {
  const auto [format, subtype] = resolveWriteFormat(options.format, options.subtype, path);
  const int code = writeFormat(path, sampleRate, channels, options, format, subtype);
  if (options.inPlace && format != "WAV" && format != "WAVEX" && format != "W64" &&
      format != "RF64" && format != "AIFF" && format != "CAF")
    throw InvalidArgumentError("'" + path + "' cannot be written in place as " + format +
                               "; recordings go to WAV, W64, RF64, AIFF or CAF");
  auto s = std::make_unique<State>();
  s->mode = Mode::Write;
  s->name = path;
  if (!options.inPlace) {
    try {
      s->replacement.emplace(path);
    } catch (const Error& e) {
      throw AudioFileError(e.what());
    }
  }
  s->info.samplerate = static_cast<int>(sampleRate);
  s->info.channels = channels;
  s->info.format = code;
  s->file = sf_open(options.inPlace ? path.c_str() : s->replacement->temporaryPath().c_str(),
                    SFM_WRITE, &s->info);
  finishWriteOpen(*s, options);
  return AudioFile(std::move(s));
}

AudioFile AudioFile::openWrite(std::unique_ptr<ByteStream> stream, const std::string& name,
                               double sampleRate, int channels, const AudioWriteOptions& options) {
  if (options.format.empty())
    throw InvalidArgumentError("name the format to write '" + name +
                               "' (there is no file extension to go by)");
  const auto [format, subtype] = resolveWriteFormat(options.format, options.subtype, name);
  const int code = writeFormat(name, sampleRate, channels, options, format, subtype);
  auto s = std::make_unique<State>();
  s->mode = Mode::Write;
  s->name = name;
  attachStream(*s, std::move(stream));
  s->info.samplerate = static_cast<int>(sampleRate);
  s->info.channels = channels;
  s->info.format = code;
  s->file = sf_open_virtual(&s->io, SFM_WRITE, &s->info, s.get());
  finishWriteOpen(*s, options);
  return AudioFile(std::move(s));
}

AudioFile::Mode AudioFile::mode() const noexcept {
  return state_->mode;
}
const std::string& AudioFile::name() const noexcept {
  return state_->name;
}
int AudioFile::sampleRate() const noexcept {
  return state_->info.samplerate;
}
int AudioFile::channels() const noexcept {
  return state_->info.channels;
}
std::int64_t AudioFile::frames() const noexcept {
  return state_->frames;
}
bool AudioFile::seekable() const noexcept {
  return state_->info.seekable != 0;
}
bool AudioFile::isOpen() const noexcept {
  return state_ && state_->file;
}

std::string AudioFile::format() const {
  return formatName(state_->info.format);
}
std::string AudioFile::subtype() const {
  return subtypeName(state_->info.format);
}
std::map<std::string, std::string> AudioFile::tags() const {
  return state_->tags;
}

template <typename T>
std::int64_t AudioFile::read(T* const* out, std::int64_t frames) {
  State& s = *state_;
  if (s.mode != Mode::Read || !s.file)
    throw InvalidArgumentError("'" + s.name + "' is not open for reading");
  if (frames < 0)
    throw OutOfRangeError("frames to read must be >= 0, got " + std::to_string(frames));
  const std::int64_t wanted = std::min(frames, s.frames - s.position);
  if constexpr (std::is_floating_point_v<T>) {
    if (s.fast) {
      const std::int64_t got = s.fast->read(s.position, wanted, out);
      s.position += got;
      s.libraryBehind = true;
      if (got < wanted)
        throw AudioFileError("'" + s.name + "' ends early: frame " + std::to_string(s.position) +
                             " of " + std::to_string(s.frames) + " (truncated or corrupt)");
      return got;
    }
  }
  if (s.libraryBehind && sf_seek(s.file, s.position, SEEK_SET) < 0)
    throw AudioFileError("seeking in '" + s.name + "' failed: " + s.libraryError());
  s.libraryBehind = false;
  const int channels = s.info.channels;
  std::int64_t done = 0;
  while (done < wanted) {
    const std::int64_t n = std::min(kChunkFrames, wanted - done);
    T* buffer = s.scratchFor<T>(n);
    const sf_count_t got = readFrames(s.file, buffer, n);
    scatter(buffer, got, channels, out, done);
    done += got;
    s.position += got;
    if (got < n) {
      const std::string why = sf_error(s.file) != 0 ? s.libraryError() : "truncated or corrupt";
      throw AudioFileError("'" + s.name + "' ends early: frame " + std::to_string(s.position) +
                           " of " + std::to_string(s.frames) + " (" + why + ")");
    }
  }
  return done;
}

template <typename T>
void AudioFile::write(const T* const* in, std::int64_t frames) {
  State& s = *state_;
  if (s.mode != Mode::Write || !s.file)
    throw InvalidArgumentError("'" + s.name + "' is not open for writing");
  if (frames > s.frameLimit - s.frames)
    throw AudioFileError("'" + s.name + "' cannot grow past 4 GB as " + formatName(s.info.format) +
                         " (" + std::to_string(s.frameLimit) +
                         " frames); write RF64 or W64 instead");
  const int channels = s.info.channels;
  constexpr bool floating = std::is_floating_point_v<T>;
  std::int64_t done = 0;
  while (done < frames) {
    const std::int64_t n = std::min(kChunkFrames, frames - done);
    sf_count_t wrote = 0;
    if (floating && s.integerBits > 0) {
      auto* buffer = s.scratchFor<std::int32_t>(n);
      for (std::int64_t i = 0; i < n; ++i)
        for (int c = 0; c < channels; ++c)
          buffer[i * channels + c] = s.quantise(static_cast<double>(in[c][done + i]));
      wrote = writeFrames(s.file, buffer, n);
    } else {
      T* buffer = s.scratchFor<T>(n);
      for (std::int64_t i = 0; i < n; ++i)
        for (int c = 0; c < channels; ++c) buffer[i * channels + c] = in[c][done + i];
      wrote = writeFrames(s.file, buffer, n);
    }
    done += wrote;
    s.frames += wrote;
    if (wrote < n)
      throw AudioFileError("writing '" + s.name + "' failed after " + std::to_string(s.frames) +
                           " frames: " + s.libraryError());
  }
}

template std::int64_t AudioFile::read(float* const*, std::int64_t);
template std::int64_t AudioFile::read(double* const*, std::int64_t);
template std::int64_t AudioFile::read(std::int16_t* const*, std::int64_t);
template std::int64_t AudioFile::read(std::int32_t* const*, std::int64_t);
template void AudioFile::write(const float* const*, std::int64_t);
template void AudioFile::write(const double* const*, std::int64_t);
template void AudioFile::write(const std::int16_t* const*, std::int64_t);
template void AudioFile::write(const std::int32_t* const*, std::int64_t);

std::int64_t AudioFile::seek(std::int64_t frame, int whence) {
  State& s = *state_;
  if (s.mode != Mode::Read || !s.file)
    throw InvalidArgumentError("'" + s.name + "' is not open for reading");
  const std::int64_t base = whence == SEEK_CUR ? s.position : whence == SEEK_END ? s.frames : 0;
  const std::int64_t target = base + frame;
  if (target < 0 || target > s.frames)
    throw OutOfRangeError("seek target must be within [0, " + std::to_string(s.frames) +
                          "] frames of '" + s.name + "', got " + std::to_string(target));
  if (!s.info.seekable) throw AudioFileError("'" + s.name + "' cannot seek (not seekable)");
  const sf_count_t at = sf_seek(s.file, target, SEEK_SET);
  if (at < 0) throw AudioFileError("seeking in '" + s.name + "' failed: " + s.libraryError());
  s.position = at;
  s.libraryBehind = false;
  return at;
}

std::int64_t AudioFile::tell() const {
  return state_->position;
}

void AudioFile::flush() {
  if (!state_ || !state_->file || state_->mode != Mode::Write) return;
  sf_write_sync(state_->file);
  if (sf_command(state_->file, SFC_UPDATE_HEADER_NOW, nullptr, 0) != 0 ||
      sf_error(state_->file) != SF_ERR_NO_ERROR)
    throw AudioFileError("writing '" + state_->name + "' failed: " + sf_strerror(state_->file));
}

void AudioFile::close() {
  if (!state_ || !state_->file) return;
  State& s = *state_;
  const bool ok = sf_close(s.file) == 0 && s.streamError.empty();
  const std::string why = s.streamError.empty() ? "could not finish the file" : s.streamError;
  s.file = nullptr;
  s.fast.reset();  // unmaps at once, not when the handle is destroyed
  if (s.mode == Mode::Write) {
    if (!ok) {
      s.replacement.reset();  // removes the temporary
      throw AudioFileError("writing '" + s.name + "' failed: " + why);
    }
    if (s.replacement) {
      s.replacement->commit();
      s.replacement.reset();
    }
  }
}

void AudioFile::abandon() noexcept {
  if (!state_) return;
  if (state_->file) {
    sf_close(state_->file);
    state_->file = nullptr;
  }
  state_->replacement.reset();  // no commit: the temporary goes, the target stays as it was
}

}  // namespace tonewood::io
