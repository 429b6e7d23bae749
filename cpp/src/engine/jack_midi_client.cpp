#include "tonewood/engine/jack_midi_client.hpp"

#include <jack/jack.h>
#include <jack/midiport.h>

#include <algorithm>
#include <cerrno>
#include <mutex>

#include "tonewood/core/errors.hpp"

namespace tonewood::engine {

namespace {

// libjack prints its own diagnostics to stderr; ours go into exceptions instead.
void quiet(const char*) {}

std::vector<std::string> takeNames(const char** names) {
  std::vector<std::string> out;
  if (!names) return out;
  for (const char** n = names; *n; ++n) out.emplace_back(*n);
  jack_free(names);
  return out;
}

jack_port_t* nativeOf(const void* port) {
  return static_cast<jack_port_t*>(const_cast<void*>(port));
}

}  // namespace

struct JackMidiClient::Handle {
  jack_client_t* client = nullptr;
  mutable std::mutex portsMutex;
  std::vector<std::shared_ptr<MidiInputPort>> inputs;
  std::vector<std::shared_ptr<MidiOutputPort>> outputs;
};

JackMidiClient::JackMidiClient(const std::string& clientName, const std::string& serverName,
                               MidiPortLimits limits)
    : handle_(std::make_unique<Handle>()),
      limits_(limits),
      router_([this] { return running_.load(); }) {
  jack_set_error_function(quiet);
  jack_set_info_function(quiet);
  auto options =
      static_cast<jack_options_t>(JackNoStartServer | (serverName.empty() ? 0 : JackServerName));
  jack_status_t status{};
  handle_->client = serverName.empty() ? jack_client_open(clientName.c_str(), options, &status)
                                       : jack_client_open(clientName.c_str(), options, &status,
                                                          serverName.c_str());
  if (!handle_->client) {
    const std::string server =
        serverName.empty() ? "the default JACK server" : "JACK server '" + serverName + "'";
    throw DeviceError("cannot open MIDI client '" + clientName + "': " + server +
                      ((status & JackServerFailed) ? " is not running" : " refused the client"));
  }
  jack_set_process_callback(handle_->client, &JackMidiClient::processCallback, this);
  jack_on_shutdown(handle_->client, &JackMidiClient::shutdownCallback, this);
  if (jack_activate(handle_->client) != 0) {
    jack_client_close(handle_->client);
    throw DeviceError("cannot activate MIDI client '" + clientName + "'");
  }
  running_.store(true);
}

JackMidiClient::~JackMidiClient() {
  if (running_.exchange(false)) jack_deactivate(handle_->client);
  for (const auto& p : handle_->inputs) p->setCallback({});
  jack_client_close(handle_->client);
}

std::string JackMidiClient::name() const {
  return jack_get_client_name(handle_->client);
}
double JackMidiClient::sampleRate() const {
  return jack_get_sample_rate(handle_->client);
}
std::uint32_t JackMidiClient::bufferSize() const {
  return jack_get_buffer_size(handle_->client);
}

std::uint64_t JackMidiClient::frameTime() const {
  const std::uint32_t now = jack_frame_time(handle_->client);
  if (cycles_.load() == 0) return now;
  const std::uint64_t start = cycleStart_.load();
  // Unsigned 32-bit difference: correct across a wrap of JACK's counter.
  return start + static_cast<std::uint32_t>(now - static_cast<std::uint32_t>(start));
}

std::vector<MidiPortInfo> JackMidiClient::ports() const {
  std::vector<MidiPortInfo> out;
  for (const auto& name :
       takeNames(jack_get_ports(handle_->client, nullptr, JACK_DEFAULT_MIDI_TYPE, 0))) {
    jack_port_t* port = jack_port_by_name(handle_->client, name.c_str());
    if (!port) continue;  // gone since the listing
    const int flags = jack_port_flags(port);
    MidiPortInfo info;
    info.name = name;
    info.client = name.substr(0, name.find(':'));
    info.isInput = flags & JackPortIsInput;
    info.isOutput = flags & JackPortIsOutput;
    info.isPhysical = flags & JackPortIsPhysical;
    info.connections = takeNames(jack_port_get_all_connections(handle_->client, port));
    out.push_back(std::move(info));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

void* JackMidiClient::registerPort(const std::string& portName, bool input) {
  jack_port_t* port = jack_port_register(handle_->client, portName.c_str(), JACK_DEFAULT_MIDI_TYPE,
                                         input ? JackPortIsInput : JackPortIsOutput, 0);
  if (!port)
    throw DeviceError(std::string("cannot open MIDI ") + (input ? "input" : "output") + " '" +
                      name() + ":" + portName + "' (is the name taken?)");
  return port;
}

std::shared_ptr<MidiInputPort> JackMidiClient::openInput(const std::string& portName) {
  auto input = std::make_shared<MidiInputPort>(portName, registerPort(portName, true), limits_);
  router_.addInput(input);
  std::lock_guard lock(handle_->portsMutex);
  handle_->inputs.push_back(input);
  return input;
}

std::shared_ptr<MidiOutputPort> JackMidiClient::openOutput(const std::string& portName) {
  auto output = std::make_shared<MidiOutputPort>(portName, registerPort(portName, false), limits_);
  router_.addOutput(output);
  std::lock_guard lock(handle_->portsMutex);
  handle_->outputs.push_back(output);
  return output;
}

void JackMidiClient::closePort(const void* port) {
  void* native = nullptr;
  {
    std::lock_guard lock(handle_->portsMutex);
    for (const auto& p : handle_->inputs)
      if (p.get() == port) native = p->nativePort();
    for (const auto& p : handle_->outputs)
      if (p.get() == port) native = p->nativePort();
    if (!native) return;  // already closed
    std::erase_if(handle_->inputs, [&](const auto& p) { return p.get() == port; });
    std::erase_if(handle_->outputs, [&](const auto& p) { return p.get() == port; });
  }
  router_.remove(port);  // the process thread no longer touches it after this
  jack_port_unregister(handle_->client, nativeOf(native));
}

std::string JackMidiClient::fullName(const void* port) const {
  std::lock_guard lock(handle_->portsMutex);
  for (const auto& p : handle_->inputs)
    if (p.get() == port) return jack_port_name(nativeOf(p->nativePort()));
  for (const auto& p : handle_->outputs)
    if (p.get() == port) return jack_port_name(nativeOf(p->nativePort()));
  throw InvalidArgumentError("the port is closed");
}

void* JackMidiClient::findPort(const std::string& portName, const char* role) const {
  jack_port_t* port = jack_port_by_name(handle_->client, portName.c_str());
  if (!port) {
    std::string known;
    for (const auto& info : ports()) known += (known.empty() ? "" : ", ") + info.name;
    throw DeviceError(std::string("no MIDI port '") + portName + "' to use as " + role +
                      " (ports: " + (known.empty() ? "none" : known) + ")");
  }
  return port;
}

std::pair<std::string, std::string> JackMidiClient::outputThenInput(const std::string& a,
                                                                    const std::string& b) const {
  auto* first = nativeOf(findPort(a, "source"));
  auto* second = nativeOf(findPort(b, "destination"));
  if ((jack_port_flags(first) & JackPortIsInput) && (jack_port_flags(second) & JackPortIsOutput))
    return {b, a};
  return {a, b};
}

void JackMidiClient::connect(const std::string& source, const std::string& destination) {
  const auto [from, to] = outputThenInput(source, destination);
  const int result = jack_connect(handle_->client, from.c_str(), to.c_str());
  if (result != 0 && result != EEXIST)
    throw DeviceError("cannot connect '" + from + "' to '" + to +
                      "': a connection goes from an output to an input port");
}

void JackMidiClient::disconnect(const std::string& source, const std::string& destination) {
  const auto [from, to] = outputThenInput(source, destination);
  if (!jack_port_connected_to(jack_port_by_name(handle_->client, from.c_str()), to.c_str())) return;
  if (jack_disconnect(handle_->client, from.c_str(), to.c_str()) != 0)
    throw DeviceError("cannot disconnect '" + from + "' from '" + to + "'");
}

int JackMidiClient::route(std::shared_ptr<MidiInputPort> input,
                          std::shared_ptr<MidiOutputPort> output,
                          const midi::MessageTransform& transform) {
  return router_.addRoute(std::move(input), std::move(output), transform);
}

int JackMidiClient::processCallback(std::uint32_t frames, void* self) noexcept {
  return static_cast<JackMidiClient*>(self)->process(frames);
}

void JackMidiClient::shutdownCallback(void* self) noexcept {
  static_cast<JackMidiClient*>(self)->running_.store(false);
}

int JackMidiClient::process(std::uint32_t frames) noexcept {
  const std::uint32_t now = jack_last_frame_time(handle_->client);
  const std::uint64_t previous = cycleStart_.load(std::memory_order_relaxed);
  const std::uint64_t start =
      cycles_.load(std::memory_order_relaxed) == 0
          ? now
          : previous + static_cast<std::uint32_t>(now - static_cast<std::uint32_t>(previous));
  cycleStart_.store(start, std::memory_order_release);

  const MidiRouter::Setup* setup = router_.beginCycle();
  for (const auto& input : setup->inputs) {
    void* buffer = jack_port_get_buffer(nativeOf(input->nativePort()), frames);
    const std::uint32_t count = jack_midi_get_event_count(buffer);
    auto slots = input->eventSlots();
    std::size_t used = 0;
    for (std::uint32_t i = 0; i < count; ++i) {
      jack_midi_event_t event;
      if (jack_midi_event_get(&event, buffer, i) != 0 || event.size == 0) continue;
      if (used == slots.size()) {
        input->countDropped(count - i);
        break;
      }
      slots[used] = {event.time, static_cast<std::uint32_t>(event.size), event.buffer,
                     static_cast<std::uint32_t>(used)};
      ++used;
    }
    input->setEventCount(used);
  }
  router_.process(*setup, start, frames);
  for (const auto& output : setup->outputs) {
    void* buffer = jack_port_get_buffer(nativeOf(output->nativePort()), frames);
    jack_midi_clear_buffer(buffer);
    for (const auto& e : output->events())
      if (jack_midi_event_write(buffer, e.offset, e.data, e.size) != 0) output->countDropped(1);
  }
  cycles_.fetch_add(1, std::memory_order_release);
  return 0;
}

}  // namespace tonewood::engine
