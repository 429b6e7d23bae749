#pragma once

#include <string>

#include "tonewood/core/audio_buffer.hpp"

/// Reading audio files through libsndfile (any format it reads: WAV, AIFF, FLAC, OGG, MP3, ...).
namespace tonewood::io {

struct AudioFileData {
  AudioBuffer audio;  ///< planar float, channels x frames
  double sampleRate = 0.0;
};

/// Reads a whole file. Throws AudioFileError naming the file when it cannot be opened or read,
/// or holds no audio. Control thread.
AudioFileData readAudioFile(const std::string& path);

}  // namespace tonewood::io
