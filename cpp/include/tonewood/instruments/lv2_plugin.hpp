#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tonewood/graph/processor.hpp"

/// LV2 plugins (through lilv) as processors: discovery of what is installed, and hosting.
namespace tonewood::instruments {

/// What discovery reports about an installed plugin.
struct Lv2PluginInfo {
  std::string uri, name, kind, author;  ///< kind: the plugin class's label ("Amplifier", ...)
  int audioInputs = 0, audioOutputs = 0, controlInputs = 0, controlOutputs = 0;
  int midiInputs = 0, midiOutputs = 0, cvPorts = 0;
  bool reportsLatency = false;
  std::vector<std::string> requiredFeatures;
  std::vector<std::string> missingFeatures;  ///< required ones tonewood does not provide
  bool instrument() const noexcept {
    return midiInputs > 0 && audioOutputs > 0 && audioInputs == 0;
  }
};

/// Every plugin lilv finds (LV2_PATH, else the standard folders), by URI. Control thread.
std::vector<Lv2PluginInfo> lv2Plugins();

/// One plugin instance as a processor. Its audio ports are the processor's channels, its control
/// inputs its parameters (by symbol, in the plugin's own units and ranges; toggles, integers and
/// enumerations with their labels), its first MIDI atom input takes the graph's MIDI events at
/// their frames and its first MIDI atom output gives events to the graph; atom inputs that take
/// time:Position get the transport's position at the start of a block whenever the tempo, the
/// signature or the rolling changed or the position jumped. Parameter changes inside a block
/// split run() at their frame. Host features
/// given: urid map and unmap, options (sample rate, block lengths, sequence size),
/// boundedBlockLength, log, the plugin's default state applied after instantiation, and the
/// worker (its work done inside run() offline, so renders are deterministic, and on a worker
/// thread live); a plugin requiring anything else is refused with the list.
class Lv2Processor final : public graph::Processor {
 public:
  /// `plugin`: a URI, or the path of a bundle (a `.lv2` folder) holding one plugin. Throws
  /// InvalidArgumentError naming an unknown plugin or the features it needs that are missing.
  explicit Lv2Processor(const std::string& plugin);
  ~Lv2Processor() override;

  const Lv2PluginInfo& info() const noexcept { return info_; }
  int latencyFrames() const noexcept override { return latency_; }

 private:
  struct Host;
  struct Description;
  explicit Lv2Processor(Description description);
  void prepareToPlay(const ProcessSpec& spec) override;
  void resetState() noexcept override;
  void render(const graph::ProcessContext& context) noexcept override;
  void parameterChanged(std::size_t index, float value) noexcept override;

  std::unique_ptr<Host> host_;
  Lv2PluginInfo info_;
  int latency_ = 0;
};

}  // namespace tonewood::instruments
