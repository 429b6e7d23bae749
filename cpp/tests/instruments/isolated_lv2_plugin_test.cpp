// Isolated LV2 hosting: a plugin in a child process sounds exactly as it does in-process (audio,
// parameter changes at their frame, MIDI in and out, the worker, state), and a plugin that
// crashes, hangs or exits costs only its child: the render throws PluginCrashedError naming the
// signal or the wait, and the test program goes on.
#include "tonewood/instruments/isolated_lv2_plugin.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "support/allocation_counter.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/graph/engine.hpp"
#include "tonewood/instruments/lv2_plugin.hpp"

namespace tonewood::instruments {
namespace {

const char* kAmp = "http://lv2plug.in/plugins/eg-amp";
const char* kMisbehaving = "urn:tonewood:test:misbehaving";

#define REQUIRE_EXAMPLES()                                                                   \
  if (!std::filesystem::exists("/usr/lib/lv2/eg-amp.lv2"))                                   \
  GTEST_SKIP() << "the LV2 example plugins are not installed (Debian package lv2-examples, " \
                  "which scripts/install-deps installs)"

IsolationOptions options(double timeout = 10.0) {
  return {TONEWOOD_TEST_PLUGIN_HOST, timeout};
}

std::shared_ptr<IsolatedLv2Processor> misbehaving(double timeout = 10.0) {
  static const bool loaded = (lv2LoadBundle(TONEWOOD_TEST_MISBEHAVING_BUNDLE), true);
  (void)loaded;
  return std::make_shared<IsolatedLv2Processor>(kMisbehaving, options(timeout));
}

AudioBuffer sine(int frames) {
  AudioBuffer in(1, frames);
  for (int i = 0; i < frames; ++i)
    in.channel(0)[i] = 0.5f * std::sin(0.01f * static_cast<float>(i));
  return in;
}

/// Renders `processor` (one input, one output) over a sine, the gain stepping at frame 1000.
std::vector<float> renderThrough(const std::shared_ptr<graph::Processor>& processor, int block,
                                 bool automate = true) {
  graph::Engine engine({48000.0, block, 1, 1, 1});
  if (automate) processor->setParameter(0, -6.0f);
  const graph::NodeId node = engine.add(processor);
  engine.connect(graph::Graph::kInput, node);
  engine.connect(node, graph::Graph::kOutput);
  if (automate) engine.schedule(node, graph::Event::parameter(0, 0, 6.0f), 1000);
  AudioBuffer in = sine(4096);
  const AudioBlockView input = in.view();
  const AudioBuffer out = engine.render(4096, {}, &input);
  return std::vector<float>(out.channel(0), out.channel(0) + out.numFrames());
}

bool alive(int pid) {
  return pid > 0 && ::kill(pid, 0) == 0;
}

TEST(IsolatedLv2Plugin, SoundsExactlyAsInProcessWithChangesOnTheirFrame) {
  REQUIRE_EXAMPLES();
  auto isolated = std::make_shared<IsolatedLv2Processor>(kAmp, options());
  auto local = std::make_shared<Lv2Processor>(kAmp);
  EXPECT_EQ(isolated->typeName(), local->typeName());
  EXPECT_EQ(isolated->numParameters(), 1u);
  EXPECT_EQ(isolated->parameterInfo(0).id, "gain");
  EXPECT_EQ(isolated->info().name, "Simple Amplifier");
  isolated->setParameter("gain", -6.0f);
  local->setParameter("gain", -6.0f);
  const std::vector<float> expected = renderThrough(local, 256);
  EXPECT_EQ(renderThrough(isolated, 256), expected);
  EXPECT_EQ(renderThrough(isolated, 100), expected);
  EXPECT_NEAR(expected[999] / sine(4096).channel(0)[999], std::pow(10.0f, -0.3f), 1e-5f);
  EXPECT_NEAR(expected[1000] / sine(4096).channel(0)[1000], std::pow(10.0f, 0.3f), 1e-5f);
  EXPECT_EQ(isolated->failure(), nullptr);
  EXPECT_TRUE(alive(isolated->childPid()));
}

TEST(IsolatedLv2Plugin, MidiGoesInAndOutAndTheWorkerLoadsASample) {
  REQUIRE_EXAMPLES();
  auto render = [](std::shared_ptr<graph::Processor> sampler) {
    graph::Engine engine({48000.0, 256, 0, 1, 1});
    const graph::NodeId node = engine.add(std::move(sampler));
    engine.connect(node, graph::Graph::kOutput);
    engine.schedule(node, graph::Event::midi(0, 0x90, 60, 100), 1000);
    const AudioBuffer out = engine.render(24000);
    return std::vector<float>(out.channel(0), out.channel(0) + out.numFrames());
  };
  const char* sampler = "http://lv2plug.in/plugins/eg-sampler";
  const std::vector<float> isolated =
      render(std::make_shared<IsolatedLv2Processor>(sampler, options()));
  EXPECT_EQ(isolated, render(std::make_shared<Lv2Processor>(sampler)));
  const auto first =
      std::find_if(isolated.begin(), isolated.end(), [](float x) { return std::abs(x) > 1e-4f; });
  EXPECT_EQ(first - isolated.begin(), 1000);

  // eg-fifths answers each note with its fifth: both notes come back at the note's frame.
  auto fifths =
      std::make_shared<IsolatedLv2Processor>("http://lv2plug.in/plugins/eg-fifths", options());
  fifths->prepare({48000.0, 256, 0});
  graph::EventBuffer in, out;
  in.add(graph::Event::midi(100, 0x90, 60, 100));
  const graph::TransportPosition position;
  graph::ProcessContext c;
  c.frames = 256;
  c.events = &in;
  c.outputEvents = &out;
  c.transport = &position;
  fifths->process(c);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].frame, 100u);
  EXPECT_EQ(out[1].frame, 100u);
  EXPECT_EQ(out[0].bytes[1] + out[1].bytes[1], 60 + 67);
}

