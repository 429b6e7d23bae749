#pragma once

#include <string>
#include <vector>

/// Names for audio file formats (containers) and subtypes (sample encodings), and their
/// libsndfile codes. Names are upper case, as soundfile and libsndfile users know them:
/// formats "WAV", "WAVEX" (WAVE_FORMAT_EXTENSIBLE), "RF64", "W64", "AIFF", "FLAC", "OGG", "MP3",
/// "CAF"; subtypes "PCM_S8", "PCM_U8", "PCM_16", "PCM_24", "PCM_32", "FLOAT", "DOUBLE", "ULAW",
/// "ALAW", "VORBIS", "OPUS", "MPEG_LAYER_III", "ALAC_16", "ALAC_20", "ALAC_24", "ALAC_32". Any
/// thread.
namespace tonewood::io {

/// The libsndfile major-format code for a format name (case-insensitive). Throws
/// InvalidArgumentError listing the known names.
int formatCode(const std::string& name);
/// The libsndfile subtype code for a subtype name (case-insensitive). Throws InvalidArgumentError
/// listing the known names.
int subtypeCode(const std::string& name);

/// The name of the major format / subtype inside a libsndfile format word ("" when unknown).
std::string formatName(int sndfileFormat);
std::string subtypeName(int sndfileFormat);

/// The format a path's extension asks for: .wav, .rf64, .w64, .aif/.aiff/.aifc, .flac,
/// .ogg/.oga, .opus (OGG with OPUS), .mp3, .caf. Throws InvalidArgumentError naming the path and
/// the known extensions.
std::string formatForExtension(const std::string& path);
/// The subtype used when the caller names none: PCM_24 for WAV, RF64, W64, AIFF, CAF and FLAC;
/// VORBIS for OGG (OPUS for a .opus path); MPEG_LAYER_III for MP3.
std::string defaultSubtype(const std::string& format, const std::string& path = "");

/// The container and subtype a write ends up with: `format` as named (case-insensitive; "OPUS"
/// means OGG holding Opus) or, when empty, from the path's extension; `subtype` as named or the
/// format's default. Throws InvalidArgumentError as formatForExtension does, or when OPUS is
/// asked for with another subtype.
struct WriteFormat {
  std::string format, subtype;
};
WriteFormat resolveWriteFormat(const std::string& format, const std::string& subtype,
                               const std::string& path);

/// "a WAV", "an MP3", "an AIFF": the format's name with the article it is read with.
std::string withArticle(const std::string& format);

/// Bits per sample of an integer subtype (PCM_*, ALAC_*), or 0 for float and compressed ones.
int integerBits(int sndfileFormat);

/// Bytes one sample takes in an uncompressed subtype (0 for compressed ones).
int bytesPerSample(int sndfileFormat);

std::vector<std::string> formatNames();
std::vector<std::string> subtypeNames();

}  // namespace tonewood::io
