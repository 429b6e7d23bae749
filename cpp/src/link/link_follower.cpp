#include "tonewood/link/link_follower.hpp"

#include <ableton/link/HostTimeFilter.hpp>
#include <ableton/link/LinearRegression.hpp>
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>

#include "link_session_impl.hpp"
#include "tonewood/core/errors.hpp"

namespace tonewood::link {

using std::chrono::microseconds;

namespace {

// A difference this large (in time) between the session's beat and where the transport runs
// is a jump of the session's timeline (a peer forced a beat, a tempo source changed), not clock
// jitter: the transport re-anchors instead of absorbing it within the cycle.
constexpr double kJumpMicros = 2000.0;
// Differences within Link's own resolution (it counts whole millionths of a beat and whole
// microseconds) and two microseconds (a tenth of a frame) are no error: the transport keeps
// the session's tempo exactly then rather than bending it by a few millionths.
constexpr double kSameBeat = 1e-6, kSameMicros = 2.0;
// Float rounding allowed when asking whether a beat is on a quantum boundary.
constexpr double kOnTheBoundary = 1e-9;

microseconds at(double micros) {
  return microseconds(std::llround(micros));
}

}  // namespace

CycleClock deviceCycleClock() {
  // A line fitted to the last 512 cycles (Link's regression, as its host-time filter does): the
  // cycle's frame counter against when the cycle began on Link's clock. Where the device times
  // its cycles itself (JACK's delay-locked loop), that time is fitted; else the time the
  // callback runs, which wakes late by a varying amount (Link's HostTimeFilter).
  struct State {
    ableton::link::platform::Clock clock;
    ableton::link::HostTimeFilter<ableton::link::platform::Clock> wakeUps;
    std::array<std::pair<double, double>, 512> points{};
    std::size_t count = 0, next = 0;
    bool started = false;
    std::uint64_t first = 0;    // the device frame the fit counts from (keeps its sums small)
    std::uint64_t counted = 0;  // frames handed over, where the device gives no counter
  };
  auto state = std::make_shared<State>();
  return [state](const graph::CycleTiming& timing, double sampleRate) {
    State& s = *state;
    const std::uint64_t frame = timing.known ? timing.deviceFrame : s.counted;
    s.counted = frame + static_cast<std::uint64_t>(timing.frames);
    if (!s.started) {
      s.started = true;
      s.first = frame;
    }
    const auto x = static_cast<double>(frame - s.first);
    double host = 0.0;
    if (timing.steadyMicros >= 0) {
      const auto steadyNow = std::chrono::duration_cast<std::chrono::microseconds>(
                                 std::chrono::steady_clock::now().time_since_epoch())
                                 .count();
      const auto linkNow = s.clock.micros().count();
      const double began = static_cast<double>(timing.steadyMicros + (linkNow - steadyNow));
      s.points[s.next] = {x, began};
      s.next = (s.next + 1) % s.points.size();
      s.count = std::min(s.count + 1, s.points.size());
      const auto [slope, intercept] =
          ableton::link::linearRegression(s.points.begin(), s.points.begin() + s.count);
      host = s.count > 1 ? slope * x + intercept : began;
    } else {
      host = static_cast<double>(s.wakeUps.sampleTimeToHostTime(x).count());
    }
    return host + timing.outputLatency * 1e6 / sampleRate;
  };
}

LinkFollower::LinkFollower(std::shared_ptr<LinkSession> session, double quantum, CycleClock clock)
    : session_(std::move(session)), clock_(std::move(clock)), quantum_(quantum) {
  if (!session_) throw InvalidArgumentError("a LinkFollower needs a Link session");
  if (!clock_) throw InvalidArgumentError("a LinkFollower needs a cycle clock");
  requireQuantum(quantum);
  segment_.bpm = session_->captureAppSessionState().tempo();
}

void LinkFollower::setQuantum(double quantum) {
  requireQuantum(quantum);
  quantum_.store(quantum, std::memory_order_relaxed);
}

graph::TempoSegment LinkFollower::segmentAt(std::int64_t, double) const noexcept {
  return segment_;
}

// The session's timeline as captured for one cycle: one tempo, so beats are linear in time and
// computed from one captured point rather than rounded to Link's whole microseconds each time.
struct LinkFollower::Cycle {
  ableton::Link::SessionState state;
  double quantum;
  double t0;           // when the cycle's first frame is heard
  double framePeriod;  // microseconds per frame
  double origin;       // t0 on Link's whole microseconds...
  double beat0;        // ...and the session's beat there
  double tempo;

