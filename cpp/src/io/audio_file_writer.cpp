#include "tonewood/io/audio_file_writer.hpp"

#include <algorithm>

namespace tonewood::io {

void writeAudioFile(const std::string& path, const AudioBlockView& audio, double sampleRate,
                    const std::string& subtype) {
  AudioWriteOptions options;
  options.subtype = subtype;
  writeAudioFile(path, audio, sampleRate, options);
}

void writeAudioFile(const std::string& path, const AudioBlockView& audio, double sampleRate,
                    const AudioWriteOptions& options, const ProgressCallback& progress) {
  AudioFile file = AudioFile::openWrite(path, sampleRate, audio.numChannels(), options);
  constexpr std::int64_t kChunk = 1 << 16;  // progress granularity
  const float* channels[kMaxChannels];
  for (std::int64_t done = 0; done < audio.numFrames();) {
    const std::int64_t n = std::min<std::int64_t>(kChunk, audio.numFrames() - done);
    for (int c = 0; c < audio.numChannels(); ++c) channels[c] = audio.channel(c) + done;
    file.write<float>(channels, n);
    done += n;
    if (progress) progress(static_cast<double>(done) / audio.numFrames());
  }
  file.close();
}

}  // namespace tonewood::io
