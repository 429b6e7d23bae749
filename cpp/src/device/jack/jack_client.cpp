#include "tonewood/device/jack/jack_client.hpp"

#include <jack/jack.h>
#include <jack/midiport.h>
#include <jack/thread.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <thread>

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

JackClient::JackClient(const std::string& clientName, const std::string& serverName,
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
    throw DeviceError("cannot open JACK client '" + clientName + "': " + server +
                      ((status & JackServerFailed) ? " is not running" : " refused the client"));
  }
  client_ = client;
  jack_set_process_callback(client, &JackClient::processCallback, this);
  jack_on_shutdown(client, &JackClient::shutdownCallback, this);
  jack_set_xrun_callback(client, &JackClient::xrunCallback, this);
  jack_set_latency_callback(
      client,
      [](jack_latency_callback_mode_t mode, void* self) {
        JackClient::latencyCallback(static_cast<int>(mode), self);
      },
      this);
  if (jack_activate(client) != 0) {
    jack_client_close(client);
    throw DeviceError("cannot activate MIDI client '" + clientName + "'");
  }
  running_.store(true);
}

JackClient::~JackClient() {
  callback_.store(nullptr);
  if (running_.exchange(false)) jack_deactivate(clientOf(client_));
  stopDeliveries();
  jack_client_close(clientOf(client_));
}

std::string JackClient::name() const {
  return jack_get_client_name(clientOf(client_));
}
double JackClient::sampleRate() const {
  return jack_get_sample_rate(clientOf(client_));
}
std::uint32_t JackClient::bufferSize() const {
  return jack_get_buffer_size(clientOf(client_));
}

std::int64_t JackClient::microsUntilFrame(std::uint64_t frame) const {
  // JACK counts frames in 32 bits and wraps; it answers for frames near its current cycle.
  const auto at = jack_frames_to_time(clientOf(client_), static_cast<jack_nframes_t>(frame));
  return static_cast<std::int64_t>(at) - static_cast<std::int64_t>(jack_get_time());
}

std::uint64_t JackClient::frameTime() const {
  const std::uint32_t now = jack_frame_time(clientOf(client_));
  if (cycles_.load() == 0) return now;
  const std::uint64_t start = cycleStart_.load();
  // Unsigned 32-bit difference: correct across a wrap of JACK's counter.
  return start + static_cast<std::uint32_t>(now - static_cast<std::uint32_t>(start));
}

