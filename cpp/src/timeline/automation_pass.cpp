#include "tonewood/timeline/automation_pass.hpp"

#include <cmath>

#include "tonewood/core/errors.hpp"

namespace tonewood::timeline {

AutomationMode automationModeFromName(const std::string& name) {
  if (name == "read") return AutomationMode::Read;
  if (name == "write") return AutomationMode::Write;
  if (name == "latch") return AutomationMode::Latch;
  if (name == "touch") return AutomationMode::Touch;
  throw InvalidArgumentError("unknown automation mode '" + name +
                             "'; the modes are read, write, latch and touch");
}

const char* automationModeName(AutomationMode mode) noexcept {
  switch (mode) {
    case AutomationMode::Write:
      return "write";
    case AutomationMode::Latch:
      return "latch";
    case AutomationMode::Touch:
      return "touch";
    case AutomationMode::Read:
      break;
  }
  return "read";
}

AutomationPass::AutomationPass(AutomationLane original, const TempoMap& map, double sampleRate,
                               double startSeconds, double value, double steady)
    : original_(std::move(original)),
      map_(map),
      frame_(1.0 / sampleRate),
      steady_(steady),
      beats_(!original_.empty() && original_.points().front().time.unit == Position::Unit::Beats) {
  check("an automation pass's start", startSeconds, value);
  moves_.emplace_back(startSeconds, value);
}

void AutomationPass::check(const char* what, double seconds, double value) const {
  requirePosition(what, Position::seconds(seconds));
  requireInRange("'" + original_.parameter() + "' automation value", value, original_.min(),
                 original_.max(), original_.unit());
}

void AutomationPass::move(double seconds, double value) {
  check("an automation move", seconds, value);
  if (seconds < moves_.back().first)
    throw OutOfRangeError("an automation move at " + std::to_string(seconds) +
                          " s comes before the pass's last one, at " +
                          std::to_string(moves_.back().first) + " s");
  if (seconds == moves_.back().first)
    moves_.back().second = value;
  else
    moves_.emplace_back(seconds, value);
}

AutomationPoint AutomationPass::pointAt(double seconds, double value, AutomationCurve curve,
                                        double tension) const {
  const Position time = beats_ ? Position::beats(map_.beatAt(seconds)) : Position::seconds(seconds);
  return {time, value, curve, tension};
}

double AutomationPass::originalAt(double seconds) const noexcept {
  return original_.empty() ? steady_ : original_.valueAt(seconds, map_);
}

// The original's last point at or before `seconds` (its curve leads through that time).
const AutomationPoint* AutomationPass::originalBefore(double seconds) const noexcept {
  const AutomationPoint* found = nullptr;
  for (const AutomationPoint& p : original_.points())
    if (p.time.secondsOn(map_) <= seconds) found = &p;
  return found;
}

AutomationLane AutomationPass::live() const {
  AutomationLane lane(original_.parameter(), original_.min(), original_.max(), original_.unit());
  const double start = startSeconds();
  const double cut = start - frame_;
  if (cut >= 0.0) {
    for (const AutomationPoint& p : original_.points())
      if (p.time.secondsOn(map_) < cut) lane.addPoint(p);
    // The original up to the pass: its value one frame before, on the curve it was on there.
    const AutomationPoint* before = originalBefore(cut);
    lane.addPoint(pointAt(cut, originalAt(cut), before ? before->curve : AutomationCurve::Step,
                          before ? before->tension : 0.0));
  }
  for (const auto& [seconds, value] : moves_)
    lane.addPoint(pointAt(seconds, value, AutomationCurve::Step, 0.0));
  return lane;
}

AutomationLane AutomationPass::finish(double endSeconds) const {
  requirePosition("an automation pass's end", Position::seconds(endSeconds));
  if (endSeconds < moves_.back().first)
    throw OutOfRangeError("an automation pass cannot end at " + std::to_string(endSeconds) +
                          " s, before its last move at " + std::to_string(moves_.back().first) +
                          " s");
  AutomationLane lane = live();
  const double end = endSeconds == moves_.back().first ? endSeconds + frame_ : endSeconds;
  const AutomationPoint* before = originalBefore(end);
  lane.addPoint(pointAt(end, originalAt(end), before ? before->curve : AutomationCurve::Step,
                        before ? before->tension : 0.0));
  for (const AutomationPoint& p : original_.points())
    if (p.time.secondsOn(map_) > end) lane.addPoint(p);
  return lane;
}

}  // namespace tonewood::timeline
