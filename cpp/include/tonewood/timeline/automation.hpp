#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tonewood/timeline/position.hpp"

namespace tonewood::timeline {

/// How a lane moves from a point to the next one, with x the share of the way in time (0..1).
enum class AutomationCurve : std::uint8_t {
  Linear,  ///< straight: x
  Step,    ///< holds the point's value until the next point
  Smooth,  ///< a cubic with flat ends, 3x^2 - 2x^3 (also called "cubic")
  Bezier,  ///< a quadratic Bezier bent by the point's tension: -1 slow start .. 0 straight .. +1
           ///< fast start
};

/// "linear", "step", "smooth" (or "cubic") or "bezier". InvalidArgumentError listing them.
AutomationCurve automationCurveFromName(const std::string& name);
const char* automationCurveName(AutomationCurve curve) noexcept;

struct AutomationPoint {
  Position time;
  double value = 0.0;
  AutomationCurve curve = AutomationCurve::Linear;  ///< towards the next point
  double tension = 0.0;                             ///< for Bezier, -1..1
  friend bool operator==(const AutomationPoint&, const AutomationPoint&) = default;
};

/// The share of the way from one value to the next at x (0..1) along a curve.
double automationShape(AutomationCurve curve, double tension, double x) noexcept;

/// A lane of points for one parameter, kept in time order, each value within the parameter's
/// range [min, max] in its unit. Before the first point the lane holds the first value, after the
/// last the last. Control thread.
class AutomationLane {
 public:
  AutomationLane(std::string parameter, double min, double max, std::string unit);

  const std::string& parameter() const noexcept { return parameter_; }
  double min() const noexcept { return min_; }
  double max() const noexcept { return max_; }
  const std::string& unit() const noexcept { return unit_; }

  /// Adds a point (replacing one at the same time and unit). OutOfRangeError for a negative time,
  /// a value outside the range or a tension outside [-1, 1]; InvalidArgumentError when its unit
  /// differs from the lane's other points (a lane is in beats or in seconds).
  void addPoint(const AutomationPoint& point);
  /// Removes the point at `time`; InvalidArgumentError when there is none.
  void removePoint(Position time);
  void clear() noexcept { points_.clear(); }
  bool empty() const noexcept { return points_.empty(); }
  const std::vector<AutomationPoint>& points() const noexcept { return points_; }
  /// The lane's value at `seconds` on `map` (what the audio thread reads at that frame, without
  /// the frame rounding). 0 for an empty lane.
  double valueAt(double seconds, const TempoMap& map) const noexcept;

  friend bool operator==(const AutomationLane&, const AutomationLane&) = default;

 private:
  std::string parameter_;
  double min_, max_;
  std::string unit_;
  std::vector<AutomationPoint> points_;
};

/// A lane as the audio thread reads it: points on frames. Reading moves a cursor, so reading
/// frame after frame costs a comparison each.
class ScheduledLane {
 public:
  ScheduledLane() = default;
  ScheduledLane(const AutomationLane& lane, const TempoMap& map, double sampleRate);
  bool empty() const noexcept { return frames_.empty(); }
  /// The value at `frame` (any frame, in any order). Audio thread.
  double valueAt(std::int64_t frame) noexcept;
  /// Whether a point sits on `frame` (after a valueAt or fill of it). Audio thread.
  bool isPoint(std::int64_t frame) const noexcept {
    return !frames_.empty() && (frames_[cursor_] == frame ||
                                (cursor_ + 1 < frames_.size() && frames_[cursor_ + 1] == frame));
  }
  /// The values at frames from .. from + n - 1 into `out`: what valueAt gives, a segment at a
  /// time. Audio thread.
  void fill(std::int64_t from, int n, double* out) noexcept;

 private:
  std::vector<std::int64_t> frames_;
  std::vector<AutomationPoint> points_;
  /// Moves the cursor to the point at or before `frame` (the first point when none is).
  void seek(std::int64_t frame) noexcept;

  std::size_t cursor_ = 0;  // the point at or before the last frame read
};

}  // namespace tonewood::timeline
