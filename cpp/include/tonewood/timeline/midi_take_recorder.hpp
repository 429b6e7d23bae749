#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "tonewood/graph/processor.hpp"
#include "tonewood/midi/midi_file.hpp"
#include "tonewood/timeline/tempo_map.hpp"

namespace tonewood::timeline {

/// Records the MIDI it hears into a take: each channel message with the timeline frame it
/// arrived on, while the transport plays over [punchIn, punchOut), on its first pass (a locate or
/// loop back ends the take). The audio thread writes into room made beforehand (what does not
/// fit is counted, never allocated); `take` turns what came into a MIDI file whose ticks land
/// on those frames on the song's tempo map.
class MidiTakeRecorder final : public graph::Processor {
 public:
  /// Room for `capacity` messages (at least 1024).
  explicit MidiTakeRecorder(std::size_t capacity = 1 << 16);
  ~MidiTakeRecorder() override;

  /// Starts a take. Control thread; InvalidArgumentError while one runs or for an empty range.
  void start(std::int64_t punchIn = 0,
             std::int64_t punchOut = std::numeric_limits<std::int64_t>::max());
  /// Ends the take, waiting for a block being recorded to finish. Control thread.
  void stop();
  bool recording() const noexcept { return recording_.load(std::memory_order_acquire); }
  /// Messages that did not fit. Any thread.
  std::size_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }
  /// Messages recorded so far. Any thread.
  std::size_t size() const noexcept { return count_.load(std::memory_order_acquire); }

  struct Taken {
    std::int64_t firstFrame = -1;  ///< the timeline frame of the first message (-1: none)
    midi::MidiFile file;           ///< ticks from firstFrame's beat, at `ticksPerBeat`
  };
  /// The take so far as a MIDI file on `map` at `sampleRate`: each message on the tick of
  /// `ticksPerBeat` whose frame on the map is the frame it arrived on. That is exact where a tick
  /// is shorter than a frame (at 48 kHz and 30720 ticks a beat, from 94 bpm up); slower, the
  /// nearest tick. Control thread, after stop.
  Taken take(const TempoMap& map, double sampleRate, int ticksPerBeat = 30720) const;

 private:
  struct Heard {
    std::int64_t frame;
    std::uint8_t bytes[3];
    std::uint8_t size;
  };
  void prepareToPlay(const ProcessSpec& spec) override;
  void resetState() noexcept override {}
  void render(const graph::ProcessContext& context) noexcept override;
  void record(const graph::ProcessContext& context) noexcept;

  std::vector<Heard> heard_;
  std::atomic<std::size_t> count_{0}, dropped_{0};
  std::atomic<bool> recording_{false};
  std::atomic<std::int64_t> punchIn_{0}, punchOut_{0};
  std::int64_t next_ = -1;  // the timeline frame the next block should start on (audio thread)
  std::atomic<bool> ended_{false};
  std::atomic<int> inRender_{0};  // a block is being recorded now
};

}  // namespace tonewood::timeline
