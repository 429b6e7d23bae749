#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "tonewood/core/audio_buffer.hpp"
#include "tonewood/core/progress.hpp"

/// Time-stretching and pitch-shifting through Rubber Band, offline or streaming.
namespace tonewood::io {

/// Rubber Band's engines: R3 "finer" (the default; best quality) and R2 "faster".
enum class StretchEngine { Finer, Faster };

/// "finer" or "faster". Throws InvalidArgumentError listing them.
StretchEngine stretchEngineFromName(const std::string& name);

struct StretchOptions {
  StretchEngine engine = StretchEngine::Finer;
  /// Keep the spectral envelope when shifting pitch, so voices do not sound chipmunk-like.
  bool preserveFormants = false;
};

/// Allowed ranges, checked with errors that name the value and unit.
inline constexpr double kMinTimeRatio = 0.05;
inline constexpr double kMaxTimeRatio = 20.0;
inline constexpr double kMaxShiftSemitones = 48.0;

/// round(frames * timeRatio): how long a stretched signal is.
std::int64_t stretchedFrames(std::int64_t frames, double timeRatio);

/// The whole signal stretched by `timeRatio` (2 = twice as long) and shifted by `pitchSemitones`,
/// exactly stretchedFrames(frames, timeRatio) frames long and time-aligned with the input.
/// Offline mode: Rubber Band studies the whole input first. Throws OutOfRangeError for a ratio
/// outside [0.05, 20], a shift outside [-48, 48] semitones, a rate outside [8000, 384000] Hz.
/// Control thread.
AudioBuffer timeStretch(const AudioBlockView& audio, double sampleRate, double timeRatio,
                        double pitchSemitones, const StretchOptions& options = {},
                        const ProgressCallback& progress = {});

/// A streaming stretcher for live use (Rubber Band's real-time mode). Push input blocks of up to
/// `maxBlockFrames`, pull what is ready. The output is time-aligned (Rubber Band's start delay is
/// trimmed), and after `finish` the total output is exactly the sum of each pushed block's
/// frames times the time ratio in force when it was pushed, rounded once at the end.
/// push/pull/setTimeRatio/setPitchSemitones do not allocate once the stream has started; the
/// constructor and reset do.
class Stretcher {
 public:
  /// Throws OutOfRangeError as timeStretch does, and for channels outside [1, 16] or
  /// maxBlockFrames outside [1, 65536].
  Stretcher(double sampleRate, int channels, double timeRatio = 1.0, double pitchSemitones = 0.0,
            const StretchOptions& options = {}, int maxBlockFrames = 4096);
  ~Stretcher();
  Stretcher(const Stretcher&) = delete;
  Stretcher& operator=(const Stretcher&) = delete;

  /// Both take effect for the next pushed block. Throw OutOfRangeError outside the ranges above.
  void setTimeRatio(double timeRatio);
  void setPitchSemitones(double semitones);
  double timeRatio() const noexcept { return timeRatio_; }
  double pitchSemitones() const noexcept { return pitchSemitones_; }

  /// Feeds up to maxBlockFrames() frames (more throws OutOfRangeError).
  void push(const float* const* in, int frames);
  /// Frames that `pull` can return now.
  int available() const noexcept;
  /// Writes up to `room` ready frames into `out` and returns how many.
  int pull(float* const* out, int room) noexcept;
  /// Ends the input. The remaining output becomes available, cut or padded to the exact total.
  void finish();
  /// True once finish() was called and every output frame has been pulled.
  bool finished() const noexcept;
  /// Back to an empty stream with the current ratio and shift.
  void reset();

  /// Input frames pushed before the first output frame appears: how far the output lags when a
  /// live caller pulls what it pushes (Rubber Band's start delay plus its analysis window).
  int latencyFrames() const noexcept;
  int maxBlockFrames() const noexcept { return maxBlockFrames_; }
  int channels() const noexcept { return channels_; }
  std::int64_t inputFrames() const noexcept { return inputFrames_; }
  std::int64_t outputFrames() const noexcept { return outputFrames_; }

 private:
  struct Engine;
  void start();
  void drainEngine() noexcept;
  std::int64_t owedFrames() const noexcept;

  std::unique_ptr<Engine> engine_;
  double sampleRate_;
  int channels_;
  double timeRatio_, pitchSemitones_;
  StretchOptions options_;
  int maxBlockFrames_;
  int windowFrames_ = 0, startDelayFrames_ = 0;
  double expectedOutput_ = 0.0;  // input frames times the ratio in force, summed
  std::int64_t inputFrames_ = 0, outputFrames_ = 0;
  bool finishing_ = false;
};

}  // namespace tonewood::io
