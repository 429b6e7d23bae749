// The beat sequencer sends what is placed on the beat grid on the exact frame the transport's
// tempo gives each beat, whatever the block size, once, looped or not, and ends its notes where
// the transport stops.
#include "tonewood/graph/nodes/beat_sequencer.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "support/test_processors.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/graph/engine.hpp"
#include "tonewood/timeline/tempo_map.hpp"

namespace tonewood::graph {
namespace {

using test::EventRecorder;
using Step = BeatSequencer::Step;

Step note(double beat, int key, int velocity) {
  return {beat,
          {static_cast<std::uint8_t>(velocity > 0 ? 0x90 : 0x80), static_cast<std::uint8_t>(key),
           static_cast<std::uint8_t>(velocity)},
          3};
}

struct Sequenced {
  std::unique_ptr<Engine> engine;
  std::shared_ptr<BeatSequencer> sequencer = std::make_shared<BeatSequencer>();
  std::shared_ptr<EventRecorder> heard = std::make_shared<EventRecorder>();
};

Sequenced sequenced(int block) {
  Sequenced s{std::make_unique<Engine>(EngineOptions{48000.0, block, 0, 1, 1})};
  const NodeId seq = s.engine->add(s.sequencer);
  const NodeId rec = s.engine->add(s.heard);
  s.engine->connectEvents(seq, rec);
  s.engine->connect(rec, Graph::kOutput);
  return s;
}

std::vector<std::pair<std::int64_t, int>> heardNotes(const EventRecorder& r) {
  std::vector<std::pair<std::int64_t, int>> out;
  for (const auto& h : r.heard)
    out.emplace_back(h.frame, (h.status & 0xF0) == 0x90 && h.data2 > 0 ? h.data1 : -h.data1);
  return out;
}

TEST(BeatSequencer, StepsLandOnTheirBeatsFrameWhateverTheBlockSize) {
  for (int block : {1, 7, 512, 4096}) {
    Sequenced s = sequenced(block);
    s.engine->transport().setTempo(120.0);  // a beat is 24000 frames
    s.sequencer->setPattern({note(2.5, 64, 90), note(0.0, 60, 100), note(1.0, 60, 0),
                             note(1.0, 62, 100), note(3.25, 62, 0)});
    s.engine->render(5 * 24000);
    const std::vector<std::pair<std::int64_t, int>> want = {
        {0, 60}, {24000, -60}, {24000, 62}, {60000, 64}, {78000, -62}};
    EXPECT_EQ(heardNotes(*s.heard), want) << block;
  }
}

TEST(BeatSequencer, ALoopRepeatsThePatternAndANoteOnTheBeatSoundsAgain) {
  Sequenced s = sequenced(300);
  s.engine->transport().setTempo(90.0);  // a beat is 32000 frames
  // Two-beat loop: C on 0 held to 2 (its note-off comes first at the loop's start), E on 1.5.
  s.sequencer->setPattern(
      {note(0.0, 60, 100), note(0.0, 60, 0), note(1.5, 64, 100), note(1.75, 64, 0)}, 2.0);
  s.engine->render(3 * 64000);
  std::vector<std::pair<std::int64_t, int>> want;
  for (std::int64_t k = 0; k < 3; ++k) {
    if (k > 0) want.push_back({k * 64000, -60});  // its off, only once it was started
    want.push_back({k * 64000, 60});
    want.push_back({k * 64000 + 48000, 64});
    want.push_back({k * 64000 + 56000, -64});
  }
  EXPECT_EQ(heardNotes(*s.heard), want);
}

TEST(BeatSequencer, FollowsATempoRampToTheFrame) {
  timeline::TempoMap map(100.0);
  map.setTempo(1.0, 100.0, timeline::TempoCurve::Linear);
  map.setTempo(5.0, 200.0);
  Sequenced s = sequenced(256);
  s.engine->transport().setTempoSource(std::make_shared<timeline::TempoMap>(map));
  std::vector<Step> steps;
  for (int i = 0; i < 12; ++i) steps.push_back(note(0.5 * i, 60 + i, 100));
  s.sequencer->setPattern(steps);
  s.engine->render(map.frameAt(6.0, 48000.0) + 1);
  ASSERT_EQ(s.heard->heard.size(), 12u);
  for (int i = 0; i < 12; ++i)
    EXPECT_EQ(s.heard->heard[i].frame, map.frameAt(0.5 * i, 48000.0)) << i;
}

// A tempo source whose beat steps back by a hair at one frame, as a Link session may.
class SteppingBack final : public TempoSource {
 public:
  TempoSegment segmentAt(std::int64_t frame, double) const noexcept override {
    TempoSegment s;
    s.bpm = 120.0;
    if (frame < 24000) {
      s.endFrame = 24000;
    } else {
      s.startFrame = 24000;
      s.startBeat = 1.0 - 1e-4;
    }
    return s;
  }
};

TEST(BeatSequencer, ABeatPassedAgainWithoutAJumpIsNotSentTwice) {
  Sequenced s = sequenced(64);
  s.engine->transport().setTempoSource(std::make_shared<SteppingBack>());
  s.sequencer->setPattern({note(0.99995, 60, 100), note(1.5, 60, 0)});
  s.engine->render(48000);
  EXPECT_EQ(heardNotes(*s.heard).size(), 2u);
}

TEST(BeatSequencer, StoppingEndsTheNotesThatSound) {
  Sequenced s = sequenced(128);
  s.engine->transport().setTempo(120.0);
  s.sequencer->setPattern({note(0.0, 60, 100), note(0.0, 67, 100), note(4.0, 60, 0)});
  s.engine->render(12000);
  s.engine->transport().stop();
  AudioBuffer out(1, 128);
  s.engine->process(AudioBlockView(nullptr, 0, 128), out.view(), false);
  const std::vector<std::pair<std::int64_t, int>> want = {
      {0, 60}, {0, 67}, {12000, -60}, {12000, -67}};
  EXPECT_EQ(heardNotes(*s.heard), want);
}

TEST(BeatSequencer, RefusesStepsItCannotPlace) {
  BeatSequencer seq;
  EXPECT_THROW(seq.setPattern({note(-1.0, 60, 100)}), OutOfRangeError);
  EXPECT_THROW(seq.setPattern({note(std::nan(""), 60, 100)}), OutOfRangeError);
  EXPECT_THROW(seq.setPattern({note(4.0, 60, 100)}, 4.0), OutOfRangeError);
  EXPECT_THROW(seq.setPattern({}, -2.0), OutOfRangeError);
  EXPECT_THROW(seq.setPattern({Step{0.0, {0xF8, 0, 0}, 1}}), InvalidArgumentError);
  EXPECT_THROW(seq.setPattern({Step{0.0, {0x90, 60, 0}, 2}}), InvalidArgumentError);
  EXPECT_THROW(seq.setPattern({Step{0.0, {0x90, 200, 1}, 3}}), InvalidArgumentError);
  EXPECT_NO_THROW(seq.setPattern({Step{0.0, {0xC0, 5, 0}, 2}}));
}

}  // namespace
}  // namespace tonewood::graph
