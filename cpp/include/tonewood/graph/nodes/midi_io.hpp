#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "tonewood/graph/processor.hpp"

/// Where MIDI enters and leaves a graph from outside it: a device (a JACK MIDI port) hands each
/// cycle's messages to a MidiInput before the engine runs, and takes what reached a MidiOutput
/// after. Frames are the engine's clock, so a message keeps its exact offset however the engine
/// splits the cycle.
namespace tonewood::graph {

class MidiInput final : public Processor {
 public:
  /// Room for `capacity` messages of up to 3 bytes (SysEx up to `sysExBytes` in all) per cycle.
  explicit MidiInput(std::size_t capacity = 2048, std::size_t sysExBytes = 1 << 16);

  /// Audio thread (the device, before the engine runs its cycle): forget the last cycle's
  /// messages, then add this cycle's, each at engine frame `frame`, in time order. False (and
  /// counted in dropped()) when there is no room.
  void beginCycle() noexcept;
  bool deliver(std::int64_t frame, const std::uint8_t* data, std::uint32_t size) noexcept;
  std::size_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }

 private:
  struct Held {
    std::int64_t frame;
    std::uint32_t offset, size;
  };
  void prepareToPlay(const ProcessSpec&) override {}
  void resetState() noexcept override { beginCycle(); }
  void render(const ProcessContext& context) noexcept override;

  std::vector<Held> held_;
  std::vector<std::uint8_t> bytes_;
  std::size_t count_ = 0, used_ = 0, next_ = 0;
  std::atomic<std::size_t> dropped_{0};
};

class MidiOutput final : public Processor {
 public:
  explicit MidiOutput(std::size_t capacity = 2048, std::size_t sysExBytes = 1 << 16);

  struct Sent {
    std::int64_t frame;  ///< engine frame
    const std::uint8_t* data;
    std::uint32_t size;
  };
  /// Audio thread (the device, after the engine ran its cycle): the messages that arrived, in
  /// time order (valid until takeAll is called again or the next cycle), then forgotten.
  /// MIDI 2.0 packets are not passed on (a MIDI 1.0 port carries bytes).
  template <typename Visit>
  void takeAll(Visit&& visit) noexcept {
    for (std::size_t i = 0; i < count_; ++i)
      visit(Sent{held_[i].frame, bytes_.data() + held_[i].offset, held_[i].size});
    count_ = used_ = 0;
  }
  std::size_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }

 private:
  struct Held {
    std::int64_t frame;
    std::uint32_t offset, size;
  };
  void prepareToPlay(const ProcessSpec&) override {}
  void resetState() noexcept override { count_ = used_ = 0; }
  void render(const ProcessContext& context) noexcept override;

  std::vector<Held> held_;
  std::vector<std::uint8_t> bytes_;
  std::size_t count_ = 0, used_ = 0;
  std::atomic<std::size_t> dropped_{0};
};

}  // namespace tonewood::graph
