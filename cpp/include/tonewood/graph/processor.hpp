#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tonewood/core/audio_buffer.hpp"
#include "tonewood/core/param_registry.hpp"
#include "tonewood/core/process_spec.hpp"
#include "tonewood/graph/event_buffer.hpp"
#include "tonewood/graph/transport.hpp"

/// The one interface every instrument, effect, mixer and player implements, so that any of them
/// can be a node in a graph, run alone on an array, or be hosted live.
namespace tonewood::graph {

/// What a processor works on in one block.
struct ProcessContext {
  int frames = 0;
  /// numInputChannels() channels of `frames` frames. Read-only: the same memory may feed other
  /// processors. Silence when nothing is connected (see inputConnected).
  AudioBlockView input;
  /// numOutputChannels() channels of `frames` frames; the processor writes all of them. What a
  /// block left there is not kept for the next (the memory may serve others in between).
  AudioBlockView output;
  /// This block's events for the processor, in frame order (never null while processing).
  const EventBuffer* events = nullptr;
  /// Where a processor that producesEvents() writes its events (never null for those).
  EventBuffer* outputEvents = nullptr;
  /// The transport at the block's first frame (never null while processing).
  const TransportPosition* transport = nullptr;
  /// The engine's sample clock at the block's first frame (counts every frame rendered).
  std::int64_t engineFrame = 0;
  /// False when rendering offline: a processor may then wait (for the disk, say) instead of
  /// failing the deadline; true on a live audio thread, where nothing may wait.
  bool realtime = false;
  /// Whether anything is connected to the audio input.
  bool inputConnected = false;
};

/// A processor: prepared with a ProcessSpec, processed block by block, reset, described by its
/// parameters (ParamInfo) and its channel and event capabilities, with latency and state.
///
/// Lifecycle and threads: construct and `prepare` on a control thread (allocates); `process` on
/// the audio thread (real-time safe: no allocation, lock, throw or log); `reset` between runs,
/// never concurrently with `process`. Parameter values may be set from any thread at any time:
/// they take effect at the start of the next block, or at their exact frame when they arrive
/// as Param events, for which the public `process` splits the block.
class Processor : public std::enable_shared_from_this<Processor> {
 public:
  virtual ~Processor();
  Processor(const Processor&) = delete;
  Processor& operator=(const Processor&) = delete;

  /// A short lower-case name of the kind of processor: "reverb", "gain", "resonator".
  const std::string& typeName() const noexcept { return typeName_; }
  int numInputChannels() const noexcept { return inputs_; }
  int numOutputChannels() const noexcept { return outputs_; }
  /// Whether the processor reads MIDI/UMP events (instruments, MIDI outputs).
  bool acceptsEvents() const noexcept { return acceptsEvents_; }
  /// Whether the processor writes events (MIDI players, MIDI inputs).
  bool producesEvents() const noexcept { return producesEvents_; }

  /// Allocates for `spec` and resets. Idempotent for an unchanged spec, unless the processor
  /// failed (failure()): then it starts afresh. Control thread.
  /// Throws OutOfRangeError for a spec the processor cannot run at.
  void prepare(const ProcessSpec& spec);
  bool isPrepared() const noexcept { return prepared_; }
  const ProcessSpec& spec() const noexcept { return spec_; }
  /// Clears the processor's state (tails, voices, positions); parameters keep their values.
  /// Control thread, not concurrently with process.
  void reset() noexcept;

  /// Renders one block (context.frames <= spec().maxBlockSize). Audio thread.
  void process(const ProcessContext& context) noexcept;

  /// Frames by which the output lags the input (lookahead, plugin latency). Stable after
  /// prepare. Any thread.
  virtual int latencyFrames() const noexcept { return 0; }
  /// Why the processor stopped working for good (a plugin's child process crashed), or nullptr
  /// while it works. An Engine's offline render throws PluginCrashedError with it. Any thread.
  virtual const char* failure() const noexcept { return nullptr; }
  /// The finest spacing, in frames, at which the processor makes use of a parameter changing:
  /// an automation lane gives it a new value that often (1: on every frame it changes, so a
  /// ramp through a gain is exact on every sample; a synth that reads its parameters every 32
  /// frames says 32). Any thread.
  virtual int automationResolutionFrames() const noexcept { return 1; }
  /// Whether render works when each output channel is the same memory as the input channel of
  /// the same number (the engine then saves a buffer and a pass where it can). Any thread.
  virtual bool processesInPlace() const noexcept { return false; }

