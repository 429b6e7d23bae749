#include "tonewood/timeline/session.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <random>
#include <thread>
#include <vector>

#include "support/allocation_counter.hpp"
#include "support/test_processors.hpp"
#include "support/test_signals.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/dsp/fades.hpp"
#include "tonewood/effects/distortion.hpp"
#include "tonewood/graph/engine.hpp"
#include "tonewood/graph/nodes/gain.hpp"
#include "tonewood/instruments/resonator_processor.hpp"
#include "tonewood/midi/message.hpp"
#include "tonewood/timeline/clip_player.hpp"
#include "tonewood/timeline/midi_take_recorder.hpp"
#include "tonewood/timeline/project_file.hpp"
#include "tonewood/timeline/session_graph.hpp"
#include "tonewood/timeline/track_strip.hpp"

namespace tonewood::timeline {
namespace {

constexpr double kRate = 48000.0;

AudioBuffer noise(int channels, int frames, unsigned seed = 7) {
  return test::seededNoise(channels, frames, seed);
}

std::shared_ptr<const AudioSource> sourceOf(const AudioBuffer& audio) {
  AudioBuffer copy(audio.numChannels(), audio.numFrames());
  for (int c = 0; c < audio.numChannels(); ++c)
    std::copy_n(audio.channel(c), audio.numFrames(), copy.channel(c));
  return AudioSource::fromAudio(copy.view(), kRate, "noise");
}

// An audio track "pad" playing a stereo clip of 0.5 (DC) for `frames` from the start.
Track& addDcPad(Session& s, int frames) {
  AudioBuffer dc(2, frames);
  for (int c = 0; c < 2; ++c) std::fill_n(dc.channel(c), frames, 0.5f);
  Track& pad = s.addTrack("pad", TrackKind::Audio);
  AudioClip clip;
  clip.source = sourceOf(dc);
  s.addAudioClip("pad", clip);
  return pad;
}

AudioBuffer bounce(const Session& s, std::int64_t frames, int block = 512, int threads = 1,
                   std::int64_t start = 0) {
  BounceOptions o;
  o.blockSize = block;
  o.threads = threads;
  return s.bounce(start, frames, o).mix;
}

void expectIdentical(const AudioBuffer& a, const AudioBuffer& b) {
  ASSERT_EQ(a.numFrames(), b.numFrames());
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < a.numFrames(); ++i)
      ASSERT_EQ(a.channel(c)[i], b.channel(c)[i]) << "channel " << c << " frame " << i;
}

// What frame i of a clip must be: source frame `at` times gain and fades, in double, then float.
float expected(float x, double gain, std::int64_t i, std::int64_t frames, std::int64_t in,
               dsp::FadeShape inShape, std::int64_t out, dsp::FadeShape outShape) {
  double g = gain;
  if (i < in) g *= dsp::fadeGain(inShape, static_cast<double>(i) / static_cast<double>(in));
  if (i >= frames - out)
    g *= dsp::fadeGain(outShape, static_cast<double>(frames - 1 - i) / static_cast<double>(out));
  return static_cast<float>(static_cast<double>(x) * g);
}

TEST(TimelineSession, AClipPlaysItsTrimmedStretchWithGainAndFadesOnTheExactSamples) {
  const AudioBuffer src = noise(2, 48000);
  Session s(kRate, 120.0);
  s.addTrack("drums", TrackKind::Audio);
  AudioClip clip;
  clip.source = sourceOf(src);
  clip.start = Position::seconds(0.5);
  clip.offsetSeconds = 0.25;
  clip.lengthSeconds = 0.5;
  clip.gainDb = -6.0;
  clip.fadeIn = {0.1, dsp::FadeShape::Linear};
  clip.fadeOut = {0.05, dsp::FadeShape::SCurve};
  s.addAudioClip("drums", clip);
  const AudioBuffer out = bounce(s, 96000);
  const double gain = std::pow(10.0, -6.0 / 20.0);
  for (int c = 0; c < 2; ++c)
    for (int f = 0; f < 96000; ++f) {
      const std::int64_t i = f - 24000;
      const float want = i < 0 || i >= 24000
                             ? 0.0f
                             : expected(src.channel(c)[12000 + i], gain, i, 24000, 4800,
                                        dsp::FadeShape::Linear, 2400, dsp::FadeShape::SCurve);
      ASSERT_EQ(out.channel(c)[f], want) << "channel " << c << " frame " << f;
    }
}

TEST(TimelineSession, AReversedLoopRepeatsItsRegionBackwardsAndAMonoClipPlaysOnBothSides) {
  const AudioBuffer src = noise(1, 10000);
  Session s(kRate);
  s.addTrack("loop", TrackKind::Audio);
  AudioClip clip;
  clip.source = sourceOf(src);
  clip.start = Position::seconds(0.0);
  clip.offsetSeconds = 2000 / kRate;
  clip.loopSeconds = 1000 / kRate;
  clip.lengthSeconds = 3500 / kRate;
  clip.loop = true;
  clip.reverse = true;
  s.addAudioClip("loop", clip);
  const AudioBuffer out = bounce(s, 4000, 333);
  for (int i = 0; i < 4000; ++i) {
    const float want = i < 3500 ? src.channel(0)[2000 + 999 - i % 1000] : 0.0f;
    ASSERT_EQ(out.channel(0)[i], want) << i;
    ASSERT_EQ(out.channel(1)[i], want) << i;
  }
}

TEST(TimelineSession, AClipPlacedInBeatsFollowsTheTempoMap) {
  AudioBuffer one(1, 10);
  one.channel(0)[0] = 1.0f;
  Session s(kRate, 90.0);
  s.tempoMap().setTempo(2.0, 90.0, TempoCurve::Linear);
  s.tempoMap().setTempo(6.0, 150.0);
  s.addTrack("hit", TrackKind::Audio);
  AudioClip clip;
  clip.source = sourceOf(one);
  clip.start = Position::beats(5.0);
  s.addAudioClip("hit", clip);
  const std::int64_t at = s.tempoMap().frameAt(5.0, kRate);
  const AudioBuffer out = bounce(s, at + 100, 64);
  for (std::int64_t f = 0; f < at + 100; ++f)
    ASSERT_EQ(out.channel(0)[f], f == at ? 1.0f : 0.0f) << f;
}

TEST(TimelineSession, BouncesAreBitIdenticalForAnyBlockSizeThreadCountAndStartingPoint) {
  Session s(kRate, 128.0);
  for (int t = 0; t < 4; ++t) {
    const std::string name = "track " + std::to_string(t);
    s.addTrack(name, TrackKind::Audio);
    for (int k = 0; k < 3; ++k) {
      AudioClip clip;
      clip.source = sourceOf(noise(t % 2 + 1, 9000, static_cast<unsigned>(10 * t + k)));
      clip.start = Position::beats(2.0 * k + 0.25 * t);
      clip.fadeIn = {0.01, dsp::FadeShape::EqualPower};
      clip.fadeOut = {0.02, dsp::FadeShape::Exponential};
      s.addAudioClip(name, clip);
    }
    s.track(name).setPan(-0.6 + 0.4 * t);
    s.track(name).volumeLane().addPoint({Position::beats(0.0), -12.0});
    s.track(name).volumeLane().addPoint({Position::beats(3.0), 0.0, AutomationCurve::Smooth});
    s.track(name).volumeLane().addPoint({Position::beats(5.0), -6.0});
  }
  const AudioBuffer reference = bounce(s, 140000, 512, 1);
  expectIdentical(bounce(s, 140000, 1, 1), reference);
  expectIdentical(bounce(s, 140000, 333, 2), reference);
  expectIdentical(bounce(s, 140000, 4096, 2), reference);
  // Starting mid-clip gives the same samples as the full bounce from there.
  const AudioBuffer tail = bounce(s, 40000, 512, 1, 50001);
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < 40000; ++i) ASSERT_EQ(tail.channel(c)[i], reference.channel(c)[50001 + i]);
}

