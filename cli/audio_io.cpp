#include "audio_io.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "tonewood/core/errors.hpp"

namespace tonewood::cli {

namespace {
constexpr std::int64_t kChunk = 1 << 16;
}

Progress::Progress(std::string label, bool enabled) : label_(std::move(label)), enabled_(enabled) {}

void Progress::update(double fraction) {
  const int percent = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 100.0);
  if (!enabled_ || percent == shown_) return;
  shown_ = percent;
  std::fprintf(stderr, "\r%s: %3d%%", label_.c_str(), percent);
  std::fflush(stderr);
}

void Progress::done() {
  if (enabled_ && shown_ >= 0) std::fprintf(stderr, "\r%s: done\n", label_.c_str());
  shown_ = -1;
}

bool progressWanted(bool quiet) {
  return !quiet && isatty(fileno(stderr));
}

LoadedAudio loadAudio(const std::string& path, bool showProgress) {
  io::AudioFile file = io::AudioFile::openRead(path);
  if (file.frames() > 2147483647)
    throw CapacityError(path + " has " + std::to_string(file.frames()) +
                        " frames; these commands handle up to 2^31 - 1 frames");
  LoadedAudio loaded{AudioBuffer(file.channels(), static_cast<int>(file.frames())),
                     static_cast<double>(file.sampleRate()), file.format(), file.subtype()};
  Progress progress("reading " + path, showProgress);
  float* rows[kMaxChannels];
  for (std::int64_t done = 0; done < file.frames();) {
    for (int c = 0; c < file.channels(); ++c) rows[c] = loaded.audio.channel(c) + done;
    const std::int64_t got = file.read<float>(rows, std::min(kChunk, file.frames() - done));
    if (got <= 0) throw AudioFileError(path + ": the data ends before its header says");
    done += got;
    progress.update(static_cast<double>(done) / static_cast<double>(file.frames()));
  }
  progress.done();
  return loaded;
}

void saveAudio(const std::string& path, const AudioBlockView& audio, double sampleRate,
               const io::AudioWriteOptions& options, bool showProgress) {
  io::AudioFile file = io::AudioFile::openWrite(path, sampleRate, audio.numChannels(), options);
  Progress progress("writing " + path, showProgress);
  const float* rows[kMaxChannels];
  for (std::int64_t done = 0; done < audio.numFrames();) {
    const std::int64_t n = std::min<std::int64_t>(kChunk, audio.numFrames() - done);
    for (int c = 0; c < audio.numChannels(); ++c) rows[c] = audio.channel(c) + done;
    file.write<float>(rows, n);
    done += n;
    progress.update(static_cast<double>(done) / audio.numFrames());
  }
  file.close();
  progress.done();
}

}  // namespace tonewood::cli
