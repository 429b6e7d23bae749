#include "tonewood/io/audio_file_reader.hpp"

#include <string>

#include "tonewood/core/errors.hpp"
#include "tonewood/io/audio_file.hpp"

namespace tonewood::io {

AudioFileData readAudioFile(const std::string& path) {
  AudioFile file = AudioFile::openRead(path);
  if (file.frames() <= 0) throw AudioFileError("'" + path + "' holds no audio");
  if (file.channels() > kMaxChannels || file.frames() > (1LL << 31) / file.channels())
    throw AudioFileError("'" + path + "' is too large to load (" + std::to_string(file.channels()) +
                         " channels, " + std::to_string(file.frames()) + " frames)");
  AudioFileData data;
  data.sampleRate = file.sampleRate();
  data.audio.resize(file.channels(), static_cast<int>(file.frames()));
  float* channels[kMaxChannels];
  for (int c = 0; c < file.channels(); ++c) channels[c] = data.audio.channel(c);
  file.read<float>(channels, file.frames());
  return data;
}

}  // namespace tonewood::io
