#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

#include "tonewood/core/audio_buffer.hpp"
#include "tonewood/dsp/fades.hpp"
#include "tonewood/timeline/position.hpp"

namespace tonewood::timeline {

/// How a file source holds its audio.
enum class SourceLoading {
  /// Clips play it from disk: a track's disk thread reads ahead of the playhead (live), the
  /// render thread reads it as it goes (bounce). Only the header is read up front, so a session's
  /// memory does not grow with its media. Reversed and tempo-stretched clips need the whole
  /// region at once: for them the file is decoded when they are scheduled, and kept.
  Stream,
  /// Decoded once into memory, converted to an engine's rate once (libsoxr) and kept.
  Memory,
};

/// The audio clips are cut from: a file (its path kept so a project can refer to it) or an
/// array. Immutable and shared by every clip cut from it. Any thread.
class AudioSource : public std::enable_shared_from_this<AudioSource> {
 public:
  /// Opens the file (and with SourceLoading::Memory, reads it all). AudioFileError naming it when
  /// it cannot be read; OutOfRangeError for more than two channels (tracks are stereo).
  static std::shared_ptr<const AudioSource> fromFile(const std::string& path,
                                                     SourceLoading loading = SourceLoading::Stream);
  /// Copies planar `audio` at `sampleRate`. OutOfRangeError for no frames, more than two
  /// channels or a rate outside [1000, 768000] Hz.
  static std::shared_ptr<const AudioSource> fromAudio(const AudioBlockView& audio,
                                                      double sampleRate, std::string name = "");

  /// The file's path, or "" for an array.
  const std::string& path() const noexcept { return path_; }
  /// The file's name, or the name the array was given.
  const std::string& name() const noexcept { return name_; }
  double sampleRate() const noexcept { return sampleRate_; }
  int channels() const noexcept { return channels_; }
  std::int64_t frames() const noexcept { return frames_; }
  double seconds() const noexcept { return static_cast<double>(frames()) / sampleRate_; }
  /// True for a file that clips play from disk.
  bool streamed() const noexcept { return streamed_; }
  /// The whole audio (a streamed file is decoded here, once, and kept).
  const AudioBuffer& audio() const;
  /// The audio at `rate` (the original when the rates match), decoded and converted once, kept.
  std::shared_ptr<const AudioBuffer> at(double rate) const;
  /// How many frames a file streamed at `rate` holds (what ResamplingFileReader gives).
  std::int64_t framesAt(double rate) const noexcept;
  /// Frames [offset, offset + frames) of the audio at `rate`, stretched by `ratio` with Rubber
  /// Band (pitch kept), converted once and kept.
  std::shared_ptr<const AudioBuffer> stretched(double rate, std::int64_t offset,
                                               std::int64_t frames, double ratio) const;

 private:
  AudioSource() = default;
  std::string path_, name_;
  double sampleRate_ = 48000.0;
  int channels_ = 0;
  std::int64_t frames_ = 0;
  bool streamed_ = false;
  mutable std::mutex mutex_;
  mutable AudioBuffer audio_;  // a streamed file's: empty until audio() asks for it
  mutable bool decoded_ = false;
  mutable std::map<double, std::shared_ptr<const AudioBuffer>> converted_;
  mutable std::map<std::tuple<double, std::int64_t, std::int64_t, double>,
                   std::shared_ptr<const AudioBuffer>>
      stretched_;
};

struct Fade {
  double seconds = 0.0;
  dsp::FadeShape shape = dsp::FadeShape::Linear;
  friend bool operator==(const Fade&, const Fade&) = default;
};

/// A stretch of a source placed on the timeline. It plays the source's region from
/// `offsetSeconds` (to its end, or `loopSeconds` long when that is set), for `lengthSeconds`
/// (the region's length when unset): shorter trims the end, longer repeats the region when
/// `loop` is on. `reverse` plays the region backwards. Gain and fades shape it: frame i of a
/// fade-in of n frames has fadeGain(i / n), the last frame of a fade-out is silent, exactly as
/// tonewood's buffer fades.
struct AudioClip {
  std::uint64_t id = 0;  ///< given by the track that holds it, unique there
  std::shared_ptr<const AudioSource> source;
  std::string name;
  Position start;
  double offsetSeconds = 0.0;
  double lengthSeconds = -1.0;  ///< < 0: the region's length
  double loopSeconds = -1.0;    ///< < 0: the region runs to the source's end
  bool loop = false;
  bool reverse = false;
  double gainDb = 0.0;
  Fade fadeIn, fadeOut;
  /// The source's tempo, to stretch the clip to the song's (Rubber Band, pitch kept): what it
  /// plays, `playedSeconds` of the source at `sourceBpm`, then lasts as many beats of the song
  /// from the clip's start. One ratio for the whole clip (it does not bend inside a tempo
  /// change). 0: the clip plays at its own speed.
  double sourceBpm = 0.0;

  /// The region the clip plays from, in seconds of the source.
  double regionSeconds() const noexcept;
  /// How much of the source it plays (the region, trimmed or looped), in seconds of the source.
  double playedSeconds() const noexcept;
  /// How long that lasts on `map`'s timeline: playedSeconds, stretched when sourceBpm is set.
  double timelineSeconds(const TempoMap& map) const noexcept;
  /// The stretch: timeline seconds per source second (1 without sourceBpm).
  double stretchRatio(const TempoMap& map) const noexcept;
  /// Checks every field against the source; InvalidArgumentError or OutOfRangeError naming the
  /// clip, the value, its unit and the allowed range.
  void validate() const;

  friend bool operator==(const AudioClip&, const AudioClip&) = default;
};

/// A clip as the audio thread plays it: every length in frames at the engine's rate.
struct ScheduledClip {
  std::shared_ptr<const AudioBuffer> audio;  ///< the source at the engine's rate, or:
  std::string file;  ///< a streamed source: its frames are read from this file at the engine's rate
  std::int64_t start = 0, frames = 0;   ///< on the timeline
  std::int64_t offset = 0, region = 0;  ///< the region's frames in `audio`
  bool loop = false, reverse = false;
  double gain = 1.0;
  std::int64_t fadeIn = 0, fadeOut = 0;
  dsp::FadeShape fadeInShape = dsp::FadeShape::Linear, fadeOutShape = dsp::FadeShape::Linear;

  /// The clip on `map` at `sampleRate` (validated first).
  static ScheduledClip of(const AudioClip& clip, const TempoMap& map, double sampleRate);
  std::int64_t end() const noexcept { return start + frames; }
};

}  // namespace tonewood::timeline
