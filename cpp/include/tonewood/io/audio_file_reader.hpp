#pragma once

#include <string>

#include "tonewood/core/audio_buffer.hpp"
#include "tonewood/core/progress.hpp"

/// Reading audio files through libsndfile (any format it reads: WAV, AIFF, FLAC, OGG, MP3, ...).
namespace tonewood::io {

struct AudioFileData {
  AudioBuffer audio;  ///< planar float, channels x frames
  double sampleRate = 0.0;
  std::string format, subtype;  ///< as AudioFile names them, e.g. "FLAC", "PCM_24"
};

/// Reads a whole file (an empty one gives zero frames), reporting progress as it goes. Throws
/// AudioFileError naming the file when it cannot be opened or read, ends before its header
/// says, or is too large to hold in one buffer. Control thread.
AudioFileData readAudioFile(const std::string& path, const ProgressCallback& progress = {});

}  // namespace tonewood::io
