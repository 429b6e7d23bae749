#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

#include "tonewood/graph/transport.hpp"

namespace tonewood::graph {

/// A tempo source that follows MIDI beat clock coming in (a drum machine or another app as the
/// clock's master): the transport starts on the first tick after Start (at beat 0) or Continue
/// (at the Song Position Pointer's sixteenth), stops on Stop, and its beat is exact on every
/// tick (the tick's 24th of a beat, on its frame); between ticks it runs at the tempo measured
/// over the last six ticks. play() starts on the clock's next tick where the clock is (or, with
/// the clock stopped, on its next start); tempo requests have no effect (the clock's sender sets
/// the tempo). The device hands it
/// each cycle's clock messages (JackEngine::bindMidiClockInput) before the engine runs.
class MidiClockFollower final : public TempoSource {
 public:
  MidiClockFollower() = default;

  /// Audio thread, before the cycle runs: a message of the cycle at frame `offset`. Messages
  /// other than clock, Start, Continue, Stop and Song Position Pointer are ignored.
  void receive(int offset, const std::uint8_t* data, std::size_t size) noexcept;

  TempoSegment segmentAt(std::int64_t frame, double sampleRate) const noexcept override;
  bool follows() const noexcept override { return true; }
  void beginCycle(FollowRequest& request, const CycleTiming& timing) noexcept override;

  /// The clock's tempo as measured (bpm; 0 before two ticks came) and whether a Start or
  /// Continue came and no Stop since. Any thread.
  double measuredTempo() const noexcept { return measured_.load(std::memory_order_relaxed); }
  bool clockRunning() const noexcept { return running_.load(std::memory_order_relaxed); }

 private:
  struct Message {
    int offset;
    std::uint8_t status;
    int songPosition;  // sixteenths, for a Song Position Pointer
  };
  static constexpr int kTicksPerBeat = 24;
  static constexpr int kIntervals = 6;  // ticks the tempo is measured over
  void addSegment(std::int64_t startFrame, double beat, double bpm,
                  const TransportPosition& position, const TimeSignature& meter) noexcept;
  double estimatedFramesPerTick(double fallbackBpm, double sampleRate) const noexcept;

  std::array<Message, 256> inbox_{};
  int received_ = 0;
  std::array<TempoSegment, 64> segments_{};
  int segmentCount_ = 0;
  std::int64_t counted_ = 0;  // frames of the cycles seen: the clock's own frame counter
  std::array<std::int64_t, kIntervals + 1> tickFrames_{};
  int ticksSeen_ = 0;          // since the clock last started, for the measurement
  std::int64_t nextTick_ = 0;  // the count (24ths of a beat) of the next tick
  int songPosition_ = 0;       // sixteenths, for the next Continue
  bool startOnTick_ = false;   // a Start, Continue or play() waits for the next tick
  std::atomic<double> measured_{0.0};
  std::atomic<bool> running_{false};
};

}  // namespace tonewood::graph
