#include "tonewood/device/jack/jack_midi_client.hpp"

#include <jack/jack.h>
#include <jack/midiport.h>

#include <algorithm>
#include <cerrno>

#include "tonewood/core/errors.hpp"

namespace tonewood::device {

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

jack_client_t* clientOf(void* client) {
  return static_cast<jack_client_t*>(client);
}

}  // namespace

JackMidiClient::JackMidiClient(const std::string& clientName, const std::string& serverName,
                               MidiPortLimits limits)
    : MidiClient(limits) {
  jack_set_error_function(quiet);
  jack_set_info_function(quiet);
  auto options =
      static_cast<jack_options_t>(JackNoStartServer | (serverName.empty() ? 0 : JackServerName));
  jack_status_t status{};
  jack_client_t* client =
      serverName.empty()
          ? jack_client_open(clientName.c_str(), options, &status)
          : jack_client_open(clientName.c_str(), options, &status, serverName.c_str());
  if (!client) {
    const std::string server =
        serverName.empty() ? "the default JACK server" : "JACK server '" + serverName + "'";
    throw DeviceError("cannot open MIDI client '" + clientName + "': " + server +
                      ((status & JackServerFailed) ? " is not running" : " refused the client"));
  }
  client_ = client;
  jack_set_process_callback(client, &JackMidiClient::processCallback, this);
  jack_on_shutdown(client, &JackMidiClient::shutdownCallback, this);
  if (jack_activate(client) != 0) {
    jack_client_close(client);
    throw DeviceError("cannot activate MIDI client '" + clientName + "'");
  }
  running_.store(true);
}

JackMidiClient::~JackMidiClient() {
  if (running_.exchange(false)) jack_deactivate(clientOf(client_));
  stopDeliveries();
  jack_client_close(clientOf(client_));
}

std::string JackMidiClient::name() const {
  return jack_get_client_name(clientOf(client_));
}
double JackMidiClient::sampleRate() const {
  return jack_get_sample_rate(clientOf(client_));
}
std::uint32_t JackMidiClient::bufferSize() const {
  return jack_get_buffer_size(clientOf(client_));
}

std::uint64_t JackMidiClient::frameTime() const {
  const std::uint32_t now = jack_frame_time(clientOf(client_));
  if (cycles_.load() == 0) return now;
  const std::uint64_t start = cycleStart_.load();
  // Unsigned 32-bit difference: correct across a wrap of JACK's counter.
  return start + static_cast<std::uint32_t>(now - static_cast<std::uint32_t>(start));
}

std::vector<MidiPortInfo> JackMidiClient::ports() const {
  std::vector<MidiPortInfo> out;
  for (const auto& name :
       takeNames(jack_get_ports(clientOf(client_), nullptr, JACK_DEFAULT_MIDI_TYPE, 0))) {
    jack_port_t* port = jack_port_by_name(clientOf(client_), name.c_str());
    if (!port) continue;  // gone since the listing
    const int flags = jack_port_flags(port);
    MidiPortInfo info;
    info.name = name;
    info.client = name.substr(0, name.find(':'));
    info.isInput = flags & JackPortIsInput;
    info.isOutput = flags & JackPortIsOutput;
    info.isPhysical = flags & JackPortIsPhysical;
    info.connections = takeNames(jack_port_get_all_connections(clientOf(client_), port));
    out.push_back(std::move(info));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

void* JackMidiClient::registerNativePort(const std::string& portName, bool input) {
  jack_port_t* port =
      jack_port_register(clientOf(client_), portName.c_str(), JACK_DEFAULT_MIDI_TYPE,
                         input ? JackPortIsInput : JackPortIsOutput, 0);
  if (!port)
    throw DeviceError(std::string("cannot open MIDI ") + (input ? "input" : "output") + " '" +
                      name() + ":" + portName + "': JACK refused the port");
  return port;
}

void JackMidiClient::unregisterNativePort(void* nativePort) {
  jack_port_unregister(clientOf(client_), nativeOf(nativePort));
}

std::string JackMidiClient::nativePortName(void* nativePort) const {
  return jack_port_name(nativeOf(nativePort));
}

void* JackMidiClient::findPort(const std::string& portName, const char* role) const {
  jack_port_t* port = jack_port_by_name(clientOf(client_), portName.c_str());
  if (!port) throwNoSuchPort(portName, role);
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
  const int result = jack_connect(clientOf(client_), from.c_str(), to.c_str());
  if (result != 0 && result != EEXIST)
    throw DeviceError("cannot connect '" + from + "' to '" + to +
                      "': a connection goes from an output to an input port");
}

void JackMidiClient::disconnect(const std::string& source, const std::string& destination) {
  const auto [from, to] = outputThenInput(source, destination);
  if (!jack_port_connected_to(jack_port_by_name(clientOf(client_), from.c_str()), to.c_str()))
    return;
  if (jack_disconnect(clientOf(client_), from.c_str(), to.c_str()) != 0)
    throw DeviceError("cannot disconnect '" + from + "' from '" + to + "'");
}

int JackMidiClient::processCallback(std::uint32_t frames, void* self) noexcept {
  return static_cast<JackMidiClient*>(self)->process(frames);
}

void JackMidiClient::shutdownCallback(void* self) noexcept {
  static_cast<JackMidiClient*>(self)->running_.store(false);
}

int JackMidiClient::process(std::uint32_t frames) noexcept {
  const std::uint32_t now = jack_last_frame_time(clientOf(client_));
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

}  // namespace tonewood::device
