// The transport: requests apply at the next block, beats and bars are exact, loops wrap on
// the frame, and tempo changes keep the beat position running.
#include "tonewood/graph/transport.hpp"

#include <gtest/gtest.h>

#include "tonewood/core/errors.hpp"

namespace tonewood::graph {
namespace {

TEST(Transport, RequestsApplyAtTheNextBlock) {
  Transport t(48000.0);
  t.play();
  EXPECT_TRUE(t.playing());           // the request shows at once...
  EXPECT_FALSE(t.current().playing);  // ...the audio thread takes it at its next block
  t.beginBlock();
  EXPECT_TRUE(t.current().playing);
  EXPECT_TRUE(t.current().jumped);
  t.advance(480);
  EXPECT_FALSE(t.current().jumped);
  EXPECT_EQ(t.position().value, 480);
}

TEST(Transport, BeatsAndBarsFollowTempoAndMeterExactly) {
  Transport t(48000.0);
  t.setTempo(120.0);
  t.setTimeSignature(3, 4);
  t.play();
  t.beginBlock();
  // 120 BPM at 48 kHz: a beat every 24000 frames, a 3/4 bar every 72000.
  for (int i = 0; i < 7; ++i) t.advance(24000);
  EXPECT_DOUBLE_EQ(t.current().beats, 7.0);
  EXPECT_EQ(t.current().bar, 2);
  EXPECT_NEAR(t.current().barBeat, 1.0, 1e-9);
  t.setTempo(60.0);  // from here a beat every 48000 frames, without a jump in beats
  t.beginBlock();
  t.advance(48000);
  EXPECT_NEAR(t.current().beats, 8.0, 1e-9);
  EXPECT_EQ(t.current().bar, 2);
  EXPECT_NEAR(t.current().barBeat, 2.0, 1e-9);
}

TEST(Transport, LoopsWrapOnTheExactFrame) {
  Transport t(48000.0);
  t.setLoop(Frames{1000}, Frames{1500});
  t.setLooping(true);
  t.locate(Frames{900});
  t.play();
  t.beginBlock();
  EXPECT_EQ(t.pieceLength(512), 512);  // 900 + 512 passes 1500? no: 1412 < 1500
  t.advance(512);
  EXPECT_EQ(t.current().frame, 1412);
  EXPECT_EQ(t.pieceLength(512), 88);  // stops at the loop end
  t.advance(88);
  EXPECT_EQ(t.current().frame, 1000);
  EXPECT_TRUE(t.current().jumped);
}

TEST(Transport, RefusesNonsense) {
  Transport t(48000.0);
  EXPECT_THROW(t.setTempo(5.0), OutOfRangeError);
  EXPECT_THROW(t.setTimeSignature(4, 3), OutOfRangeError);
  EXPECT_THROW(t.setLoop(Frames{10}, Frames{10}), OutOfRangeError);
  EXPECT_THROW(t.setLooping(true), InvalidArgumentError);  // no loop range yet
  EXPECT_THROW(t.locate(Frames{-1}), OutOfRangeError);
}

}  // namespace
}  // namespace tonewood::graph
