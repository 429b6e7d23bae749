#pragma once

#include <string>

#include "tonewood/core/audio_buffer.hpp"

/// Writing audio files through libsndfile. The container comes from the file extension
/// (.wav, .flac, .aif/.aiff); the sample format from `subtype`.
namespace tonewood::io {

/// Sample formats accepted by `writeAudioFile`.
/// "PCM_16", "PCM_24", "PCM_32", "FLOAT", "DOUBLE" (FLAC takes the PCM ones up to 24 bits).
inline constexpr const char* kSubtypes[] = {"PCM_16", "PCM_24", "PCM_32", "FLOAT", "DOUBLE"};

/// Writes planar float audio. The data goes to a temporary file beside `path` that is renamed
/// over it only when complete, so a failure never leaves a partial or corrupt file (and never
/// destroys an existing one). PCM output clips to [-1, 1). Throws InvalidArgumentError for an
/// unknown extension or subtype, OutOfRangeError for a bad sample rate or channel count, and
/// AudioFileError (naming the file) when the system refuses. Any non-audio thread.
void writeAudioFile(const std::string& path, const AudioBlockView& audio, double sampleRate,
                    const std::string& subtype = "PCM_24");

}  // namespace tonewood::io