  Cycle(ableton::Link::SessionState s, double q, double start, double sampleRate)
      : state(std::move(s)), quantum(q), t0(start), framePeriod(1e6 / sampleRate) {
    refresh();
  }
  void refresh() {
    origin = static_cast<double>(at(t0).count());
    beat0 = state.beatAtTime(at(origin), quantum);
    tempo = state.tempo();
  }
  double beatAt(double micros) const { return beat0 + (micros - origin) * tempo / 60e6; }
  double timeAt(double beat) const { return origin + (beat - beat0) * 60e6 / tempo; }
  double beatAtFrame(double frame) const { return beatAt(t0 + frame * framePeriod); }
  /// The first frame of the cycle heard at or after `micros` (0 when that time is past).
  double frameAt(double micros) const {
    return std::max(0.0, std::ceil((micros - t0) / framePeriod - 1e-6));
  }
};

void LinkFollower::anchor(const graph::TransportPosition& p, const graph::TimeSignature& meter,
                          double beat, double bpm) noexcept {
  segment_ = graph::segmentFrom(p, p.frame, beat, bpm, meter);
}

void LinkFollower::beginCycle(graph::FollowRequest& request,
                              const graph::CycleTiming& timing) noexcept {
  const graph::TransportPosition& p = *request.position;
  auto& link = session_->impl().link;
  Cycle c(link.captureAudioSessionState(), quantum(), clock_(timing, p.sampleRate), p.sampleRate);
  const bool sync = link.isStartStopSyncEnabled();
  bool commit = false;

  if (request.requestedTempo > 0.0) {
    c.state.setTempo(request.requestedTempo, at(c.t0));
    c.refresh();
    commit = true;
  }
  // Our own starts and stops (and, with sync, their announcement to the peers).
  if (request.stopped) {
    pendingStart_ = pendingStop_ = false;
    if (sync && c.state.isPlaying()) {
      c.state.setIsPlaying(false, at(c.t0));
      commit = true;
    }
  }
  const double quantum = c.quantum;
  auto nextBoundary = [&](double micros) {
    return quantum * std::ceil(c.beatAt(micros) / quantum - kOnTheBoundary);
  };
  if (request.startRequested && !p.playing) {
    pendingStart_ = true;
    startBeat_ = nextBoundary(c.t0);
    if (sync) {
      c.state.setIsPlaying(true, at(c.timeAt(startBeat_)));
      commit = true;
    }
  }
  // The peers' starts and stops, where start/stop is shared.
  const bool sessionPlaying = c.state.isPlaying();
  if (sync && sessionPlaying != sessionPlaying_ && !commit) {
    const double when = static_cast<double>(c.state.timeForIsPlaying().count());
    if (sessionPlaying && !p.playing && !pendingStart_) {
      pendingStart_ = true;
      startBeat_ = nextBoundary(when);
    } else if (!sessionPlaying && (p.playing || pendingStart_)) {
      pendingStart_ = false;
      pendingStop_ = p.playing;
      stopTime_ = when;
    }
  }
  sessionPlaying_ = sessionPlaying;
  if (commit) link.commitAudioSessionState(c.state);

  const int frames = timing.frames;
  if (!p.playing) {
    anchor(p, request.signature, p.beats, c.tempo);
    if (!pendingStart_) return;
    const double startTime = c.timeAt(startBeat_);
    const double k = c.frameAt(startTime);
    if (k >= frames) return;  // not heard in this cycle yet
    request.toggleAfter = static_cast<int>(k);
    pendingStart_ = false;
    // The timeline's beat where the transport stands is the boundary's. On time, the first
    // frame plays exactly that beat (so a Start goes out), at most a frame behind the session,
    // which the next cycle absorbs; a start already past (joining a playing session) comes in
    // where the session is.
    offset_ = startBeat_ - p.beats;
    const bool onTime = startTime >= c.t0 - c.framePeriod;
    anchor(p, request.signature, onTime ? p.beats : c.beatAt(c.t0) - offset_, c.tempo);
    return;
  }
  if (pendingStop_) {
    const double k = c.frameAt(stopTime_);
    if (k < frames) {
      request.toggleAfter = static_cast<int>(k);
      pendingStop_ = false;
    }
  }
  // Playing: the session's beat where this cycle starts and ends. Jitter of the device clock is
  // absorbed by running at the tempo that reaches the session's beat at the cycle's end; a
  // jump re-anchors.
  const double target = c.beatAt(c.t0) - offset_;
  const double beatsPerMicro = c.tempo / 60e6;
  const double error = std::abs(target - p.beats);
  if (error <= kSameBeat + beatsPerMicro * kSameMicros) {
    anchor(p, request.signature, p.beats, c.tempo);  // on the grid: the session's tempo as is
    return;
  }
  if (frames <= 0 || error / beatsPerMicro > kJumpMicros) {
    anchor(p, request.signature, target, c.tempo);
    return;
  }
  const double end = c.beatAtFrame(frames) - offset_;
  const double bpm = (end - p.beats) * 60.0 * p.sampleRate / frames;
  anchor(p, request.signature, p.beats, bpm > 0.0 ? bpm : c.tempo);
}

}  // namespace tonewood::link
