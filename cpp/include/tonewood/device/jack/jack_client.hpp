#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "tonewood/core/realtime_handoff.hpp"
#include "tonewood/device/audio_callback.hpp"
#include "tonewood/device/midi_client.hpp"

/// A JACK client (JACK or PipeWire's JACK) that owns audio and MIDI ports. MIDI is exact to the
/// frame: inputs carry the frame they arrived on, outputs go out on the frame they were scheduled
/// for, and thru routes run on JACK's process thread. An AudioCallback (a live engine) runs in
/// the same process callback, hearing the audio inputs and that cycle's MIDI.
namespace tonewood::device {

/// An audio or MIDI port anywhere on the JACK server.
struct JackPortInfo {
  std::string name;    ///< "client:port"
  std::string client;  ///< the part before the colon
  std::string type;    ///< "audio" or "midi"
  bool isInput = false;
  bool isOutput = false;
  bool isPhysical = false;
  std::vector<std::string> connections;
};

class JackClient final : public MidiClient {
 public:
  /// Opens client `clientName` on the running JACK server `serverName` ("" = the default
  /// server or $JACK_DEFAULT_SERVER); never starts a server. Control thread. Throws
  /// DeviceError naming the server when none answers.
  explicit JackClient(const std::string& clientName, const std::string& serverName = "",
                      MidiPortLimits limits = {});
  ~JackClient() override;

  MidiBackend backend() const noexcept override { return MidiBackend::Jack; }
  std::string name() const override;
  double sampleRate() const override;
  std::uint32_t bufferSize() const override;
  /// JACK's frame counter, extended to 64 bits so that it does not wrap (after 24 hours at
  /// 48 kHz). Any thread.
  std::uint64_t frameTime() const override;
  /// How long from now until the device plays frame `frame` (negative: since it did), in
  /// microseconds: JACK's own estimate, smoothed over cycles. Frames within 2^31 of now. (JACK's
  /// clock is CLOCK_MONOTONIC in some versions, CLOCK_MONOTONIC_RAW in others: only differences
  /// of it are handed out.)
  std::int64_t microsUntilFrame(std::uint64_t frame) const;
  std::vector<MidiPortInfo> ports() const override;
  void connect(const std::string& source, const std::string& destination) override;
  void disconnect(const std::string& source, const std::string& destination) override;

  /// Every port of the server, audio and MIDI, sorted by name. Control thread.
  std::vector<JackPortInfo> allPorts() const;
  /// The clients on the server, sorted. Control thread.
  std::vector<std::string> clients() const;

  /// Registers `inputs` audio input ports ("in_1", ...) and `outputs` output ports ("out_1",
  /// ...), replacing those registered before. Not while a callback is set. Throws DeviceError
  /// when JACK refuses. Control thread.
  void setAudioPorts(int inputs, int outputs);
  int audioInputs() const noexcept { return static_cast<int>(audio_.in.size()); }
  int audioOutputs() const noexcept { return static_cast<int>(audio_.out.size()); }
  /// Full names of our audio ports.
  std::vector<std::string> audioInputNames() const;
  std::vector<std::string> audioOutputNames() const;
  /// Connects our audio outputs to the physical playback ports (and inputs to physical
  /// capture), in order, as far as both go. Control thread.
  void connectToPhysical(bool outputs, bool inputs);

  /// Runs `callback` in the process callback from the next cycle on (null: none). Returns once
  /// the audio thread no longer runs the previous one, so it may be destroyed. Control thread.
  void setCallback(AudioCallback* callback);
  /// Frames of latency the callback adds between our audio inputs and outputs, reported to
  /// JACK in the ports' latency ranges. Control thread.
  void setProcessingLatency(int frames);

  /// Frames from our audio outputs to the speakers (the playback latency JACK reports
  /// downstream of us, as of its last latency callback). Any thread.
  int playbackLatency() const noexcept { return playbackLatency_.load(std::memory_order_relaxed); }

  /// Cycles JACK reported as late (xruns) since the client opened. Any thread.
  std::size_t xruns() const noexcept { return xruns_.load(std::memory_order_relaxed); }
  /// JACK's DSP load in percent (all clients of the server). Any thread.
  double cpuLoad() const noexcept;
  /// Whether the server runs with real-time scheduling, and our process thread's priority.
  bool isRealtime() const noexcept;
  int realtimePriority() const noexcept;

 private:
  void* registerNativePort(const std::string& portName, bool input) override;
  void unregisterNativePort(void* nativePort) override;
  std::string nativePortName(void* nativePort) const override;

  static int processCallback(std::uint32_t frames, void* self) noexcept;
  static void shutdownCallback(void* self) noexcept;
  static int xrunCallback(void* self) noexcept;
  static void latencyCallback(int mode, void* self) noexcept;
  int process(std::uint32_t frames) noexcept;
  /// When the running cycle began by JACK's smoothed clock, on the steady clock (-1: unknown).
  std::int64_t cycleStartSteadyMicros() const noexcept;
  void* findPort(const std::string& name, const char* role) const;
  /// The two port names ordered output first (users may give them either way round).
  std::pair<std::string, std::string> outputThenInput(const std::string& a,
                                                      const std::string& b) const;

  void* client_ = nullptr;                    // jack_client_t
  std::atomic<std::uint64_t> cycleStart_{0};  // 64-bit frame time of the current cycle
  struct AudioPorts {
    std::vector<void*> in, out;  // jack_port_t*
  };
  void publishAudioPorts(const AudioPorts& ports);
  AudioPorts audio_;                     // the control thread's copy...
  mutable std::mutex audioMutex_;        // ...which JACK's latency callback reads too
  RealtimeHandoff<AudioPorts> audioRt_;  // the process thread's
  std::atomic<AudioCallback*> callback_{nullptr};
  std::atomic<int> insideCallback_{0};  // the audio thread is running a callback now
  std::atomic<std::size_t> xruns_{0};
  std::atomic<int> latency_{0};
  std::atomic<int> playbackLatency_{0};
};

}  // namespace tonewood::device
