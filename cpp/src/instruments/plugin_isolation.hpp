#pragma once

// What an isolated plugin's two processes share: the layout of the shared memory that carries
// each block, and the framed messages of the control channel. Private to the instruments layer
// (IsolatedLv2Processor on one side, the tonewood-plugin-host program on the other).

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "tonewood/graph/event_buffer.hpp"
#include "tonewood/graph/transport.hpp"

namespace tonewood::instruments::isolation {

/// The child's descriptors: the control channel, the audio channel and the shared memory.
constexpr int kControlFd = 3, kAudioFd = 4, kMemoryFd = 5;

/// MIDI events carried each way per block (the engine's own default per node).
constexpr std::uint32_t kMaxEvents = 1024;

/// The block's facts, at the start of the shared memory.
struct BlockHeader {
  std::int32_t frames = 0;
  std::int32_t realtime = 0;
  std::int32_t inputConnected = 0;
  std::uint32_t eventsIn = 0, eventsOut = 0;
  std::int64_t engineFrame = 0;
  graph::TransportPosition transport;
};
static_assert(std::is_trivially_copyable_v<BlockHeader>);
static_assert(std::is_trivially_copyable_v<graph::Event>);

/// Where each part of a block lies in the shared memory, for a plugin's ports and a block size.
struct Layout {
  std::size_t values = 0, eventsIn = 0, eventsOut = 0, audioIn = 0, audioOut = 0, total = 0;
  int inputs = 0, outputs = 0, maxBlock = 0;

  static Layout of(std::size_t parameters, int inputs, int outputs, int maxBlock);
  float* values_(void* base) const { return at<float>(base, values); }
  graph::Event* eventsIn_(void* base) const { return at<graph::Event>(base, eventsIn); }
  graph::Event* eventsOut_(void* base) const { return at<graph::Event>(base, eventsOut); }
  float* audioIn_(void* base, int channel) const {
    return at<float>(base, audioIn) + static_cast<std::size_t>(channel) * maxBlock;
  }
  float* audioOut_(void* base, int channel) const {
    return at<float>(base, audioOut) + static_cast<std::size_t>(channel) * maxBlock;
  }

 private:
  template <typename T>
  static T* at(void* base, std::size_t offset) {
    return reinterpret_cast<T*>(static_cast<char*>(base) + offset);
  }
};

/// Control requests from the parent; every one carries the parent's parameter values, which the
/// child takes first, and every reply carries the child's values after the request.
enum class Command : std::uint32_t {
  Prepare,       ///< integer: max block; real: sample rate. Reply integer: latency in frames
  Reset,         ///<
  SaveExtra,     ///< reply text: the plugin's own state (Lv2Processor's extra state JSON)
  RestoreExtra,  ///< text: such a state
  Presets,       ///< reply text: "uri\tlabel\n" lines
  LoadPreset,    ///< text: URI or label
  SaveBundle,    ///< text: directory "\n" label
  LoadBundle,    ///< text: directory
};

/// How a reply ended; an error's message is the reply's text.
enum class Status : std::uint32_t { Ok, InvalidArgument, OutOfRange, Other };

struct Message {
  std::uint32_t code = 0;  ///< a Command, or in a reply a Status
  std::int32_t integer = 0;
  double real = 0.0;
  std::vector<float> values;
  std::string text;
};

enum class Received { Ok, Closed, TimedOut };

/// Writes every byte (retrying short writes and signals); false when the peer is gone. Never
/// raises SIGPIPE. Real-time safe apart from the system call.
bool sendAll(int fd, const void* data, std::size_t size) noexcept;
/// Reads exactly `size` bytes, waiting at most `timeoutMs` in all (negative: forever).
Received receiveAll(int fd, void* data, std::size_t size, int timeoutMs) noexcept;

/// Takes one byte if one is there within `spinMicroseconds` of trying without sleeping: the
/// block handoff between the processes, where being woken from sleep costs more than the wait.
bool spinForByte(int fd, char& byte, int spinMicroseconds) noexcept;

bool sendMessage(int fd, const Message& message);
Received receiveMessage(int fd, Message& message, int timeoutMs);

}  // namespace tonewood::instruments::isolation