  /// The parameters: descriptions and values (natural units). Any thread.
  const ParamRegistry& parameters() const noexcept { return *params_; }
  std::size_t numParameters() const noexcept { return params_->size(); }
  const ParamInfo& parameterInfo(std::size_t index) const noexcept { return params_->info(index); }
  /// Index of a parameter ID; ParameterNotFoundError with the closest IDs otherwise.
  std::size_t parameterIndex(std::string_view id) const { return params_->indexOf(id); }
  float parameter(std::size_t index) const noexcept { return params_->value(index); }
  /// Sets a value after checking it (OutOfRangeError names the range and unit). Takes effect
  /// at the start of the next block. Any non-audio thread.
  void setParameter(std::size_t index, float value) { params_->setValue(index, value); }
  void setParameter(std::string_view id, float value) { setParameter(parameterIndex(id), value); }

  /// Whether an engine holds the processor: it then renders only through that engine. Any
  /// thread.
  bool isHosted() const noexcept { return hosts_.load(std::memory_order_acquire) > 0; }

  /// The processor's state as JSON text: its type and every parameter that differs from its
  /// default, plus what subclasses add (saveExtraState). Control thread.
  std::string saveState() const;
  /// Restores a saved state: checks it all first (InvalidArgumentError naming the problem,
  /// ParameterNotFoundError, OutOfRangeError) and changes nothing when it fails. Control thread.
  void restoreState(const std::string& json);

 protected:
  struct Capabilities {
    int inputs = 0, outputs = 2;
    bool acceptsEvents = false, producesEvents = false;
  };
  /// `params` describes the parameters; the processor owns their values.
  Processor(std::string typeName, std::vector<ParamInfo> params, Capabilities capabilities);
  /// For processors whose parameters live elsewhere (the synth's registry): it must outlive
  /// this processor.
  Processor(std::string typeName, ParamRegistry& params, Capabilities capabilities);

  /// Allocates and resets for the spec. Control thread.
  virtual void prepareToPlay(const ProcessSpec& spec) = 0;
  /// Clears state. Control thread.
  virtual void resetState() noexcept = 0;
  /// Renders a block with no parameter changes inside it: `context.events` holds only
  /// MIDI/UMP events. Audio thread.
  virtual void render(const ProcessContext& context) noexcept = 0;
  /// A parameter changed (from any thread, or by an event at this point of the block). Called
  /// on the audio thread before `render`, and once for every parameter from `prepare`.
  virtual void parameterChanged(std::size_t index, float value) noexcept {
    (void)index, (void)value;
  }
  /// JSON text of anything beyond parameters ("null" when there is nothing), and its restore
  /// (called after the parameters were restored). Control thread.
  virtual std::string saveExtraState() const { return "null"; }
  virtual void restoreExtraState(const std::string& json) { (void)json; }

  /// Audio thread: the value a parameter has for the block being rendered.
  float value(std::size_t index) const noexcept { return params_->value(index); }
  /// Audio thread, while parameterChanged runs: whether the change is a step of an automation
  /// lane (Event::automation), which gives the curve's value frame by frame. A processor that
  /// glides to other changes (against zipper noise) applies these at once.
  bool changeIsAutomation() const noexcept { return automationChange_; }
  /// Makes the next prepare run even for the same spec (after the processor let go of what
  /// prepare made). Control thread, not while hosted.
  void unprepare() noexcept { prepared_ = false; }

 private:
  friend class Engine;  // counts itself in hosts_
  Processor(std::string typeName, std::unique_ptr<ParamRegistry> owned, ParamRegistry* shared,
            Capabilities capabilities);
  void takeParameterChanges() noexcept;

  std::string typeName_;
  std::unique_ptr<ParamRegistry> ownParams_;
  ParamRegistry* params_;
  int inputs_, outputs_;
  bool acceptsEvents_, producesEvents_;
  ProcessSpec spec_;
  bool prepared_ = false;
  std::atomic<int> hosts_{0};
  // Audio-thread view of the parameters: what parameterChanged last reported.
  std::unique_ptr<float[]> applied_;
  std::uint64_t appliedGeneration_ = ~std::uint64_t{0};
  std::unique_ptr<EventBuffer> pieceEvents_;  // a block's MIDI events between two changes
  std::unique_ptr<EventBuffer> pieceOutput_;  // and the events such a piece produces
  bool automationChange_ = false;
};

}  // namespace tonewood::graph
