#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>

#include "tonewood/device/midi_client.hpp"

/// Live MIDI through JACK (and PipeWire's JACK). Events are exact to the frame: inputs carry the
/// frame they arrived on, outputs go out on the frame they were scheduled for, and thru routes run
/// on JACK's process thread.
namespace tonewood::device {

class JackMidiClient final : public MidiClient {
 public:
  /// Opens client `clientName` on the running JACK server `serverName` ("" = the default
  /// server or $JACK_DEFAULT_SERVER); never starts a server. Control thread. Throws
  /// DeviceError naming the server when none answers.
  explicit JackMidiClient(const std::string& clientName, const std::string& serverName = "",
                          MidiPortLimits limits = {});
  ~JackMidiClient() override;

  MidiBackend backend() const noexcept override { return MidiBackend::Jack; }
  std::string name() const override;
  double sampleRate() const override;
  std::uint32_t bufferSize() const override;
  /// JACK's frame counter, extended to 64 bits so that it does not wrap (after 24 hours at
  /// 48 kHz). Any thread.
  std::uint64_t frameTime() const override;
  std::vector<MidiPortInfo> ports() const override;
  void connect(const std::string& source, const std::string& destination) override;
  void disconnect(const std::string& source, const std::string& destination) override;

 private:
  void* registerNativePort(const std::string& portName, bool input) override;
  void unregisterNativePort(void* nativePort) override;
  std::string nativePortName(void* nativePort) const override;

  static int processCallback(std::uint32_t frames, void* self) noexcept;
  static void shutdownCallback(void* self) noexcept;
  int process(std::uint32_t frames) noexcept;
  void* findPort(const std::string& name, const char* role) const;
  /// The two port names ordered output first (users may give them either way round).
  std::pair<std::string, std::string> outputThenInput(const std::string& a,
                                                      const std::string& b) const;

  void* client_ = nullptr;                    // jack_client_t
  std::atomic<std::uint64_t> cycleStart_{0};  // 64-bit frame time of the current cycle
};

}  // namespace tonewood::device
