#include "tonewood/instruments/resonator_processor.hpp"

#include <algorithm>

#include "tonewood/core/errors.hpp"
#include "tonewood/midi/performance_events.hpp"

namespace tonewood::instruments {

ResonatorProcessor::ResonatorProcessor(double lowestHz)
    : ResonatorSynthHolder(lowestHz),
      Processor("resonator", synth_->params(), {2, 2, true, false}) {}

ResonatorProcessor::~ResonatorProcessor() = default;

void ResonatorProcessor::prepareToPlay(const ProcessSpec& spec) {
  synth_->prepare(ProcessSpec{spec.sampleRate, spec.maxBlockSize, 2});
}

void ResonatorProcessor::resetState() noexcept {
  synth_->reset();
  PerformanceEvent dropped;
  while (inbox_.pop(dropped)) {
  }
  holding_ = false;
}

void ResonatorProcessor::schedule(const PerformanceEvent& event) {
  synth_->releaseRetiredState();
  if (!inbox_.push(event))
    throw CapacityError(
        "too many pending events (4096 wait for the synth); render some audio "
        "first");
}

std::size_t ResonatorProcessor::pendingEvents() const noexcept {
  return inbox_.size() + synth_->pendingEvents() + (holding_ ? 1 : 0);
}

void ResonatorProcessor::takeQueued() noexcept {
  // Events the synth has no room for wait here for a later block rather than being lost.
  if (holding_) {
    if (!synth_->scheduleNow(held_)) return;
    holding_ = false;
  }
  while (inbox_.pop(held_)) {
    if (!synth_->scheduleNow(held_)) {
      holding_ = true;
      return;
    }
  }
}

void ResonatorProcessor::render(const graph::ProcessContext& c) noexcept {
  synth_->followTempo(c.transport->bpm);
  takeQueued();
  for (const graph::Event& e : *c.events) {
    std::optional<PerformanceEvent> event;
    if (e.kind == graph::EventKind::Midi)
      event = midi::performanceEventFor(e.bytes, e.size, e.frame);
    else if (e.kind == graph::EventKind::Ump)
      event = midi::performanceEventForUmp(e.words, e.size, e.frame);
    if (event) synth_->scheduleNow(*event);
  }
  synth_->process(c.output, c.inputConnected ? &c.input : nullptr);
}

void ResonatorProcessor::renderAlone(AudioBlockView out, int blockSize,
                                     const AudioBlockView* input) noexcept {
  takeQueued();
  synth_->render(out, blockSize, input);
}

}  // namespace tonewood::instruments
