#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>

#include "tonewood/core/realtime_handoff.hpp"
#include "tonewood/core/spsc_ring.hpp"
#include "tonewood/core/time.hpp"

/// Where the music is: the transport (play, stop, locate, loop), the tempo and meter, and the
/// position every processor is handed at the start of each block.
namespace tonewood::graph {

struct TimeSignature {
  int numerator = 4;
  int denominator = 4;  ///< the beat unit: 4 = quarter notes, 8 = eighths
  /// Quarter notes in one bar.
  double quarterNotesPerBar() const noexcept { return numerator * 4.0 / denominator; }
  friend bool operator==(const TimeSignature&, const TimeSignature&) = default;
};

/// Throws OutOfRangeError unless 1 <= numerator <= 64 and denominator is 1, 2, 4, ... 64.
void requireTimeSignature(int numerator, int denominator);

/// A stretch of the timeline with one tempo law (steady, or a linear ramp in time) and one
/// meter. Beats are quarter notes and tempo counts quarter notes per minute (as MIDI files do);
/// positions inside a segment are computed from its start, never accumulated, so they do not
/// drift.
struct TempoSegment {
  std::int64_t startFrame = 0;
  std::int64_t endFrame = std::numeric_limits<std::int64_t>::max();  ///< the next segment
  double startBeat = 0.0;  ///< quarter notes at startFrame
  double bpm = 120.0;      ///< at startFrame
  double bpmSlope = 0.0;   ///< change of the tempo per frame (a ramp); 0 when steady
  TimeSignature signature;
  double barLineBeat = 0.0;       ///< beat of a bar line at or before startFrame...
  std::int64_t barLineIndex = 0;  ///< ...and its bar number (0-based)

  double beatAt(std::int64_t frame, double sampleRate) const noexcept {
    const double x = static_cast<double>(frame - startFrame);
    return startBeat + (bpm + 0.5 * bpmSlope * x) * x / (60.0 * sampleRate);
  }
  double bpmAt(std::int64_t frame) const noexcept {
    return bpm + bpmSlope * static_cast<double>(frame - startFrame);
  }
};

/// When a device cycle plays: what a tempo source following an outside clock needs to place
/// the cycle on that clock. Offline renders have no device clock (`known` is false).
struct CycleTiming {
  bool known = false;
  std::uint64_t deviceFrame = 0;  ///< the device's frame counter at the cycle's first frame
  int outputLatency = 0;          ///< frames from then until that frame is heard
  int frames = 0;                 ///< in the cycle
  /// When that frame began by the device's own smoothed clock (microseconds of
  /// std::chrono::steady_clock), or -1 where the device gives none.
  std::int64_t steadyMicros = -1;
};

struct TransportPosition;

/// What the transport tells a following tempo source at the start of each cycle, and what the
/// source answers (audio thread).
struct FollowRequest {
  const TransportPosition* position = nullptr;  ///< as of now, before this cycle's anchoring
  bool startRequested = false;  ///< play() was asked: the source picks the frame it begins on
  bool stopped = false;         ///< stop() was asked and has stopped the transport
  double requestedTempo = 0.0;  ///< > 0 when setTempo was asked
  TimeSignature signature;      ///< the meter the source's segments carry
  /// The answer: start playing (or stop, when playing) this many frames into the cycle; -1
  /// keeps the transport as it is.
  int toggleAfter = -1;
};

/// Where tempo and meter come from: the transport's own steady tempo by default, a timeline's
/// tempo map, or an outside clock the transport follows (Ableton Link).
class TempoSource {
 public:
  virtual ~TempoSource() = default;
  /// The segment containing `frame`. Audio thread: real-time safe.
  virtual TempoSegment segmentAt(std::int64_t frame, double sampleRate) const noexcept = 0;
  /// A source that follows an outside clock says so: the transport then hands it play, stop
  /// and tempo requests through beginCycle instead of acting on them itself.
  virtual bool follows() const noexcept { return false; }
  /// Audio thread, once per cycle after the transport took its requests: a following source
  /// anchors its segment for this cycle here. Real-time safe.
  virtual void beginCycle(FollowRequest& /*request*/, const CycleTiming& /*timing*/) noexcept {}
};

/// What a processor knows of the transport at the first frame of its block. Within a block the
/// tempo law is one: the engine splits blocks where the tempo or meter changes and at loop ends
/// (inside a ramp `bpm` is the tempo at the block's first frame, and beatAt follows the ramp).
struct TransportPosition {
  double sampleRate = 48000.0;
  std::int64_t frame = 0;  ///< timeline position
  double seconds = 0.0;    ///< frame / sampleRate
  double beats = 0.0;      ///< quarter notes from the timeline's start
  std::int64_t bar = 0;    ///< 0-based
  double barBeat = 0.0;    ///< inside the bar, in beats of the signature's unit (LV2 barBeat)
  double bpm = 120.0;      ///< quarter notes per minute at `frame` (inside a ramp, its value there)
  TimeSignature signature;
  bool playing = false;
  bool looping = false;
  std::int64_t loopStart = 0, loopEnd = 0;
  /// True for the first block after the position jumped (locate, loop wrap) or playback
  /// started or stopped: streaming processors re-seek and silence hanging notes.
  bool jumped = false;
  /// The tempo segment this block lies in: positions at other frames of the block come from it
  /// exactly (beatAt), the same way whatever the block size.
  TempoSegment tempo;

