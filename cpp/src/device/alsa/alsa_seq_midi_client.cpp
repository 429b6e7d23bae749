#include "tonewood/device/alsa/alsa_seq_midi_client.hpp"

#include <alsa/asoundlib.h>
#include <pthread.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

#include "tonewood/core/errors.hpp"

namespace tonewood::device {

namespace {

snd_seq_t* seqOf(void* seq) {
  return static_cast<snd_seq_t*>(seq);
}

// Port numbers are stored offset by one so that port 0 is not a null native pointer.
void* nativeOf(int port) {
  return reinterpret_cast<void*>(static_cast<std::intptr_t>(port) + 1);
}
int portOf(const void* native) {
  return static_cast<int>(reinterpret_cast<std::intptr_t>(native) - 1);
}

bool canSend(unsigned caps) {
  return (caps & SND_SEQ_PORT_CAP_READ) && (caps & SND_SEQ_PORT_CAP_SUBS_READ);
}
bool canReceive(unsigned caps) {
  return (caps & SND_SEQ_PORT_CAP_WRITE) && (caps & SND_SEQ_PORT_CAP_SUBS_WRITE);
}

// The client's frame clock is the queue's real time times the sample rate.
std::uint64_t framesAt(const snd_seq_real_time_t& t, double sampleRate) {
  return static_cast<std::uint64_t>(
      std::floor((double(t.tv_sec) + double(t.tv_nsec) * 1e-9) * sampleRate));
}
snd_seq_real_time_t timeOf(std::uint64_t frame, double sampleRate) {
  const auto nanos = static_cast<std::uint64_t>(std::llround(double(frame) / sampleRate * 1e9));
  return {static_cast<unsigned>(nanos / 1000000000u), static_cast<unsigned>(nanos % 1000000000u)};
}

std::string alsaError(int code) {
  return snd_strerror(code);
}

// What one output event needs on its way into the sequencer.
struct Outgoing {
  snd_seq_t* seq;
  int port;
  int queue;
  snd_seq_real_time_t time;
  bool failed = false;
};

bool schedule(const snd_seq_event_t& encoded, void* context) noexcept {
  auto& out = *static_cast<Outgoing*>(context);
  snd_seq_event_t event = encoded;
  // The event's address fields are bytes; ports and queues of one client fit them.
  snd_seq_ev_set_source(&event, static_cast<unsigned char>(out.port));
  snd_seq_ev_set_subs(&event);
  snd_seq_ev_schedule_real(&event, static_cast<unsigned char>(out.queue), 0, &out.time);
  // Non-blocking: a full buffer is an error here, never a wait on the MIDI thread.
  out.failed = snd_seq_event_output(out.seq, &event) < 0;
  return !out.failed;
}

}  // namespace

bool AlsaSeqMidiClient::available() {
  struct stat info {};
  return ::stat(kDevicePath, &info) == 0 && S_ISCHR(info.st_mode);
}

AlsaSeqMidiClient::AlsaSeqMidiClient(const std::string& clientName, AlsaSeqOptions options,
                                     MidiPortLimits limits)
    : MidiClient(limits),
      options_(options),
      encoder_(0),  // it only encodes: no incoming SysEx to join
      scratch_(limits.scratchBytes) {
  if (!(options.sampleRate >= 1000.0 && options.sampleRate <= 384000.0))
    throw OutOfRangeError("ALSA MIDI clock rate must be within [1000, 384000] Hz, got " +
                          std::to_string(options.sampleRate));
  if (options.periodFrames < 1 || options.periodFrames > 8192)
    throw OutOfRangeError("ALSA MIDI period must be within [1, 8192] frames, got " +
                          std::to_string(options.periodFrames));
  const std::string what = "cannot open MIDI client '" + clientName + "' on the ALSA sequencer";
  // Checked first so that libasound does not print its own complaint about the missing device.
  if (!available())
    throw DeviceError(what + ": there is no " + kDevicePath +
                      " (no sound card driver, or the snd-seq module is not loaded)");
  snd_seq_t* seq = nullptr;
  if (const int r = snd_seq_open(&seq, "default", SND_SEQ_OPEN_DUPLEX, SND_SEQ_NONBLOCK); r < 0)
    throw DeviceError(what + ": " + alsaError(r));
  seq_ = seq;
  snd_seq_set_client_name(seq, clientName.c_str());
  clientId_ = snd_seq_client_id(seq);
  queue_ = snd_seq_alloc_named_queue(seq, clientName.c_str());
  if (queue_ < 0) {
    snd_seq_close(seq);
    throw DeviceError(what + ": no queue for its clock (" + alsaError(queue_) + ")");
  }
  // Room for a cycle's worth of scheduled events in the kernel and in libasound's buffers.
  snd_seq_set_client_pool_output(seq, 2000);
  snd_seq_set_output_buffer_size(seq, std::max<std::size_t>(limits.scratchBytes, 1 << 16));
  snd_seq_set_input_buffer_size(seq, std::max<std::size_t>(limits.scratchBytes, 1 << 16));
  snd_seq_start_queue(seq, queue_, nullptr);
  snd_seq_drain_output(seq);
  running_.store(true);
  thread_ = std::thread([this] { run(); });
}

AlsaSeqMidiClient::~AlsaSeqMidiClient() {
  stopping_.store(true);
  if (thread_.joinable()) thread_.join();
  running_.store(false);
  stopDeliveries();
  snd_seq_close(seqOf(seq_));  // takes its ports, subscriptions and queue with it
}

std::string AlsaSeqMidiClient::name() const {
  snd_seq_client_info_t* info = nullptr;
  snd_seq_client_info_alloca(&info);
  if (snd_seq_get_client_info(seqOf(seq_), info) < 0) return std::to_string(clientId_);
  return snd_seq_client_info_get_name(info);
}

std::uint64_t AlsaSeqMidiClient::queueFrames() const noexcept {
  snd_seq_queue_status_t* status = nullptr;
  snd_seq_queue_status_alloca(&status);
  if (snd_seq_get_queue_status(seqOf(seq_), queue_, status) < 0) return 0;
  return framesAt(*snd_seq_queue_status_get_real_time(status), options_.sampleRate);
}

std::uint64_t AlsaSeqMidiClient::frameTime() const {
  return queueFrames();
}

std::vector<AlsaSeqMidiClient::Address> AlsaSeqMidiClient::allPorts() const {
  std::vector<Address> out;
  snd_seq_client_info_t* client = nullptr;
  snd_seq_port_info_t* port = nullptr;
  snd_seq_client_info_alloca(&client);
  snd_seq_port_info_alloca(&port);
  snd_seq_client_info_set_client(client, -1);
  while (snd_seq_query_next_client(seqOf(seq_), client) >= 0) {
    const int id = snd_seq_client_info_get_client(client);
    if (id == SND_SEQ_CLIENT_SYSTEM) continue;  // timer and announcements, not MIDI
    snd_seq_port_info_set_client(port, id);
    snd_seq_port_info_set_port(port, -1);
    while (snd_seq_query_next_port(seqOf(seq_), port) >= 0) {
      const unsigned caps = snd_seq_port_info_get_capability(port);
      if ((caps & SND_SEQ_PORT_CAP_NO_EXPORT) || !(canSend(caps) || canReceive(caps))) continue;
      Address a;
      a.client = id;
      a.port = snd_seq_port_info_get_port(port);
      a.capability = caps;
      a.type = snd_seq_port_info_get_type(port);
      a.name = std::string(snd_seq_client_info_get_name(client)) + ":" +
               snd_seq_port_info_get_name(port);
      out.push_back(std::move(a));
    }
  }
  return out;
}

std::vector<MidiPortInfo> AlsaSeqMidiClient::ports() const {
  const auto all = allPorts();
  const auto nameOf = [&](const snd_seq_addr_t& addr) {
    for (const auto& a : all)
      if (a.client == addr.client && a.port == addr.port) return a.name;
    return std::to_string(addr.client) + ":" + std::to_string(addr.port);
  };
  std::vector<MidiPortInfo> out;
  snd_seq_query_subscribe_t* query = nullptr;
  snd_seq_query_subscribe_alloca(&query);
  for (const auto& a : all) {
    MidiPortInfo info;
    info.name = a.name;
    info.client = a.name.substr(0, a.name.find(':'));
    info.isInput = canReceive(a.capability);
    info.isOutput = canSend(a.capability);
    info.isPhysical = a.type & (SND_SEQ_PORT_TYPE_HARDWARE | SND_SEQ_PORT_TYPE_PORT);
    const snd_seq_addr_t root{static_cast<unsigned char>(a.client),
                              static_cast<unsigned char>(a.port)};
    snd_seq_query_subscribe_set_root(query, &root);
    // Where this port sends to, then who sends to it: JACK lists both the same way.
    for (auto type : {SND_SEQ_QUERY_SUBS_READ, SND_SEQ_QUERY_SUBS_WRITE}) {
      snd_seq_query_subscribe_set_type(query, type);
      snd_seq_query_subscribe_set_index(query, 0);
      while (snd_seq_query_port_subscribers(seqOf(seq_), query) >= 0) {
        info.connections.push_back(nameOf(*snd_seq_query_subscribe_get_addr(query)));
        snd_seq_query_subscribe_set_index(query, snd_seq_query_subscribe_get_index(query) + 1);
      }
    }
    out.push_back(std::move(info));
  }
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.name < y.name; });
  return out;
}

