#pragma once

// What the audio thread runs: a compiled graph. Private to the graph layer.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tonewood/core/audio_buffer.hpp"
#include "tonewood/graph/engine.hpp"
#include "tonewood/graph/event_buffer.hpp"
#include "tonewood/graph/graph.hpp"

namespace tonewood::graph {

/// Events scheduled for a node at engine frames, kept in frame order (stable), fixed capacity.
class PendingEvents {
 public:
  explicit PendingEvents(std::size_t capacity) : items_(capacity) {}
  bool add(std::int64_t frame, const Event& event) noexcept;
  /// Moves the events before `end` into `out`, at their offset from `start` (0 when late).
  void takeUntil(std::int64_t start, std::int64_t end, EventBuffer& out) noexcept;

 private:
  struct Item {
    std::int64_t frame;
    Event event;
  };
  std::vector<Item> items_;
  std::size_t count_ = 0;
};

/// A node as the audio thread holds it: the processor and its buffers. Created when the node is
/// added and shared by every plan that contains it, so its state survives recompiles.
struct NodeSlot {
  NodeSlot(NodeId id, std::string name, std::shared_ptr<Processor> processor,
           const EngineOptions& options);
  NodeId id;
  std::string name;
  std::shared_ptr<Processor> processor;
  AudioBuffer input;   // where several sources are summed
  AudioBuffer output;  // what the processor writes
  EventBuffer inEvents;
  EventBuffer outEvents;
  PendingEvents pending;
  std::vector<float> scratch;  // a delayed source on its way into `input`
};

/// A delay on one connection: a ring addressed by the engine's clock, so writers and readers
/// need no shared position. Latency compensation writes and reads in the consumer; a feedback
/// connection is written by its source and read by its destination, which may run at the same
/// time on another thread: they touch frames at least `delay` apart, which never overlap.
class DelayLine {
 public:
  /// Room for delays up to `maxDelay` with blocks up to `maxBlock`. Control thread.
  DelayLine(int maxDelay, int maxBlock);
  int maxDelay() const noexcept { return maxDelay_; }
  void write(std::int64_t frame, const float* in, int n) noexcept;
  /// Adds (or copies) the frames [frame, frame + n) into `out`.
  void read(std::int64_t frame, float* out, int n, bool add) const noexcept;
  void clear() noexcept;

 private:
  std::vector<float> ring_;
  std::int64_t mask_;
  int maxDelay_;
};

/// One source of one input channel.
struct ChannelSource {
  const float* data = nullptr;  // where the source node leaves that channel; null: graph input
  int channel = 0;              // the source's channel (used for the graph's input)
  DelayLine* delay = nullptr;   // latency compensation or feedback, or null
  int delayFrames = 0;
  bool feedback = false;  // written by the source itself
};

struct PlanStep {
  NodeSlot* slot = nullptr;
  float* outputs[kMaxChannels] = {};  // the node's own buffer, or its source's when in place
  std::vector<std::vector<ChannelSource>> inputs;  // per input channel, in connection order
  std::vector<const NodeSlot*> eventSources;
  std::vector<std::pair<DelayLine*, int>> feedbackWrites;  // (line, output channel)
  bool inputConnected = false;
};

class RenderPlan {
 public:
  std::vector<PlanStep> steps;              // in graph order
  std::vector<std::vector<int>> tasks;      // runs of steps one thread does in order
  std::vector<std::pair<int, int>> levels;  // tasks [first, first + count) that may run at once
  std::vector<std::vector<ChannelSource>> output;  // per engine output channel
  std::vector<std::shared_ptr<NodeSlot>> slots;
  std::vector<std::shared_ptr<DelayLine>> delays;
  std::vector<std::pair<NodeId, NodeSlot*>> byId;  // sorted, for scheduled events
  std::vector<float> silence;                      // maxBlockSize zeros
  std::vector<float> scratch;                      // for the engine's output sums
  int latency = 0;

  NodeSlot* slotOf(NodeId id) const noexcept;
};

}  // namespace tonewood::graph
