// `tonewood plugins list|info|check|process|render`: the LV2 plugins installed, trying them in
// a child process, and running one (in this process or isolated) on an audio or MIDI file.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "audio_io.hpp"
#include "commands.hpp"
#include "midi_io.hpp"
#include "midi_render_io.hpp"
#include "param_settings.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/graph/engine.hpp"
#include "tonewood/instruments/isolated_lv2_plugin.hpp"
#include "tonewood/instruments/lv2_plugin.hpp"
#include "tonewood/instruments/lv2_plugin_check.hpp"
#include "tonewood/instruments/midi_rendering.hpp"
#include "tonewood/midi/midi_file.hpp"

namespace tonewood::cli {

namespace {

struct PluginOptions {
  std::string kind, name, plugin, input, output = "out.wav", subtype;
  std::vector<std::string> settings, plugins;
  double sampleRate = 48000.0, tail = 2.0, timeout = 10.0;
  int blockSize = 512;
  bool quiet = false, isolated = false;
};

bool contains(const std::string& text, const std::string& part) {
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  return lower(text).find(lower(part)) != std::string::npos;
}

std::vector<instruments::Lv2PluginInfo> matching(const PluginOptions& o) {
  std::vector<instruments::Lv2PluginInfo> out;
  for (instruments::Lv2PluginInfo& p : instruments::lv2Plugins()) {
    if (!o.kind.empty() && !contains(p.kind, o.kind)) continue;
    if (!o.name.empty() && !contains(p.name, o.name) && !contains(p.uri, o.name)) continue;
    out.push_back(std::move(p));
  }
  return out;
}

void listPlugins(const PluginOptions& o) {
  int shown = 0;
  for (const instruments::Lv2PluginInfo& p : matching(o)) {
    std::printf("%s\n  %s (%s), audio %d in / %d out%s%s\n", p.uri.c_str(), p.name.c_str(),
                p.kind.c_str(), p.audioInputs, p.audioOutputs, p.midiInputs ? ", MIDI in" : "",
                p.missingFeatures.empty() ? "" : ", cannot be hosted (needs more features)");
    ++shown;
  }
  std::printf("%d plugin%s\n", shown, shown == 1 ? "" : "s");
}

void applySettings(const graph::Processor& p, const PluginOptions& o) {
  auto& params = const_cast<ParamRegistry&>(p.parameters());
  for (const std::string& s : o.settings) applySetting(params, s);
}

std::shared_ptr<instruments::Lv2Processor> loadPlugin(const PluginOptions& o) {
  auto p = std::make_shared<instruments::Lv2Processor>(o.plugin);
  applySettings(*p, o);
  return p;
}

/// A plugin to run, in this process or (--isolated) in a child.
struct RunnablePlugin {
  std::shared_ptr<graph::Processor> processor;
  instruments::Lv2PluginInfo info;
};

RunnablePlugin loadRunnable(const PluginOptions& o) {
  RunnablePlugin r;
  if (o.isolated) {
    auto p = std::make_shared<instruments::IsolatedLv2Processor>(
        o.plugin, instruments::IsolationOptions{"", o.timeout});
    r = {p, p->info()};
  } else {
    auto p = std::make_shared<instruments::Lv2Processor>(o.plugin);
    r = {p, p->info()};
  }
  applySettings(*r.processor, o);
  return r;
}

void checkPlugins(const PluginOptions& o) {
  std::vector<std::string> uris = o.plugins;
  if (uris.empty())
    for (const instruments::Lv2PluginInfo& p : matching(o)) uris.push_back(p.uri);
  instruments::Lv2CheckOptions options;
  options.isolation.timeoutSeconds = o.timeout;
  int passed = 0;
  for (const std::string& uri : uris) {
    const instruments::Lv2PluginCheck r = instruments::checkLv2Plugin(uri, options);
    if (r.passed) {
      ++passed;
      std::printf("ok    %s (%.2f s)\n", uri.c_str(), r.seconds);
    } else {
      std::printf("FAIL  %s: %s\n", uri.c_str(), r.reason.c_str());
    }
    std::fflush(stdout);
  }
  std::printf("%d of %zu plugin%s pass\n", passed, uris.size(), uris.size() == 1 ? "" : "s");
  if (passed != static_cast<int>(uris.size())) throw CLI::RuntimeError(1);
}

void pluginInfo(const PluginOptions& o) {
  auto p = loadPlugin(o);
  const instruments::Lv2PluginInfo& i = p->info();
  std::printf("%s\n  name       %s\n  kind       %s\n  author     %s\n", i.uri.c_str(),
              i.name.c_str(), i.kind.c_str(), i.author.c_str());
  std::printf(
      "  ports      audio %d in / %d out, control %d in / %d out, MIDI %d in / %d out, "
      "CV %d\n",
      i.audioInputs, i.audioOutputs, i.controlInputs, i.controlOutputs, i.midiInputs, i.midiOutputs,
      i.cvPorts);
  for (const std::string& f : i.requiredFeatures) std::printf("  requires   %s\n", f.c_str());
  for (std::size_t k = 0; k < p->numParameters(); ++k) {
    const ParamInfo& info = p->parameterInfo(k);
    const std::string unit = info.unit.empty() ? "" : " " + info.unit;
    std::printf("  parameter  %s (%s): %s%s, range %s..%s%s%s%s\n", info.id.c_str(),
                info.name.c_str(), formatNumber(p->parameter(k)).c_str(), unit.c_str(),
                formatNumber(info.min).c_str(), formatNumber(info.max).c_str(), unit.c_str(),
                info.skew != 1.0f ? " (logarithmic)" : "",
                info.labels.empty() ? "" : " (a choice)");
  }
  for (const instruments::Lv2Preset& preset : p->presets())
    std::printf("  preset     %s\n", preset.label.c_str());
}

void processFile(const PluginOptions& o) {
  const bool progress = progressWanted(o.quiet);
  io::AudioFileData in = loadAudio(o.input, progress);
  const RunnablePlugin loaded = loadRunnable(o);
  const auto& plugin = loaded.processor;
  if (plugin->numInputChannels() == 0)
    throw InvalidArgumentError("'" + o.plugin + "' takes no audio: play it with `plugins render`");
  const int channels = in.audio.numChannels(), ins = plugin->numInputChannels();
  // A mono plugin on a multi-channel file runs once per channel ("dual mono"); a mono file
  // feeds every input; other counts must match.
  const bool perChannel = ins == 1 && plugin->numOutputChannels() == 1 && channels > 1;
  if (!perChannel && channels != 1 && channels != ins)
    throw InvalidArgumentError("'" + o.input + "' has " + std::to_string(channels) +
                               " channels and '" + o.plugin + "' takes " + std::to_string(ins) +
                               ": give it a file with as many (or one)");
  graph::EngineOptions options;
  options.sampleRate = in.sampleRate;
  options.maxBlockSize = o.blockSize;
  options.inputChannels = channels;
  options.outputChannels = perChannel ? channels : plugin->numOutputChannels();
  graph::Engine engine(options);
  if (perChannel) {
    for (int c = 0; c < channels; ++c) {
      auto copy = c == 0 ? plugin : loadRunnable(o).processor;
      const graph::NodeId node = engine.add(copy, "plugin " + std::to_string(c + 1));
      engine.connect(graph::Graph::kInput, c, node, 0);
      engine.connect(node, 0, graph::Graph::kOutput, c);
    }
  } else {
    const graph::NodeId node = engine.add(plugin, "plugin");
    engine.connect(graph::Graph::kInput, node);
    engine.connect(node, graph::Graph::kOutput);
  }
  // The plugin's latency is rendered past the end and taken off the front.
  const int latency = engine.latencyFrames(), frames = in.audio.numFrames();
  AudioBuffer padded(in.audio.numChannels(), frames + latency);
  for (int c = 0; c < in.audio.numChannels(); ++c)
    std::copy_n(in.audio.channel(c), frames, padded.channel(c));
  Progress p("processing", progress);
  const AudioBlockView input = padded.view();
  AudioBuffer out = engine.render(
      frames + latency, [&p](double f) { p.update(f); }, &input);
  p.done();
  io::AudioWriteOptions w;
  w.subtype = o.subtype;
  saveAudio(o.output, out.view().subBlock(latency, frames), in.sampleRate, w, progress);
  std::printf("wrote %s: %s through %s, %.3f s at %.0f Hz\n", o.output.c_str(), o.input.c_str(),
              loaded.info.name.c_str(), frames / in.sampleRate, in.sampleRate);
}

void renderFile(const PluginOptions& o) {
  const midi::MidiFile song = readMidiFile(o.input);
  const RunnablePlugin loaded = loadRunnable(o);
  const auto& plugin = loaded.processor;
  instruments::MidiRenderOptions options;
  options.sampleRate = o.sampleRate;
  options.blockSize = o.blockSize;
  options.tailSeconds = o.tail;
  options.drums = true;
  const double seconds = renderMidiToFile(song, plugin, options, o.output, o.subtype, o.quiet);
  std::printf("wrote %s: %s on %s, %.3f s at %.0f Hz\n", o.output.c_str(), o.input.c_str(),
              loaded.info.name.c_str(), seconds, o.sampleRate);
}

void addSettings(CLI::App* cmd, PluginOptions* o) {
  cmd->add_option("--set", o->settings,
                  "Set a parameter by symbol, \"SYMBOL=VALUE\" in the plugin's units "
                  "(repeatable)");
  cmd->add_flag("--isolated", o->isolated,
                "Run the plugin in a child process: a crash or hang is an error, not the end");
  cmd->add_option("--timeout", o->timeout, "Seconds an isolated plugin may take over a block")
      ->capture_default_str();
}

}  // namespace

void addPluginsCommand(CLI::App& app) {
  auto o = std::make_shared<PluginOptions>();
  auto* plugins = app.add_subcommand("plugins", "LV2 plugins: list, describe, check, run on files");
  plugins->require_subcommand(1);

  auto* list = plugins->add_subcommand("list", "The installed LV2 plugins (LV2_PATH)");
  list->add_option("--kind", o->kind, "Keep plugins whose class contains this (\"reverb\")");
  list->add_option("--name", o->name, "Keep plugins whose name or URI contains this");
  list->callback([o] { listPlugins(*o); });

  auto* check = plugins->add_subcommand(
      "check", "Try plugins in a child process each: run, finite output, state round trip");
  check->add_option("plugins", o->plugins, "URIs or bundle folders (default: every installed one)");
  check->add_option("--kind", o->kind, "Keep plugins whose class contains this");
  check->add_option("--name", o->name, "Keep plugins whose name or URI contains this");
  check->add_option("--timeout", o->timeout, "Seconds a plugin may take over one request")
      ->capture_default_str();
  check->callback([o] { checkPlugins(*o); });

  auto* info = plugins->add_subcommand("info", "A plugin's ports, parameters and presets");
  info->add_option("plugin", o->plugin, "URI or bundle folder")->required();
  info->callback([o] { pluginInfo(*o); });

  auto* process = plugins->add_subcommand("process", "Run an audio file through a plugin");
  process->add_option("plugin", o->plugin, "URI or bundle folder")->required();
  process->add_option("input", o->input, "Audio file")->required();
  process->add_option("output", o->output, "Audio file to write")->required();
  addSettings(process, o.get());
  process->add_option("--block-size", o->blockSize, "Frames per run")->capture_default_str();
  process->add_option("--subtype", o->subtype, "Output subtype (default: the format's)");
  process->add_flag("-q,--quiet", o->quiet, "No progress display");
  process->callback([o] { processFile(*o); });

  auto* render = plugins->add_subcommand("render", "Play a MIDI file on an instrument plugin");
  render->add_option("plugin", o->plugin, "URI or bundle folder")->required();
  render->add_option("input", o->input, "Standard MIDI File")->required();
  render->add_option("-o,--output", o->output, "Audio file to write")->capture_default_str();
  addSettings(render, o.get());
  render->add_option("--sample-rate", o->sampleRate, "Sample rate in Hz")->capture_default_str();
  render->add_option("--tail", o->tail, "Seconds after the file's end")->capture_default_str();
  render->add_option("--subtype", o->subtype, "Output subtype (default: the format's)");
  render->add_flag("-q,--quiet", o->quiet, "No progress display");
  render->callback([o] { renderFile(*o); });
}

}  // namespace tonewood::cli
