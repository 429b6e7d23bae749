// `tonewood devices`, `tonewood play FILE` and `tonewood record -o FILE --seconds N`: audio
// through a running JACK server (or PipeWire's JACK), each an engine run live.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "audio_io.hpp"
#include "commands.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/device/backend_support.hpp"
#if TONEWOOD_HAVE_JACK
#include "tonewood/device/jack/jack_engine.hpp"
#include "tonewood/graph/nodes/audio_player.hpp"
#include "tonewood/graph/nodes/recorder.hpp"
#include "tonewood/timeline/project_file.hpp"
#include "tonewood/timeline/session_graph.hpp"
#endif

namespace tonewood::cli {

namespace {

volatile std::sig_atomic_t interrupted = 0;

void onInterrupt() {
  std::signal(SIGINT, [](int) { interrupted = 1; });
  std::signal(SIGTERM, [](int) { interrupted = 1; });
}

void nap() {
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

struct PlayOptions {
  std::string file, server, clientName = "tonewood-play";
  bool loop = false, quiet = false;
};

struct RecordOptions {
  std::string output, server, subtype = "FLOAT", clientName = "tonewood-record";
  std::vector<std::string> ports;
  double seconds = 0.0;
  int channels = 2;
  bool quiet = false;
};

#if TONEWOOD_HAVE_JACK

double serverRate(const std::string& server) {
  return device::JackClient("tonewood-probe", server).sampleRate();
}

void devices(const std::string& server) {
  device::JackClient client("tonewood-devices", server);
  std::printf("JACK server %s: %.0f Hz, %u frames per period\n",
              server.empty() ? "(default)" : server.c_str(), client.sampleRate(),
              client.bufferSize());
  std::string lastClient;
  for (const auto& p : client.allPorts()) {
    if (p.client == client.name()) continue;
    if (p.client != lastClient) std::printf("%s\n", (lastClient = p.client).c_str());
    std::string connections;
    for (const auto& c : p.connections) connections += (connections.empty() ? "  -> " : ", ") + c;
    std::printf("  %-40s %-5s %-6s%s%s\n", p.name.c_str(), p.type.c_str(),
                p.isInput ? "input" : "output", p.isPhysical ? " physical" : "",
                connections.c_str());
  }
}

bool isProject(const std::string& path) {
  return path.size() > 5 && path.compare(path.size() - 5, 5, ".json") == 0;
}

// A project played live on the graph a bounce renders, to its end (and two seconds of tails),
// or around its loop region with --loop, until interrupted.
void playProject(const PlayOptions& o) {
  timeline::LoadedProject project = timeline::loadProject(o.file);
  for (const std::string& w : project.warnings)
    std::fprintf(stderr, "tonewood: warning: %s\n", w.c_str());
  const timeline::Session& s = project.session;
  const double rate = serverRate(o.server);
  if (rate != s.sampleRate())
    throw DeviceError("'" + o.file + "' runs at " + formatNumber(s.sampleRate()) +
                      " Hz and the JACK server at " + formatNumber(rate) +
                      " Hz; start the server at the project's rate");
  graph::Engine engine({rate, 1024, 0, 2, 1});
  timeline::buildSessionGraph(s, engine, false);
  std::int64_t end = static_cast<std::int64_t>((s.durationSeconds() + 2.0) * rate);
  if (o.loop) {
    if (!s.loop()) throw InvalidArgumentError("'" + o.file + "' has no loop region to --loop");
    const auto& map = s.tempoMap();
    engine.transport().setLoop(Frames{s.loop()->start.frameOn(map, rate)},
                               Frames{s.loop()->end.frameOn(map, rate)});
    engine.transport().setLooping(true);
  }
  engine.transport().play();
  device::JackEngine live(engine, {o.clientName, o.server, true, false});
  live.start();
  onInterrupt();
  Progress progress("playing " + o.file, progressWanted(o.quiet));
  while (!interrupted && (o.loop || engine.transport().position().value < end)) {
    progress.update(static_cast<double>(engine.transport().position().value) /
                    static_cast<double>(end));
    nap();
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the last cycles leave
  progress.done();
  std::printf("played %s: %.3f s at %.0f Hz, %zu xruns\n", o.file.c_str(),
              static_cast<double>(engine.transport().position().value) / rate, rate, live.xruns());
}

void play(const PlayOptions& o) {
  if (isProject(o.file)) return playProject(o);
  graph::Engine engine({serverRate(o.server), 1024, 0, 2, 1});
  auto player = std::make_shared<graph::AudioPlayer>(o.file);
  player->setParameter(graph::AudioPlayer::kLoop, o.loop ? 1.0f : 0.0f);
  const graph::NodeId node = engine.add(player, "file");
  for (int c = 0; c < 2; ++c)
    engine.connect(node, std::min(c, player->numOutputChannels() - 1), graph::Graph::kOutput, c);
  engine.transport().play();
  device::JackEngine live(engine, {o.clientName, o.server, true, false});
  live.start();
  onInterrupt();
  Progress progress("playing " + o.file, progressWanted(o.quiet));
  const std::int64_t length = player->lengthFrames();
  while (!interrupted && (o.loop || engine.transport().position().value < length)) {
    if (length > 0)
      progress.update(static_cast<double>(player->position()) / static_cast<double>(length));
    nap();
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the last cycles leave
  progress.done();
  std::printf("played %s: %.3f s at %.0f Hz, %zu xruns, %zu disk underruns\n", o.file.c_str(),
              static_cast<double>(length) / engine.options().sampleRate,
              engine.options().sampleRate, live.xruns(), player->underruns());
}

void record(const RecordOptions& o) {
  requireInRange("seconds", o.seconds, 0.001, 86400.0 * 7, "s");
  graph::Engine engine({serverRate(o.server), 1024, o.channels, 0, 1});
  auto recorder = std::make_shared<graph::Recorder>(o.channels);
  engine.connect(graph::Graph::kInput, engine.add(recorder, "recorder"));
  device::JackEngine live(engine, {o.clientName, o.server, false, o.ports.empty()});
  const auto ours = live.client().audioInputNames();
  for (std::size_t i = 0; i < o.ports.size() && i < ours.size(); ++i)
    live.client().connect(o.ports[i], ours[i]);
  const auto total = static_cast<std::int64_t>(o.seconds * engine.options().sampleRate + 0.5);
  // From one period on, exactly `total` frames: the recording starts on a known frame.
  recorder->startFile(o.output, o.subtype, 1024, total);
  live.start();
  onInterrupt();
  Progress progress("recording " + o.output, progressWanted(o.quiet));
  while (!interrupted && recorder->framesWritten() < total) {
    progress.update(static_cast<double>(recorder->framesWritten()) / static_cast<double>(total));
    nap();
  }
  progress.done();
  const std::int64_t frames = recorder->stop();
  std::printf("recorded %s: %lld frames (%.3f s), %zu xruns, %lld frames lost to a slow disk\n",
              o.output.c_str(), static_cast<long long>(frames),
              static_cast<double>(frames) / engine.options().sampleRate, live.xruns(),
              static_cast<long long>(recorder->overruns()));
}

#endif

}  // namespace

void addJackClientOptions(CLI::App* command, std::string& server, std::string& clientName,
                          bool& quiet) {
  command->add_option("--server", server, "JACK server name");
  command->add_option("--client", clientName, "JACK client name");
  command->add_flag("-q,--quiet", quiet, "No progress line");
}

void addDeviceCommands(CLI::App& app) {
  auto server = std::make_shared<std::string>();
  CLI::App* list = app.add_subcommand(
      "devices", "List the JACK server's rate, period, clients and audio and MIDI ports");
  list->add_option("--server", *server, "JACK server name (default: the default server)");
  list->callback([server] {
    device::requireJack();
#if TONEWOOD_HAVE_JACK
    devices(*server);
#endif
  });

  auto p = std::make_shared<PlayOptions>();
  CLI::App* playCmd = app.add_subcommand(
      "play",
      "Play an audio file (converted to the server's rate) or a project (.json) through "
      "JACK's playback ports");
  playCmd->add_option("file", p->file, "Audio file (any format libsndfile reads), or a project")
      ->required()
      ->check(CLI::ExistingFile);
  playCmd->add_flag("--loop", p->loop, "Repeat until interrupted (a project: its loop region)");
  addJackClientOptions(playCmd, p->server, p->clientName, p->quiet);
  playCmd->callback([p] {
    device::requireJack();
#if TONEWOOD_HAVE_JACK
    play(*p);
#endif
  });

  auto r = std::make_shared<RecordOptions>();
  CLI::App* recordCmd = app.add_subcommand(
      "record", "Record JACK's capture ports (or --port ...) to a file, through a disk thread");
  recordCmd->add_option("-o,--output", r->output, "WAV, W64, RF64, AIFF or CAF file")->required();
  recordCmd->add_option("--seconds", r->seconds, "How long")->required();
  recordCmd->add_option("--channels", r->channels, "Channels to record")->check(CLI::Range(1, 16));
  recordCmd->add_option("--port", r->ports,
                        "Ports to record, in order (default: physical capture)");
  recordCmd->add_option("--subtype", r->subtype, "Sample format (default FLOAT)");
  addJackClientOptions(recordCmd, r->server, r->clientName, r->quiet);
  recordCmd->callback([r] {
    device::requireJack();
#if TONEWOOD_HAVE_JACK
    record(*r);
#endif
  });
}

}  // namespace tonewood::cli
