#include "tonewood/timeline/automated_processor.hpp"

#include <algorithm>
#include <limits>

#include "tonewood/core/errors.hpp"

namespace tonewood::timeline {

AutomatedProcessor::AutomatedProcessor(std::shared_ptr<graph::Processor> inner,
                                       std::vector<Lane> lanes)
    : Processor("automated " + inner->typeName(), std::vector<ParamInfo>{},
                {inner->numInputChannels(), inner->numOutputChannels(), inner->acceptsEvents(),
                 inner->producesEvents()}),
      inner_(std::move(inner)) {
  setLanes(std::move(lanes));
}

void AutomatedProcessor::requireLanes(const std::vector<Lane>& lanes) const {
  requireInRange("automation lanes on one processor", static_cast<double>(lanes.size()), 0.0,
                 static_cast<double>(kMaxLanes), "");
  for (const Lane& l : lanes)
    if (l.parameter >= inner_->numParameters())
      throw OutOfRangeError("a " + inner_->typeName() + " has " +
                            std::to_string(inner_->numParameters()) + " parameters; there is no " +
                            std::to_string(l.parameter));
}

void AutomatedProcessor::setLanes(std::vector<Lane> lanes) {
  requireLanes(lanes);
  lanes_.publish(std::make_unique<std::vector<Lane>>(std::move(lanes)));
}

AutomatedProcessor::~AutomatedProcessor() = default;

void AutomatedProcessor::prepareToPlay(const ProcessSpec& spec) {
  inner_->prepare(spec);
  lanes_.acquire();
  step_ = std::clamp(inner_->automationResolutionFrames(), 1, kStepFrames);
  // The MIDI an engine gives a node, and for as many lanes as it may get a change every step
  // plus its points.
  const std::size_t perBlock =
      kMaxLanes * (static_cast<std::size_t>(spec.maxBlockSize / step_) + 8);
  events_ = std::make_unique<graph::EventBuffer>(1024 + perBlock);
}

void AutomatedProcessor::resetState() noexcept {
  inner_->reset();
  if (std::vector<Lane>* lanes = lanes_.current())
    for (Lane& l : *lanes) l.sent = std::numeric_limits<float>::quiet_NaN();
  next_ = -1;
}

void AutomatedProcessor::render(const graph::ProcessContext& c) noexcept {
  graph::EventBuffer& events = *events_;
  events.clear();
  const graph::TransportPosition& t = *c.transport;
  if (lanes_.acquire()) next_ = -1;  // new lanes: give their values from this block's frame
  for (Lane& l : *lanes_.current()) {
    if (l.lane.empty()) continue;
    auto give = [&](int i, std::int64_t frame) {
      const auto v = static_cast<float>(l.lane.valueAt(frame));
      if (v == l.sent) return;
      l.sent = v;
      events.add(graph::Event::automation(static_cast<std::uint32_t>(i), l.parameter, v));
    };
    if (!t.playing) {  // stopped, a lane holds its value at the transport's position
      give(0, t.frame);
      continue;
    }
    // After a jump (or at the start) the value of the frame reached, then the grid's.
    if (t.frame != next_) give(0, t.frame);
    for (int i = 0; i < c.frames; ++i) {
      const std::int64_t frame = t.frame + i;
      if (frame % step_ == 0 || l.lane.isPoint(frame)) give(i, frame);
    }
  }
  next_ = t.playing ? t.frame + c.frames : -1;
  for (const graph::Event& e : *c.events) events.addFrom(*c.events, e, e.frame);
  graph::ProcessContext inner = c;
  inner.events = &events;
  inner_->process(inner);
}

}  // namespace tonewood::timeline
