#pragma once

#include <string>
#include <utility>
#include <vector>

#include "tonewood/timeline/automation.hpp"
#include "tonewood/timeline/tempo_map.hpp"

namespace tonewood::timeline {

/// How a lane takes a player's live moves while the song plays, as in a DAW.
enum class AutomationMode : std::uint8_t {
  Read,   ///< the lane plays; live moves are refused
  Write,  ///< from the start of play to its end the lane is what the control says (untouched, it
          ///< holds the value it had when play started)
  Latch,  ///< from the first move to the end of play, the last move holding after a release
  Touch,  ///< from each move to its release; then the lane plays again
};

/// "read", "write", "latch" or "touch". InvalidArgumentError listing them.
AutomationMode automationModeFromName(const std::string& name);
const char* automationModeName(AutomationMode mode) noexcept;

/// One recording pass over a lane: the moves a player makes from `startSeconds` on, each held
/// until the next (what was heard while playing), laid over what the lane had. The lane keeps
/// its points before the pass (cut one frame before it at the value it had there) and after it
/// (resuming at the end with the value it has there); the pass's own range holds only the moves.
/// A lane without points stands for the parameter's steady value `steady`. Points go in the
/// lane's unit (beats or seconds). Control thread.
class AutomationPass {
 public:
  /// OutOfRangeError for a start that is negative or not finite, or a value outside the lane's
  /// range.
  AutomationPass(AutomationLane original, const TempoMap& map, double sampleRate,
                 double startSeconds, double value, double steady);

  /// A move at `seconds` (not before the last one; one at the same time replaces it). The same
  /// errors as the constructor.
  void move(double seconds, double value);
  double value() const noexcept { return moves_.back().second; }
  double startSeconds() const noexcept { return moves_.front().first; }
  const AutomationLane& original() const noexcept { return original_; }

  /// What plays while the pass goes on: the lane before it, then the moves, the last one holding.
  AutomationLane live() const;
  /// The lane with the pass ended at `endSeconds` (not before the last move): what it had after
  /// that resumes there.
  AutomationLane finish(double endSeconds) const;

 private:
  AutomationPoint pointAt(double seconds, double value, AutomationCurve curve,
                          double tension) const;
  double originalAt(double seconds) const noexcept;
  const AutomationPoint* originalBefore(double seconds) const noexcept;
  void check(const char* what, double seconds, double value) const;

  AutomationLane original_;
  TempoMap map_;
  double frame_;  // one frame, in seconds
  double steady_;
  bool beats_;                                    // the lane's points are in beats
  std::vector<std::pair<double, double>> moves_;  // (seconds, value), in time order
};

}  // namespace tonewood::timeline
