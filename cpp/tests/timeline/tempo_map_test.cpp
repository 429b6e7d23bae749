#include "tonewood/timeline/tempo_map.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <vector>

#include "support/signal_measure.hpp"
#include "support/test_processors.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/graph/engine.hpp"
#include "tonewood/graph/nodes/metronome.hpp"
#include "tonewood/graph/nodes/midi_player.hpp"
#include "tonewood/midi/tempo_map.hpp"

namespace tonewood::timeline {
namespace {

TEST(TimelineTempoMap, ASteadyTempoIsALinearClock) {
  const TempoMap map(90.0);
  EXPECT_DOUBLE_EQ(map.secondsAt(3.0), 2.0);
  EXPECT_DOUBLE_EQ(map.beatAt(2.0), 3.0);
  EXPECT_EQ(map.frameAt(3.0, 48000.0), 96000);
  EXPECT_DOUBLE_EQ(map.bpmAt(1000.0), 90.0);
}

TEST(TimelineTempoMap,
     ALinearRampLastsWhatItsAverageTempoSaysAndPassesItsMiddleTempoHalfwayInTime) {
  TempoMap map(120.0);
  map.setTempo(4.0, 120.0, TempoCurve::Linear);
  map.setTempo(20.0, 180.0);
  // 16 beats from 120 to 180 bpm, linear in time: 16 beats at the mean 150 bpm = 6.4 s.
  EXPECT_NEAR(map.secondsAt(20.0) - map.secondsAt(4.0), 6.4, 1e-12);
  // Halfway in time (3.2 s in) the tempo is 150 and (120 * 3.2 + 30 / 6.4 * 3.2^2) / 60 = 7.2
  // beats have passed.
  EXPECT_NEAR(map.beatAt(2.0 + 3.2), 4.0 + 7.2, 1e-12);
  EXPECT_NEAR(map.bpmAt(4.0 + 7.2), 150.0, 1e-9);
  EXPECT_DOUBLE_EQ(map.bpmAt(25.0), 180.0);
  EXPECT_NEAR(map.secondsAt(24.0), 2.0 + 6.4 + 4.0 * 60.0 / 180.0, 1e-12);
  for (double beat = 0.0; beat < 30.0; beat += 0.37)
    EXPECT_NEAR(map.beatAt(map.secondsAt(beat)), beat, 1e-12) << beat;
}

TEST(TimelineTempoMap, ThousandsOfChangesDoNotDrift) {
  // 2000 one-beat steps alternating 100 and 150 bpm: 1000 x (0.6 s + 0.4 s), exactly 1000 s.
  TempoMap map(100.0);
  for (int b = 1; b < 2000; ++b) map.setTempo(b, b % 2 == 0 ? 100.0 : 150.0);
  EXPECT_NEAR(map.secondsAt(2000.0), 1000.0, 1e-9);
  EXPECT_EQ(map.frameAt(2000.0, 48000.0), 48'000'000);
  EXPECT_EQ(map.frameAt(1999.0, 48000.0), 48'000'000 - 19'200);
}

TEST(TimelineTempoMap, BarsFollowTheMeterChanges) {
  TempoMap map(120.0);
  map.setMeter(2, 7, 8);
  map.setMeter(4, 3, 4);
  EXPECT_DOUBLE_EQ(map.beatOf({2, 0.0}), 8.0);
  EXPECT_DOUBLE_EQ(map.beatOf({3, 0.0}), 11.5);  // 7/8 is 3.5 quarter notes
  EXPECT_DOUBLE_EQ(map.beatOf({4, 0.0}), 15.0);
  EXPECT_DOUBLE_EQ(map.beatOf({5, 2.0}), 20.0);
  const BarPosition inSevenEight = map.barAt(12.0);
  EXPECT_EQ(inSevenEight.bar, 3);
  EXPECT_DOUBLE_EQ(inSevenEight.beat, 1.0);  // one eighth into bar 3
  EXPECT_EQ(map.meterAt(12.0).numerator, 7);
  EXPECT_EQ(map.barAt(15.0).bar, 4);
  EXPECT_DOUBLE_EQ(map.barAt(15.0).beat, 0.0);
  EXPECT_THROW(map.beatOf({3, 7.5}), OutOfRangeError);
}

TEST(TimelineTempoMap, BadValuesAreRefusedAndChangeNothing) {
  TempoMap map(120.0);
  const TempoMap before = map;
  for (double bpm : {19.99, 999.5, std::nan("")}) {
    try {
      map.setTempo(4.0, bpm);
      ADD_FAILURE() << bpm;
    } catch (const OutOfRangeError& e) {
      EXPECT_NE(std::string(e.what()).find("[20, 999] bpm"), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(map.setTempo(-1.0, 100.0), OutOfRangeError);
  EXPECT_THROW(map.setMeter(3, 4, 6), OutOfRangeError);
  EXPECT_THROW(map.setMeter(-1, 4, 4), OutOfRangeError);
  EXPECT_THROW(map.removeTempo(0.0), InvalidArgumentError);
  EXPECT_THROW(map.removeTempo(8.0), InvalidArgumentError);
  EXPECT_THROW(map.removeMeter(0), InvalidArgumentError);
  EXPECT_EQ(map, before);
}

TEST(TimelineTempoMap, AMidiFilesTempoChangesAndMetersComeAcross) {
  midi::MidiFile file = midi::MidiFile::withTicksPerBeat(480);
  file.tracks.resize(1);
  file.tracks[0].add(midi::MidiEvent::tempo(0, 500000));           // 120
  file.tracks[0].add(midi::MidiEvent::tempo(1920, 400000));        // 150 from beat 4
  file.tracks[0].add(midi::MidiEvent::timeSignature(3840, 3, 4));  // bar 2 in 4/4
  file.tracks[0].add(midi::MidiEvent::tempo(7000, 750000));        // 80
  const TempoMap map = TempoMap::fromMidi(file);
  const midi::TempoMap ticks = midi::TempoMap::of(file);
  for (std::int64_t tick : {0, 960, 1920, 5000, 7000, 9999})
    EXPECT_NEAR(map.secondsAt(static_cast<double>(tick) / 480.0), ticks.seconds(tick), 1e-12)
        << tick;
  ASSERT_EQ(map.meters().size(), 2u);
  EXPECT_EQ(map.meters()[1].bar, 2);
  EXPECT_EQ(map.meters()[1].signature.numerator, 3);

  file.tracks[0].add(midi::MidiEvent::tempo(8000, 16'000'000));  // 3.75 bpm
  EXPECT_THROW(TempoMap::fromMidi(file), OutOfRangeError);
  EXPECT_THROW(TempoMap::fromMidi(midi::MidiFile::withSmpte(25, 40)), InvalidArgumentError);
}

std::vector<std::int64_t> clickStarts(const AudioBuffer& b) {
  return test::soundStarts(b.channel(0), static_cast<std::size_t>(b.numFrames()));
}

TEST(TimelineTempoMap, TheTransportFollowsARampAndAMeterChangeToTheFrameWhateverTheBlockSize) {
  TempoMap map(100.0);
  map.setTempo(2.0, 100.0, TempoCurve::Linear);
  map.setTempo(10.0, 200.0);
  map.setMeter(2, 3, 4);
  const auto shared = std::make_shared<TempoMap>(map);
  // A click starts one frame after its beat (its first sample is sin(0)).
  std::vector<std::int64_t> expected;
  for (int beat = 0; beat < 16; ++beat) expected.push_back(map.frameAt(beat, 48000.0) + 1);
  const std::int64_t frames = map.frameAt(15.5, 48000.0);
  std::vector<float> first;
  for (int block : {1, 7, 64, 333, 4096}) {
    graph::Engine engine({48000.0, block, 0, 1, 1});
    engine.connect(engine.add(std::make_shared<graph::Metronome>(1)), graph::Graph::kOutput);
    engine.transport().setTempoSource(shared);
    const AudioBuffer out = engine.render(frames);
    EXPECT_EQ(clickStarts(out), expected) << block;
    const std::vector<float> samples(out.channel(0), out.channel(0) + out.numFrames());
    if (block == 1)
      first = samples;
    else
      EXPECT_EQ(samples, first) << block;
  }
}

TEST(TimelineTempoMap, AMidiFileLaidOnTheMapPlaysEachBeatOnTheMetronomesFrame) {
  TempoMap map(100.0);
  map.setTempo(1.0, 100.0, TempoCurve::Linear);
  map.setTempo(9.0, 170.0);
  midi::MidiFile song = midi::MidiFile::withTicksPerBeat(96);
  song.tracks.resize(1);
  for (int beat = 0; beat < 12; ++beat)
    song.tracks[0].add(midi::MidiEvent::channel(beat * 96, midi::Message::noteOn(0, 60, 100)));
  for (int block : {1, 64, 333}) {
    graph::Engine engine({48000.0, block, 0, 1, 1});
    auto player = std::make_shared<graph::MidiPlayer>(song, map.tickPlacement(96));
    auto recorder = std::make_shared<test::EventRecorder>();
    const graph::NodeId rec = engine.add(recorder);
    engine.connectEvents(engine.add(player), rec);
    engine.connect(rec, graph::Graph::kOutput);
    engine.render(map.frameAt(12.0, 48000.0));
    ASSERT_EQ(recorder->heard.size(), 12u) << block;
    for (int beat = 0; beat < 12; ++beat)
      EXPECT_EQ(recorder->heard[static_cast<std::size_t>(beat)].frame, map.frameAt(beat, 48000.0))
          << block << " beat " << beat;
  }
  EXPECT_EQ(graph::MidiPlayer(song, map.tickPlacement(96)).lengthFrames(48000.0),
            map.frameAt(11.0, 48000.0));
  EXPECT_THROW(map.tickPlacement(0), OutOfRangeError);
}

}  // namespace
}  // namespace tonewood::timeline
