// Recording passes: takes of audio inputs and of MIDI become clips where they were played, moved
// back by the latencies; bad arming is refused naming the track and leaves nothing behind.
#include "tonewood/timeline/take_recording.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/audio_file_fixture.hpp"
#include "support/test_processors.hpp"
#include "support/test_signals.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/io/audio_file.hpp"
#include "tonewood/timeline/session_graph.hpp"

namespace tonewood::timeline {
namespace {

constexpr double kRate = 48000.0;

// Passes the MIDI it hears on, as a MIDI input's node does.
class EventThrough final : public graph::Processor {
 public:
  EventThrough() : Processor("through", std::vector<ParamInfo>{}, {0, 0, true, true}) {}

 private:
  void prepareToPlay(const ProcessSpec&) override {}
  void resetState() noexcept override {}
  void render(const graph::ProcessContext& c) noexcept override {
    for (const graph::Event& e : *c.events) c.outputEvents->addFrom(*c.events, e, e.frame);
  }
};

struct Studio {
  Studio() : engine({kRate, 256, 2, 2, 1}) {
    s.addTrack("vox", TrackKind::Audio);
    s.addTrack("keys", TrackKind::Instrument)
        .setInstrument(std::make_shared<test::ClickInstrument>());
    s.master().addInsert(std::make_shared<test::LatencyProcessor>(2, 300));  // the mix's latency
    graph = buildSessionGraph(s, engine, false);
    through = engine.add(std::make_shared<EventThrough>());
  }
  Session s{kRate, 120.0};
  graph::Engine engine;
  SessionGraph graph;
  graph::NodeId through = 0;
};

TEST(TakeRecording, TakesBecomeClipsWherePlayedMovedBackByTheLatencies) {
  io::TempDir dir;
  Studio st;
  ASSERT_EQ(st.engine.latencyFrames(), 300);
  const std::size_t nodes = st.engine.graph().nodeIds().size();
  TakeOptions o;
  o.folder = dir.file("takes");
  o.punchIn = 24000;
  o.latencyFrames = 100;  // the interface's round trip
  TakeRecording pass(st.s, st.engine, {{"vox", {1, 0}, 0}, {"keys", {}, st.through}}, o);
  AudioBuffer input = test::seededNoise(2, 96000, 5);
  const AudioBlockView in = input.view();
  for (std::int64_t f : {30000, 50001})
    st.engine.schedule(st.through, graph::Event::midi(0, 0x90, 60, 100), f);
  st.engine.transport().play();
  st.engine.render(96000, {}, &in);
  const std::vector<TakeResult> results = pass.finish();
  EXPECT_EQ(st.engine.graph().nodeIds().size(), nodes) << "the takes' nodes are gone";
  ASSERT_EQ(results.size(), 2u);

  const TakeResult& vox = results[0];
  EXPECT_EQ(vox.frames, 72000);
  EXPECT_EQ(vox.lost, 0);
  EXPECT_TRUE(vox.failure.empty() && vox.unplaced.empty());
  EXPECT_EQ(std::filesystem::path(vox.path).filename(), "vox take 1.wav");
  const auto& clips = st.s.track("vox").audioClips();
  ASSERT_EQ(clips.size(), 1u);
  const AudioClip& clip = clips[0];
  EXPECT_EQ(clip.id, vox.clip);
  EXPECT_DOUBLE_EQ(clip.start.value, (24000.0 - 400.0) / kRate);  // 300 + 100 frames earlier
  EXPECT_TRUE(clip.source->streamed());
  const AudioBuffer& take = clip.source->audio();
  for (int i = 0; i < 72000; ++i) {  // channels as armed: input 1 first
    ASSERT_EQ(take.channel(0)[i], input.channel(1)[24000 + i]) << i;
    ASSERT_EQ(take.channel(1)[i], input.channel(0)[24000 + i]) << i;
  }

  const TakeResult& keys = results[1];
  EXPECT_TRUE(keys.midi);
  const MidiClip& riff = st.s.track("keys").midiClips().at(0);
  EXPECT_DOUBLE_EQ(riff.start.value, st.s.tempoMap().beatAtFrame(30000 - 400, kRate));
  EXPECT_THROW(pass.finish(), InvalidArgumentError);
}

TEST(TakeRecording, ATakeThatOverlapsAClipKeepsItsFileAndSaysWhy) {
  io::TempDir dir;
  Studio st;
  AudioClip there;
  there.source = AudioSource::fromAudio(test::seededNoise(1, 48000, 1).view(), kRate);
  st.s.addAudioClip("vox", there);
  TakeRecording pass(st.s, st.engine, {{"vox", {0}, 0}}, {dir.file("takes")});
  AudioBuffer input = test::seededNoise(2, 24000, 2);
  const AudioBlockView in = input.view();
  st.engine.transport().play();
  st.engine.render(24000, {}, &in);
  const std::vector<TakeResult> results = pass.finish();
  EXPECT_EQ(results[0].clip, 0u);
  EXPECT_NE(results[0].unplaced.find("overlap"), std::string::npos) << results[0].unplaced;
  EXPECT_TRUE(std::filesystem::exists(results[0].path));
}

TEST(TakeRecording, BadArmingIsRefusedNamingTheTrackAndLeavesNothingBehind) {
  io::TempDir dir;
  Studio st;
  const std::size_t nodes = st.engine.graph().nodeIds().size();
  auto refused = [&](std::vector<ArmedTrack> armed, const std::string& words) {
    try {
      TakeRecording pass(st.s, st.engine, std::move(armed), {dir.file("takes")});
      ADD_FAILURE() << "not refused: " << words;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
    EXPECT_EQ(st.engine.graph().nodeIds().size(), nodes);
  };
  refused({}, "no track is armed");
  refused({{"drums", {0}, 0}}, "drums");
  refused({{"vox", {0}, 0}, {"vox", {1}, 0}}, "armed twice");
  refused({{"vox", {2}, 0}}, "track 'vox' input must be within [0, 1]");
  refused({{"vox", {0, 1, 1}, 0}}, "input channels");
  refused({{"keys", {0}, 0}}, "audio tracks record audio");
  refused({{"vox", {}, st.through}}, "instrument tracks record MIDI");
  refused({{"keys", {}, 9999}}, "which the engine does not have");
  // A take folder that cannot be made (a file is in the way): the MIDI take armed first is undone.
  { std::ofstream(dir.file("file")) << "x"; }
  try {
    TakeRecording pass(st.s, st.engine, {{"keys", {}, st.through}, {"vox", {0}, 0}},
                       {dir.file("file/takes")});
    ADD_FAILURE() << "a folder under a file was accepted";
  } catch (const AudioFileError& e) {
    EXPECT_NE(std::string(e.what()).find("file/takes"), std::string::npos) << e.what();
  }
  EXPECT_EQ(st.engine.graph().nodeIds().size(), nodes);
}

}  // namespace
}  // namespace tonewood::timeline
