#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "tonewood/io/byte_stream.hpp"

/// An open audio file (libsndfile): read or write, from a path or a ByteStream, in frames of
/// planar samples. Reading any format libsndfile knows; writing WAV, RF64, W64, AIFF, FLAC,
/// OGG/Vorbis, OGG/Opus, MP3 and CAF (WAV and AIFF stop at 4 GB; RF64 and W64 do not).
namespace tonewood::io {

/// How a file is written. Empty strings mean "from the path's extension" and "the format's usual
/// subtype" (see audio_format.hpp).
struct AudioWriteOptions {
  std::string format;
  std::string subtype;
  /// 0..1 for FLAC, Vorbis, Opus and MP3 (0 = fastest / highest bit rate); < 0 keeps the default.
  double compressionLevel = -1.0;
  /// TPDF dither (+-1 LSB) when floats are quantised to 8/16-bit integers.
  bool dither = false;
  std::uint32_t ditherSeed = 1;
  /// Metadata: title, artist, album, comment, date, genre, tracknumber, copyright, software,
  /// license (as far as the format stores them).
  std::map<std::string, std::string> tags;
  /// Write straight to the path instead of through a temporary (recordings): flush() makes
  /// what was written so far a valid, readable file, so a crash loses only what came after the
  /// last flush. WAV, W64, RF64, AIFF and CAF only (their headers can be rewritten in place).
  bool inPlace = false;
};

/// The metadata keys `tags()` and AudioWriteOptions::tags know.
inline constexpr const char* kTagNames[] = {"title",       "copyright", "software", "artist",
                                            "comment",     "date",      "album",    "license",
                                            "tracknumber", "genre"};

/// One open file. Not copyable; movable. A handle is used by one thread at a time; separate
/// handles work in parallel. Control threads only (it allocates and does I/O).
class AudioFile {
 public:
  enum class Mode { Read, Write };

  /// Opens for reading. Throws AudioFileError naming the file when it cannot be opened, is not
  /// audio, or is a WAV/AIFF whose data ends before its header says (unless `allowTruncated`,
  /// which reads what is there).
  static AudioFile openRead(const std::string& path, bool allowTruncated = false);
  /// Reads from a stream; `name` appears in error messages.
  static AudioFile openRead(std::unique_ptr<ByteStream> stream, const std::string& name,
                            bool allowTruncated = false);

  /// Opens for writing. A path is written through a temporary file that replaces the target only
  /// when `close()` succeeds: a failed or abandoned write leaves neither a partial file nor a
  /// damaged original. Throws InvalidArgumentError (format, subtype or combination),
  /// OutOfRangeError (sample rate, channels) or AudioFileError.
  static AudioFile openWrite(const std::string& path, double sampleRate, int channels,
                             const AudioWriteOptions& options = {});
  /// Writes into a stream (the format must be named in `options`).
  static AudioFile openWrite(std::unique_ptr<ByteStream> stream, const std::string& name,
                             double sampleRate, int channels, const AudioWriteOptions& options);

  AudioFile(AudioFile&&) noexcept;
  AudioFile& operator=(AudioFile&&) noexcept;
  ~AudioFile();  ///< an unclosed write is abandoned (see abandon())

  Mode mode() const noexcept;
  const std::string& name() const noexcept;
  int sampleRate() const noexcept;
  int channels() const noexcept;
  /// Frames in the file (reading), or written so far (writing).
  std::int64_t frames() const noexcept;
  std::string format() const;
  std::string subtype() const;
  bool seekable() const noexcept;
  bool isOpen() const noexcept;

  /// Metadata present in the file (reading) or set so far (writing), keyed as in kTagNames.
  std::map<std::string, std::string> tags() const;

  /// Reads up to `frames` frames into `channels()` planar rows (`out[c][0..frames)`), starting at
  /// the position; returns the frames read (fewer only at the end of the file). T is float,
  /// double, int16_t or int32_t (integers full scale, as libsndfile scales them). Throws
  /// AudioFileError naming the file when the data is truncated or corrupt.
  template <typename T>
  std::int64_t read(T* const* out, std::int64_t frames);

  /// Appends `frames` planar frames. Floats going into integer subtypes are rounded to the
  /// nearest step with full scale 2^(bits-1) (so -1.0 and 1.0 - 1 LSB are exact) and clipped;
  /// optional dither. Throws AudioFileError naming the file when the system refuses.
  template <typename T>
  void write(const T* const* in, std::int64_t frames);

  /// Moves the read position to `frame` (whence: SEEK_SET, SEEK_CUR, SEEK_END); returns it.
  /// Throws OutOfRangeError outside [0, frames()].
  std::int64_t seek(std::int64_t frame, int whence = SEEK_SET);
  std::int64_t tell() const;

  /// For in-place writes: pushes what was written to the system and rewrites the header to
  /// match, so the file reads correctly up to here. Throws AudioFileError naming the file.
  void flush();

  /// Finishes the file: for writes, completes the header and puts the file in place. Throws
  /// AudioFileError naming the file when that fails (the partial file is then removed).
  /// Closing twice is harmless.
  void close();
  /// Stops writing and removes what was written (path targets); a stream target is finalised.
  void abandon() noexcept;

  struct State;  ///< implementation detail (public for libsndfile's C callbacks)

 private:
  explicit AudioFile(std::unique_ptr<State> state) noexcept;
  std::unique_ptr<State> state_;
};

}  // namespace tonewood::io