AlsaSeqMidiClient::Address AlsaSeqMidiClient::findPort(const std::string& portName,
                                                       const char* role) const {
  int client = -1, port = -1;
  char rest = 0;
  const bool numeric = std::sscanf(portName.c_str(), "%d:%d%c", &client, &port, &rest) == 2;
  for (const auto& a : allPorts())
    if (a.name == portName || (numeric && a.client == client && a.port == port)) return a;
  throwNoSuchPort(portName, role);
}

void AlsaSeqMidiClient::subscribe(const std::string& a, const std::string& b, bool connect) {
  Address from = findPort(a, "source");
  Address to = findPort(b, "destination");
  if (!(canSend(from.capability) && canReceive(to.capability)) && canSend(to.capability) &&
      canReceive(from.capability))
    std::swap(from, to);  // given input first
  if (!canSend(from.capability) || !canReceive(to.capability))
    throw DeviceError("cannot connect '" + from.name + "' to '" + to.name +
                      "': a connection goes from an output to an input port");
  snd_seq_port_subscribe_t* subscription = nullptr;
  snd_seq_port_subscribe_alloca(&subscription);
  const snd_seq_addr_t sender{static_cast<unsigned char>(from.client),
                              static_cast<unsigned char>(from.port)};
  const snd_seq_addr_t dest{static_cast<unsigned char>(to.client),
                            static_cast<unsigned char>(to.port)};
  snd_seq_port_subscribe_set_sender(subscription, &sender);
  snd_seq_port_subscribe_set_dest(subscription, &dest);
  const bool exists = snd_seq_get_port_subscription(seqOf(seq_), subscription) == 0;
  if (connect == exists) return;
  const int r = connect ? snd_seq_subscribe_port(seqOf(seq_), subscription)
                        : snd_seq_unsubscribe_port(seqOf(seq_), subscription);
  if (r < 0)
    throw DeviceError(std::string(connect ? "cannot connect '" : "cannot disconnect '") +
                      from.name + (connect ? "' to '" : "' from '") + to.name +
                      "': " + alsaError(r));
}

