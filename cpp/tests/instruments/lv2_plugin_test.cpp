// LV2 hosting: what discovery reports, a plugin's control ports as parameters with their ranges,
// the sound it makes (an amplifier's exact gain), parameter changes at their frame, and plugins
// that cannot be hosted refused with the reason.
#include "tonewood/instruments/lv2_plugin.hpp"

#include <dlfcn.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

#include "tonewood/core/errors.hpp"
#include "tonewood/graph/engine.hpp"
#include "tonewood/graph/nodes/audio_player.hpp"

namespace tonewood::instruments {
namespace {

const char* kAmp = "http://lv2plug.in/plugins/eg-amp";

#define REQUIRE_EXAMPLES()                                                                   \
  if (!std::filesystem::exists("/usr/lib/lv2/eg-amp.lv2"))                                   \
  GTEST_SKIP() << "the LV2 example plugins are not installed (Debian package lv2-examples, " \
                  "which scripts/install-deps installs)"

const Lv2PluginInfo* find(const std::vector<Lv2PluginInfo>& all, const std::string& uri) {
  auto it = std::find_if(all.begin(), all.end(), [&](const auto& p) { return p.uri == uri; });
  return it == all.end() ? nullptr : &*it;
}

TEST(Lv2Plugin, DiscoveryReportsPortsKindsAndTheFeaturesWeLack) {
  REQUIRE_EXAMPLES();
  const auto all = lv2Plugins();
  const Lv2PluginInfo* amp = find(all, kAmp);
  ASSERT_NE(amp, nullptr);
  EXPECT_EQ(amp->name, "Simple Amplifier");
  EXPECT_EQ(amp->kind, "Amplifier Plugin");
  EXPECT_EQ(amp->audioInputs, 1);
  EXPECT_EQ(amp->audioOutputs, 1);
  EXPECT_EQ(amp->controlInputs, 1);
  EXPECT_TRUE(amp->missingFeatures.empty());
  const Lv2PluginInfo* sampler = find(all, "http://lv2plug.in/plugins/eg-sampler");
  ASSERT_NE(sampler, nullptr);
  EXPECT_EQ(sampler->midiInputs, 1);
  EXPECT_TRUE(sampler->instrument());
  EXPECT_EQ(sampler->requiredFeatures.size(), 3u);  // urid map, worker, default state: all given
  EXPECT_TRUE(sampler->missingFeatures.empty());
}

TEST(Lv2Plugin, ASamplerLoadsItsSampleThroughTheWorkerAndPlaysMidiOnItsFrame) {
  REQUIRE_EXAMPLES();
  auto render = [](int block) {
    graph::Engine engine({48000.0, block, 0, 1, 1});
    const graph::NodeId node =
        engine.add(std::make_shared<Lv2Processor>("http://lv2plug.in/plugins/eg-sampler"));
    engine.connect(node, graph::Graph::kOutput);
    engine.schedule(node, graph::Event::midi(0, 0x90, 60, 100), 1000);
    const AudioBuffer out = engine.render(24000);
    return std::vector<float>(out.channel(0), out.channel(0) + out.numFrames());
  };
  const std::vector<float> a = render(256);
  const auto first = std::find_if(a.begin(), a.end(), [](float x) { return std::abs(x) > 1e-4f; });
  EXPECT_EQ(first - a.begin(), 1000);  // the sample starts on the note's frame
  EXPECT_EQ(render(64), a);            // offline the worker runs inside run(): deterministic
}

TEST(Lv2Plugin, ControlPortsAreParametersAndTheAmplifierGainIsExact) {
  REQUIRE_EXAMPLES();
  // By URI and by bundle path alike.
  for (const std::string& name : {std::string(kAmp), std::string("/usr/lib/lv2/eg-amp.lv2")}) {
    auto amp = std::make_shared<Lv2Processor>(name);
    ASSERT_EQ(amp->numParameters(), 1u) << name;
    const ParamInfo& gain = amp->parameterInfo(0);
    EXPECT_EQ(gain.id, "gain");
    EXPECT_EQ(gain.unit, "dB");
    EXPECT_EQ(gain.min, -90.0f);
    EXPECT_EQ(gain.max, 24.0f);
    EXPECT_EQ(amp->parameter(0), 0.0f);
    EXPECT_EQ(amp->numInputChannels(), 1);
    EXPECT_EQ(amp->numOutputChannels(), 1);
  }
  graph::Engine engine({48000.0, 256, 1, 1, 1});
  auto amp = std::make_shared<Lv2Processor>(kAmp);
  amp->setParameter("gain", -6.0f);
  const graph::NodeId node = engine.add(amp);
  engine.connect(graph::Graph::kInput, node);
  engine.connect(node, graph::Graph::kOutput);
  // At frame 1000 the gain jumps to +6 dB, inside a block: run() is split there.
  engine.schedule(node, graph::Event::parameter(0, 0, 6.0f), 1000);
  AudioBuffer in(1, 2048);
  for (int i = 0; i < 2048; ++i) in.channel(0)[i] = 0.5f * std::sin(0.01f * static_cast<float>(i));
  const AudioBlockView input = in.view();
  const AudioBuffer out = engine.render(2048, {}, &input);
  const float down = std::pow(10.0f, -6.0f * 0.05f), up = std::pow(10.0f, 6.0f * 0.05f);
  for (int i = 1; i < 2048; ++i) {
    const float expected = in.channel(0)[i] * (i < 1000 ? down : up);
    ASSERT_NEAR(out.channel(0)[i], expected, 1e-6f) << i;
  }
}

// 120 BPM until frame 60100, 90 BPM after: a tempo change inside a host block.
class OneTempoChange final : public graph::TempoSource {
 public:
  static constexpr std::int64_t kChange = 60100;
  graph::TempoSegment segmentAt(std::int64_t frame, double sampleRate) const noexcept override {
    graph::TempoSegment first;
    first.endFrame = kChange;
    if (frame < kChange) return first;
    graph::TempoSegment second;
    second.startFrame = kChange;
    second.startBeat = first.beatAt(kChange, sampleRate);
    second.bpm = 90.0;
    return second;  // still bar 0, whose bar line is beat 0
  }
};

TEST(Lv2Plugin, AMetronomeHearsATempoChangeInsideABlockAtItsFrame) {
  REQUIRE_EXAMPLES();
  // Kept loaded, so that the leak eg-metro has of its own is traced to it (and suppressed under
  // LeakSanitizer, cpp/tests/lsan_suppressions.txt) after lilv lets the library go.
  ::dlopen("/usr/lib/lv2/eg-metro.lv2/metro.so", RTLD_NOW | RTLD_NODELETE);
  auto clicks = [](int block) {
    graph::Engine engine({48000.0, block, 0, 1, 1});
    engine.transport().setTempoSource(std::make_shared<OneTempoChange>());
    const graph::NodeId node =
        engine.add(std::make_shared<Lv2Processor>("http://lv2plug.in/plugins/eg-metro"));
    engine.connect(node, graph::Graph::kOutput);
    const AudioBuffer out = engine.render(110000);
    std::vector<int> onsets;
    int quiet = 1000;
    for (int i = 0; i < out.numFrames(); ++i) {
      const bool on = std::abs(out.channel(0)[i]) > 1e-4f;
      if (on && quiet >= 200) onsets.push_back(i);
      quiet = on ? 0 : quiet + 1;
    }
    return onsets;
  };
  const std::vector<int> at512 = clicks(512);  // 60100 is inside the block 59904..60416
  ASSERT_EQ(at512.size(), 5u);
  EXPECT_EQ(at512[0], 1);  // the click's first sample is 0
  EXPECT_EQ(at512[1], 24001);
  EXPECT_EQ(at512[2], 48001);
  // Beat 3 at 90 BPM: 60100 + (3 - 2.5041667) * 32000 = 75966.7; beat 4 a beat later.
  EXPECT_NEAR(at512[3], 75967.7, 1.5);
  EXPECT_NEAR(at512[4], 107967.7, 1.5);
  EXPECT_EQ(clicks(100), at512);
  EXPECT_EQ(clicks(333), at512);
}

TEST(Lv2Plugin, TheHostDrivesTheTempoAndFreeWheelingInputs) {
  lv2LoadBundle(TONEWOOD_TEST_MISBEHAVING_BUNDLE);
  auto plugin = std::make_shared<Lv2Processor>("urn:tonewood:test:misbehaving");
  ASSERT_EQ(plugin->numParameters(), 1u);  // designated inputs are not the user's parameters
  EXPECT_THROW(plugin->parameterIndex("bpm"), ParameterNotFoundError);
  graph::Engine engine({48000.0, 256, 1, 1, 1});
  const graph::NodeId node = engine.add(plugin);
  engine.connect(node, graph::Graph::kOutput);
  auto heard = [&](bool live) {
    AudioBuffer in(1, 256), out(1, 256);
    engine.process(in.view(), out.view(), live);
    return out.channel(0)[255];
  };
  plugin->setParameter("mode", 4.0f);  // it plays its tempo input
  engine.transport().setTempo(90.0);
  engine.transport().play();
  EXPECT_EQ(heard(false), 90.0f);
  engine.transport().setTempo(10.0);
  EXPECT_EQ(heard(false), 24.0f);      // kept within the port's own range
  plugin->setParameter("mode", 5.0f);  // it plays its free-wheeling input
  EXPECT_EQ(heard(false), 1.0f);       // offline: as fast as the CPU allows
  EXPECT_EQ(heard(true), 0.0f);
}

TEST(Lv2Plugin, RatesRelativeAndLogarithmicRangesAreInHzWithTheMiddleAtTheGeometricMean) {
  if (!std::filesystem::exists("/usr/lib/lv2/bandpass_iir-swh.lv2"))
    GTEST_SKIP() << "swh's plugins are not installed (Debian package swh-lv2, which "
                    "scripts/install-deps installs)";
  Lv2Processor filter("http://plugin.org.uk/swh-plugins/bandpass_iir");
  const ParamInfo& centre = filter.parameterInfo(filter.parameterIndex("center"));
  // 0.0001 .. 0.45 of the rate, described at 48 kHz; the value itself is in Hz.
  EXPECT_FLOAT_EQ(centre.min, 4.8f);
  EXPECT_FLOAT_EQ(centre.max, 21600.0f);
  EXPECT_FLOAT_EQ(centre.defaultValue, 0.22505f * 48000.0f);
  const double middle = std::sqrt(4.8 * 21600.0);
  EXPECT_NEAR(std::pow((middle - 4.8) / (21600.0 - 4.8), centre.skew), 0.5, 1e-4);
  const ParamInfo& stages = filter.parameterInfo(filter.parameterIndex("stages"));
  EXPECT_EQ(stages.skew, 1.0f);
  EXPECT_EQ(stages.step, 1.0f);
}

TEST(Lv2Plugin, UnknownPluginsAndMissingFeaturesAreRefusedWithTheReason) {
  try {
    Lv2Processor p("http://example.org/no-such-plugin");
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("no LV2 plugin 'http://example.org/no-such-plugin'"),
              std::string::npos);
  }
  // A typo gets the installed plugins a keystroke or two away; a made-up URI gets none.
  try {
    Lv2Processor p("http://lv2plug.in/plugins/eg-amq");
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'http://lv2plug.in/plugins/eg-amp'"),
              std::string::npos)
        << e.what();
  }
  try {
    Lv2Processor p("http://example.org/no-such-plugin");
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(std::string(e.what()).find("did you mean"), std::string::npos) << e.what();
  }
  // A bundle whose plugin asks for a feature nobody gives: refused before anything loads.
  const auto bundle = std::filesystem::temp_directory_path() / "tonewood-needs-more.lv2";
  std::filesystem::create_directories(bundle);
  std::ofstream(bundle / "manifest.ttl")
      << "@prefix lv2: <http://lv2plug.in/ns/lv2core#> .\n"
         "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
         "<http://example.org/needs-more> a lv2:Plugin ; lv2:binary <none.so> ;\n"
         "  rdfs:seeAlso <plugin.ttl> .\n";
  std::ofstream(bundle / "plugin.ttl")
      << "@prefix lv2: <http://lv2plug.in/ns/lv2core#> .\n"
         "@prefix doap: <http://usefulinc.com/ns/doap#> .\n"
         "<http://example.org/needs-more> a lv2:Plugin ; doap:name \"Needs more\" ;\n"
         "  lv2:requiredFeature <http://example.org/ns#teleport> ;\n"
         "  lv2:port [ a lv2:AudioPort , lv2:OutputPort ; lv2:index 0 ; lv2:symbol \"out\" ;\n"
         "    lv2:name \"Out\" ] .\n";
  try {
    Lv2Processor p(bundle.string());
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("http://example.org/ns#teleport"), std::string::npos)
        << e.what();
  }
  std::filesystem::remove_all(bundle);
}

}  // namespace
}  // namespace tonewood::instruments
