#pragma once

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

}  // namespace tonewood::midi
