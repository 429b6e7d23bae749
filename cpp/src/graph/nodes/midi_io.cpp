#include "tonewood/graph/nodes/midi_io.hpp"

#include <algorithm>
#include <cstring>

namespace tonewood::graph {

MidiInput::MidiInput(std::size_t capacity, std::size_t sysExBytes)
    : Processor("midi input", {}, {0, 0, false, true}), held_(capacity), bytes_(sysExBytes) {}

void MidiInput::beginCycle() noexcept {
  count_ = used_ = next_ = 0;
}

bool MidiInput::deliver(std::int64_t frame, const std::uint8_t* data, std::uint32_t size) noexcept {
  if (count_ == held_.size() || bytes_.size() - used_ < size || size == 0) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  std::memcpy(bytes_.data() + used_, data, size);
  held_[count_++] = {frame, static_cast<std::uint32_t>(used_), size};
  used_ += size;
  return true;
}

void MidiInput::render(const ProcessContext& c) noexcept {
  const std::int64_t end = c.engineFrame + c.frames;
  for (; next_ < count_ && held_[next_].frame < end; ++next_) {
    const Held& h = held_[next_];
    const auto at = static_cast<std::uint32_t>(std::max<std::int64_t>(0, h.frame - c.engineFrame));
    if (!c.outputEvents->addMidi(at, bytes_.data() + h.offset, h.size))
      dropped_.fetch_add(1, std::memory_order_relaxed);
  }
}

MidiOutput::MidiOutput(std::size_t capacity, std::size_t sysExBytes)
    : Processor("midi output", {}, {0, 0, true, false}), held_(capacity), bytes_(sysExBytes) {}

void MidiOutput::render(const ProcessContext& c) noexcept {
  for (const Event& e : *c.events) {
    const auto bytes = c.events->midiBytes(e);
    if (bytes.empty()) continue;  // parameter changes and MIDI 2.0 packets
    if (count_ == held_.size() || bytes_.size() - used_ < bytes.size()) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      continue;
    }
    std::memcpy(bytes_.data() + used_, bytes.data(), bytes.size());
    held_[count_++] = {c.engineFrame + e.frame, static_cast<std::uint32_t>(used_),
                       static_cast<std::uint32_t>(bytes.size())};
    used_ += bytes.size();
  }
}

}  // namespace tonewood::graph
