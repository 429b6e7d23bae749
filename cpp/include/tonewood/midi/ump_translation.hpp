#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "tonewood/midi/message.hpp"
#include "tonewood/midi/ump.hpp"

/// MIDI 1.0 <-> MIDI 2.0 translation with the specification's default rules: values grow by
/// min-centre-max scaling (0 stays 0, the centre stays the centre, the top becomes the top, and
/// shifting back gives the original exactly), bank select + program change become one program
/// change with its bank, RPN/NRPN data entry becomes registered/assignable controllers, and
/// back. Messages MIDI 1.0 cannot express (per-note controllers and pitch, relative controllers,
/// per-note management, flex data, stream messages, SysEx8) translate to nothing.
namespace tonewood::midi::ump {

/// Min-centre-max upscaling of a `sourceBits` value to `targetBits` (the MIDI 2.0 bit-scaling
/// rule), e.g. 7-bit 64 -> 16-bit 0x8000, 7-bit 127 -> 0xFFFF.
std::uint32_t scaleUp(std::uint32_t value, int sourceBits, int targetBits) noexcept;
/// Plain downscaling by shifting: the inverse of scaleUp.
std::uint32_t scaleDown(std::uint32_t value, int sourceBits, int targetBits) noexcept;

/// The MIDI 1.0 message in a UMP as it is (message type 1 or 2, no scaling); SysEx becomes
/// SysEx7 packets. Empty messages give nothing.
std::vector<Packet> midi1ToUmp(const Message& message, int group = 0);

/// MIDI 1.0 byte messages to MIDI 2.0 channel voice packets in one group, keeping state per
/// channel (bank select, the RPN/NRPN being edited). System messages pass as message type 1,
/// SysEx as SysEx7. A note on with velocity 0 means note off in MIDI 1.0, so it becomes a
/// MIDI 2.0 note off with velocity 0.
class Midi1ToMidi2 {
 public:
  explicit Midi1ToMidi2(int group = 0);
  /// Appends what `message` translates to (nothing while a bank select or RPN number waits
  /// for its program change or data entry; data entry MSB and LSB each send the controller).
  void translate(const Message& message, std::vector<Packet>& out);
  void reset() noexcept;

 private:
  struct ChannelState {
    int bankMsb = -1, bankLsb = -1;
    int parameterMsb = -1, parameterLsb = -1;  // the RPN or NRPN being edited
    bool registered = true;
    int dataMsb = -1;
  };
  int group_;
  std::array<ChannelState, 16> channels_{};
};

/// UMP packets to MIDI 1.0 byte messages. SysEx7 start/continue/end packets are joined (up to
/// `maxSysExBytes`; a longer one is dropped and counted), MIDI 2.0 values are shifted down
/// (a note on never becomes velocity 0), program changes with a bank send CC 0 and 32 first,
/// registered/assignable controllers send CC 101/100 (99/98), 6 and 38.
class Midi2ToMidi1 {
 public:
  explicit Midi2ToMidi1(std::size_t maxSysExBytes = 1 << 20);
  void translate(const Packet& packet, std::vector<Message>& out);
  /// SysEx messages dropped for being too long or broken (a continue without a start, or a
  /// data byte of 0x80 or more, which a SysEx7 packet cannot carry).
  std::size_t droppedSysEx() const noexcept { return dropped_; }

 private:
  std::size_t maxSysEx_;
  std::vector<std::uint8_t> sysEx_;
  bool inSysEx_ = false;
  std::size_t dropped_ = 0;
};

}  // namespace tonewood::midi::ump