  /// Quarter notes per frame at this block's tempo.
  double beatsPerFrame() const noexcept { return bpm / (60.0 * sampleRate); }
  /// Quarter notes at a timeline frame inside this block's tempo segment.
  double beatAt(std::int64_t timelineFrame) const noexcept {
    return tempo.beatAt(timelineFrame, sampleRate);
  }
  /// The position `frames` further on, as the transport itself would compute it (no jump).
  TransportPosition advancedBy(int frames) const noexcept;
};

/// A steady segment from `beat` at `startFrame` at `bpm` in `meter`, its bar lines carrying on
/// from `position` (a new meter starts a bar there: at once on a bar line, else at the next one).
/// For tempo sources that re-anchor the transport as it plays.
TempoSegment segmentFrom(const TransportPosition& position, std::int64_t startFrame, double beat,
                         double bpm, const TimeSignature& meter) noexcept;

/// The first of the `frames` frames from `position` whose beat is at or after `beat` (`frames`
/// when none is), within the float rounding the beat-placing nodes allow. Beats rise through a
/// block (one tempo law), so it is found by halving: exact for steps, ramps and followed tempi.
int firstFrameAtBeat(const TransportPosition& position, int frames, double beat) noexcept;

/// Fills frame, seconds, beats, bar, barBeat, bpm and signature of `position` for `frame` in
/// `segment` (sampleRate, playing and the loop are left as they are).
void setPosition(TransportPosition& position, const TempoSegment& segment,
                 std::int64_t frame) noexcept;

/// The transport. Control threads ask (play, locate, set the tempo...); the audio thread takes
/// the requests at the start of its next block, in the order they were made, so a block never
/// sees half a change. Reading the state (playing(), position()) is fine from any thread.
class Transport {
 public:
  explicit Transport(double sampleRate);
  ~Transport();

  /// Control thread. Each request applies at the start of the next block.
  void play();
  void stop();
  /// Moves to `frame` (>= 0). Throws OutOfRangeError for a negative frame.
  void locate(Frames frame);
  /// The loop range [start, end); throws OutOfRangeError unless 0 <= start < end.
  void setLoop(Frames start, Frames end);
  void setLooping(bool on);
  /// The built-in steady tempo in quarter notes per minute; OutOfRangeError outside [10, 999].
  void setTempo(double bpm);
  /// OutOfRangeError unless 1 <= numerator <= 64 and denominator is 1, 2, 4, ... 64.
  void setTimeSignature(int numerator, int denominator);
  /// Replaces the built-in tempo with another source (nullptr: back to the built-in one).
  void setTempoSource(std::shared_ptr<TempoSource> source);

  /// Any thread: the state as of the last block (or of the requests, before any block ran).
  bool playing() const noexcept { return playing_.load(std::memory_order_acquire); }
  Frames position() const noexcept { return {frame_.load(std::memory_order_acquire)}; }
  double tempo() const noexcept { return bpm_.load(std::memory_order_acquire); }
  /// Quarter notes from the timeline's start, as of the last block.
  double beats() const noexcept { return beats_.load(std::memory_order_acquire); }
  TimeSignature timeSignature() const noexcept;
  bool looping() const noexcept { return looping_.load(std::memory_order_acquire); }
  Frames loopStart() const noexcept { return {loopStart_.load(std::memory_order_acquire)}; }
  Frames loopEnd() const noexcept { return {loopEnd_.load(std::memory_order_acquire)}; }
  double sampleRate() const noexcept { return sampleRate_; }
  /// Whether the tempo source follows an outside clock (TempoSource::follows). Any thread.
  bool followsOutsideClock() const noexcept { return follows_.load(std::memory_order_acquire); }

  /// Audio thread: takes the requests made since the last block; a following tempo source
  /// places the block on its clock with `timing`.
  void beginBlock(const CycleTiming& timing = {}) noexcept;
  /// Audio thread: how many of the next `frames` frames share one tempo and run before a loop
  /// end (at least 1).
  int pieceLength(int frames) const noexcept;
  /// Audio thread: the position at the start of the next piece.
  const TransportPosition& current() const noexcept { return position_; }
  /// Audio thread: moves on by `frames` (wrapping at the loop end) after a piece was rendered.
  void advance(int frames) noexcept;

 private:
  enum class Op : std::uint8_t { Play, Stop, Locate, Loop, Looping, Tempo, Signature };
  struct Command {
    Op op;
    std::int64_t a = 0, b = 0;
    double value = 0.0;
  };
  struct SourceRef {
    std::shared_ptr<TempoSource> source;
  };
  void send(const Command& command);
  void apply(const Command& command) noexcept;
  void jumpTo(std::int64_t frame) noexcept;
  TempoSegment segmentAt(std::int64_t frame) const noexcept;
  void refreshPosition() noexcept;
  void follow(TempoSource& source, const CycleTiming& timing) noexcept;
  void toggle() noexcept;

  double sampleRate_;
  std::mutex sendMutex_;  // several control threads may ask; the audio thread never takes it
  SpscQueue<Command> commands_{256};
  RealtimeHandoff<SourceRef> source_;
  // Audio-thread state.
  TransportPosition position_;
  TempoSegment builtin_;  // the steady tempo, re-anchored where it changes
  bool pendingJump_ = true;
  // Requests kept for a following source until its next cycle.
  bool startRequested_ = false, stopped_ = false;
  double requestedTempo_ = 0.0;
  int toggleAfter_ = -1;  // frames until the source's start (or stop) takes effect
  // Published for other threads.
  std::atomic<bool> playing_{false}, looping_{false};
  std::atomic<bool> follows_{false};  // the control thread's view of the source
  std::atomic<std::int64_t> frame_{0}, loopStart_{0}, loopEnd_{0};
  std::atomic<double> bpm_{120.0}, beats_{0.0};
  std::atomic<int> numerator_{4}, denominator_{4};
};

}  // namespace tonewood::graph
