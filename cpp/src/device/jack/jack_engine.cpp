#include "tonewood/device/jack/jack_engine.hpp"

#include <chrono>
#include <thread>

#include "tonewood/core/errors.hpp"

namespace tonewood::device {

JackEngine::JackEngine(graph::Engine& engine, JackEngineOptions options) : engine_(engine) {
  client_ = std::make_unique<JackClient>(options.clientName, options.serverName);
  const double rate = client_->sampleRate();
  if (rate != engine.options().sampleRate)
    throw DeviceError(
        "JACK server " +
        (options.serverName.empty() ? std::string("(default)") : "'" + options.serverName + "'") +
        " runs at " + formatNumber(rate) + " Hz; the engine was made for " +
        formatNumber(engine.options().sampleRate) + " Hz (make the engine at the server's rate)");
  client_->setAudioPorts(engine.options().inputChannels, engine.options().outputChannels);
  client_->setProcessingLatency(engine.latencyFrames());
  if (options.connectOutputs || options.connectInputs)
    client_->connectToPhysical(options.connectOutputs, options.connectInputs);
  publish();
}

void JackEngine::start() {
  if (started_) return;
  if (engine_.isLive())
    throw InvalidArgumentError("the engine already runs on a device; stop it first");
  engine_.setLive(true);
  if (client_->isRealtime()) engine_.setRealtimePriority(client_->realtimePriority());
  client_->setCallback(this);
  started_ = true;
}

JackEngine::~JackEngine() {
  client_->setCallback(nullptr);
  if (started_) engine_.setLive(false);
}

void JackEngine::publish() {
  // Once started, the process thread takes the bindings at its next cycle; before, nobody runs
  // the callback and they are taken here.
  const bool running = started_ && client_->running();
  bindingsRt_.publish(std::make_unique<Bindings>(bindings_));
  while (running && bindingsRt_.hasPending()) std::this_thread::yield();
  bindingsRt_.collect();
  if (!running) bindingsRt_.acquire();
  bindingsRt_.collect();
}

std::shared_ptr<MidiInputPort> JackEngine::bindMidiInput(const std::string& portName,
                                                         std::shared_ptr<graph::MidiInput> node) {
  if (!node) throw InvalidArgumentError("bind a MIDI input port to a MidiInput node");
  auto port = client_->openInput(portName);
  port->setQueueing(false);  // the graph hears it; nobody polls it
  bindings_.in.emplace_back(port, std::move(node));
  publish();
  return port;
}

std::shared_ptr<MidiInputPort> JackEngine::bindMidiClockInput(
    const std::string& portName, std::shared_ptr<graph::MidiClockFollower> follower) {
  if (!follower) throw InvalidArgumentError("bind a MIDI clock input port to a MidiClockFollower");
  auto port = client_->openInput(portName);
  port->setQueueing(false);
  bindings_.clocks.emplace_back(port, std::move(follower));
  publish();
  return port;
}

std::shared_ptr<MidiOutputPort> JackEngine::bindMidiOutput(
    const std::string& portName, std::shared_ptr<graph::MidiOutput> node) {
  if (!node) throw InvalidArgumentError("bind a MIDI output port to a MidiOutput node");
  auto port = client_->openOutput(portName);
  bindings_.out.emplace_back(port, std::move(node));
  publish();
  return port;
}

void JackEngine::updateLatency() {
  client_->setProcessingLatency(engine_.latencyFrames());
}

double JackEngine::meanCycleMicroseconds() const noexcept {
  const std::int64_t n = timedCycles_.load();
  return n == 0 ? 0.0 : static_cast<double>(totalNs_.load()) / static_cast<double>(n) / 1000.0;
}

void JackEngine::resetCycleTimes() noexcept {
  worstNs_.store(0);
  totalNs_.store(0);
  timedCycles_.store(0);
}

double JackEngine::heardAt(std::int64_t frame) const {
  if (cycles() == 0) throw InvalidArgumentError("the engine has not run a cycle on the device yet");
  const auto device = static_cast<std::uint64_t>(static_cast<std::int64_t>(firstDevice_.load()) +
                                                 (frame - firstEngine_.load()));
  const double latency = client_->playbackLatency() / client_->sampleRate();
  const double now =
      std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  return now + static_cast<double>(client_->microsUntilFrame(device)) / 1e6 + latency;
}

void JackEngine::processCycle(const DeviceCycle& cycle) noexcept {
  // The clock is read through the vDSO: no system call on the audio thread.
  const auto began = std::chrono::steady_clock::now();
  bindingsRt_.acquire();
  const std::int64_t base = engine_.frame();
  if (cycles_.load(std::memory_order_relaxed) == 0) {
    firstDevice_.store(cycle.startFrame);
    firstEngine_.store(base);
  }
  const Bindings* b = bindingsRt_.current();
  if (b)
    for (const auto& [port, node] : b->in) {
      node->beginCycle();
      for (const RawMidiEvent& e : port->events()) node->deliver(base + e.offset, e.data, e.size);
    }
  // A transport following an outside clock places the cycle where it is heard: after the
  // device's playback latency and the engine's own.
  graph::CycleTiming timing;
  timing.known = true;
  timing.deviceFrame = cycle.startFrame;
  timing.outputLatency = cycle.outputLatency + engine_.latencyFrames();
  timing.steadyMicros = cycle.steadyMicros;
  if (b)
    for (const auto& [port, follower] : b->clocks)
      for (const RawMidiEvent& e : port->events())
        follower->receive(static_cast<int>(e.offset), e.data, e.size);
  engine_.process(cycle.inputs, cycle.outputs, true, timing);
  if (b)
    for (const auto& [port, node] : b->out)
      node->takeAll([&](const graph::MidiOutput::Sent& s) {
        const auto offset = static_cast<std::uint32_t>(
            std::clamp<std::int64_t>(s.frame - base, 0, cycle.frames - 1));
        if (!port->add(offset, s.data, s.size, true)) port->countDropped(1);
      });
  cycles_.fetch_add(1, std::memory_order_release);
  const std::int64_t took =
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - began)
          .count();
  if (took > worstNs_.load(std::memory_order_relaxed))
    worstNs_.store(took, std::memory_order_relaxed);
  totalNs_.fetch_add(took, std::memory_order_relaxed);
  timedCycles_.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace tonewood::device
