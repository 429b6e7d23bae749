#pragma once

#include <memory>
#include <vector>

#include "tonewood/graph/event_buffer.hpp"
#include "tonewood/graph/processor.hpp"

namespace tonewood::graph {

/// A mono processor (one channel in, one out) on a stereo signal, as DAWs run a mono plugin on a
/// stereo track: `left` takes the left channel, `right` (a second instance of the same kind)
/// the right. Its parameters are left's: a change made to left (by its owner, from any thread)
/// or to this node (an event, an automation lane) reaches both instances on the same frame.
/// Latency, failure and automation resolution are left's.
class DualMono final : public Processor {
 public:
  /// InvalidArgumentError unless both are one-in, one-out processors of the same type with the
  /// same parameters.
  DualMono(std::shared_ptr<Processor> left, std::shared_ptr<Processor> right);
  ~DualMono() override;

  int latencyFrames() const noexcept override;
  const char* failure() const noexcept override;
  int automationResolutionFrames() const noexcept override;

 private:
  void prepareToPlay(const ProcessSpec& spec) override;
  void resetState() noexcept override;
  void render(const ProcessContext& context) noexcept override;
  void parameterChanged(std::size_t index, float value) noexcept override;

  struct Pending {
    bool changed = false, automation = false;
    float value = 0.0f;
  };
  std::shared_ptr<Processor> left_, right_;
  std::vector<Pending> pending_;         // changes to hand both instances at the next piece
  std::unique_ptr<EventBuffer> events_;  // what both instances hear: those changes, the MIDI
};

}  // namespace tonewood::graph
