#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "tonewood/core/audio_buffer.hpp"
#include "tonewood/core/progress.hpp"
#include "tonewood/core/realtime_handoff.hpp"
#include "tonewood/core/spsc_ring.hpp"
#include "tonewood/graph/graph.hpp"
#include "tonewood/graph/transport.hpp"
#include "tonewood/graph/worker_pool.hpp"

/// The engine: a graph of processors, its transport and its clock, run block by block. The same
/// engine renders offline, as fast as the CPU allows, and runs live in a device's audio
/// callback; the output is the same sample for sample either way, and whatever the block size
/// or the number of threads.
namespace tonewood::graph {

struct EngineOptions {
  double sampleRate = 48000.0;
  int maxBlockSize = 512;  ///< frames per block: offline renders use it, devices at most it
  int inputChannels = 2;   ///< the graph's audio input (a device's capture ports)
  int outputChannels = 2;  ///< the graph's audio output
  int threads = 1;         ///< threads rendering independent branches, the caller included
  std::size_t eventsPerBlock = 1024;  ///< per node; more are dropped and counted
};

class RenderPlan;
struct EngineControlState;

class Engine {
 public:
  /// Throws OutOfRangeError for a sample rate outside [1000, 768000] Hz, a block size outside
  /// [1, 65536], more than 128 channels or threads outside [1, 64]. Control thread.
  explicit Engine(EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  const EngineOptions& options() const noexcept { return options_; }

  /// Editing. Each edit is checked (throwing before anything changes), compiled off the audio
  /// thread and handed to it without locks; a running engine keeps playing what it had until
  /// then. Processors are prepared for the engine when added (a processor belongs to one engine
  /// at a time). Nodes keep their state across edits. Control thread.
  NodeId add(std::shared_ptr<Processor> processor, std::string name = "");
  void remove(NodeId id);
  void connect(NodeId source, NodeId destination);
  /// One channel to another; a feedback delay (frames) must be at least the block size.
  void connect(NodeId source, int sourceChannel, NodeId destination, int destinationChannel,
               int feedbackDelayFrames = 0);
  void connectEvents(NodeId source, NodeId destination);
  bool disconnect(NodeId source, NodeId destination);
  bool disconnect(NodeId source, int sourceChannel, NodeId destination, int destinationChannel);
  /// Edits between beginBatch and endBatch are compiled once, at endBatch (batches nest).
  void beginBatch();
  void endBatch();
  const Graph& graph() const noexcept { return graph_; }

  Transport& transport() noexcept { return transport_; }
  const Transport& transport() const noexcept { return transport_; }

  /// Threads rendering independent branches, the caller included (1..64). Control thread,
  /// not while rendering.
  void setThreads(int threads);
  int threads() const noexcept { return pool_ ? pool_->threads() : 1; }
  /// Asks the helper threads for real-time priority (live engines do). Control thread.
  bool setRealtimePriority(int priority) noexcept;

  /// Frames from the graph's input to its output through the longest-latency path.
  int latencyFrames() const noexcept { return latency_.load(std::memory_order_acquire); }

  /// The engine's clock: frames rendered since construction or reset. Any thread.
  std::int64_t frame() const noexcept { return clock_.load(std::memory_order_acquire); }
  /// Delivers `event` to a node at engine frame `frame` (a frame already past is delivered at
  /// the start of the next block). Parameter events change the node's parameter at that frame.
  /// Throws InvalidArgumentError for an unknown node or MIDI to a node that takes none, and
  /// CapacityError when 4096 events wait for the audio thread. Control thread.
  void schedule(NodeId node, const Event& event, std::int64_t frame);
  /// A parameter change by ID at `frame`, checked against the parameter's range.
  void scheduleParameter(NodeId node, std::string_view id, float value, std::int64_t frame);

  /// Renders one block of any length into `output` (the engine's output channels), hearing
  /// `input` (fewer channels than the engine's input are silence). `realtime` tells processors
  /// whether they may wait; a device passes the cycle's `timing` (for a transport that follows
  /// an outside clock). Audio thread, or the offline thread: real-time safe.
  void process(const AudioBlockView& input, const AudioBlockView& output, bool realtime,
               const CycleTiming& timing = {}) noexcept;

  /// Offline: renders `frames` frames with the transport playing (it is started if stopped)
  /// into a new buffer, in blocks of maxBlockSize. Throws InvalidArgumentError while a device
  /// runs the engine. Control thread.
  AudioBuffer render(std::int64_t frames, const ProgressCallback& progress = {},
                     const AudioBlockView* input = nullptr);
  /// The same into caller-owned channels.
  void render(const AudioBlockView& output, const ProgressCallback& progress = {},
              const AudioBlockView* input = nullptr);

  /// Stops the transport at 0, clears every processor's state and every delay line and sets the
  /// clock to 0. Control thread, not while a device runs the engine.
  void reset();

  /// Set by a device while its callback runs the engine. Control thread.
  void setLive(bool live) noexcept { live_.store(live, std::memory_order_release); }
  bool isLive() const noexcept { return live_.load(std::memory_order_acquire); }

  /// Events that did not fit a node's block or the schedule queue. Any thread.
  std::size_t droppedEvents() const noexcept;

 private:
  struct Scheduled {
    NodeId node;
    std::int64_t frame;
    Event event;
  };
  void rebuild();
  void takeScheduled(RenderPlan& plan) noexcept;
  void renderPiece(RenderPlan& plan, const AudioBlockView& input, const AudioBlockView& output,
                   int frames, bool realtime) noexcept;
  void requireOffline(const char* what) const;

  EngineOptions options_;
  ProcessSpec spec_;
  Graph graph_;
  Transport transport_;
  std::unique_ptr<WorkerPool> pool_;
  int batchDepth_ = 0;
  std::mutex scheduleMutex_;  // several control threads may schedule; the audio thread never locks
  SpscQueue<Scheduled> scheduled_{4096};
  std::atomic<std::size_t> droppedScheduled_{0};
  RealtimeHandoff<RenderPlan> plan_;
  std::unique_ptr<EngineControlState> control_;  // node slots and delay lines, by key
  std::atomic<int> latency_{0};
  std::atomic<std::int64_t> clock_{0};
  std::atomic<bool> live_{false};
};

/// Begins a batch of edits on construction and ends it on destruction.
class EngineBatch {
 public:
  explicit EngineBatch(Engine& engine) : engine_(engine) { engine_.beginBatch(); }
  ~EngineBatch() { engine_.endBatch(); }
  EngineBatch(const EngineBatch&) = delete;
  EngineBatch& operator=(const EngineBatch&) = delete;

 private:
  Engine& engine_;
};

}  // namespace tonewood::graph
