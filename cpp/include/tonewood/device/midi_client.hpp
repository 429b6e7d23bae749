#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "tonewood/device/midi_router.hpp"

/// A live MIDI client, whatever carries it: JACK (JackClient) or the ALSA sequencer
/// (AlsaSeqMidiClient). Both have input and output ports other programs see and connect to (so
/// every port is a "virtual" port), port listing, connections, thru routes running on the
/// backend's MIDI thread, and output events scheduled at frames of the client's clock. This base
/// keeps what the backends share: the port list, the router, and the rules for opening and
/// closing ports.
namespace tonewood::device {

/// A MIDI port somewhere on the server or sequencer.
struct MidiPortInfo {
  std::string name;         ///< "client:port"
  std::string client;       ///< the part before the colon
  bool isInput = false;     ///< takes MIDI in (you send to it / connect outputs to it)
  bool isOutput = false;    ///< gives MIDI out (you receive from it)
  bool isPhysical = false;  ///< a hardware port
  std::vector<std::string> connections;
};

enum class MidiBackend {
  Auto,          ///< JACK when a server answers, else the ALSA sequencer when there is one
  Jack,          ///< JACK or PipeWire's JACK
  AlsaSequencer  ///< the kernel's ALSA sequencer (/dev/snd/seq)
};

/// "auto", "jack" or "alsa". Throws InvalidArgumentError naming the accepted words.
MidiBackend midiBackendFromName(const std::string& name);
const char* midiBackendName(MidiBackend backend) noexcept;

class MidiClient {
 public:
  virtual ~MidiClient();
  MidiClient(const MidiClient&) = delete;
  MidiClient& operator=(const MidiClient&) = delete;

  virtual MidiBackend backend() const noexcept = 0;
  /// The name the server gave the client (JACK may add a suffix when the name is taken).
  virtual std::string name() const = 0;
  /// Frames per second of the client's clock.
  virtual double sampleRate() const = 0;
  /// Frames per cycle of the MIDI thread.
  virtual std::uint32_t bufferSize() const = 0;
  /// The client's frame clock now, 64-bit so that it never wraps. Any thread.
  virtual std::uint64_t frameTime() const = 0;
  /// False once the server has shut the client down.
  bool running() const noexcept { return running_.load(); }
  /// Cycles the MIDI thread has run (for tests waiting a cycle).
  std::uint64_t cycles() const noexcept { return cycles_.load(); }

  /// Every MIDI port of the server or sequencer, ours included, sorted by name. Control thread.
  virtual std::vector<MidiPortInfo> ports() const = 0;

  /// Opens an input port "name" (full name "<client>:<name>"). Throws DeviceError when the
  /// name is taken or the backend refuses. Control thread.
  std::shared_ptr<MidiInputPort> openInput(const std::string& portName);
  std::shared_ptr<MidiOutputPort> openOutput(const std::string& portName);
  /// Closes one of our ports; routes using it go first. Nothing happens for a closed port.
  void closePort(const void* port);
  /// The full name of one of our ports; InvalidArgumentError once it is closed.
  std::string fullName(const void* port) const;

  /// Connects an output port to an input port by full name (either order is accepted).
  /// Throws DeviceError naming the ports when either does not exist or the backend refuses.
  virtual void connect(const std::string& source, const std::string& destination) = 0;
  /// Undoes connect; nothing happens when the ports are not connected.
  virtual void disconnect(const std::string& source, const std::string& destination) = 0;

  /// Thru route from one of our inputs to one of our outputs, run on the MIDI thread.
  int route(std::shared_ptr<MidiInputPort> input, std::shared_ptr<MidiOutputPort> output,
            const midi::MessageTransform& transform = {});
  bool unroute(int routeId) { return router_.removeRoute(routeId); }
  MidiRouter& router() noexcept { return router_; }

 protected:
  explicit MidiClient(MidiPortLimits limits);

  /// The backend's port: created, removed, named. Control thread.
  virtual void* registerNativePort(const std::string& portName, bool input) = 0;
  virtual void unregisterNativePort(void* nativePort) = 0;
  virtual std::string nativePortName(void* nativePort) const = 0;
  /// Backends call this in their destructor while the MIDI thread can still be stopped
  /// cleanly: it ends the callback threads of our inputs.
  void stopDeliveries();
  /// "no MIDI port 'x' to use as source (ports: a, b)": for connect and disconnect.
  [[noreturn]] void throwNoSuchPort(const std::string& portName, const char* role) const;

  MidiPortLimits limits_;
  std::atomic<bool> running_{false};
  std::atomic<std::uint64_t> cycles_{0};
  MidiRouter router_;

 private:
  void checkNewName(const std::string& portName, bool input) const;
  template <typename Port>
  std::shared_ptr<Port> openPort(const std::string& portName,
                                 std::vector<std::shared_ptr<Port>>& ours);

  mutable std::mutex portsMutex_;
  std::vector<std::shared_ptr<MidiInputPort>> inputs_;
  std::vector<std::shared_ptr<MidiOutputPort>> outputs_;
};

/// Opens a MIDI client on `backend`. With Auto, a named `serverName` means JACK; otherwise the
/// default JACK server when it answers, else the ALSA sequencer when /dev/snd/seq exists. Throws
/// DeviceError saying what was tried. Control thread.
std::unique_ptr<MidiClient> openMidiClient(const std::string& clientName,
                                           MidiBackend backend = MidiBackend::Auto,
                                           const std::string& serverName = "",
                                           MidiPortLimits limits = {});

}  // namespace tonewood::device