TEST(TimelineSession, AVolumeRampIsExactOnEveryFrame) {
  Session s(kRate);
  Track& t = addDcPad(s, 48000);
  t.volumeLane().addPoint({Position::seconds(0.25), -30.0});
  t.volumeLane().addPoint({Position::seconds(0.75), 6.0});
  const AudioBuffer out = bounce(s, 48000, 100);
  for (int f = 0; f < 48000; ++f) {
    double db = -30.0;
    if (f >= 36000)
      db = 6.0;
    else if (f > 12000)
      db = -30.0 + 36.0 * static_cast<double>(f - 12000) / 24000.0;
    // The fader computes its gains in float by polynomials: within two float steps (2e-7,
    // -134 dB) of the exact curve on every frame, where a gain per block would miss by 1e-2.
    const double want = 0.5 * std::pow(10.0, db / 20.0);
    ASSERT_NEAR(out.channel(0)[f], want, 2e-7 * want) << f;
    ASSERT_NEAR(out.channel(1)[f], want, 2e-7 * want) << f;
  }
}

TEST(TimelineSession, BusesSendsSoloMuteAndPolarityMixAsTheyShould) {
  AudioBuffer dc(1, 4800);
  std::fill_n(dc.channel(0), 4800, 0.25f);
  Session s(kRate);
  for (const char* name : {"a", "b"}) {
    s.addTrack(name, TrackKind::Audio);
    AudioClip clip;
    clip.source = sourceOf(dc);
    s.addAudioClip(name, clip);
  }
  s.addTrack("verb", TrackKind::Bus);
  s.track("a").setSend("verb", -6.0206);  // half
  s.track("b").setOutput("verb");
  s.track("verb").setVolumeDb(-6.0206);
  // a: 0.25 direct + 0.125 through the bus at half; b: 0.25 through the bus at half.
  float got = bounce(s, 1000).channel(0)[500];
  EXPECT_NEAR(got, 0.25 + 0.0625 + 0.125, 1e-5);
  s.track("b").setInvert(true);
  got = bounce(s, 1000).channel(0)[500];
  EXPECT_NEAR(got, 0.25 + 0.0625 - 0.125, 1e-5);
  s.track("a").setSolo(true);  // b falls silent; the bus still carries a's send
  got = bounce(s, 1000).channel(1)[500];
  EXPECT_NEAR(got, 0.25 + 0.0625, 1e-5);
  s.track("a").setMute(true);
  EXPECT_EQ(bounce(s, 1000).channel(0)[500], 0.0f);  // its post-fader send goes quiet with it
  s.track("a").setSend("verb", -6.0206, true);       // a pre-fader send does not
  EXPECT_NEAR(bounce(s, 1000).channel(0)[500], 0.0625, 1e-5);
}

