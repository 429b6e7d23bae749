#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "tonewood/midi/message.hpp"

/// Turns a MIDI 1.0 byte stream (a serial port, a file of raw MIDI, a network packet) into
/// messages, as a receiver must: running status for channel messages, real-time bytes anywhere
/// (even inside another message or a SysEx) without disturbing what they interrupt, SysEx
/// collected up to a size limit, and stray or undefined bytes skipped and counted.
namespace tonewood::midi {

class MessageParser {
 public:
  /// SysEx messages longer than `maxSysExBytes` are dropped (and counted) rather than grown
  /// without bound. The buffer is reserved here, so parsing short messages never allocates.
  explicit MessageParser(std::size_t maxSysExBytes = 65536);

  /// Feeds bytes; each completed message is passed to `onMessage(const Message&)`.
  template <typename OnMessage>
  void feed(const std::uint8_t* data, std::size_t size, OnMessage&& onMessage) {
    for (std::size_t i = 0; i < size; ++i)
      if (const Message* m = push(data[i])) onMessage(*m);
  }
  /// Every message in `data`, in order.
  std::vector<Message> parse(const std::uint8_t* data, std::size_t size);

  /// Bytes that belonged to no message (data without a status, undefined status bytes, a SysEx
  /// cut short by another status, oversized SysEx).
  std::size_t skippedBytes() const noexcept { return skipped_; }
  /// Forgets running status and any partial message.
  void reset() noexcept;

 private:
  /// Takes one byte; returns the message it completes, or nullptr.
  const Message* push(std::uint8_t byte);

  std::size_t maxSysEx_;
  std::uint8_t status_ = 0;  // running status (0: none)
  std::uint8_t data_[2] = {0, 0};
  int have_ = 0, need_ = 0;
  bool inSysEx_ = false, sysExOverflow_ = false;
  std::vector<std::uint8_t> sysEx_;
  std::size_t skipped_ = 0;
  Message ready_;
};

}  // namespace tonewood::midi
