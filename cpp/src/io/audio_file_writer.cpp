#include "tonewood/io/audio_file_writer.hpp"

#include "tonewood/io/audio_file.hpp"

namespace tonewood::io {

void writeAudioFile(const std::string& path, const AudioBlockView& audio, double sampleRate,
                    const std::string& subtype) {
  AudioWriteOptions options;
  options.subtype = subtype;
  AudioFile file = AudioFile::openWrite(path, sampleRate, audio.numChannels(), options);
  float* channels[kMaxChannels];
  for (int c = 0; c < audio.numChannels(); ++c) channels[c] = audio.channel(c);
  file.write<float>(channels, audio.numFrames());
  file.close();
}

}  // namespace tonewood::io
