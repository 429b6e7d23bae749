#pragma once

#include <memory>

#include "tonewood/core/performance_event.hpp"
#include "tonewood/core/spsc_ring.hpp"
#include "tonewood/graph/processor.hpp"
#include "tonewood/synth/resonator_synth.hpp"

/// The resonator synth as an instrument in a graph.
namespace tonewood::instruments {

/// Takes MIDI 1.0 messages and MIDI 2.0 packets (events with frame offsets) and parameter
/// changes, and gives stereo audio; its two audio inputs feed the external-input exciter when
/// something is connected to them. Its parameters are the synth's (all of Resonarium's IDs). In a
/// graph it follows the transport's tempo. Events land on their exact frame: the synth splits
/// its blocks at them, so nothing depends on the host's block size.
///
/// Without a graph, a control thread queues performance events (`schedule`, lock-free, frames
/// counted from the next render) and `renderAlone` renders them, at the synth's own tempo.
/// Owns the synth; a base of ResonatorProcessor so the synth exists before the processor base
/// is handed its parameters.
struct ResonatorSynthHolder {
  explicit ResonatorSynthHolder(double lowestHz)
      : synth_(std::make_unique<synth::ResonatorSynth>(lowestHz)) {}
  std::unique_ptr<synth::ResonatorSynth> synth_;
};

class ResonatorProcessor final : private ResonatorSynthHolder, public graph::Processor {
 public:
  explicit ResonatorProcessor(double lowestHz = synth::ResonatorSynth::kDefaultLowestHz);
  ~ResonatorProcessor() override;

  synth::ResonatorSynth& synth() noexcept { return *synth_; }
  const synth::ResonatorSynth& synth() const noexcept { return *synth_; }
  /// The synth reads its parameters once per control interval.
  int automationResolutionFrames() const noexcept override {
    return synth::ResonatorSynth::kControlInterval;
  }

  /// Queues an event for the start of the next block (its frame counts from there), from a
  /// control thread; the audio thread takes it without locks. Throws CapacityError when 4096
  /// events are waiting. One control thread at a time.
  void schedule(const PerformanceEvent& event);
  /// Events queued and not yet handed to the synth, plus the synth's own pending ones, as of
  /// the last block. Approximate while rendering.
  std::size_t pendingEvents() const noexcept;

  /// Renders without a graph: the queued events, then `out.numFrames()` frames in blocks of
  /// `blockSize` (the result does not depend on it). Not while an engine hosts the processor.
  /// Offline thread.
  void renderAlone(AudioBlockView out, int blockSize,
                   const AudioBlockView* input = nullptr) noexcept;

 private:
  void prepareToPlay(const ProcessSpec& spec) override;
  void resetState() noexcept override;
  void render(const graph::ProcessContext& context) noexcept override;
  void takeQueued() noexcept;

  SpscQueue<PerformanceEvent> inbox_{4096};
  PerformanceEvent held_{};  // taken from the inbox but not yet scheduled (the synth was full)
  bool holding_ = false;
};

}  // namespace tonewood::instruments
