#include "tonewood/timeline/automation.hpp"

#include <algorithm>
#include <cmath>

#include "tonewood/core/errors.hpp"
#include "tonewood/core/simd_clones.hpp"

namespace tonewood::timeline {

AutomationCurve automationCurveFromName(const std::string& name) {
  if (name == "linear") return AutomationCurve::Linear;
  if (name == "step") return AutomationCurve::Step;
  if (name == "smooth" || name == "cubic") return AutomationCurve::Smooth;
  if (name == "bezier") return AutomationCurve::Bezier;
  throw InvalidArgumentError("unknown automation curve '" + name +
                             "'; use linear, step, smooth (or cubic) or bezier");
}

const char* automationCurveName(AutomationCurve curve) noexcept {
  switch (curve) {
    case AutomationCurve::Step:
      return "step";
    case AutomationCurve::Smooth:
      return "smooth";
    case AutomationCurve::Bezier:
      return "bezier";
    case AutomationCurve::Linear:
      break;
  }
  return "linear";
}

double automationShape(AutomationCurve curve, double tension, double x) noexcept {
  switch (curve) {
    case AutomationCurve::Step:
      return 0.0;
    case AutomationCurve::Smooth:
      return x * x * (3.0 - 2.0 * x);
    case AutomationCurve::Bezier: {
      // Control point at height c = (1 + tension) / 2 halfway in time: B(x) = 2(1-x)x c + x^2.
      const double c = 0.5 * (1.0 + tension);
      return 2.0 * (1.0 - x) * x * c + x * x;
    }
    case AutomationCurve::Linear:
      break;
  }
  return x;
}

AutomationLane::AutomationLane(std::string parameter, double min, double max, std::string unit)
    : parameter_(std::move(parameter)), min_(min), max_(max), unit_(std::move(unit)) {}

void AutomationLane::addPoint(const AutomationPoint& point) {
  const std::string what = parameter_ + " automation point";
  requirePosition(what + " time", point.time);
  requireInRange(what + " value", point.value, min_, max_, unit_);
  requireInRange(what + " tension", point.tension, -1.0, 1.0, "");
  if (!points_.empty() && points_.front().time.unit != point.time.unit)
    throw InvalidArgumentError(
        what + " at " + point.time.describe() + " is in " +
        (point.time.unit == Position::Unit::Beats ? "beats" : "seconds") +
        " but the lane's points are in " +
        (points_.front().time.unit == Position::Unit::Beats ? "beats" : "seconds"));
  auto it = std::lower_bound(points_.begin(), points_.end(), point.time.value,
                             [](const AutomationPoint& p, double t) { return p.time.value < t; });
  if (it != points_.end() && it->time.value == point.time.value)
    *it = point;
  else
    points_.insert(it, point);
}

void AutomationLane::removePoint(Position time) {
  auto it = std::find_if(points_.begin(), points_.end(),
                         [&](const AutomationPoint& p) { return p.time == time; });
  if (it == points_.end())
    throw InvalidArgumentError(parameter_ + " automation has no point at " + time.describe());
  points_.erase(it);
}

double AutomationLane::valueAt(double seconds, const TempoMap& map) const noexcept {
  if (points_.empty()) return 0.0;
  std::size_t k = 0;
  while (k + 1 < points_.size() && points_[k + 1].time.secondsOn(map) <= seconds) ++k;
  const AutomationPoint& p = points_[k];
  const double a = p.time.secondsOn(map);
  if (seconds < a || k + 1 == points_.size()) return p.value;
  const double b = points_[k + 1].time.secondsOn(map);
  return p.value + (points_[k + 1].value - p.value) *
                       automationShape(p.curve, p.tension, (seconds - a) / (b - a));
}

ScheduledLane::ScheduledLane(const AutomationLane& lane, const TempoMap& map, double sampleRate)
    : points_(lane.points()) {
  for (const AutomationPoint& p : points_) frames_.push_back(p.time.frameOn(map, sampleRate));
}

void ScheduledLane::seek(std::int64_t frame) noexcept {
  if (frame < frames_[cursor_]) cursor_ = 0;  // a jump back: start again
  while (cursor_ + 1 < frames_.size() && frames_[cursor_ + 1] <= frame) ++cursor_;
}

TONEWOOD_SIMD_CLONES void ScheduledLane::fill(std::int64_t from, int n, double* out) noexcept {
  if (frames_.empty()) {
    std::fill_n(out, n, 0.0);
    return;
  }
  for (int i = 0; i < n;) {
    const std::int64_t frame = from + i;
    seek(frame);
    const AutomationPoint& p = points_[cursor_];
    const bool last = cursor_ + 1 == frames_.size();
    // Frames up to the next point (or the block's end) share one segment.
    const std::int64_t until = last ? from + n : std::min(from + n, frames_[cursor_ + 1]);
    const int count = static_cast<int>(std::max<std::int64_t>(1, until - frame));
    if (frame < frames_[cursor_] || last || p.curve == AutomationCurve::Step) {
      const int held =
          frame < frames_[cursor_]
              ? static_cast<int>(std::min<std::int64_t>(n - i, frames_[cursor_] - frame))
              : count;
      std::fill_n(out + i, held, p.value);
      i += held;
      continue;
    }
    const double start = static_cast<double>(frames_[cursor_]);
    const double span = static_cast<double>(frames_[cursor_ + 1]) - start;
    const double rise = points_[cursor_ + 1].value - p.value;
    double* o = out + i;
    const double at = static_cast<double>(frame);
    switch (p.curve) {  // one loop per curve, so each vectorises
      case AutomationCurve::Linear:
        for (int k = 0; k < count; ++k) o[k] = p.value + rise * ((at + k - start) / span);
        break;
      case AutomationCurve::Smooth:
        for (int k = 0; k < count; ++k) {
          const double x = (at + k - start) / span;
          o[k] = p.value + rise * (x * x * (3.0 - 2.0 * x));
        }
        break;
      default:
        for (int k = 0; k < count; ++k)
          o[k] = p.value + rise * automationShape(p.curve, p.tension, (at + k - start) / span);
    }
    i += count;
  }
}

double ScheduledLane::valueAt(std::int64_t frame) noexcept {
  const std::size_t n = frames_.size();
  if (n == 0) return 0.0;
  seek(frame);
  const AutomationPoint& p = points_[cursor_];
  if (frame < frames_[cursor_] || cursor_ + 1 == n)
    return p.value;  // before the first, after the last
  const double span = static_cast<double>(frames_[cursor_ + 1] - frames_[cursor_]);
  const double x = static_cast<double>(frame - frames_[cursor_]) / span;
  return p.value + (points_[cursor_ + 1].value - p.value) * automationShape(p.curve, p.tension, x);
}

}  // namespace tonewood::timeline
