#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

struct snd_seq_event;   // <alsa/seq_event.h>
struct snd_midi_event;  // <alsa/seq_midi_event.h>

/// Between MIDI 1.0 bytes and ALSA sequencer events, on the MIDI thread. ALSA's own coder
/// (snd_midi_event) does the per-type work; this adds what a port needs around it: complete
/// messages in, SysEx split into chunks on the way out and joined again on the way in (hardware
/// and other clients deliver it in pieces), and events that stand for several messages (14-bit
/// controllers, RPN/NRPN) turned into all of their control changes.
namespace tonewood::device {

class AlsaMidiCodec {
 public:
  /// `maxSysExBytes`: longer incoming SysEx is dropped and counted. `chunkBytes`: outgoing SysEx
  /// travels in events of at most this many bytes. Control thread (allocates).
  explicit AlsaMidiCodec(std::size_t maxSysExBytes = 1 << 16, std::size_t chunkBytes = 256);
  ~AlsaMidiCodec();
  AlsaMidiCodec(const AlsaMidiCodec&) = delete;
  AlsaMidiCodec& operator=(const AlsaMidiCodec&) = delete;

  /// Called with each event of an encoded message; SysEx data points into the codec and is
  /// valid during the call only. Returns false to stop.
  using EmitEvent = bool (*)(const snd_seq_event& event, void* context) noexcept;
  /// MIDI thread: turns one complete message into events. False when `message` is not exactly
  /// one message or `emit` stopped.
  bool encode(std::span<const std::uint8_t> message, EmitEvent emit, void* context) noexcept;

  /// The messages one event stands for: none, one, or up to four control changes.
  struct Decoded {
    std::span<const std::uint8_t> messages[4];
    std::size_t count = 0;
    const std::span<const std::uint8_t>* begin() const noexcept { return messages; }
    const std::span<const std::uint8_t>* end() const noexcept { return messages + count; }
  };
  /// MIDI thread: the complete messages `event` gives: several for a 14-bit controller or an
  /// RPN, none for a SysEx piece that does not end the message and for events that are not MIDI
  /// (port announcements, queue control). Valid until the next call.
  Decoded decode(const snd_seq_event& event) noexcept;

  /// Incoming SysEx messages dropped for being longer than maxSysExBytes or cut short.
  std::size_t droppedSysEx() const noexcept { return droppedSysEx_; }

 private:
  snd_midi_event* coder_ = nullptr;
  std::vector<std::uint8_t> sysEx_;  // the SysEx being joined, reserved up front
  std::size_t maxSysEx_;
  bool inSysEx_ = false, sysExOverflow_ = false;
  std::uint8_t decoded_[16];  // at most four control changes (an NRPN)
  std::size_t droppedSysEx_ = 0;
};

}  // namespace tonewood::device
