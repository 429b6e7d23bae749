#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tonewood/core/param_info.hpp"
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

/// Makes the plugins and presets of a bundle folder outside the search path known (a plugin
/// addressed by its bundle path is loaded this way too). Control thread.
void lv2LoadBundle(const std::string& directory);

/// What hosting a plugin needs to know before its code is loaded: discovery's facts, its control
/// inputs as parameters, and the bundle folder it came from.
struct Lv2PluginDescription {
  Lv2PluginInfo info;
  std::vector<ParamInfo> parameters;
  std::string bundle;
};

/// Describes a plugin (URI or bundle path) from its data alone, without loading its code. Throws
/// as Lv2Processor's constructor does. Control thread.
Lv2PluginDescription lv2Describe(const std::string& plugin);

/// A preset a plugin ships (or one saved where lilv finds it).
struct Lv2Preset {
  std::string uri, label;
};

/// One plugin instance as a processor. Its audio ports are the processor's channels, its control
/// inputs its parameters (by symbol, in the plugin's own units and ranges; toggles, integers and
/// enumerations with their labels), its first MIDI atom input takes the graph's MIDI events at
/// their frames and its first MIDI atom output gives events to the graph; atom inputs that take
/// time:Position get the transport's position at the start of a block whenever the tempo, the
/// signature or the rolling changed or the position jumped (the engine starts a new block where
/// the tempo changes, so a change inside a host block reaches the plugin at its frame).
/// Parameter changes inside a block split run() at their frame. Host features
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

  /// The plugin's presets, by label. Control thread.
  std::vector<Lv2Preset> presets() const;
  /// Applies a preset (by URI or label): its port values become the parameters, and the
  /// plugin's own state is restored too unless an engine hosts the processor (then only the
  /// ports change, which is safe while it plays). InvalidArgumentError for an unknown preset.
  void loadPreset(const std::string& uriOrLabel);
  /// Saves the plugin's state (ports and its own) as an LV2 state bundle in `directory`, which
  /// other hosts load (`jalv -l DIRECTORY`). Control thread, not while hosted.
  void saveStateBundle(const std::string& directory, const std::string& label = "") const;
  /// Restores a state bundle saved by tonewood or another host. Control thread, not while hosted.
  void loadStateBundle(const std::string& directory);
  int latencyFrames() const noexcept override { return latency_; }

 private:
  struct Host;
  struct Description;
  explicit Lv2Processor(Description description);
  void prepareToPlay(const ProcessSpec& spec) override;
  /// A new instance for `spec`, carrying the old one's state over. Control thread.
  void instantiate(const ProcessSpec& spec);
  void resetState() noexcept override;
  void render(const graph::ProcessContext& context) noexcept override;
  void parameterChanged(std::size_t index, float value) noexcept override;
  /// The plugin's state in LV2's Turtle, beside the parameters (saveState/restoreState).
  std::string saveExtraState() const override;
  void restoreExtraState(const std::string& json) override;
  void restore(void* state, bool withInstance);  ///< a LilvState: ports, and the plugin's own
  /// A new LilvState of the instance; files go into `bundle` when one is being saved.
  void* snapshot(const std::string& bundle = "") const;
  void requireNotHosted(const char* what) const;

  std::unique_ptr<Host> host_;
  Lv2PluginInfo info_;
  int latency_ = 0;
};

}  // namespace tonewood::instruments