void AlsaSeqMidiClient::connect(const std::string& source, const std::string& destination) {
  subscribe(source, destination, true);
}

void AlsaSeqMidiClient::disconnect(const std::string& source, const std::string& destination) {
  subscribe(source, destination, false);
}

void* AlsaSeqMidiClient::registerNativePort(const std::string& portName, bool input) {
  snd_seq_port_info_t* info = nullptr;
  snd_seq_port_info_alloca(&info);
  snd_seq_port_info_set_name(info, portName.c_str());
  snd_seq_port_info_set_capability(info, input
                                             ? SND_SEQ_PORT_CAP_WRITE | SND_SEQ_PORT_CAP_SUBS_WRITE
                                             : SND_SEQ_PORT_CAP_READ | SND_SEQ_PORT_CAP_SUBS_READ);
  snd_seq_port_info_set_type(info, SND_SEQ_PORT_TYPE_MIDI_GENERIC | SND_SEQ_PORT_TYPE_APPLICATION);
  snd_seq_port_info_set_midi_channels(info, 16);
  if (input) {
    // The sequencer stamps every arriving event with our queue's clock: its frame.
    snd_seq_port_info_set_timestamping(info, 1);
    snd_seq_port_info_set_timestamp_real(info, 1);
    snd_seq_port_info_set_timestamp_queue(info, queue_);
  }
  const char* kind = input ? "input" : "output";
  if (const int r = snd_seq_create_port(seqOf(seq_), info); r < 0)
    throw DeviceError(std::string("cannot open MIDI ") + kind + " '" + name() + ":" + portName +
                      "': " + alsaError(r));
  const int port = snd_seq_port_info_get_port(info);
  if (port < 0 || std::size_t(port) >= decoders_.size()) {
    snd_seq_delete_port(seqOf(seq_), port);
    throw DeviceError(std::string("cannot open MIDI ") + kind + " '" + portName +
                      "': the client has too many ports");
  }
  // Ready before the router publishes the port to the MIDI thread.
  if (input) decoders_[std::size_t(port)] = std::make_unique<AlsaMidiCodec>(limits_.scratchBytes);
  return nativeOf(port);
}

void AlsaSeqMidiClient::unregisterNativePort(void* nativePort) {
  const int port = portOf(nativePort);
  snd_seq_delete_port(seqOf(seq_), port);
  decoders_[std::size_t(port)].reset();  // the router has already taken it off the MIDI thread
}

