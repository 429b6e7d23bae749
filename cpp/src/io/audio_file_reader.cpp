#include "tonewood/io/audio_file_reader.hpp"

#include <sndfile.h>

#include <memory>
#include <vector>

#include "tonewood/core/errors.hpp"
#include "tonewood/core/interleave.hpp"

namespace tonewood::io {

AudioFileData readAudioFile(const std::string& path) {
  SF_INFO info{};
  SNDFILE* raw = sf_open(path.c_str(), SFM_READ, &info);
  if (!raw) throw AudioFileError("cannot read '" + path + "': " + sf_strerror(nullptr));
  const std::unique_ptr<SNDFILE, int (*)(SNDFILE*)> file(raw, sf_close);
  if (info.frames <= 0 || info.channels <= 0) throw AudioFileError("'" + path + "' holds no audio");
  if (info.channels > kMaxChannels || info.frames > (1LL << 31) / info.channels)
    throw AudioFileError("'" + path + "' is too large to load (" + std::to_string(info.channels) +
                         " channels, " + std::to_string(info.frames) + " frames)");
  AudioFileData data;
  data.sampleRate = info.samplerate;
  data.audio.resize(info.channels, static_cast<int>(info.frames));
  constexpr sf_count_t kChunk = 16384;
  std::vector<float> interleaved(static_cast<std::size_t>(kChunk * info.channels));
  sf_count_t done = 0;
  while (done < info.frames) {
    const sf_count_t got =
        sf_readf_float(raw, interleaved.data(), std::min(kChunk, info.frames - done));
    if (got <= 0) throw AudioFileError("'" + path + "' ends early (truncated or corrupt)");
    deinterleave(interleaved.data(), static_cast<int>(got), data.audio.view(),
                 static_cast<int>(done));
    done += got;
  }
  return data;
}

}  // namespace tonewood::io
