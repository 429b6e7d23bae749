#pragma once

// Mixing a track's clips into a block of the timeline: from memory on the audio thread, from
// their files on a disk or offline thread. Private to the timeline.

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "tonewood/io/resampling_file_reader.hpp"
#include "tonewood/timeline/audio_clip.hpp"

namespace tonewood::timeline {

/// Adds clip frames [from, from + n) of a clip held in memory to stereo `out` (a mono clip on
/// both sides). Real-time safe.
void mixFromMemory(const ScheduledClip& clip, std::int64_t from, int n, float* const* out) noexcept;
/// Adds the timeline's frames [from, from + n) of the clips held in memory among `clips` (sorted
/// by start, apart) to stereo `out`. Real-time safe.
void mixMemoryClips(std::span<const ScheduledClip> clips, std::int64_t from, int n,
                    float* const* out) noexcept;
/// Checks that every streamed clip's file can still be opened; AudioFileError naming one that
/// cannot. Control thread.
void requireStreamedFiles(std::span<const ScheduledClip> clips);

/// Which clips a mix takes.
enum class ClipKinds { All, Streamed };

/// Reads streamed clips from their files, one reader per file, kept open (it allocates and
/// blocks: disk or offline thread only).
class ClipMixer {
 public:
  explicit ClipMixer(double sampleRate);
  ClipMixer(ClipMixer&&) noexcept;
  ~ClipMixer();

  /// Adds the timeline's frames [from, from + n) of `clips` (sorted by start, apart) to stereo
  /// `out`: all of them, or only the streamed ones. A file that cannot be opened or read (gone
  /// since) plays silence and is counted in failures(); this never throws.
  void mix(std::span<const ScheduledClip> clips, std::int64_t from, int n, float* const* out,
           ClipKinds kinds) noexcept;
  std::size_t failures() const noexcept { return failures_; }

 private:
  void mixStreamed(const ScheduledClip& clip, std::int64_t from, int n, float* const* out);
  io::ResamplingFileReader& reader(const std::string& file);

  double sampleRate_;
  void closeIdle(std::span<const ScheduledClip> clips, std::int64_t from, std::int64_t to);

  std::map<std::string, std::unique_ptr<io::ResamplingFileReader>> readers_;
  std::vector<float> scratch_;  // two channels of kScratchFrames
  std::size_t failures_ = 0;
};

}  // namespace tonewood::timeline
