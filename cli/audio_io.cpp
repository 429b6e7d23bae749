#include "audio_io.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "tonewood/io/audio_file_writer.hpp"

namespace tonewood::cli {

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

io::AudioFileData loadAudio(const std::string& path, bool showProgress) {
  Progress progress("reading " + path, showProgress);
  io::AudioFileData data = io::readAudioFile(path, [&](double f) { progress.update(f); });
  progress.done();
  return data;
}

void saveAudio(const std::string& path, const AudioBlockView& audio, double sampleRate,
               const io::AudioWriteOptions& options, bool showProgress) {
  Progress progress("writing " + path, showProgress);
  io::writeAudioFile(path, audio, sampleRate, options, [&](double f) { progress.update(f); });
  progress.done();
}

}  // namespace tonewood::cli
