// Tick <-> seconds <-> samples across many tempo changes: exact, no drift.
#include "tonewood/midi/tempo_map.hpp"

#include <gtest/gtest.h>

namespace tonewood::midi {
namespace {

TEST(TempoMap, ThousandTempoChangesLandOnExactSamples) {
  // Alternating 120 and 100 BPM every beat: a beat is 24000 or 28800 samples at 48 kHz.
  std::vector<std::pair<std::int64_t, std::int64_t>> changes;
  for (int beat = 0; beat < 1000; ++beat)
    changes.emplace_back(beat * 480, beat % 2 ? 600000 : 500000);
  const TempoMap map(480, changes);
  std::int64_t expected = 0;
  for (int beat = 0; beat < 1000; ++beat) {
    ASSERT_EQ(map.sample(beat * 480, 48000), expected) << "beat " << beat;
    ASSERT_DOUBLE_EQ(map.seconds(beat * 480), static_cast<double>(expected) / 48000.0);
    // Inside the beat: 1/480 of a beat is 50 or 60 samples.
    ASSERT_EQ(map.sample(beat * 480 + 7, 48000), expected + 7 * (beat % 2 ? 60 : 50));
    expected += beat % 2 ? 28800 : 24000;
  }
  EXPECT_EQ(map.sample(1000 * 480, 48000), expected);  // the last tempo carries on
}

TEST(TempoMap, SecondsToTicksInvertsTicksToSeconds) {
  const TempoMap map(960, {{0, 431234}, {1234, 987654}, {5000, 250000}, {5001, 1}});
  for (std::int64_t t : {0, 1, 1233, 1234, 1235, 4999, 5000, 5001, 5002, 100000})
    EXPECT_EQ(map.tick(map.seconds(t)), t) << t;
  EXPECT_EQ(map.tempoAt(1233), 431234);
  EXPECT_EQ(map.tempoAt(1234), 987654);
}

TEST(TempoMap, DefaultTempoSmpteAndRounding) {
  const TempoMap plain(96);
  EXPECT_DOUBLE_EQ(plain.seconds(96), 0.5);
  // 1 tick at 120 BPM, 96 PPQ = 5.208333 ms = 229.6875 samples at 44.1 kHz: rounds to 230.
  EXPECT_EQ(plain.sample(1, 44100), 230);
  const TempoMap film = TempoMap::smpte(25, 40);  // 1000 ticks per second
  EXPECT_DOUBLE_EQ(film.seconds(2500), 2.5);
  const TempoMap ntsc = TempoMap::smpte(29, 100);  // 29.97 frames per second
  EXPECT_EQ(ntsc.sample(2997, 48000), 48000);      // 2997 ticks at 2997 per second
  EXPECT_EQ(ntsc.sample(3000, 48000), 48048);      // 30 "frames" last 1.001 s
}

}  // namespace
}  // namespace tonewood::midi