std::string AlsaSeqMidiClient::nativePortName(void* nativePort) const {
  snd_seq_port_info_t* info = nullptr;
  snd_seq_port_info_alloca(&info);
  if (snd_seq_get_port_info(seqOf(seq_), portOf(nativePort), info) < 0)
    throw InvalidArgumentError("the port is closed");
  return name() + ":" + snd_seq_port_info_get_name(info);
}

void AlsaSeqMidiClient::run() noexcept {
  // A real-time priority when the system grants one; the MIDI thread works without it.
  sched_param param{};
  param.sched_priority = 10;
  pthread_setschedparam(pthread_self(), SCHED_FIFO, &param);

  std::uint64_t cycleStart = queueFrames();
  const double nanosPerFrame = 1e9 / options_.sampleRate;
  while (!stopping_.load(std::memory_order_relaxed)) {
    const std::uint64_t now = queueFrames();
    if (now < cycleStart + options_.periodFrames) {
      const auto wait = double(cycleStart + options_.periodFrames - now) * nanosPerFrame;
      std::this_thread::sleep_for(std::chrono::nanoseconds(static_cast<std::int64_t>(wait)));
      continue;
    }
    // A cycle covers whatever passed: longer than a period when the thread woke late.
    const auto frames =
        static_cast<std::uint32_t>(std::min<std::uint64_t>(now - cycleStart, UINT32_MAX));
    cycle(cycleStart, frames);
    cycleStart += frames;
    cycles_.fetch_add(1, std::memory_order_release);
  }
}

void AlsaSeqMidiClient::cycle(std::uint64_t cycleStart, std::uint32_t frames) noexcept {
  const MidiRouter::Setup* setup = router_.beginCycle();
  readInputs(*setup, cycleStart, frames);
  router_.process(*setup, cycleStart, frames);
  writeOutputs(*setup, cycleStart);
}

void AlsaSeqMidiClient::readInputs(const MidiRouter::Setup& setup, std::uint64_t cycleStart,
                                   std::uint32_t frames) noexcept {
  for (const auto& input : setup.inputs) input->setEventCount(0);
  scratchUsed_ = 0;
  for (;;) {
    snd_seq_event_t* event = nullptr;
    const int r = snd_seq_event_input(seqOf(seq_), &event);
    if (r == -ENOSPC) {  // the kernel's buffer for us overflowed: events were lost
      overruns_.fetch_add(1, std::memory_order_relaxed);
      continue;
    }
    if (r < 0 || !event) break;  // -EAGAIN: nothing more this cycle
    MidiInputPort* input = nullptr;
    for (const auto& candidate : setup.inputs)
      if (portOf(candidate->nativePort()) == event->dest.port) input = candidate.get();
    if (!input) continue;  // a port closed since the event was sent
    std::uint64_t frame = cycleStart + frames - 1;
    if ((event->flags & SND_SEQ_TIME_STAMP_MASK) == SND_SEQ_TIME_STAMP_REAL &&
        event->queue == queue_)
      frame = framesAt(event->time.time, options_.sampleRate);
    const auto offset = static_cast<std::uint32_t>(
        std::clamp<std::uint64_t>(frame < cycleStart ? 0 : frame - cycleStart, 0, frames - 1));
    for (const auto message : decoders_[std::size_t(event->dest.port)]->decode(*event)) {
      auto slots = input->eventSlots();
      const std::size_t n = input->events().size();
      if (n == slots.size() || scratchUsed_ + message.size() > scratch_.size()) {
        input->countDropped(1);
        continue;
      }
      std::uint8_t* target = scratch_.data() + scratchUsed_;
      std::memcpy(target, message.data(), message.size());
      scratchUsed_ += message.size();
      slots[n] = {offset, static_cast<std::uint32_t>(message.size()), target,
                  static_cast<std::uint32_t>(n)};
      input->setEventCount(n + 1);
    }
  }
}

void AlsaSeqMidiClient::writeOutputs(const MidiRouter::Setup& setup,
                                     std::uint64_t cycleStart) noexcept {
  for (const auto& output : setup.outputs) {
    for (const auto& e : output->events()) {
      // One period after its frame: the cycle runs once its frames have passed.
      Outgoing out{seqOf(seq_), portOf(output->nativePort()), queue_,
                   timeOf(cycleStart + e.offset + options_.periodFrames, options_.sampleRate)};
      if (!encoder_.encode({e.data, e.size}, &schedule, &out) || out.failed)
        output->countDropped(1);
    }
  }
  // Non-blocking: what the kernel cannot take now stays in libasound's buffer for next cycle.
  snd_seq_drain_output(seqOf(seq_));
}

}  // namespace tonewood::device
