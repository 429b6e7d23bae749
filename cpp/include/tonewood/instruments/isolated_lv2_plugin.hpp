#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "tonewood/graph/processor.hpp"
#include "tonewood/instruments/lv2_plugin.hpp"

namespace tonewood::instruments {

struct IsolationOptions {
  /// The child program; empty: $TONEWOOD_PLUGIN_HOST, else `tonewood-plugin-host` beside the
  /// running program, else in the folder tonewood's programs were installed to.
  std::string hostProgram;
  /// How long the plugin may take over one request (a block, a preset, its state) before it is
  /// taken to hang and is stopped. Live, a block waits at most 0.5 s whatever this says.
  double timeoutSeconds = 10.0;
};

/// An LV2 plugin run in a child process (the tonewood-plugin-host program), so that a plugin
/// that crashes or hangs cannot take the program hosting it down. It is the same processor as
/// Lv2Processor to everything outside: the same parameters, ports, events, latency, state (its
/// saveState is an "lv2" state either kind restores), presets and state bundles. Each block's
/// audio, MIDI, parameter values and transport go through shared memory, and the two processes
/// hand the block over through a socket: two system calls a block, so unlike the other
/// processors it is not free of system calls on the audio thread (what the safety costs).
///
/// When the child crashes (the signal is named) or does not answer within the timeout (it is
/// killed), the processor gives silence from then on, failure() says what happened, an
/// Engine's offline render throws PluginCrashedError, and every control call throws it too.
/// Preparing it again (adding it to an engine, say) starts a fresh child with the parameters
/// kept; the plugin's own state of the crashed child is lost.
class IsolatedLv2Processor final : public graph::Processor {
 public:
  /// `plugin`: a URI or a bundle path, as for Lv2Processor (the same errors, found without
  /// loading the plugin's code). Starts the child; InvalidArgumentError when the host program
  /// cannot be found or started.
  explicit IsolatedLv2Processor(const std::string& plugin, IsolationOptions options = {});
  ~IsolatedLv2Processor() override;

  const Lv2PluginInfo& info() const noexcept { return description_.info; }
  /// The child's process id (-1 when it is not running). Any thread.
  int childPid() const noexcept { return child_.load(std::memory_order_acquire); }

  /// Why the plugin stopped (crashed or hung), or nullptr while it works. Any thread.
  const char* failure() const noexcept override;

  /// As Lv2Processor's; each also runs in the child (so they are safe while an engine plays the
  /// plugin: the child never runs them beside a block). Control thread.
  std::vector<Lv2Preset> presets();
  void loadPreset(const std::string& uriOrLabel);
  void saveStateBundle(const std::string& directory, const std::string& label = "");
  void loadStateBundle(const std::string& directory);
  int latencyFrames() const noexcept override { return latency_; }
  /// Each piece of a block is a round trip to the plugin's process: automation comes every 32
  /// frames (and at its points), not every frame.
  int automationResolutionFrames() const noexcept override { return 32; }
  /// Ends the child process now (it also ends with the processor); the next prepare starts a
  /// new one, parameters kept. InvalidArgumentError while an engine hosts it. Control thread.
  void close();

 private:
  struct Channels;
  IsolatedLv2Processor(Lv2PluginDescription description, IsolationOptions options);
  void prepareToPlay(const ProcessSpec& spec) override;
  void resetState() noexcept override;
  void render(const graph::ProcessContext& context) noexcept override;
  void parameterChanged(std::size_t index, float value) noexcept override;
  std::string saveExtraState() const override;
  void restoreExtraState(const std::string& json) override;

  void start();
  void stop() noexcept;
  /// Runs a control request in the child; throws what the child threw, or PluginCrashedError.
  struct Reply {
    std::string text;
    int integer = 0;
    std::vector<float> values;  ///< the child's parameter values after the request
  };
  Reply request(int command, const std::string& text = {}, int integer = 0,
                double real = 0.0) const;
  /// Takes the parameter values the child has after a preset or a state bundle.
  void adopt(const std::vector<float>& values);
  /// Marks the child dead (killing it first when it hangs) and composes failure(). Real-time
  /// safe apart from the system calls.
  void fail(bool hung) const noexcept;

  Lv2PluginDescription description_;
  IsolationOptions options_;
  std::string program_;
  std::unique_ptr<Channels> channels_;
  mutable std::mutex controlMutex_;  // control requests; the audio channel is the audio thread's
  mutable std::atomic<int> child_{-1};
  mutable std::atomic<bool> failed_{false};
  mutable char failure_[512] = {};
  std::vector<float> values_;  // the audio thread's view of the parameters
  int latency_ = 0;
};

}  // namespace tonewood::instruments