std::vector<MidiPortInfo> JackClient::ports() const {
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

void* JackClient::registerNativePort(const std::string& portName, bool input) {
  jack_port_t* port =
      jack_port_register(clientOf(client_), portName.c_str(), JACK_DEFAULT_MIDI_TYPE,
                         input ? JackPortIsInput : JackPortIsOutput, 0);
  if (!port)
    throw DeviceError(std::string("cannot open MIDI ") + (input ? "input" : "output") + " '" +
                      name() + ":" + portName + "': JACK refused the port");
  return port;
}

void JackClient::unregisterNativePort(void* nativePort) {
  jack_port_unregister(clientOf(client_), nativeOf(nativePort));
}

std::string JackClient::nativePortName(void* nativePort) const {
  return jack_port_name(nativeOf(nativePort));
}

void* JackClient::findPort(const std::string& portName, const char* role) const {
  jack_port_t* port = jack_port_by_name(clientOf(client_), portName.c_str());
  if (!port) throwNoSuchPort(portName, role);
  return port;
}

std::pair<std::string, std::string> JackClient::outputThenInput(const std::string& a,
                                                                const std::string& b) const {
  auto* first = nativeOf(findPort(a, "source"));
  auto* second = nativeOf(findPort(b, "destination"));
  if ((jack_port_flags(first) & JackPortIsInput) && (jack_port_flags(second) & JackPortIsOutput))
    return {b, a};
  return {a, b};
}

void JackClient::connect(const std::string& source, const std::string& destination) {
  const auto [from, to] = outputThenInput(source, destination);
  const int result = jack_connect(clientOf(client_), from.c_str(), to.c_str());
  if (result != 0 && result != EEXIST)
    throw DeviceError("cannot connect '" + from + "' to '" + to +
                      "': a connection goes from an output to an input port");
}

void JackClient::disconnect(const std::string& source, const std::string& destination) {
  const auto [from, to] = outputThenInput(source, destination);
  if (!jack_port_connected_to(jack_port_by_name(clientOf(client_), from.c_str()), to.c_str()))
    return;
  if (jack_disconnect(clientOf(client_), from.c_str(), to.c_str()) != 0)
    throw DeviceError("cannot disconnect '" + from + "' from '" + to + "'");
}

int JackClient::processCallback(std::uint32_t frames, void* self) noexcept {
  return static_cast<JackClient*>(self)->process(frames);
}

void JackClient::shutdownCallback(void* self) noexcept {
  static_cast<JackClient*>(self)->running_.store(false);
}

int JackClient::xrunCallback(void* self) noexcept {
  static_cast<JackClient*>(self)->xruns_.fetch_add(1, std::memory_order_relaxed);
  return 0;
}

void JackClient::latencyCallback(int mode, void* self) noexcept {
  // What we add between our inputs and outputs, on top of what is upstream (capture) or
  // downstream (playback) of us, as the JACK latency API asks.
  auto& c = *static_cast<JackClient*>(self);
  const auto ours = static_cast<jack_nframes_t>(c.latency_.load());
  const auto jackMode = static_cast<jack_latency_callback_mode_t>(mode);
  const bool capture = jackMode == JackCaptureLatency;
  std::lock_guard lock(c.audioMutex_);  // a notification thread, not the process thread
  const auto& from = capture ? c.audio_.in : c.audio_.out;
  const auto& to = capture ? c.audio_.out : c.audio_.in;
  jack_latency_range_t range{0, 0};
  for (void* port : from) {
    jack_latency_range_t r;
    jack_port_get_latency_range(nativeOf(port), jackMode, &r);
    range.min = std::max(range.min, r.min);
    range.max = std::max(range.max, r.max);
  }
  if (!capture) c.playbackLatency_.store(static_cast<int>(range.max), std::memory_order_relaxed);
  range.min += ours;
  range.max += ours;
  for (void* port : to) jack_port_set_latency_range(nativeOf(port), jackMode, &range);
}

std::vector<JackPortInfo> JackClient::allPorts() const {
  std::vector<JackPortInfo> out;
  for (const auto& name : takeNames(jack_get_ports(clientOf(client_), nullptr, nullptr, 0))) {
    jack_port_t* port = jack_port_by_name(clientOf(client_), name.c_str());
    if (!port) continue;  // gone since the listing
    const int flags = jack_port_flags(port);
    const std::string type = jack_port_type(port);
    JackPortInfo info;
    info.name = name;
    info.client = name.substr(0, name.find(':'));
    info.type = type == JACK_DEFAULT_AUDIO_TYPE  ? "audio"
                : type == JACK_DEFAULT_MIDI_TYPE ? "midi"
                                                 : type;
    info.isInput = flags & JackPortIsInput;
    info.isOutput = flags & JackPortIsOutput;
    info.isPhysical = flags & JackPortIsPhysical;
    info.connections = takeNames(jack_port_get_all_connections(clientOf(client_), port));
    out.push_back(std::move(info));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

std::vector<std::string> JackClient::clients() const {
  std::vector<std::string> names;
  for (const JackPortInfo& p : allPorts())
    if (std::find(names.begin(), names.end(), p.client) == names.end()) names.push_back(p.client);
  if (std::find(names.begin(), names.end(), name()) == names.end()) names.push_back(name());
  std::sort(names.begin(), names.end());
  return names;
}

void JackClient::setAudioPorts(int inputs, int outputs) {
  requireInRange("audio inputs", inputs, 0, kMaxChannels, "ports");
  requireInRange("audio outputs", outputs, 0, kMaxChannels, "ports");
  if (callback_.load())
    throw InvalidArgumentError("the audio ports cannot change while a callback runs");
  // The process thread lets go of the old ports before they are unregistered. JACK calls are
  // made without audioMutex_: they may wait for our own notification thread.
  publishAudioPorts({});
  AudioPorts old;
  {
    std::lock_guard lock(audioMutex_);
    std::swap(old, audio_);
  }
  for (void* p : old.in) jack_port_unregister(clientOf(client_), nativeOf(p));
  for (void* p : old.out) jack_port_unregister(clientOf(client_), nativeOf(p));
  AudioPorts fresh;
  auto add = [&](std::vector<void*>& ports, const std::string& prefix, int count,
                 unsigned long flags) {
    for (int i = 1; i <= count; ++i) {
      const std::string port = prefix + std::to_string(i);
      if (jack_port_t* p = jack_port_register(clientOf(client_), port.c_str(),
                                              JACK_DEFAULT_AUDIO_TYPE, flags, 0)) {
        ports.push_back(p);
        continue;
      }
      for (void* made : fresh.in) jack_port_unregister(clientOf(client_), nativeOf(made));
      for (void* made : fresh.out) jack_port_unregister(clientOf(client_), nativeOf(made));
      throw DeviceError("cannot open audio port '" + name() + ":" + port +
                        "': JACK refused the port");
    }
  };
  add(fresh.in, "in_", inputs, JackPortIsInput);
  add(fresh.out, "out_", outputs, JackPortIsOutput);
  {
    std::lock_guard lock(audioMutex_);
    audio_ = fresh;
  }
  publishAudioPorts(fresh);
}

void JackClient::publishAudioPorts(const AudioPorts& ports) {
  audioRt_.publish(std::make_unique<AudioPorts>(ports));
  // Wait for the process thread to take them (it frees nothing: we collect here).
  while (running_.load() && audioRt_.hasPending()) std::this_thread::yield();
  audioRt_.collect();
  if (!running_.load()) audioRt_.acquire();
  audioRt_.collect();
}

std::vector<std::string> JackClient::audioInputNames() const {
  std::vector<std::string> names;
  for (void* p : audio_.in) names.emplace_back(jack_port_name(nativeOf(p)));
  return names;
}

std::vector<std::string> JackClient::audioOutputNames() const {
  std::vector<std::string> names;
  for (void* p : audio_.out) names.emplace_back(jack_port_name(nativeOf(p)));
  return names;
}

void JackClient::connectToPhysical(bool outputs, bool inputs) {
  if (outputs) {
    const auto playback = takeNames(jack_get_ports(
        clientOf(client_), nullptr, JACK_DEFAULT_AUDIO_TYPE, JackPortIsPhysical | JackPortIsInput));
    const auto ours = audioOutputNames();
    for (std::size_t i = 0; i < std::min(playback.size(), ours.size()); ++i)
      connect(ours[i], playback[i]);
  }
  if (inputs) {
    const auto capture =
        takeNames(jack_get_ports(clientOf(client_), nullptr, JACK_DEFAULT_AUDIO_TYPE,
                                 JackPortIsPhysical | JackPortIsOutput));
    const auto ours = audioInputNames();
    for (std::size_t i = 0; i < std::min(capture.size(), ours.size()); ++i)
      connect(capture[i], ours[i]);
  }
}

void JackClient::setCallback(AudioCallback* callback) {
  callback_.store(callback);
  // The process thread marks itself inside before it looks at the pointer, so once it is seen
  // outside, it can only find the new one.
  while (running_.load() && insideCallback_.load() != 0) std::this_thread::yield();
}

void JackClient::setProcessingLatency(int frames) {
  requireInRange("latency", frames, 0, 1 << 24, "frames");
  latency_.store(frames);
  jack_recompute_total_latencies(clientOf(client_));
}

double JackClient::cpuLoad() const noexcept {
  return jack_cpu_load(clientOf(client_));
}

bool JackClient::isRealtime() const noexcept {
  return jack_is_realtime(clientOf(client_)) != 0;
}

int JackClient::realtimePriority() const noexcept {
  return jack_client_real_time_priority(clientOf(client_));
}

std::int64_t JackClient::cycleStartSteadyMicros() const noexcept {
  // JACK times its cycles with a delay-locked loop over the driver's wake-ups; its clock is
  // CLOCK_MONOTONIC in some versions and CLOCK_MONOTONIC_RAW in others, so the time is handed
  // on as an offset from now on the steady clock.
  jack_nframes_t frames = 0;
  jack_time_t current = 0, next = 0;
  float period = 0.0f;
  if (jack_get_cycle_times(clientOf(client_), &frames, &current, &next, &period) != 0) return -1;
  const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::steady_clock::now().time_since_epoch())
                       .count();
  return now + (static_cast<std::int64_t>(current) - static_cast<std::int64_t>(jack_get_time()));
}

int JackClient::process(std::uint32_t frames) noexcept {
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
  // The callback (a live engine) runs between the MIDI that came in and the MIDI that goes out.
  audioRt_.acquire();
  static const AudioPorts none;
  const AudioPorts& audio = audioRt_.current() ? *audioRt_.current() : none;
  insideCallback_.store(1);
  if (AudioCallback* callback = callback_.load()) {
    float* ins[kMaxChannels];
    float* outs[kMaxChannels];
    for (std::size_t i = 0; i < audio.in.size(); ++i)
      ins[i] = static_cast<float*>(jack_port_get_buffer(nativeOf(audio.in[i]), frames));
    for (std::size_t i = 0; i < audio.out.size(); ++i)
      outs[i] = static_cast<float*>(jack_port_get_buffer(nativeOf(audio.out[i]), frames));
    DeviceCycle cycle;
    cycle.startFrame = start;
    cycle.frames = static_cast<int>(frames);
    cycle.outputLatency = playbackLatency_.load(std::memory_order_relaxed);
    cycle.steadyMicros = cycleStartSteadyMicros();
    cycle.inputs = AudioBlockView(ins, static_cast<int>(audio.in.size()), cycle.frames);
    cycle.outputs = AudioBlockView(outs, static_cast<int>(audio.out.size()), cycle.frames);
    cycle.midi = setup;
    callback->processCycle(cycle);
    for (const auto& output : setup->outputs) output->sortEvents();
  } else {
    for (void* port : audio.out)
      std::fill_n(static_cast<float*>(jack_port_get_buffer(nativeOf(port), frames)), frames, 0.0f);
  }
  insideCallback_.store(0);
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