TEST(TimelineSession, AMidiClipPlaysItsNotesOnTheBeatsOfTheSongsTempoMap) {
  Session s(kRate, 100.0);
  s.tempoMap().setTempo(4.0, 100.0, TempoCurve::Linear);
  s.tempoMap().setTempo(12.0, 160.0);
  Track& keys = s.addTrack("keys", TrackKind::Instrument);
  keys.setInstrument(std::make_shared<test::ClickInstrument>());
  MidiClip clip;
  clip.name = "riff";
  clip.start = Position::beats(3.0);
  midi::MidiTrack track;
  for (int k = 0; k < 6; ++k) {
    track.add(midi::MidiEvent::channel(480 * k, midi::Message::noteOn(0, 60, 127)));
    track.add(midi::MidiEvent::channel(480 * k + 240, midi::Message::noteOff(0, 60, 0)));
  }
  clip.file.tracks.push_back(track);
  keys.addMidiClip(clip);
  const std::int64_t last = s.tempoMap().frameAt(8.0, kRate);
  for (int block : {64, 512}) {
    const AudioBuffer out = bounce(s, last + 10, block);
    std::vector<std::int64_t> clicks;
    for (std::int64_t f = 0; f < last + 10; ++f)
      if (out.channel(0)[f] != 0.0f) clicks.push_back(f);
    ASSERT_EQ(clicks.size(), 6u);
    for (int k = 0; k < 6; ++k) EXPECT_EQ(clicks[k], s.tempoMap().frameAt(3.0 + k, kRate));
  }
}

