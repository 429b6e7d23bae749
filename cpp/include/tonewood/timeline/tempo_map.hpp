#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "tonewood/graph/transport.hpp"
#include "tonewood/midi/midi_file.hpp"

/// A song's tempo and meter: tempo points (steps or linear ramps) at beat positions and meter
/// changes at bars, with exact conversions between bars/beats, beats, seconds and sample frames.
/// It is a TempoSource, so an engine's transport can follow it.
namespace tonewood::timeline {

/// How the tempo moves from a point to the next one.
enum class TempoCurve {
  Step,    ///< holds until the next point
  Linear,  ///< ramps linearly in time to the next point's tempo (held after the last point)
};

struct TempoPoint {
  double beat = 0.0;  ///< quarter notes from the start
  double bpm = 120.0;
  TempoCurve curve = TempoCurve::Step;
  friend bool operator==(const TempoPoint&, const TempoPoint&) = default;
};

struct MeterPoint {
  std::int64_t bar = 0;  ///< 0-based
  graph::TimeSignature signature;
  friend bool operator==(const MeterPoint&, const MeterPoint&) = default;
};

/// A musical position: a 0-based bar and the beat inside it, counted in the signature's unit
/// (eighths in 6/8) from 0.
struct BarPosition {
  std::int64_t bar = 0;
  double beat = 0.0;
};

/// The first frame at or after `seconds` at `sampleRate` (a product a hair above a whole frame
/// counts as that frame), the rule every timeline position follows.
std::int64_t frameAtSeconds(double seconds, double sampleRate) noexcept;

/// Every position is computed in closed form from the start of its stretch (a step is linear in
/// time, a ramp quadratic, inverted by the stable root of that quadratic), never accumulated,
/// so nothing drifts however long the song or however many changes it has. Beats are quarter
/// notes and tempo counts them per minute. A value type: copy it to hand it to a transport.
/// Reading is safe from any thread; edits are not safe while another thread reads the same map.
class TempoMap final : public graph::TempoSource {
 public:
  static constexpr double kMinBpm = 20.0, kMaxBpm = 999.0;

  /// One tempo from beat 0 and one meter from bar 0. OutOfRangeError for a tempo outside
  /// [20, 999] bpm or a meter other than 1..64 over 1, 2, 4 ... 64.
  explicit TempoMap(double bpm = 120.0, graph::TimeSignature meter = {});

  /// Sets the tempo from `beat` on (replacing a point at that beat). OutOfRangeError for a
  /// negative or non-finite beat or a tempo outside [20, 999] bpm.
  void setTempo(double beat, double bpm, TempoCurve curve = TempoCurve::Step);
  /// Removes the point at `beat` (the one at beat 0 stays). InvalidArgumentError if none is there.
  void removeTempo(double beat);
  /// Sets the meter from `bar` on (replacing a change at that bar).
  void setMeter(std::int64_t bar, int numerator, int denominator);
  /// Removes the change at `bar` (the one at bar 0 stays). InvalidArgumentError if none is there.
  void removeMeter(std::int64_t bar);

  const std::vector<TempoPoint>& tempos() const noexcept { return tempos_; }
  const std::vector<MeterPoint>& meters() const noexcept { return meters_; }

  double secondsAt(double beat) const noexcept;
  double beatAt(double seconds) const noexcept;
  /// The tempo at `beat` (inside a ramp, the ramp's value there).
  double bpmAt(double beat) const noexcept;
  graph::TimeSignature meterAt(double beat) const noexcept;
  /// The first frame at or after `beat`'s time: where an event on that beat plays.
  std::int64_t frameAt(double beat, double sampleRate) const noexcept;
  double beatAtFrame(std::int64_t frame, double sampleRate) const noexcept;
  BarPosition barAt(double beat) const noexcept;
  /// The beat of a bar position; OutOfRangeError for a negative bar or a beat outside the bar.
  double beatOf(BarPosition position) const;

  /// Where MIDI ticks play when a file with `ticksPerBeat` is laid on this map (its beats at
  /// these beats: the first frame at or after each one's time, as a metronome clicks). The
  /// function holds its own copy of the map. OutOfRangeError unless 1 <= ticksPerBeat <= 32767.
  std::function<std::int64_t(std::int64_t tick, double sampleRate)> tickPlacement(
      int ticksPerBeat) const;

  /// Audio thread: the stretch of one tempo law and one meter that holds `frame`.
  graph::TempoSegment segmentAt(std::int64_t frame, double sampleRate) const noexcept override;

  /// The tempo changes and time signatures of a MIDI file (PPQ timing), as the file places them;
  /// a time signature inside a bar starts at the next bar line. InvalidArgumentError for a file
  /// with SMPTE timing (no beats) and OutOfRangeError for a tempo outside [20, 999] bpm.
  static TempoMap fromMidi(const midi::MidiFile& file);

  friend bool operator==(const TempoMap& a, const TempoMap& b) {
    return a.tempos_ == b.tempos_ && a.meters_ == b.meters_;
  }

 private:
  // A stretch with one tempo law and one meter: the merge of tempo points and meter changes.
  struct Region {
    double beat = 0.0, seconds = 0.0;  ///< where it starts
    double bpm = 120.0;                ///< at its start
    double slope = 0.0;                ///< bpm per second (a ramp), 0 for a step
    graph::TimeSignature meter;
    double meterBeat = 0.0;     ///< where its meter starts (a bar line)...
    std::int64_t meterBar = 0;  ///< ...and that bar's number
  };
  void rebuild();
  const Region& regionAtBeat(double beat) const noexcept;
  const Region& regionAtSeconds(double seconds) const noexcept;
  static double secondsInto(const Region& r, double beats) noexcept;
  static double beatsInto(const Region& r, double seconds) noexcept;

  std::vector<TempoPoint> tempos_;
  std::vector<MeterPoint> meters_;
  std::vector<double> meterBeats_;  ///< the beat of each meter change's bar line
  std::vector<Region> regions_;
};

}  // namespace tonewood::timeline
