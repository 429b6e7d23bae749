#include "tonewood/instruments/lv2_plugin_check.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>

#include "tonewood/core/errors.hpp"
#include "tonewood/graph/engine.hpp"

namespace tonewood::instruments {

namespace {

/// Why a check failed, as opposed to an Error the library threw.
struct CheckFailed {
  std::string reason;
};

void play(const std::shared_ptr<IsolatedLv2Processor>& plugin, const Lv2CheckOptions& options) {
  const Lv2PluginInfo& info = plugin->info();
  const int part = std::max(1, static_cast<int>(options.seconds * options.sampleRate) / 3);
  std::mt19937 random(1);
  std::normal_distribution<float> noise(0.0f, 0.1f);
  for (int block : {64, 333, 512}) {
    graph::Engine engine(
        {options.sampleRate, block, info.audioInputs, std::max(1, info.audioOutputs), 1});
    const graph::NodeId node = engine.add(plugin);
    if (info.audioInputs > 0) engine.connect(graph::Graph::kInput, node);
    if (info.audioOutputs > 0) engine.connect(node, graph::Graph::kOutput);
    if (info.midiInputs > 0) {
      engine.schedule(node, graph::Event::midi(0, 0x90, 60, 100), engine.frame() + 100);
      engine.schedule(node, graph::Event::midi(0, 0x80, 60, 0), engine.frame() + part / 2);
    }
    AudioBuffer in(info.audioInputs, part);
    for (int c = 0; c < info.audioInputs; ++c)
      for (int i = 0; i < part; ++i) in.channel(c)[i] = noise(random);
    const AudioBlockView input = in.view();
    const AudioBuffer out = engine.render(part, {}, info.audioInputs > 0 ? &input : nullptr);
    engine.remove(node);
    for (int c = 0; c < out.numChannels(); ++c)
      if (!std::all_of(out.channel(c), out.channel(c) + part,
                       [](float x) { return std::isfinite(x); }))
        throw CheckFailed{"output not finite in " + std::to_string(block) + "-frame blocks"};
  }
}

void roundTripState(const std::string& name, IsolatedLv2Processor& plugin,
                    const Lv2CheckOptions& options) {
  const std::string state = plugin.saveState();
  IsolatedLv2Processor again(name, options.isolation);
  again.restoreState(state);
  const auto before = nlohmann::json::parse(state).value("parameters", nlohmann::json::object());
  const auto after =
      nlohmann::json::parse(again.saveState()).value("parameters", nlohmann::json::object());
  if (before != after) throw CheckFailed{"its state did not round-trip"};
}

}  // namespace

Lv2PluginCheck checkLv2Plugin(const std::string& plugin, const Lv2CheckOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  Lv2PluginCheck result{plugin, false, "", 0.0};
  try {
    auto isolated = std::make_shared<IsolatedLv2Processor>(plugin, options.isolation);
    play(isolated, options);
    roundTripState(plugin, *isolated, options);
    result.passed = true;
  } catch (const CheckFailed& failed) {
    result.reason = failed.reason;
  } catch (const std::exception& e) {
    result.reason = e.what();
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace tonewood::instruments
