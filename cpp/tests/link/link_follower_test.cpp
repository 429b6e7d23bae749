// A transport following a Link session, driven cycle by cycle with a device clock the test
// controls: MIDI clock ticks must land on the session's beat grid, starts on its quantum
// boundaries, through tempo changes from either side and shared start/stop. (The session is
// never enabled, so no socket opens; live following through JACK is tested in Python.)
#include "tonewood/link/link_follower.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <random>
#include <thread>
#include <vector>

#include "support/allocation_counter.hpp"
#include "support/test_processors.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/graph/engine.hpp"
#include "tonewood/graph/nodes/beat_sequencer.hpp"
#include "tonewood/graph/nodes/midi_clock.hpp"

namespace tonewood::link {
namespace {

using graph::Engine;
using graph::EngineOptions;
using test::EventRecorder;

constexpr double kRate = 48000.0;

// An engine with a MIDI clock following a Link session, run by hand as a device would run it.
struct Rig {
  std::shared_ptr<LinkSession> session;
  std::unique_ptr<Engine> engine;
  std::shared_ptr<graph::MidiClock> clock = std::make_shared<graph::MidiClock>();
  std::shared_ptr<EventRecorder> heard = std::make_shared<EventRecorder>();
  std::shared_ptr<LinkFollower> follower;
  graph::NodeId recorder{};
  double base = 0.0;          // Link time of device frame 0
  double jitterMicros = 0.0;  // the device clock's error, drawn anew each cycle
  std::mt19937 random{7};
  std::uint64_t deviceFrame = 0;  // the engine's frame too: both start at 0
  AudioBuffer out{1, 4096};

  explicit Rig(double bpm, double quantum = 4.0)
      : session(std::make_shared<LinkSession>(bpm)),
        engine(std::make_unique<Engine>(EngineOptions{kRate, 256, 0, 1, 1})) {
    base = static_cast<double>(session->micros());
    follower = std::make_shared<LinkFollower>(
        session, quantum, [this](const graph::CycleTiming& t, double rate) {
          std::uniform_real_distribution<double> noise(-jitterMicros, jitterMicros);
          return base + static_cast<double>(t.deviceFrame + t.outputLatency) * 1e6 / rate +
                 (jitterMicros > 0 ? noise(random) : 0.0);
        });
    const auto c = engine->add(clock);
    recorder = engine->add(heard);
    engine->connectEvents(c, recorder);
    engine->connect(recorder, graph::Graph::kOutput);
    engine->transport().setTempoSource(follower);
  }