TEST(IsolatedLv2Plugin, ABlockAllocatesNothing) {
  REQUIRE_EXAMPLES();
  auto amp = std::make_shared<IsolatedLv2Processor>(kAmp, options());
  graph::Engine engine({48000.0, 64, 1, 1, 1});
  const graph::NodeId node = engine.add(amp);
  engine.connect(graph::Graph::kInput, node);
  engine.connect(node, graph::Graph::kOutput);
  AudioBuffer in = sine(64), out(1, 64);
  engine.process(in.view(), out.view(), true);  // the first block takes its plan
  std::size_t allocations = 0;
  for (int i = 0; i < 100; ++i) {
    if (i == 50) engine.scheduleParameter(node, "gain", -3.0f, engine.frame() + 10);
    test::AllocationCounter counter;
    engine.process(in.view(), out.view(), true);
    allocations += counter.allocations() + counter.deallocations();
  }
  EXPECT_EQ(allocations, 0u);
}

TEST(IsolatedLv2Plugin, StateAndPresetsWorkAcrossTheProcessBoundary) {
  REQUIRE_EXAMPLES();
  auto isolated = std::make_shared<IsolatedLv2Processor>(kAmp, options());
  isolated->setParameter("gain", -12.5f);
  const std::string state = isolated->saveState();
  auto local = std::make_shared<Lv2Processor>(kAmp);
  local->restoreState(state);  // an isolated plugin's state is an ordinary "lv2" state
  EXPECT_EQ(local->parameter(0), -12.5f);
  local->setParameter("gain", 3.0f);
  isolated->restoreState(local->saveState());
  EXPECT_EQ(isolated->parameter(0), 3.0f);

  isolated->prepare({48000.0, 512, 1});  // as in-process, state bundles need an instance
  const auto bundle = std::filesystem::temp_directory_path() / "tonewood-isolated-state.lv2";
  std::filesystem::remove_all(bundle);
  isolated->saveStateBundle(bundle.string(), "loud");
  auto other = std::make_shared<IsolatedLv2Processor>(kAmp, options());
  other->loadStateBundle(bundle.string());
  EXPECT_EQ(other->parameter(0), 3.0f);  // the child's restored port comes back to the parent
  std::filesystem::remove_all(bundle);
  EXPECT_THROW(other->loadPreset("no such preset"), InvalidArgumentError);
}

TEST(IsolatedLv2Plugin, ACrashIsAnErrorNamingTheSignalAndTheProgramGoesOn) {
  // Under AddressSanitizer the child would report the fault and exit(1) instead of dying by it.
  const char* sanitizer = std::getenv("ASAN_OPTIONS");
  ::setenv("ASAN_OPTIONS", (std::string(sanitizer ? sanitizer : "") + ":handle_segv=0").c_str(), 1);
  auto plugin = misbehaving();
  plugin->setParameter("mode", 0.0f);
  const std::vector<float> passed = renderThrough(plugin, 256, false);
  EXPECT_EQ(passed[2000], sine(4096).channel(0)[2000]);  // it works until told otherwise
  const int pid = plugin->childPid();
  plugin->setParameter("mode", 1.0f);
  try {
    renderThrough(plugin, 256, false);
    FAIL() << "the crash went unnoticed";
  } catch (const PluginCrashedError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(kMisbehaving), std::string::npos) << what;
    EXPECT_NE(what.find("Segmentation fault, signal 11"), std::string::npos) << what;
  }
  EXPECT_NE(plugin->failure(), nullptr);
  EXPECT_FALSE(alive(pid));  // reaped, not left a zombie
  EXPECT_THROW(plugin->saveState(), PluginCrashedError);
  // Prepared again, it starts a fresh child and keeps its parameters.
  plugin->setParameter("mode", 0.0f);
  EXPECT_EQ(renderThrough(plugin, 256, false), passed);
  EXPECT_NE(plugin->childPid(), pid);
}

TEST(IsolatedLv2Plugin, AHangIsStoppedAfterTheTimeoutAndAnExitIsReported) {
  auto plugin = misbehaving(0.3);
  plugin->setParameter("mode", 2.0f);
  const int pid = plugin->childPid();
  const auto start = std::chrono::steady_clock::now();
  try {
    renderThrough(plugin, 256, false);
    FAIL() << "the hang went unnoticed";
  } catch (const PluginCrashedError& e) {
    EXPECT_NE(std::string(e.what()).find("stopped answering for more than 0.3 s"),
              std::string::npos)
        << e.what();
  }
  const double waited =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GT(waited, 0.29);
  EXPECT_LT(waited, 3.0);
  EXPECT_FALSE(alive(pid));

  plugin->setParameter("mode", 3.0f);
  try {
    renderThrough(plugin, 256, false);
    FAIL() << "the exit went unnoticed";
  } catch (const PluginCrashedError& e) {
    EXPECT_NE(std::string(e.what()).find("exit status 3"), std::string::npos) << e.what();
  }
}

TEST(IsolatedLv2Plugin, UnknownPluginsAndAMissingHostProgramAreClearErrors) {
  EXPECT_THROW(IsolatedLv2Processor("http://example.org/no-such-plugin", options()),
               InvalidArgumentError);
  REQUIRE_EXAMPLES();
  try {
    IsolatedLv2Processor p(kAmp, {"/nonexistent/tonewood-plugin-host", 10.0});
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/tonewood-plugin-host"), std::string::npos);
  }
  EXPECT_THROW(IsolatedLv2Processor(kAmp, options(0.0)), OutOfRangeError);
}

}  // namespace
}  // namespace tonewood::instruments
