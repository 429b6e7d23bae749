#include "tonewood/io/audio_file_writer.hpp"

#include <sndfile.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <vector>

#include "tonewood/core/errors.hpp"
#include "tonewood/core/file_replacement.hpp"
#include "tonewood/core/interleave.hpp"

namespace tonewood::io {

namespace {

std::string lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

int containerFor(const std::string& path) {
  const std::string ext = lowercase(std::filesystem::path(path).extension().string());
  if (ext == ".wav") return SF_FORMAT_WAV;
  if (ext == ".flac") return SF_FORMAT_FLAC;
  if (ext == ".aif" || ext == ".aiff") return SF_FORMAT_AIFF;
  throw InvalidArgumentError("cannot tell the audio format of '" + path +
                             "' from its extension; use .wav, .flac, .aif or .aiff");
}

int subtypeFor(const std::string& subtype) {
  const std::string s = [&] {
    std::string up = subtype;
    std::transform(up.begin(), up.end(), up.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return up;
  }();
  if (s == "PCM_16") return SF_FORMAT_PCM_16;
  if (s == "PCM_24") return SF_FORMAT_PCM_24;
  if (s == "PCM_32") return SF_FORMAT_PCM_32;
  if (s == "FLOAT") return SF_FORMAT_FLOAT;
  if (s == "DOUBLE") return SF_FORMAT_DOUBLE;
  throw InvalidArgumentError("unknown subtype '" + subtype +
                             "'; use PCM_16, PCM_24, PCM_32, FLOAT or DOUBLE");
}

}  // namespace

void writeAudioFile(const std::string& path, const AudioBlockView& audio, double sampleRate,
                    const std::string& subtype) {
  requireInRange("sample rate", sampleRate, 1.0, 768000.0, "Hz");
  requireInRange("channel count", audio.numChannels(), 1, kMaxChannels, "");
  if (std::floor(sampleRate) != sampleRate)
    throw OutOfRangeError("sample rate must be a whole number of Hz for a file, got " +
                          formatNumber(sampleRate));
  SF_INFO info{};
  info.samplerate = static_cast<int>(sampleRate);
  info.channels = audio.numChannels();
  info.format = containerFor(path) | subtypeFor(subtype);
  if (!sf_format_check(&info))
    throw InvalidArgumentError("subtype " + subtype + " cannot be stored in '" + path + "'");

  FileReplacement replacement(path);
  SNDFILE* file = sf_open(replacement.temporaryPath().c_str(), SFM_WRITE, &info);
  if (!file) throw AudioFileError("cannot write '" + path + "': " + sf_strerror(nullptr));
  sf_command(file, SFC_SET_CLIPPING, nullptr, SF_TRUE);

  // Interleave in chunks so memory stays small for long files.
  constexpr int kChunk = 8192;
  std::vector<float> interleaved(static_cast<std::size_t>(kChunk) * audio.numChannels());
  bool ok = true;
  for (int start = 0; start < audio.numFrames() && ok; start += kChunk) {
    const int n = std::min(kChunk, audio.numFrames() - start);
    interleave(audio, start, n, interleaved.data());
    ok = sf_writef_float(file, interleaved.data(), n) == n;
  }
  const std::string writeError = ok ? "" : sf_strerror(file);
  ok = (sf_close(file) == 0) && ok;
  if (!ok)
    throw AudioFileError(
        "writing '" + path + "' failed: " +
        (writeError.empty() ? std::string("could not finish the file") : writeError));
  replacement.commit();
}

}  // namespace tonewood::io
