#include "tonewood/link/link_session.hpp"

#include <gtest/gtest.h>

#include "tonewood/core/errors.hpp"

namespace tonewood::link {
namespace {

// A session that is never enabled opens no socket, so these run on any machine; enabling Link
// is tested in private network namespaces (python/tests/test_link.py).

TEST(LinkSession, AStateMapsBeatsAndTimesBothWaysOnItsQuantum) {
  LinkSession session(90.0);
  EXPECT_FALSE(session.enabled());
  EXPECT_EQ(session.peers(), 0u);
  SessionState state = session.captureAppSessionState();
  EXPECT_EQ(state.tempo(), 90.0);
  const std::int64_t now = session.micros();
  state.requestBeatAtTime(8.0, now, 4.0);
  // Link counts in millionths of a beat.
  EXPECT_NEAR(state.beatAtTime(now, 4.0), 8.0, 2e-6);
  EXPECT_NEAR(state.beatAtTime(now + 2'000'000, 4.0), 11.0, 2e-6);  // 2 s at 90 bpm: 3 beats
  EXPECT_NEAR(state.phaseAtTime(now + 2'000'000, 4.0), 3.0, 2e-6);
  EXPECT_NEAR(static_cast<double>(state.timeAtBeat(11.0, 4.0) - now), 2e6, 1.0);
  state.setTempo(180.0, now);
  session.commitAppSessionState(state);
  EXPECT_EQ(session.captureAppSessionState().tempo(), 180.0);
  state.setIsPlaying(true, now);
  session.commitAppSessionState(state);
  EXPECT_TRUE(session.captureAppSessionState().isPlaying());
}

TEST(LinkSession, TemposAndQuantaOutsideTheirRangesAreRefused) {
  EXPECT_THROW(LinkSession(19.0), OutOfRangeError);
  EXPECT_THROW(LinkSession(1000.0), OutOfRangeError);
  LinkSession session;
  SessionState state = session.captureAppSessionState();
  EXPECT_THROW(state.setTempo(0.0, session.micros()), OutOfRangeError);
  EXPECT_THROW(state.beatAtTime(session.micros(), 0.0), OutOfRangeError);
  EXPECT_THROW(state.requestBeatAtTime(0.0, session.micros(), 2000.0), OutOfRangeError);
  try {
    requireTempo(1200.0);
    FAIL();
  } catch (const OutOfRangeError& e) {
    EXPECT_NE(std::string(e.what()).find("[20, 999] bpm"), std::string::npos) << e.what();
  }
}

TEST(LinkSession, ClosingTwiceAndCallbacksAfterCloseAreHarmless) {
  LinkSession session;
  int calls = 0;
  session.onTempo([&](double) { ++calls; });
  session.onPeers(nullptr);
  session.close();
  session.close();
  EXPECT_FALSE(session.enabled());
  EXPECT_EQ(calls, 0);
}

}  // namespace
}  // namespace tonewood::link
