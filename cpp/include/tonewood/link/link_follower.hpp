#pragma once

#include <atomic>
#include <functional>
#include <memory>

#include "tonewood/graph/transport.hpp"
#include "tonewood/link/link_session.hpp"

/// A transport that follows a Link session: its beats and tempo come from the session's
/// timeline, cycle by cycle, at the time each cycle is heard.
namespace tonewood::link {

/// Link's time (microseconds, fractional) at which a cycle's first frame is heard.
using CycleClock = std::function<double(const graph::CycleTiming& timing, double sampleRate)>;

/// The clock for live devices: a line fitted over the last 512 cycles to the device's frame
/// counter against when each cycle began on Link's clock (Link's host-time filter), plus the
/// cycle's output latency. The cycle's start is the device's own smoothed time where it gives
/// one (CycleTiming::steadyMicros; JACK does), else the time the callback runs. Without a
/// device counter it counts the frames it was handed.
CycleClock deviceCycleClock();

/// A tempo source (graph::Transport::setTempoSource) that makes the transport follow a Link
/// session:
/// - each cycle its segment carries the session's beat and tempo at the time the cycle is heard;
///   small clock jitter is absorbed within the cycle (the beat never steps back), a real jump of
///   the session's timeline re-anchors at once;
/// - play() starts on the next quantum boundary, phase-aligned with the session;
/// - setTempo() passes the tempo to the session (every peer follows), peers' tempo changes are
///   followed from the next cycle;
/// - with the session's start/stop sync on, our starts and stops reach the peers that share
///   them, and theirs start and stop us (on their frames).
/// The timeline's beat 0 (or wherever the transport stood) lands on the quantum boundary it
/// started on. Audio thread calls are real-time safe.
class LinkFollower final : public graph::TempoSource {
 public:
  /// OutOfRangeError for a quantum outside [kMinQuantum, kMaxQuantum] beats.
  LinkFollower(std::shared_ptr<LinkSession> session, double quantum,
               CycleClock clock = deviceCycleClock());

  /// Beats per phase cycle: starts wait for the next multiple. Any thread.
  void setQuantum(double quantum);
  double quantum() const noexcept { return quantum_.load(std::memory_order_relaxed); }
  LinkSession& session() noexcept { return *session_; }

  graph::TempoSegment segmentAt(std::int64_t frame, double sampleRate) const noexcept override;
  bool follows() const noexcept override { return true; }
  void beginCycle(graph::FollowRequest& request,
                  const graph::CycleTiming& timing) noexcept override;

 private:
  struct Cycle;
  void anchor(const graph::TransportPosition& position, const graph::TimeSignature& signature,
              double beat, double bpm) noexcept;

  std::shared_ptr<LinkSession> session_;
  CycleClock clock_;
  std::atomic<double> quantum_;
  // Audio thread.
  graph::TempoSegment segment_;
  double offset_ = 0.0;        // the session's beat minus the timeline's while playing
  bool pendingStart_ = false;  // waiting for startBeat_ (a session beat) to be heard
  double startBeat_ = 0.0;
  bool pendingStop_ = false;  // a peer stopped the session at stopTime_
  double stopTime_ = 0.0;
  bool sessionPlaying_ = false;  // the session's start/stop state as last seen
};

}  // namespace tonewood::link
