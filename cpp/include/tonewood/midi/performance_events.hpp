#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "tonewood/core/performance_event.hpp"
#include "tonewood/midi/message.hpp"

/// MIDI 1.0 channel messages as the performance events instruments take.
namespace tonewood::midi {

/// The performance event a channel message asks for at `frame` (a note-on with velocity 0 is a
/// note-off); nullopt for anything else (system messages, SysEx). Real-time safe.
std::optional<PerformanceEvent> performanceEventFor(const Message& message,
                                                    std::int64_t frame) noexcept;

/// The same from a message's bytes (nullopt for anything but one channel voice message).
std::optional<PerformanceEvent> performanceEventFor(const std::uint8_t* data, std::size_t size,
                                                    std::int64_t frame) noexcept;

/// The performance event a Universal MIDI Packet asks for: MIDI 1.0 channel voice messages
/// (message type 0x2) as above, MIDI 2.0 channel voice messages (0x4) with their full
/// resolution (16-bit velocity, 32-bit controllers, pressure and bend); nullopt for anything
/// else. The group is ignored. Real-time safe.
std::optional<PerformanceEvent> performanceEventForUmp(const std::uint32_t* words,
                                                       std::size_t count,
                                                       std::int64_t frame) noexcept;

}  // namespace tonewood::midi
