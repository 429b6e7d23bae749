#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tonewood/core/realtime_handoff.hpp"
#include "tonewood/device/audio_callback.hpp"
#include "tonewood/device/jack/jack_client.hpp"
#include "tonewood/graph/engine.hpp"
#include "tonewood/graph/midi_clock_follower.hpp"
#include "tonewood/graph/nodes/midi_io.hpp"

/// An engine played live through JACK: one client owns the engine's audio inputs and outputs
/// and any MIDI ports, and runs the engine's graph in its process callback. Live MIDI reaches
/// the graph in the same cycle at its frame offset; thru routes run in that cycle too.
namespace tonewood::device {

struct JackEngineOptions {
  std::string clientName = "tonewood";
  std::string serverName;      ///< "" = the default server (or $JACK_DEFAULT_SERVER)
  bool connectOutputs = true;  ///< to the physical playback ports
  bool connectInputs = false;  ///< from the physical capture ports
};

class JackEngine final : public AudioCallback {
 public:
  /// Opens the client, registers one audio port per engine input and output channel and
  /// reports the engine's latency; start() begins running the engine. Throws DeviceError naming
  /// the server when none runs, and when it runs at another sample rate than the engine's.
  /// Control thread. The engine must outlive this object.
  JackEngine(graph::Engine& engine, JackEngineOptions options = {});
  /// Runs the engine from the next cycle on (marking it live). Control thread.
  void start();
  bool started() const noexcept { return started_; }
  /// Stops running the engine (it keeps its state) and closes the client.
  ~JackEngine() override;
  JackEngine(const JackEngine&) = delete;
  JackEngine& operator=(const JackEngine&) = delete;

  JackClient& client() noexcept { return *client_; }
  graph::Engine& engine() noexcept { return engine_; }

  /// Opens a MIDI input port `portName` whose messages enter the graph through `node` (a
  /// MidiInput node of this engine's graph). Control thread.
  std::shared_ptr<MidiInputPort> bindMidiInput(const std::string& portName,
                                               std::shared_ptr<graph::MidiInput> node);
  /// Opens a MIDI output port that sends what reaches `node` (a MidiOutput node).
  std::shared_ptr<MidiOutputPort> bindMidiOutput(const std::string& portName,
                                                 std::shared_ptr<graph::MidiOutput> node);
  /// Opens a MIDI input port `portName` whose MIDI beat clock drives `follower` (the engine's
  /// transport's tempo source), in the cycle it arrives. Control thread.
  std::shared_ptr<MidiInputPort> bindMidiClockInput(
      const std::string& portName, std::shared_ptr<graph::MidiClockFollower> follower);
  /// Reports the engine's latency to JACK again (after edits changed it). Control thread.
  void updateLatency();

  std::size_t xruns() const noexcept { return client_->xruns(); }
  /// The longest time one cycle of the engine took, in microseconds, since the last call to
  /// resetCycleTimes (or the start), and the cycles' average. Any thread.
  double worstCycleMicroseconds() const noexcept {
    return static_cast<double>(worstNs_.load()) / 1000.0;
  }
  double meanCycleMicroseconds() const noexcept;
  void resetCycleTimes() noexcept;
  double cpuLoad() const noexcept { return client_->cpuLoad(); }
  /// Cycles run, and the device and engine frames at the start of the first one (for lining
  /// recordings up with the engine). Any thread.
  std::uint64_t cycles() const noexcept { return cycles_.load(std::memory_order_acquire); }
  std::uint64_t firstDeviceFrame() const noexcept { return firstDevice_.load(); }
  std::int64_t firstEngineFrame() const noexcept { return firstEngine_.load(); }

  /// When engine frame `frame` is heard, in seconds of std::chrono::steady_clock
  /// (CLOCK_MONOTONIC, Python's time.monotonic()): JACK's time of the frame plus the playback
  /// latency downstream. Valid while no cycle was dropped since the start (xruns() == 0). Any
  /// thread, once cycles ran.
  double heardAt(std::int64_t frame) const;

  void processCycle(const DeviceCycle& cycle) noexcept override;

 private:
  struct Bindings {
    std::vector<std::pair<std::shared_ptr<MidiInputPort>, std::shared_ptr<graph::MidiInput>>> in;
    std::vector<std::pair<std::shared_ptr<MidiOutputPort>, std::shared_ptr<graph::MidiOutput>>> out;
    std::vector<
        std::pair<std::shared_ptr<MidiInputPort>, std::shared_ptr<graph::MidiClockFollower>>>
        clocks;
  };
  void publish();

  graph::Engine& engine_;
  std::unique_ptr<JackClient> client_;
  bool started_ = false;
  Bindings bindings_;                     // the control thread's copy
  RealtimeHandoff<Bindings> bindingsRt_;  // the process thread's
  std::atomic<std::uint64_t> cycles_{0};
  std::atomic<std::int64_t> worstNs_{0}, totalNs_{0}, timedCycles_{0};
  std::atomic<std::uint64_t> firstDevice_{0};
  std::atomic<std::int64_t> firstEngine_{0};
};

}  // namespace tonewood::device
