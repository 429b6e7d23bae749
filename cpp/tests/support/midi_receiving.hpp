#pragma once

#include <vector>

#include "tonewood/device/midi_router.hpp"

namespace tonewood::test {

/// Up to `count` messages from a live input port, waiting at most 5 s for each.
inline std::vector<midi::TimedMidiMessage> receiveAll(device::MidiInputPort& port,
                                                      std::size_t count) {
  std::vector<midi::TimedMidiMessage> out;
  while (out.size() < count) {
    auto m = port.receive(5.0);
    if (!m) break;
    out.push_back(*m);
  }
  return out;
}

}  // namespace tonewood::test