  void run(double seconds, int cycle = 256) {
    const auto end = static_cast<std::uint64_t>(seconds * kRate);
    while (deviceFrame < end) {
      graph::CycleTiming timing;
      timing.known = true;
      timing.deviceFrame = deviceFrame;
      engine->process(AudioBlockView(nullptr, 0, cycle), out.view().subBlock(0, cycle), true,
                      timing);
      deviceFrame += static_cast<std::uint64_t>(cycle);
    }
  }
  double micros(std::int64_t frame) const {
    return base + static_cast<double>(frame) * 1e6 / kRate;
  }
  double sessionBeat(std::int64_t frame, double quantum = 4.0) const {
    return session->captureAppSessionState().beatAtTime(std::llround(micros(frame)), quantum);
  }
  std::vector<std::int64_t> frames(std::uint8_t status) const {
    std::vector<std::int64_t> got;
    for (const auto& h : heard->heard)
      if (h.status == status) got.push_back(h.frame);
    return got;
  }
  void setSessionTempo(double bpm, double atMicros) {
    SessionState s = session->captureAppSessionState();
    s.setTempo(bpm, std::llround(atMicros));
    session->commitAppSessionState(s);
  }
};

// The frame (of Link time `base + frame / rate`) at which the session's timeline `state` reaches
// `beat`.
double frameOfBeat(const Rig& rig, const SessionState& state, double beat, double quantum = 4.0) {
  return (static_cast<double>(state.timeAtBeat(beat, quantum)) - rig.base) * kRate / 1e6;
}

// Every tick in [from, to) must come on the first frame heard at or after its 24th of a beat on
// the session's timeline `state`, counted from the boundary the clock started on (`startBeat`):
// at most one frame after that time, two in the cycle it started in (which begins exactly on
// the boundary's beat, up to a frame behind the session) and the next (which catches up).
// Link's times are whole microseconds and its beats whole millionths, and the follower lets
// differences within that and 2 us be: at 20 bpm a millionth of a beat is 3 us, so 0.3 frames
// (6 us) either side.
constexpr double kRounding = 0.3;
void expectTicksOnTheGrid(const Rig& rig, const SessionState& state, double startBeat,
                          double late = 1.0, std::int64_t from = 0,
                          std::int64_t to = std::numeric_limits<std::int64_t>::max(),
                          double quantum = 4.0, double early = 0.0) {
  const std::vector<std::int64_t> ticks = rig.frames(0xF8);
  ASSERT_GT(ticks.size(), 24u);
  const std::int64_t started = rig.frames(0xFA).at(0);
  int checked = 0;
  for (std::size_t k = 0; k < ticks.size(); ++k) {
    if (ticks[k] < from || ticks[k] >= to) continue;
    const double want = frameOfBeat(rig, state, startBeat + static_cast<double>(k) / 24.0, quantum);
    const double allowed = ticks[k] < started + 2 * 256 ? late + 1.0 : late;
    ASSERT_GE(static_cast<double>(ticks[k]), want - early - kRounding) << "tick " << k;
    ASSERT_LE(static_cast<double>(ticks[k]), want + allowed + kRounding)
        << "tick " << k << " want " << want << " started " << started;
    ++checked;
  }
  EXPECT_GT(checked, 24);
}

// The boundary (a multiple of `quantum`) the clock started on.
double startBoundary(const Rig& rig, double quantum = 4.0) {
  return quantum * std::round(rig.sessionBeat(rig.frames(0xFA).at(0), quantum) / quantum);
}

TEST(LinkFollower, PlayStartsOnTheNextQuantumBoundaryAndTicksRideTheSessionsGrid) {
  Rig rig(120.0);
  rig.run(0.3);  // stopped: nothing sent
  EXPECT_TRUE(rig.heard->heard.empty());
  rig.engine->transport().play();
  rig.run(0.35);
  EXPECT_FALSE(rig.engine->transport().playing()) << "playing only once the boundary comes";
  rig.run(6.0);
  EXPECT_TRUE(rig.engine->transport().playing());
  const std::vector<std::int64_t> starts = rig.frames(0xFA);
  ASSERT_EQ(starts.size(), 1u);
  // Phase 0 of the quantum, on the first frame heard at or after it.
  const double beat = rig.sessionBeat(starts[0]);
  const double boundary = 4.0 * std::round(beat / 4.0);
  EXPECT_GE(beat, boundary - 1e-6);
  EXPECT_LT(beat - boundary, 120.0 / 60.0 / kRate + 1e-6) << "within one frame after phase 0";
  EXPECT_GT(boundary, rig.sessionBeat(static_cast<std::int64_t>(0.3 * kRate)) - 1e-9);
  // At 120 bpm a tick is 1000 frames: every one on its frame of the session's grid.
  expectTicksOnTheGrid(rig, rig.session->captureAppSessionState(), boundary);
  EXPECT_NEAR(rig.engine->transport().tempo(), 120.0, 1e-9);
}

TEST(LinkFollower, HoldsEveryTempoFromTwentyTo999Bpm) {
  for (double bpm : {20.0, 63.7, 120.0, 333.3, 999.0}) {
    SCOPED_TRACE(testing::Message() << bpm << " bpm");
    Rig rig(bpm, 1.0);
    rig.engine->transport().play();
    rig.run(bpm < 60 ? 9.0 : 3.0);
    const std::vector<std::int64_t> starts = rig.frames(0xFA);
    ASSERT_EQ(starts.size(), 1u) << bpm;
    expectTicksOnTheGrid(rig, rig.session->captureAppSessionState(), startBoundary(rig, 1.0), 1.0,
                         0, std::numeric_limits<std::int64_t>::max(), 1.0);
    const std::vector<std::int64_t> ticks = rig.frames(0xF8);
    const double spacing =
        static_cast<double>(ticks.back() - ticks.front()) / static_cast<double>(ticks.size() - 1);
    // Each end is on its frame, so the mean spacing is good to a frame over the whole run.
    EXPECT_NEAR(spacing, 60.0 * kRate / (24.0 * bpm),
                (1.0 + 2 * kRounding) / static_cast<double>(ticks.size() - 1))
        << bpm;
    EXPECT_NEAR(rig.engine->transport().tempo(), bpm, 1e-9 * bpm);
  }
}

TEST(LinkFollower, APeersTempoChangeIsFollowedFromTheNextCycle) {
  Rig rig(120.0);
  rig.engine->transport().play();
  rig.run(2.5);
  const SessionState before = rig.session->captureAppSessionState();
  // A peer moves the session to 150 bpm now (Link keeps the beat there).
  const auto changeFrame = static_cast<std::int64_t>(rig.deviceFrame);
  rig.setSessionTempo(150.0, rig.micros(changeFrame));
  rig.run(6.0);
  const SessionState after = rig.session->captureAppSessionState();
  // Ticks are on the old grid before the change and on the new one from the cycle after it
  // (the cycle that hears the change runs at most that cycle on the old tempo).
  const double boundary = startBoundary(rig);
  expectTicksOnTheGrid(rig, before, boundary, 1.0, 0, changeFrame);
  expectTicksOnTheGrid(rig, after, boundary, 1.0, changeFrame + 256);
  expectTicksOnTheGrid(rig, after, boundary, 256.0 * (150.0 / 120.0 - 1.0) + 1.0, changeFrame);
  EXPECT_NEAR(rig.engine->transport().tempo(), 150.0, 1e-9);
}

// Link passes what the audio thread commits on to the app's side on its own thread.
template <typename Predicate>
bool eventually(Predicate done) {
  for (int i = 0; i < 2000 && !done(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return done();
}

TEST(LinkFollower, OurTempoChangesReachTheSessionAndItsGrid) {
  Rig rig(120.0);
  rig.engine->transport().play();
  rig.run(2.0);
  rig.engine->transport().setTempo(90.0);
  rig.run(5.0);
  EXPECT_TRUE(eventually([&] { return rig.session->captureAppSessionState().tempo() == 90.0; }));
  EXPECT_NEAR(rig.engine->transport().tempo(), 90.0, 1e-9);
  expectTicksOnTheGrid(rig, rig.session->captureAppSessionState(), startBoundary(rig), 1.0,
                       static_cast<std::int64_t>(2.0 * kRate) + 256);
}

TEST(LinkFollower, ClockJitterNeverStepsTheBeatBackNorDoublesATick) {
  Rig rig(140.0);
  rig.jitterMicros = 60.0;  // about three frames either way, each cycle
  rig.engine->transport().play();
  rig.run(8.0);
  const std::vector<std::int64_t> ticks = rig.frames(0xF8);
  ASSERT_GT(ticks.size(), 300u);
  const double spacing = 60.0 * kRate / (24.0 * 140.0);
  for (std::size_t k = 1; k < ticks.size(); ++k)
    ASSERT_GT(static_cast<double>(ticks[k] - ticks[k - 1]), 0.9 * spacing) << k;
  // Each tick at most the clock's error from its time (plus the frame a tick may wait).
  const double jitterFrames = rig.jitterMicros * kRate / 1e6;
  expectTicksOnTheGrid(rig, rig.session->captureAppSessionState(), startBoundary(rig),
                       jitterFrames + 1.0, 0, std::numeric_limits<std::int64_t>::max(), 4.0,
                       jitterFrames);
}

TEST(LinkFollower, StartAndStopAreSharedWithPeersWhenSyncIsOn) {
  Rig rig(120.0);
  rig.session->enableStartStopSync(true);
  rig.run(0.2);
  // A peer starts the session now: we start on its next quantum boundary...
  const double peerStart = rig.micros(static_cast<std::int64_t>(0.25 * kRate));
  SessionState s = rig.session->captureAppSessionState();
  s.setIsPlaying(true, std::llround(peerStart));
  rig.session->commitAppSessionState(s);
  rig.run(3.0);
  const std::vector<std::int64_t> starts = rig.frames(0xFA);
  ASSERT_EQ(starts.size(), 1u);
  const double beat = rig.sessionBeat(starts[0]);
  EXPECT_NEAR(beat, 4.0 * std::ceil(s.beatAtTime(std::llround(peerStart), 4.0) / 4.0), 1e-4);
  // ...and stop on the frame the peer stops it.
  const auto stopFrame = static_cast<std::int64_t>(3.5 * kRate);
  s = rig.session->captureAppSessionState();
  s.setIsPlaying(false, std::llround(rig.micros(stopFrame)));
  rig.session->commitAppSessionState(s);
  rig.run(4.0);
  ASSERT_EQ(rig.frames(0xFC).size(), 1u);
  EXPECT_NEAR(static_cast<double>(rig.frames(0xFC)[0]), static_cast<double>(stopFrame), 1.0);
  EXPECT_FALSE(rig.engine->transport().playing());
  // Our own play starts on the session's next boundary and tells the session it plays. (When
  // Link says it started is not compared: this test's device time runs far faster than Link's
  // clock, which Link uses to choose between start/stop states committed close together.)
  rig.engine->transport().play();
  rig.run(6.5);
  EXPECT_TRUE(eventually([&] { return rig.session->captureAppSessionState().isPlaying(); }));
  // Away from the song's start the clock resumes with Continue, on the frame playing resumed.
  ASSERT_EQ(rig.frames(0xFB).size(), 1u);
  const double restartBeat = rig.sessionBeat(rig.frames(0xFB).back());
  const double boundary = 4.0 * std::round(restartBeat / 4.0);
  EXPECT_GE(restartBeat, boundary - 1e-6);
  EXPECT_LT(restartBeat - boundary, 120.0 / 60.0 / kRate + 1e-6) << "within a frame of phase 0";
  rig.engine->transport().stop();
  rig.run(6.6);
  EXPECT_TRUE(eventually([&] { return !rig.session->captureAppSessionState().isPlaying(); }));
}

TEST(LinkFollower, ABeatSequencersNotesLandOnTheSessionsGrid) {
  Rig rig(132.0);
  auto sequencer = std::make_shared<graph::BeatSequencer>();
  // A bar of four notes, looped: each on its beat of the session, from the bar line it starts.
  std::vector<graph::BeatSequencer::Step> bar;
  for (int beat = 0; beat < 4; ++beat) {
    bar.push_back(
        {static_cast<double>(beat), {0x90, static_cast<std::uint8_t>(60 + beat), 100}, 3});
    bar.push_back({beat + 0.5, {0x80, static_cast<std::uint8_t>(60 + beat), 0}, 3});
  }
  sequencer->setPattern(bar, 4.0);
  rig.engine->connectEvents(rig.engine->add(sequencer), rig.recorder);
  rig.engine->transport().play();
  rig.run(6.0);
  const SessionState state = rig.session->captureAppSessionState();
  const double boundary = startBoundary(rig);
  const std::vector<std::int64_t> ons = rig.frames(0x90);
  ASSERT_GE(ons.size(), 8u);
  for (std::size_t k = 0; k < ons.size(); ++k) {
    const double want = frameOfBeat(rig, state, boundary + static_cast<double>(k));
    EXPECT_GE(static_cast<double>(ons[k]), want - kRounding) << k;
    EXPECT_LE(static_cast<double>(ons[k]), want + 2.0 + kRounding) << k;
  }
}

TEST(LinkFollower, FollowingAllocatesNothingOnTheAudioThread) {
  Rig rig(120.0);
  rig.session->enableStartStopSync(true);
  rig.engine->transport().play();
  rig.run(1.0);
  test::AllocationCounter counter;
  rig.engine->transport().setTempo(128.0);  // a request: the control side may allocate...
  const std::size_t before = counter.allocations();
  rig.run(4.0);  // ...the cycles that commit it, start and tick must not
  EXPECT_EQ(counter.allocations(), before);
}

TEST(LinkFollower, RefusesAQuantumOutsideItsRange) {
  auto session = std::make_shared<LinkSession>();
  EXPECT_THROW(LinkFollower(session, 0.0), OutOfRangeError);
  LinkFollower follower(session, 4.0);
  EXPECT_THROW(follower.setQuantum(5000.0), OutOfRangeError);
  EXPECT_EQ(follower.quantum(), 4.0);
}

}  // namespace
}  // namespace tonewood::link
