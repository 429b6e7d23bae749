#pragma once

#include <vector>

#include "tonewood/engine/midi_router.hpp"

namespace tonewood::test {

/// Up to `count` messages from a live input port, waiting at most 5 s for each.
inline std::vector<engine::TimedMidiMessage> receiveAll(engine::MidiInputPort& port,
                                                        std::size_t count) {
  std::vector<engine::TimedMidiMessage> out;
  while (out.size() < count) {
    auto m = port.receive(5.0);
    if (!m) break;
    out.push_back(*m);
  }
  return out;
}

}  // namespace tonewood::test
