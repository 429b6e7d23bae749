#pragma once

#include <string>

#include "tonewood/core/audio_buffer.hpp"
#include "tonewood/core/progress.hpp"
#include "tonewood/io/audio_file.hpp"

/// Writing a whole buffer to an audio file in one call (see AudioFile for streaming writes).
/// The container comes from the file extension; the sample format from `subtype`.
namespace tonewood::io {

/// Writes planar float audio. The data goes to a temporary file beside `path` that is renamed
/// over it only when complete, so a failure never leaves a partial or corrupt file (and never
/// destroys an existing one). PCM output rounds to the nearest step and clips to [-1, 1 - 1 LSB].
/// Throws InvalidArgumentError for an unknown extension or subtype (audio_format.hpp),
/// OutOfRangeError for a bad sample rate or channel count, and
/// AudioFileError (naming the file) when the system refuses. Any non-audio thread.
void writeAudioFile(const std::string& path, const AudioBlockView& audio, double sampleRate,
                    const std::string& subtype = "PCM_24");

/// The same with every AudioFile write option, reporting progress as it goes.
void writeAudioFile(const std::string& path, const AudioBlockView& audio, double sampleRate,
                    const AudioWriteOptions& options, const ProgressCallback& progress = {});

}  // namespace tonewood::io
