#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tonewood/device/alsa/alsa_midi_codec.hpp"
#include "tonewood/device/midi_client.hpp"

/// Live MIDI through the kernel's ALSA sequencer (/dev/snd/seq): the hardware MIDI ports of a
/// Linux machine and every program that speaks the sequencer. The sequencer has no frames, so
/// the client keeps a frame clock of its own on an ALSA queue, and a MIDI thread cycles over it
/// like a JACK process callback:
/// - each cycle covers the frames that passed since the last one;
/// - received events carry the frame the sequencer stamped them with on arrival;
/// - everything the cycle sends, routed or scheduled with MidiOutputPort::send, is handed to the
///   sequencer's scheduler for its frame plus one period (`bufferSize()`, 64 frames at 48 kHz by
///   default: 1.3 ms), so the spacing between events is kept exactly and the latency is fixed.
namespace tonewood::device {

struct AlsaSeqOptions {
  double sampleRate = 48000.0;      ///< frames per second of the client's clock
  std::uint32_t periodFrames = 64;  ///< frames per cycle of the MIDI thread, and the latency
};

class AlsaSeqMidiClient final : public MidiClient {
 public:
  static constexpr const char* kDevicePath = "/dev/snd/seq";
  /// Whether the machine has an ALSA sequencer to open.
  static bool available();

  /// Opens a sequencer client named `clientName`, with its queue, and starts its MIDI thread.
  /// Throws DeviceError when there is no sequencer (naming /dev/snd/seq) or it refuses, and
  /// OutOfRangeError for a sample rate outside [1000, 384000] Hz or a period outside
  /// [1, 8192] frames. Control thread.
  explicit AlsaSeqMidiClient(const std::string& clientName, AlsaSeqOptions options = {},
                             MidiPortLimits limits = {});
  ~AlsaSeqMidiClient() override;

  MidiBackend backend() const noexcept override { return MidiBackend::AlsaSequencer; }
  std::string name() const override;
  double sampleRate() const override { return options_.sampleRate; }
  std::uint32_t bufferSize() const override { return options_.periodFrames; }
  /// The client's queue clock in frames. Any thread.
  std::uint64_t frameTime() const override;
  /// Ports of every client but the sequencer's own (System), named "client:port" with the
  /// clients' and ports' names; "128:0" style numbers are accepted wherever a name is.
  std::vector<MidiPortInfo> ports() const override;
  void connect(const std::string& source, const std::string& destination) override;
  void disconnect(const std::string& source, const std::string& destination) override;
  /// Events the kernel dropped because our input buffer overflowed. Any thread.
  std::size_t overruns() const noexcept { return overruns_.load(std::memory_order_relaxed); }

 private:
  struct Address {
    int client = 0, port = 0;
    unsigned capability = 0, type = 0;
    std::string name;
  };

  void* registerNativePort(const std::string& portName, bool input) override;
  void unregisterNativePort(void* nativePort) override;
  std::string nativePortName(void* nativePort) const override;

  Address findPort(const std::string& portName, const char* role) const;
  std::vector<Address> allPorts() const;
  void subscribe(const std::string& a, const std::string& b, bool connect);
  void run() noexcept;
  void cycle(std::uint64_t cycleStart, std::uint32_t frames) noexcept;
  void readInputs(const MidiRouter::Setup& setup, std::uint64_t cycleStart,
                  std::uint32_t frames) noexcept;
  void writeOutputs(const MidiRouter::Setup& setup, std::uint64_t cycleStart) noexcept;
  std::uint64_t queueFrames() const noexcept;

  void* seq_ = nullptr;  // snd_seq_t
  int queue_ = -1;
  int clientId_ = -1;
  AlsaSeqOptions options_;
  std::array<std::unique_ptr<AlsaMidiCodec>, 256> decoders_;  // by port number; inputs only
  AlsaMidiCodec encoder_;
  std::vector<std::uint8_t> scratch_;  // this cycle's received bytes
  std::size_t scratchUsed_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> overruns_{0};
  std::thread thread_;
};

}  // namespace tonewood::device
