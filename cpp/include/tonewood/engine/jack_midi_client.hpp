#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tonewood/engine/midi_router.hpp"

/// Live MIDI through JACK (and PipeWire's JACK): a client with input and output MIDI ports that
/// other programs see and connect to (so every port is a "virtual" port), port listing,
/// connections, thru routes with transforms running on JACK's process thread, and output
/// events scheduled at exact frames. Input events carry the frame they arrived at.
namespace tonewood::engine {

/// A MIDI port somewhere on the server.
struct MidiPortInfo {
  std::string name;         ///< "client:port"
  std::string client;       ///< the part before the colon
  bool isInput = false;     ///< takes MIDI in (you send to it / connect outputs to it)
  bool isOutput = false;    ///< gives MIDI out (you receive from it)
  bool isPhysical = false;  ///< a hardware port
  std::vector<std::string> connections;
};

class JackMidiClient {
 public:
  /// Opens client `clientName` on the running JACK server `serverName` ("" = the default
  /// server or $JACK_DEFAULT_SERVER); never starts a server. Control thread. Throws
  /// DeviceError naming the server when none answers.
  explicit JackMidiClient(const std::string& clientName, const std::string& serverName = "",
                          MidiPortLimits limits = {});
  ~JackMidiClient();
  JackMidiClient(const JackMidiClient&) = delete;
  JackMidiClient& operator=(const JackMidiClient&) = delete;

  /// The name the server gave the client (it may add a suffix when the name is taken).
  std::string name() const;
  double sampleRate() const;
  std::uint32_t bufferSize() const;
  /// The server's current frame time: JACK's frame counter, extended to 64 bits so that it
  /// does not wrap (after 24 hours at 48 kHz). Any thread.
  std::uint64_t frameTime() const;
  /// False once the server has shut the client down.
  bool running() const noexcept { return running_.load(); }
  /// Times the process callback ran (for tests waiting a cycle).
  std::uint64_t cycles() const noexcept { return cycles_.load(); }

  /// Every MIDI port on the server, ours included, sorted by name.
  std::vector<MidiPortInfo> ports() const;

  /// Registers an input port "name" (full name "<client>:<name>"). Throws DeviceError.
  std::shared_ptr<MidiInputPort> openInput(const std::string& portName);
  std::shared_ptr<MidiOutputPort> openOutput(const std::string& portName);
  /// Unregisters one of our ports (routes using it go first).
  void closePort(const void* port);

  /// Connects an output port to an input port by full name (either order is accepted).
  /// Throws DeviceError naming the ports when either does not exist or JACK refuses.
  void connect(const std::string& source, const std::string& destination);
  void disconnect(const std::string& source, const std::string& destination);

  /// Thru route from one of our inputs to one of our outputs, run on the process thread.
  int route(std::shared_ptr<MidiInputPort> input, std::shared_ptr<MidiOutputPort> output,
            const midi::MessageTransform& transform = {});
  bool unroute(int routeId) { return router_.removeRoute(routeId); }
  MidiRouter& router() noexcept { return router_; }

  /// The full name of one of our ports.
  std::string fullName(const void* port) const;

 private:
  static int processCallback(std::uint32_t frames, void* self) noexcept;
  static void shutdownCallback(void* self) noexcept;
  int process(std::uint32_t frames) noexcept;
  void* findPort(const std::string& name, const char* role) const;
  void* registerPort(const std::string& portName, bool input);
  /// The two port names ordered output first (users may give them either way round).
  std::pair<std::string, std::string> outputThenInput(const std::string& a,
                                                      const std::string& b) const;

  struct Handle;
  std::unique_ptr<Handle> handle_;
  MidiPortLimits limits_;
  std::atomic<bool> running_{false};
  std::atomic<std::uint64_t> cycles_{0};
  std::atomic<std::uint64_t> cycleStart_{0};  // 64-bit frame time of the current cycle
  MidiRouter router_;
};

}  // namespace tonewood::engine
