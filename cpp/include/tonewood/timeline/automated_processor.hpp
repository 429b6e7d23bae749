#pragma once

#include <limits>
#include <memory>
#include <vector>

#include "tonewood/core/realtime_handoff.hpp"
#include "tonewood/graph/event_buffer.hpp"
#include "tonewood/graph/processor.hpp"
#include "tonewood/timeline/automation.hpp"

namespace tonewood::timeline {

/// A processor (an insert, an instrument) with automation lanes on its parameters: it runs the
/// processor it holds, giving it each lane's value as automation events (Event::automation) on
/// the frames of the timeline: at every point of the lane and, between, on every frame of the
/// processor's own resolution (automationResolutionFrames: every frame for gains and plugins,
/// every 32 for the synth; at most kStepFrames) where the value moved, beside the MIDI it hears.
/// The processor splits its block at each change and applies it at once, so a ramp through a
/// gain or an LV2 plugin's control is exact on every sample, whatever the block size.
class AutomatedProcessor final : public graph::Processor {
 public:
  static constexpr int kStepFrames = 32;
  struct Lane {
    std::size_t parameter = 0;  ///< the index in the held processor's parameters
    ScheduledLane lane;
    float sent = std::numeric_limits<float>::quiet_NaN();  ///< the value last given (audio thread)
  };

  static constexpr std::size_t kMaxLanes = 64;

  /// OutOfRangeError for a parameter index the processor does not have, or more than kMaxLanes.
  explicit AutomatedProcessor(std::shared_ptr<graph::Processor> inner,
                              std::vector<Lane> lanes = {});
  ~AutomatedProcessor() override;

  /// Replaces the lanes (the same checks); they apply from the next block, and the processor it
  /// holds keeps playing undisturbed. Control thread.
  void setLanes(std::vector<Lane> lanes);

  const std::shared_ptr<graph::Processor>& inner() const noexcept { return inner_; }
  int latencyFrames() const noexcept override { return inner_->latencyFrames(); }
  const char* failure() const noexcept override { return inner_->failure(); }

 private:
  void prepareToPlay(const ProcessSpec& spec) override;
  void resetState() noexcept override;
  void render(const graph::ProcessContext& context) noexcept override;

  void requireLanes(const std::vector<Lane>& lanes) const;

  std::shared_ptr<graph::Processor> inner_;
  RealtimeHandoff<std::vector<Lane>> lanes_;
  std::unique_ptr<graph::EventBuffer> events_;
  int step_ = kStepFrames;  // the held processor's resolution
  std::int64_t next_ = -1;  // the timeline frame the next block should start on (audio thread)
};

}  // namespace tonewood::timeline
