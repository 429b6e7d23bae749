#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

/// One MIDI 1.0 message: channel voice (note on/off, poly and channel pressure, control and
/// program change, pitch bend), system common (SysEx, MTC quarter frame, song position and
/// select, tune request) or real-time (clock, start, continue, stop, active sensing, reset).
/// Short messages live inline, so copying one never allocates; only SysEx carries a payload.
/// Factories check their arguments and throw OutOfRangeError naming value and range.
namespace tonewood::midi {

enum class MessageType : std::uint8_t {
  NoteOff = 0x80,
  NoteOn = 0x90,
  PolyPressure = 0xA0,
  ControlChange = 0xB0,
  ProgramChange = 0xC0,
  ChannelPressure = 0xD0,
  PitchBend = 0xE0,
  SysEx = 0xF0,
  TimeCode = 0xF1,
  SongPosition = 0xF2,
  SongSelect = 0xF3,
  TuneRequest = 0xF6,
  Clock = 0xF8,
  Start = 0xFA,
  Continue = 0xFB,
  Stop = 0xFC,
  ActiveSensing = 0xFE,
  Reset = 0xFF,
};

/// "note_on", "control_change", "sysex", "clock", ... (the names Python uses).
const char* messageTypeName(MessageType type) noexcept;
/// The inverse; throws InvalidArgumentError listing the names.
MessageType messageTypeFromName(const std::string& name);

/// How many data bytes follow a status byte (0..2), or -1 for SysEx and bytes that start no
/// message (data bytes, undefined 0xF4/0xF5/0xF9/0xFD, the 0xF7 terminator).
int dataBytesAfter(std::uint8_t status) noexcept;

class Message {
 public:
  /// An empty message (size() == 0, bytes() empty): what a parser or an event holds before a
  /// real one is assigned. The factories below make real ones.
  Message() = default;

  static Message noteOn(int channel, int note, int velocity);
  static Message noteOff(int channel, int note, int velocity = 0);
  static Message polyPressure(int channel, int note, int pressure);
  static Message controlChange(int channel, int controller, int value);
  static Message programChange(int channel, int program);
  static Message channelPressure(int channel, int pressure);
  /// `value` from -8192 (down) through 0 (centre) to 8191 (up).
  static Message pitchBend(int channel, int value);
  /// `payload` without the framing 0xF0 ... 0xF7; every byte must be 0..127.
  static Message sysEx(std::vector<std::uint8_t> payload);
  /// MTC quarter frame: `piece` 0..7, `value` 0..15.
  static Message timeCode(int piece, int value);
  /// In MIDI beats (sixteenth notes), 0..16383.
  static Message songPosition(int beats);
  static Message songSelect(int song);
  /// A one-byte message: tune request or any real-time type.
  static Message simple(MessageType type);

  /// Exactly one complete message (status byte first; SysEx framed by 0xF0 ... 0xF7). Throws
  /// InvalidArgumentError saying what is wrong: empty, missing or extra data bytes, a data
  /// byte above 127, an undefined status.
  static Message fromBytes(const std::uint8_t* data, std::size_t size);

  MessageType type() const noexcept;
  std::uint8_t status() const noexcept { return bytes_[0]; }
  bool isChannelMessage() const noexcept { return size_ > 0 && bytes_[0] < 0xF0; }
  bool isRealtime() const noexcept { return size_ > 0 && bytes_[0] >= 0xF8; }
  /// A note on with velocity 0 counts as a note off, as the MIDI spec says.
  bool isNoteOn() const noexcept { return type() == MessageType::NoteOn && bytes_[2] > 0; }
  bool isNoteOff() const noexcept {
    return type() == MessageType::NoteOff || (type() == MessageType::NoteOn && bytes_[2] == 0);
  }

  int channel() const noexcept { return bytes_[0] & 0x0F; }  ///< 0..15, channel messages
  int data1() const noexcept { return bytes_[1]; }
  int data2() const noexcept { return bytes_[2]; }
  int note() const noexcept { return bytes_[1]; }
  int velocity() const noexcept { return bytes_[2]; }
  int controller() const noexcept { return bytes_[1]; }
  int value() const noexcept;  ///< CC value, program, pressure, bend (-8192..8191), song...
  const std::vector<std::uint8_t>& sysExPayload() const noexcept { return payload_; }

  /// Bytes on the wire (SysEx with its 0xF0 ... 0xF7 framing).
  std::size_t size() const noexcept;
  std::vector<std::uint8_t> bytes() const;
  /// Writes size() bytes to `out`.
  void copyTo(std::uint8_t* out) const noexcept;

  /// The same message on another channel (channel messages only).
  Message withChannel(int channel) const;

  /// "note_on channel=0 note=60 velocity=100".
  std::string describe() const;

  bool operator==(const Message& other) const noexcept;

 private:
  static Message shortMessage(std::uint8_t status, int size, int data1, int data2);

  std::uint8_t bytes_[3] = {0, 0, 0};
  std::uint8_t size_ = 0;  // 1..3 for short messages, 0 for SysEx (its size is the payload's)
  bool sysEx_ = false;
  std::vector<std::uint8_t> payload_;
};

}  // namespace tonewood::midi