TEST(TimelineSession, AnInsertsLatencyIsCompensatedInTheBounce) {
  AudioBuffer one(1, 10);
  one.channel(0)[0] = 1.0f;
  Session s(kRate);
  Track& t = s.addTrack("hit", TrackKind::Audio);
  AudioClip clip;
  clip.source = sourceOf(one);
  clip.start = Position::seconds(0.01);
  s.addAudioClip("hit", clip);
  t.addInsert(std::make_shared<test::LatencyProcessor>(2, 300));
  const AudioBuffer out = bounce(s, 2000);
  for (int f = 0; f < 2000; ++f) ASSERT_EQ(out.channel(0)[f], f == 480 ? 1.0f : 0.0f) << f;
  t.setBypass(0, true);
  EXPECT_EQ(bounce(s, 2000).channel(0)[480], 1.0f);
}

TEST(TimelineSession, BadEditsAreRefusedWithTheirValuesAndChangeNothing) {
  Session s(kRate);
  s.addTrack("a", TrackKind::Audio);
  AudioClip clip;
  clip.source = sourceOf(noise(2, 48000));
  clip.name = "first";
  s.addAudioClip("a", clip);
  clip.name = "second";
  clip.start = Position::seconds(0.5);
  try {
    s.addAudioClip("a", clip);
    FAIL() << "overlap accepted";
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(
        std::string(e.what()).find("'second' (0.5 to 1.5 s) overlaps clip 'first' (0 to 1 s)"),
        std::string::npos)
        << e.what();
  }
  EXPECT_EQ(s.track("a").audioClips().size(), 1u);
  clip.start = Position::seconds(1.0);
  clip.lengthSeconds = 2.0;
  EXPECT_THROW(s.addAudioClip("a", clip), OutOfRangeError);  // past the source without loop
  clip.lengthSeconds = -1.0;
  clip.fadeIn = {0.7, dsp::FadeShape::Linear};
  clip.fadeOut = {0.7, dsp::FadeShape::Linear};
  EXPECT_THROW(s.addAudioClip("a", clip), OutOfRangeError);  // fades overlap
  EXPECT_THROW(s.addTrack("a", TrackKind::Bus), InvalidArgumentError);
  EXPECT_THROW(s.track("a").setVolumeDb(30.0), OutOfRangeError);
  EXPECT_THROW(s.track("a").volumeLane().addPoint({Position::seconds(1.0), 40.0}), OutOfRangeError);
  EXPECT_THROW(s.track("a").volumeLane().addPoint({Position::seconds(-1.0), 0.0}), OutOfRangeError);
  EXPECT_THROW(s.tempoMap().setTempo(4.0, 1000.0), OutOfRangeError);
  // Routing: to a track that is not a bus, then a loop between buses.
  s.track("a").setOutput("a2");
  EXPECT_THROW(s.validate(), InvalidArgumentError);
  s.addTrack("x", TrackKind::Bus);
  s.addTrack("y", TrackKind::Bus);
  s.track("a").setOutput("x");
  s.track("x").setOutput("y");
  s.track("y").setSend("x", 0.0);
  try {
    s.validate();
    FAIL() << "loop accepted";
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("loops: 'a' -> 'x' -> 'y' -> 'x'"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(s.removeTrack("y"), InvalidArgumentError);  // x routes to it
}

TEST(TimelineSession, AProjectSavedAndLoadedBouncesTheSameSamples) {
  const auto folder =
      std::filesystem::temp_directory_path() / ("tonewood-project-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  Session s(kRate, 100.0);
  s.tempoMap().setTempo(2.0, 100.0, TempoCurve::Linear);
  s.tempoMap().setTempo(6.0, 70.0);
  Track& a = s.addTrack("a", TrackKind::Audio);
  AudioClip clip;
  clip.source = sourceOf(noise(2, 20000));
  clip.name = "noise";
  clip.start = Position::beats(1.5);
  clip.reverse = true;
  clip.fadeOut = {0.1, dsp::FadeShape::EqualPower};
  s.addAudioClip("a", clip);
  a.panLane().addPoint({Position::beats(0.0), -1.0, AutomationCurve::Smooth});
  a.panLane().addPoint({Position::beats(4.0), 1.0});
  Track& keys = s.addTrack("keys", TrackKind::Instrument);
  keys.setInstrument(std::make_shared<instruments::ResonatorProcessor>());
  MidiClip riff;
  riff.start = Position::beats(1.0);
  midi::MidiTrack notes;
  notes.add(midi::MidiEvent::channel(0, midi::Message::noteOn(0, 57, 100)));
  notes.add(midi::MidiEvent::channel(960, midi::Message::noteOff(0, 57, 0)));
  riff.file.tracks.push_back(notes);
  keys.addMidiClip(riff);
  const std::string path = (folder / "song.tonewood.json").string();
  saveProject(s, path);
  LoadedProject loaded = loadProject(path);
  EXPECT_TRUE(loaded.warnings.empty());
  expectIdentical(bounce(loaded.session, 200000), bounce(s, 200000));
  EXPECT_EQ(loaded.session.track("keys").midiClips()[0].file, riff.file);
  std::filesystem::remove_all(folder);
}

TEST(TimelineSession, AMidiTakeBecomesAClipThatPlaysOnTheFramesItWasPlayedOn) {
  // Notes at odd frames (a player's timing), sent while the transport plays from frame 30000.
  const std::vector<std::int64_t> played = {31234, 40001, 40002, 77777, 90000, 123457};
  graph::Engine engine({kRate, 256, 0, 1, 1});
  auto recorder = std::make_shared<MidiTakeRecorder>();
  const graph::NodeId node = engine.add(recorder);
  engine.connect(engine.add(std::make_shared<test::ClickInstrument>()), graph::Graph::kOutput);
  const TempoMap map(137.0);
  engine.transport().setTempoSource(std::make_shared<TempoMap>(map));
  engine.transport().locate(Frames{30000});
  recorder->start(31000);
  for (std::int64_t f : played)  // the engine's clock runs 30000 frames behind the timeline
    engine.schedule(node, graph::Event::midi(0, 0x90, 60, 100), f - 30000);
  engine.render(100000);
  recorder->stop();
  EXPECT_EQ(recorder->size(), played.size());
  MidiTakeRecorder::Taken take = recorder->take(map, kRate);
  EXPECT_EQ(take.firstFrame, 31234);
  // As a clip on a song with the same tempo, starting at the first message's beat.
  Session s(kRate, 137.0);
  Track& keys = s.addTrack("keys", TrackKind::Instrument);
  keys.setInstrument(std::make_shared<test::ClickInstrument>());
  MidiClip clip;
  clip.start = Position::beats(map.beatAtFrame(take.firstFrame, kRate));
  clip.file = take.file;
  keys.addMidiClip(clip);
  const AudioBuffer out = bounce(s, 130000);
  std::vector<std::int64_t> clicks;
  for (std::int64_t f = 0; f < 130000; ++f)
    if (out.channel(0)[f] != 0.0f) clicks.push_back(f);
  EXPECT_EQ(clicks, std::vector<std::int64_t>({31234, 40001, 40002, 77777, 90000, 123457}));
}

TEST(TimelineSession, AGainRampThroughAnInsertIsExactOnEverySample) {
  const AudioBuffer src = noise(2, 48000);
  Session s(kRate, 120.0);
  s.addTrack("gain", TrackKind::Audio).addInsert(std::make_shared<graph::Gain>(2));
  auto distortion = std::make_shared<effects::Distortion>();
  distortion->setParameter("type", 1.0f);  // hard clip: a plain gain below full scale
  s.addTrack("effect", TrackKind::Audio).addInsert(distortion);
  for (const char* name : {"gain", "effect"}) {
    AudioClip clip;
    clip.source = sourceOf(src);
    s.addAudioClip(name, clip);
  }
  AutomationLane& gain = s.track("gain").parameterLane(0, "gain_db");
  gain.addPoint({Position::seconds(0.1), -20.0});
  gain.addPoint({Position::seconds(0.3), 0.0, AutomationCurve::Smooth});
  gain.addPoint({Position::seconds(0.5), -6.0});
  AutomationLane& output = s.track("effect").parameterLane(0, "output_db");
  output.addPoint({Position::seconds(0.1), -20.0});
  output.addPoint({Position::seconds(0.4), 6.0});
  s.track("effect").setMute(true);
  ScheduledLane g(gain, s.tempoMap(), kRate), o(output, s.tempoMap(), kRate);
  for (int block : {512, 100}) {
    const AudioBuffer out = bounce(s, 36000, block);
    for (int c = 0; c < 2; ++c)
      for (std::int64_t f = 0; f < 36000; ++f) {
        // What the Gain node does with the lane's value at this very frame.
        const float want =
            src.channel(c)[f] * std::pow(10.0f, static_cast<float>(g.valueAt(f)) / 20.0f);
        ASSERT_EQ(out.channel(c)[f], want) << "block " << block << " frame " << f;
      }
  }
  s.track("effect").setMute(false);
  s.track("gain").setMute(true);
  const AudioBuffer out = bounce(s, 36000, 256);
  for (std::int64_t f = 0; f < 36000; ++f) {
    const double want = src.channel(0)[f] * std::pow(10.0, o.valueAt(f) / 20.0);
    ASSERT_NEAR(out.channel(0)[f], want, 1e-6 * std::abs(want) + 1e-9) << "frame " << f;
  }
}

TEST(TimelineSession, AnEditWhilePlayingSwapsTheGraphKeepingAndReleasingTheInstrument) {
  Session s(kRate);
  addDcPad(s, 48000);
  auto keys = std::make_shared<test::EventRecorder>();
  s.addTrack("keys", TrackKind::Instrument).setInstrument(keys);
  // An instrument with automation lanes keeps its node too: its lanes are swapped.
  Track& synth = s.addTrack("synth", TrackKind::Instrument);
  synth.setInstrument(std::make_shared<instruments::ResonatorProcessor>());
  synth.parameterLane(-1, "decayTime wb0r0").addPoint({Position::seconds(0.0), 1.0});
  graph::Engine engine({kRate, 256, 0, 2, 1});
  SessionGraph g = buildSessionGraph(s, engine, false);
  const graph::NodeId instrument = g.tracks[1].instrument, synthNode = g.tracks[2].instrument;
  engine.transport().play();
  const AudioBuffer before = engine.render(4800);
  EXPECT_EQ(before.channel(0)[4799], 0.5f);
  s.track("pad").setVolumeDb(-6.0);
  g = rebuildSessionGraph(s, engine, g);
  EXPECT_EQ(g.tracks[1].instrument, instrument);  // the same node: its voices ring on
  synth.parameterLane(-1, "decayTime wb0r0").addPoint({Position::seconds(1.0), 3.0});
  g = rebuildSessionGraph(s, engine, g);
  EXPECT_EQ(g.tracks[2].instrument, synthNode);
  const AudioBuffer after = engine.render(4800);
  EXPECT_EQ(after.channel(0)[0], static_cast<float>(0.5 * std::pow(10.0, -6.0 / 20.0)));
  // It heard the sustain pedal lifted and all notes off on all 16 channels, at the swap.
  int offs = 0;
  for (const auto& h : keys->heard)
    if ((h.status & 0xF0) == 0xB0 && h.data1 == 123) {
      ++offs;
      EXPECT_EQ(h.frame, 4800);
    }
  EXPECT_EQ(offs, 32);  // two rebuilds before the next block
  // A bad edit leaves the graph playing as it was.
  s.track("pad").setOutput("nowhere");
  EXPECT_THROW(rebuildSessionGraph(s, engine, g), InvalidArgumentError);
  EXPECT_EQ(engine.render(256).channel(0)[0], after.channel(0)[0]);
}

TEST(TimelineSession, LanesRefreshInPlaceKeepingEveryNodeAndSayWhenARebuildIsNeeded) {
  Session s(kRate);
  Track& pad = addDcPad(s, 96000);
  pad.addInsert(std::make_shared<graph::Gain>(2));  // built without lanes
  pad.addInsert(std::make_shared<graph::Gain>(2));
  pad.parameterLane(1, "gain_db").addPoint({Position::seconds(0.0), -6.0});  // built with one
  graph::Engine engine({kRate, 256, 0, 2, 1});
  const SessionGraph g = buildSessionGraph(s, engine, false);
  const std::vector<graph::NodeId> nodes = engine.graph().nodeIds();
  engine.transport().play();
  EXPECT_FLOAT_EQ(engine.render(4800).channel(0)[4799], 0.5f * std::pow(10.0f, -6.0f / 20.0f));
  // The fader's lane and the held insert's lane change in place: the same nodes, heard next block.
  pad.volumeLane().addPoint({Position::seconds(0.0), -20.0});
  pad.parameterLane(1, "gain_db").addPoint({Position::seconds(0.0), 0.0});
  EXPECT_TRUE(refreshTrackLanes(s, g, "pad"));
  EXPECT_EQ(engine.graph().nodeIds(), nodes);
  EXPECT_FLOAT_EQ(engine.render(4800).channel(0)[4799], 0.05f);
  // A lane on the insert built without lanes has no holder to take it: a rebuild is needed.
  pad.parameterLane(0, "gain_db").addPoint({Position::seconds(0.0), -3.0});
  EXPECT_FALSE(refreshTrackLanes(s, g, "pad"));
  s.addTrack("later", TrackKind::Audio);  // in the session, not yet in the graph
  EXPECT_FALSE(refreshTrackLanes(s, g, "later"));
  EXPECT_THROW(refreshTrackLanes(s, g, "no such track"), Error);
}

TEST(TimelineSession, ClipsAndLanesSwappedWhilePlayingLiveCostTheAudioThreadNoAllocation) {
  graph::Engine engine({kRate, 64, 0, 2, 1});
  auto player = std::make_shared<ClipPlayer>();
  auto strip = std::make_shared<TrackStrip>();
  const graph::NodeId p = engine.add(player), t = engine.add(strip);
  engine.connect(p, t);
  engine.connect(t, graph::Graph::kOutput);
  engine.transport().setLooping(false);
  engine.transport().play();
  engine.setLive(true);
  const TempoMap map(120.0);
  AudioClip clip;
  clip.source = sourceOf(noise(2, 4800));
  clip.fadeIn = {0.01, dsp::FadeShape::SCurve};
  AutomationLane lane("volume", -120.0, 24.0, "dB");
  lane.addPoint({Position::seconds(0.0), -20.0});
  lane.addPoint({Position::seconds(0.05), 0.0, AutomationCurve::Bezier, 0.5});
  std::atomic<bool> done{false};
  std::thread control([&] {
    for (int i = 0; i < 300; ++i) {
      clip.start = Position::seconds(0.001 * (i % 50));
      player->setClips({ScheduledClip::of(clip, map, kRate)});
      strip->setAutomation(ScheduledLane(lane, map, kRate), ScheduledLane());
      if (i % 20 == 0) engine.transport().locate(Frames{0});
    }
    done = true;
  });
  AudioBuffer block(2, 64);
  std::size_t blocks = 0, allocations = 0;
  {
    test::AllocationCounter counter;
    while (!done.load() || blocks < 200) {
      engine.process(AudioBlockView(), block.view(), true);
      ++blocks;
    }
    allocations = counter.allocations() + counter.deallocations();
  }
  control.join();
  engine.setLive(false);
  EXPECT_EQ(allocations, 0u) << "over " << blocks << " blocks";
}

}  // namespace
}  // namespace tonewood::timeline
