#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "tonewood/core/realtime_handoff.hpp"
#include "tonewood/midi/message_parser.hpp"
#include "tonewood/midi/message_transform.hpp"
#include "tonewood/midi/timed_midi_queue.hpp"

/// The backend-independent heart of live MIDI: a client's input and output ports, the thru
/// routes between them (each with a MessageTransform), and the one cycle the audio/MIDI thread
/// runs: take the events the backend read from each input, queue them for listeners, route them,
/// add the events scheduled on each output, and hand each output its events in frame order.
/// Ports and routes are changed on a control thread and handed to the MIDI thread whole
/// (RealtimeHandoff), so the cycle never locks or allocates.
namespace tonewood::device {

/// One event in the current cycle: frame offset from the cycle start, and its bytes.
struct RawMidiEvent {
  std::uint32_t offset = 0;
  std::uint32_t size = 0;
  const std::uint8_t* data = nullptr;
  std::uint32_t order = 0;  // keeps events at the same offset in arrival order
};

/// Capacities fixed when a port opens.
struct MidiPortLimits {
  std::size_t eventsPerCycle = 2048;
  std::size_t queueBytes = 1 << 16;
  std::size_t scratchBytes = 1 << 16;  ///< outputs: bytes of routed and scheduled events
};

class MidiInputPort {
 public:
  MidiInputPort(std::string name, void* nativePort, const MidiPortLimits& limits);
  ~MidiInputPort();
  const std::string& name() const noexcept { return name_; }
  void* nativePort() const noexcept { return nativePort_; }

  /// MIDI thread (backend): room for this cycle's events; fill, then setEventCount.
  std::span<RawMidiEvent> eventSlots() noexcept { return events_; }
  void setEventCount(std::size_t count) noexcept { count_ = count; }
  std::span<const RawMidiEvent> events() const noexcept { return {events_.data(), count_}; }

  /// Control thread: the oldest received message, if any (non-blocking).
  std::optional<midi::TimedMidiMessage> receive() { return queue_.popMessage(); }
  /// Control thread: waits up to `timeoutSeconds` (< 0: forever) for a message.
  std::optional<midi::TimedMidiMessage> receive(double timeoutSeconds);
  /// Calls `callback` for every message on a delivery thread of its own (never the MIDI
  /// thread); an empty function stops it. Messages then no longer reach `receive`.
  void setCallback(std::function<void(const midi::TimedMidiMessage&)> callback);
  /// Whether received messages are queued for receive/callbacks (a port used only for
  /// routing can turn it off). Any thread.
  void setQueueing(bool on) noexcept { queueing_.store(on, std::memory_order_relaxed); }

  /// Messages lost because the queue or this cycle's event slots were full. Any thread.
  std::size_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }

  /// MIDI thread: queues the cycle's events for listeners.
  void queueEvents(std::uint64_t cycleStart) noexcept;
  void countDropped(std::size_t n) noexcept { dropped_.fetch_add(n, std::memory_order_relaxed); }

 private:
  void stopDelivery();

  std::string name_;
  void* nativePort_;
  std::vector<RawMidiEvent> events_;
  std::size_t count_ = 0;
  midi::TimedMidiQueue queue_;
  std::atomic<bool> queueing_{true};
  std::atomic<std::size_t> dropped_{0};
  std::thread delivery_;
  std::atomic<bool> delivering_{false};
};

class MidiOutputPort {
 public:
  MidiOutputPort(std::string name, void* nativePort, const MidiPortLimits& limits);
  const std::string& name() const noexcept { return name_; }
  void* nativePort() const noexcept { return nativePort_; }

  /// Control thread: sends `message` at absolute `frame` (a frame already past goes out at the
  /// start of the next cycle). Messages leave in the order sent; one stamped earlier than its
  /// predecessor goes out with it. Throws CapacityError when the queue is full.
  void send(const midi::Message& message, std::uint64_t frame);

  /// MIDI thread: this cycle's events in frame order (valid until the next cycle).
  std::span<const RawMidiEvent> events() const noexcept { return {events_.data(), count_}; }
  /// MIDI thread (the router's cycle).
  void beginCycle() noexcept;
  bool add(std::uint32_t offset, const std::uint8_t* data, std::uint32_t size, bool copy) noexcept;
  void takeScheduled(std::uint64_t cycleStart, std::uint32_t frames) noexcept;
  void sortEvents() noexcept;
  void countDropped(std::size_t n) noexcept { dropped_.fetch_add(n, std::memory_order_relaxed); }

  /// Events lost for lack of room (cycle slots, scratch or the backend's buffer). Any thread.
  std::size_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }

 private:
  std::string name_;
  void* nativePort_;
  std::vector<RawMidiEvent> events_;
  std::size_t count_ = 0;
  std::vector<std::uint8_t> scratch_;
  std::size_t scratchUsed_ = 0;
  std::uint32_t lastScheduledOffset_ = 0;
  midi::TimedMidiQueue queue_;
  std::mutex sendMutex_;  // several control threads may send; the MIDI thread never takes it
  std::atomic<std::size_t> dropped_{0};
};

/// A thru connection: every message arriving on `input` that `transform` lets through is sent
/// on `output` at the same frame.
struct MidiRoute {
  int id = 0;
  std::shared_ptr<MidiInputPort> input;
  std::shared_ptr<MidiOutputPort> output;
  midi::MessageTransform transform;
};

class MidiRouter {
 public:
  /// What the MIDI thread works with; replaced whole on every change.
  struct Setup {
    std::vector<std::shared_ptr<MidiInputPort>> inputs;
    std::vector<std::shared_ptr<MidiOutputPort>> outputs;
    std::vector<MidiRoute> routes;
  };

  /// `running` tells whether the MIDI thread is cycling (changes then wait for it to take the
  /// new setup before the old ports may go).
  explicit MidiRouter(std::function<bool()> running);

  /// Control thread.
  void addInput(std::shared_ptr<MidiInputPort> port);
  void addOutput(std::shared_ptr<MidiOutputPort> port);
  /// Removes a port and the routes that use it; returns once the MIDI thread no longer sees it.
  void remove(const void* port);
  /// Adds a route; returns its id. The transform is validated first.
  int addRoute(std::shared_ptr<MidiInputPort> input, std::shared_ptr<MidiOutputPort> output,
               const midi::MessageTransform& transform);
  /// False when there is no route `id`.
  bool removeRoute(int id);
  /// A copy of the current ports and routes.
  Setup setup() const;

  /// MIDI thread: the setup to use this cycle (taking a newly published one).
  const Setup* beginCycle() noexcept;
  /// MIDI thread: after the backend filled each input's events, queues them, routes them and
  /// merges each output's scheduled events, leaving every output's events sorted by offset.
  void process(const Setup& setup, std::uint64_t cycleStart, std::uint32_t frames) noexcept;

 private:
  void publish(Setup next);

  std::function<bool()> running_;
  mutable std::mutex controlMutex_;
  Setup shadow_;  // the control thread's copy of what was last published
  int nextRouteId_ = 1;
  RealtimeHandoff<Setup> handoff_;
  midi::MessageParser parser_{0};  // MIDI thread only: turns short events into messages
};

}  // namespace tonewood::device
