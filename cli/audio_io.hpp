#pragma once

#include <string>

#include "tonewood/core/audio_buffer.hpp"
#include "tonewood/io/audio_file.hpp"

/// Whole-file reads and writes for the audio commands, with progress on a terminal.
namespace tonewood::cli {

struct LoadedAudio {
  AudioBuffer audio;
  double sampleRate = 0.0;
  std::string format, subtype;
};

/// Reads the whole file as float. Throws AudioFileError naming it, or CapacityError when it is
/// longer than 2^31 - 1 frames.
LoadedAudio loadAudio(const std::string& path, bool showProgress);

/// Writes `audio` through a temporary that replaces `path` only when complete.
void saveAudio(const std::string& path, const AudioBlockView& audio, double sampleRate,
               const io::AudioWriteOptions& options, bool showProgress);

/// "label: 42%" on one terminal line (stderr), when `enabled`; done() ends the line.
class Progress {
 public:
  Progress(std::string label, bool enabled);
  void update(double fraction);
  void done();

 private:
  std::string label_;
  bool enabled_;
  int shown_ = -1;
};

/// True when stderr is a terminal (progress is shown there unless --quiet).
bool progressWanted(bool quiet);

}  // namespace tonewood::cli
