#include "tonewood/device/midi_client.hpp"

#include <algorithm>
#include <type_traits>

#include "tonewood/core/errors.hpp"

namespace tonewood::device {

MidiBackend midiBackendFromName(const std::string& name) {
  if (name == "auto") return MidiBackend::Auto;
  if (name == "jack") return MidiBackend::Jack;
  if (name == "alsa") return MidiBackend::AlsaSequencer;
  throw InvalidArgumentError("MIDI backend must be one of auto, jack, alsa; got '" + name + "'");
}

const char* midiBackendName(MidiBackend backend) noexcept {
  switch (backend) {
    case MidiBackend::Jack:
      return "jack";
    case MidiBackend::AlsaSequencer:
      return "alsa";
    default:
      return "auto";
  }
}

MidiClient::MidiClient(MidiPortLimits limits)
    : limits_(limits), router_([this] { return running_.load(); }) {}

MidiClient::~MidiClient() = default;

void MidiClient::stopDeliveries() {
  std::lock_guard lock(portsMutex_);
  for (const auto& p : inputs_) p->setCallback({});
}

void MidiClient::checkNewName(const std::string& portName, bool input) const {
  const char* kind = input ? "input" : "output";
  if (portName.empty() || portName.find(':') != std::string::npos)
    throw InvalidArgumentError(std::string("a MIDI ") + kind +
                               " port name must be non-empty and without ':', got '" + portName +
                               "'");
  std::lock_guard lock(portsMutex_);
  const auto taken = [&](const auto& ports) {
    return std::any_of(ports.begin(), ports.end(),
                       [&](const auto& p) { return p->name() == portName; });
  };
  if (taken(inputs_) || taken(outputs_))
    throw DeviceError(std::string("cannot open MIDI ") + kind + " '" + name() + ":" + portName +
                      "': the client already has a port of that name");
}

template <typename Port>
std::shared_ptr<Port> MidiClient::openPort(const std::string& portName,
                                           std::vector<std::shared_ptr<Port>>& ours) {
  constexpr bool input = std::is_same_v<Port, MidiInputPort>;
  checkNewName(portName, input);
  auto port = std::make_shared<Port>(portName, registerNativePort(portName, input), limits_);
  if constexpr (input)
    router_.addInput(port);
  else
    router_.addOutput(port);
  std::lock_guard lock(portsMutex_);
  ours.push_back(port);
  return port;
}

std::shared_ptr<MidiInputPort> MidiClient::openInput(const std::string& portName) {
  return openPort(portName, inputs_);
}

std::shared_ptr<MidiOutputPort> MidiClient::openOutput(const std::string& portName) {
  return openPort(portName, outputs_);
}

void MidiClient::closePort(const void* port) {
  void* native = nullptr;
  {
    std::lock_guard lock(portsMutex_);
    for (const auto& p : inputs_)
      if (p.get() == port) native = p->nativePort();
    for (const auto& p : outputs_)
      if (p.get() == port) native = p->nativePort();
    if (!native) return;  // already closed
    std::erase_if(inputs_, [&](const auto& p) { return p.get() == port; });
    std::erase_if(outputs_, [&](const auto& p) { return p.get() == port; });
  }
  router_.remove(port);  // the MIDI thread no longer touches it after this
  unregisterNativePort(native);
}

std::string MidiClient::fullName(const void* port) const {
  std::lock_guard lock(portsMutex_);
  for (const auto& p : inputs_)
    if (p.get() == port) return nativePortName(p->nativePort());
  for (const auto& p : outputs_)
    if (p.get() == port) return nativePortName(p->nativePort());
  throw InvalidArgumentError("the port is closed");
}

void MidiClient::throwNoSuchPort(const std::string& portName, const char* role) const {
  std::string known;
  for (const auto& info : ports()) known += (known.empty() ? "" : ", ") + info.name;
  throw DeviceError(std::string("no MIDI port '") + portName + "' to use as " + role +
                    " (ports: " + (known.empty() ? "none" : known) + ")");
}

int MidiClient::route(std::shared_ptr<MidiInputPort> input, std::shared_ptr<MidiOutputPort> output,
                      const midi::MessageTransform& transform) {
  return router_.addRoute(std::move(input), std::move(output), transform);
}

}  // namespace tonewood::device
