#include "tonewood/io/audio_file_reader.hpp"

#include <algorithm>
#include <string>

#include "tonewood/core/errors.hpp"
#include "tonewood/io/audio_file.hpp"

namespace tonewood::io {

AudioFileData readAudioFile(const std::string& path, const ProgressCallback& progress) {
  AudioFile file = AudioFile::openRead(path);
  if (file.channels() > kMaxChannels || file.frames() > (1LL << 31) / file.channels())
    throw AudioFileError("'" + path + "' is too large to load (" + std::to_string(file.channels()) +
                         " channels, " + std::to_string(file.frames()) + " frames)");
  AudioFileData data;
  data.sampleRate = file.sampleRate();
  data.format = file.format();
  data.subtype = file.subtype();
  data.audio.resize(file.channels(), static_cast<int>(file.frames()));
  // In chunks, so progress can be reported and a short read is caught where it happens.
  constexpr std::int64_t kChunk = 1 << 16;
  float* channels[kMaxChannels];
  for (std::int64_t done = 0; done < file.frames();) {
    for (int c = 0; c < file.channels(); ++c) channels[c] = data.audio.channel(c) + done;
    const std::int64_t got = file.read<float>(channels, std::min(kChunk, file.frames() - done));
    if (got <= 0) throw AudioFileError("'" + path + "' ends before its header says");
    done += got;
    if (progress) progress(static_cast<double>(done) / static_cast<double>(file.frames()));
  }
  return data;
}

}  // namespace tonewood::io
