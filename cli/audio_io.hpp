#pragma once

#include <string>

#include "tonewood/core/audio_buffer.hpp"
#include "tonewood/io/audio_file.hpp"
#include "tonewood/io/audio_file_reader.hpp"

/// Whole-file reads and writes for the audio commands, with progress on a terminal.
namespace tonewood::cli {

/// io::readAudioFile with a progress line when `showProgress`.
io::AudioFileData loadAudio(const std::string& path, bool showProgress);

/// io::writeAudioFile with a progress line when `showProgress`.
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
