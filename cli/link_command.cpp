// `tonewood link status [--listen SECONDS] [--quantum BEATS] [--json]`: joins the Link session on
// the network for a moment and reports it (peers, tempo, beat, phase, playing).
// `tonewood link play FILE`: plays a MIDI or audio file through JACK on an engine that follows
// the session, from its next quantum boundary.
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "audio_io.hpp"
#include "commands.hpp"
#include "instrument_choice.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/device/backend_support.hpp"
#include "tonewood/link/link_follower.hpp"
#include "tonewood/link/link_session.hpp"
#if TONEWOOD_HAVE_JACK
#include "tonewood/device/jack/jack_engine.hpp"
#include "tonewood/graph/nodes/audio_player.hpp"
#include "tonewood/graph/nodes/beat_sequencer.hpp"
#include "tonewood/graph/nodes/midi_io.hpp"
#include "tonewood/midi/midi_file.hpp"
#endif

namespace tonewood::cli {

namespace {

struct LinkStatusOptions {
  double listen = 1.5, quantum = 4.0;
  bool json = false;
};

void status(const LinkStatusOptions& o) {
  requireInRange("--listen", o.listen, 0.0, 60.0, "s");
  link::requireQuantum(o.quantum);
  link::LinkSession session;
  session.enableStartStopSync(true);
  session.enable(true);
  // Peers answer within a few hundred milliseconds, but joining their session waits for a
  // measurement of its clock: a second or so.
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(o.listen);
  while (std::chrono::steady_clock::now() < end)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const std::int64_t now = session.micros();
  const link::SessionState state = session.captureAppSessionState();
  const std::size_t peers = session.peers();
  const double beat = state.beatAtTime(now, o.quantum), phase = state.phaseAtTime(now, o.quantum);
  session.close();
  if (o.json) {
    const nlohmann::json out = {{"peers", peers},        {"tempo_bpm", state.tempo()},
                                {"beat", beat},          {"phase", phase},
                                {"quantum", o.quantum},  {"playing", state.isPlaying()},
                                {"listened_s", o.listen}};
    std::printf("%s\n", out.dump().c_str());
    return;
  }
  std::printf("Link session (listened %.1f s):\n", o.listen);
  if (peers == 0)
    std::printf("  peers    none found (this session is ours alone)\n");
  else
    std::printf("  peers    %zu\n", peers);
  std::printf("  tempo    %.2f bpm\n", state.tempo());
  std::printf("  beat     %.3f (phase %.3f of %g)\n", beat, phase, o.quantum);
  std::printf("  playing  %s\n", state.isPlaying() ? "yes" : "no");
}

std::string peersText(std::size_t n) {
  return n == 0 ? "no peers" : n == 1 ? "1 peer" : std::to_string(n) + " peers";
}

struct LinkPlayOptions {
  std::string file, server, clientName = "tonewood-link", midiOut;
  double quantum = 4.0, tempo = 120.0;
  bool startStopSync = false, loop = false, quiet = false;
  InstrumentChoice instrument;
};

#if TONEWOOD_HAVE_JACK

volatile std::sig_atomic_t interrupted = 0;

bool isMidiFile(const std::string& path) {
  for (const char* ending : {".mid", ".midi", ".MID", ".MIDI"}) {
    const std::string e(ending);
    if (path.size() > e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0)
      return true;
  }
  return false;
}

// What plays: a MIDI file's messages on the beat grid (so they follow the session's tempo),
// into an instrument or out of a MIDI port; or an audio file, started on the boundary at its
// own speed. Returns the length in beats (MIDI) or frames (audio), and whether it is in beats.
struct Playing {
  double length = 0.0;
  bool inBeats = true;
  std::string what;
  std::shared_ptr<graph::MidiOutput> midiOut;
};

Playing addSource(const LinkPlayOptions& o, graph::Engine& engine) {
  Playing p;
  const double rate = engine.options().sampleRate;
  if (!isMidiFile(o.file)) {
    auto player = std::make_shared<graph::AudioPlayer>(o.file);
    player->setParameter(graph::AudioPlayer::kLoop, o.loop ? 1.0f : 0.0f);
    const graph::NodeId node = engine.add(player, "file");
    for (int c = 0; c < 2; ++c)
      engine.connect(node, std::min(c, player->numOutputChannels() - 1), graph::Graph::kOutput, c);
    p.length = static_cast<double>(player->lengthFrames());
    p.inBeats = false;
    p.what = "audio at its own speed";
    return p;
  }
  const midi::MidiFile file = midi::MidiFile::read(o.file);
  auto sequencer = std::make_shared<graph::BeatSequencer>();
  p.length = static_cast<double>(file.lengthTicks()) / std::max(1, file.ticksPerBeat());
  // A loop lasts whole quanta, so each pass starts on a boundary of the session.
  const double loop = o.loop ? std::max(1.0, std::ceil(p.length / o.quantum)) * o.quantum : 0.0;
  sequencer->setPattern(graph::beatStepsOf(file), loop);
  const graph::NodeId seq = engine.add(sequencer, "sequencer");
  if (!o.midiOut.empty()) {
    p.midiOut = std::make_shared<graph::MidiOutput>();
    engine.connectEvents(seq, engine.add(p.midiOut, "midi out"));
    p.what = "MIDI to " + o.midiOut;
    return p;
  }
  std::string description;
  const graph::NodeId synth =
      engine.add(makeInstrument(o.instrument, rate, &description), "instrument");
  engine.connectEvents(seq, synth);
  engine.connect(synth, graph::Graph::kOutput);
  p.what = description;
  return p;
}

void play(const LinkPlayOptions& o) {
  link::requireQuantum(o.quantum);
  link::requireTempo(o.tempo);
  const double rate = device::JackClient("tonewood-probe", o.server).sampleRate();
  graph::Engine engine({rate, 1024, 0, 2, 1});
  Playing source = addSource(o, engine);
  auto session = std::make_shared<link::LinkSession>(o.tempo);
  session->enableStartStopSync(o.startStopSync);
  session->enable(true);
  engine.transport().setTempoSource(std::make_shared<link::LinkFollower>(session, o.quantum));
  device::JackEngine live(engine, {o.clientName, o.server, o.midiOut.empty(), false});
  if (source.midiOut) {
    const auto port = live.bindMidiOutput("out", source.midiOut);
    live.client().connect(live.client().fullName(port.get()), o.midiOut);
  }
  live.start();
  // Peers answer within a few hundred milliseconds; their session's clock is measured by then.
  std::this_thread::sleep_for(std::chrono::seconds(1));
  std::signal(SIGINT, [](int) { interrupted = 1; });
  std::signal(SIGTERM, [](int) { interrupted = 1; });
  engine.transport().play();
  std::printf("waiting for the session's next %g-beat boundary (%s, %.2f bpm)\n", o.quantum,
              peersText(session->peers()).c_str(), session->captureAppSessionState().tempo());
  std::fflush(stdout);
  while (!interrupted && !engine.transport().playing())
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  Progress progress("playing " + o.file, progressWanted(o.quiet));
  // To the end and two seconds of tails (a MIDI file's in beats at whatever tempo the session
  // takes), or until interrupted with --loop.
  auto done = [&] {
    if (o.loop) return false;
    const double at = source.inBeats ? engine.transport().beats()
                                     : static_cast<double>(engine.transport().position().value);
    if (at < source.length) {
      progress.update(source.length > 0 ? at / source.length : 1.0);
      return false;
    }
    return true;
  };
  while (!interrupted && !done()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (!interrupted) std::this_thread::sleep_for(std::chrono::seconds(2));
  const double beats = engine.transport().beats();
  const double tempo = session->captureAppSessionState().tempo();
  engine.transport().stop();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the last cycles leave
  progress.done();
  std::printf("played %s (%s): %.2f beats, following Link at %.2f bpm with %s, %zu xruns\n",
              o.file.c_str(), source.what.c_str(), beats, tempo,
              peersText(session->peers()).c_str(), live.xruns());
  session->close();
}

#endif

}  // namespace

void addLinkCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("link", "Ableton Link: the session on the network");
  cmd->require_subcommand(1);
  auto o = std::make_shared<LinkStatusOptions>();
  auto* statusCmd = cmd->add_subcommand("status", "Join the Link session briefly and report it");
  statusCmd->add_option("--listen", o->listen, "Seconds to wait for peers (0-60)")
      ->default_val(1.5);
  statusCmd->add_option("--quantum", o->quantum, "Beats per phase cycle for beat and phase")
      ->default_val(4.0);
  statusCmd->add_flag("--json", o->json, "Print one JSON object");
  statusCmd->callback([o] { status(*o); });

  auto p = std::make_shared<LinkPlayOptions>();
  auto* playCmd = cmd->add_subcommand(
      "play",
      "Play a MIDI file (on the session's beats, following its tempo) or an audio file (at its "
      "own speed) through JACK, from the session's next quantum boundary");
  playCmd->add_option("file", p->file, "A MIDI file (.mid) or an audio file")
      ->required()
      ->check(CLI::ExistingFile);
  addInstrumentOptions(playCmd, p->instrument);
  playCmd->add_option("--midi-out", p->midiOut,
                      "Send a MIDI file's messages to this JACK MIDI port instead of playing them");
  playCmd->add_option("--quantum", p->quantum, "Beats between the boundaries playing starts on")
      ->default_val(4.0);
  playCmd->add_option("--tempo", p->tempo, "The tempo when no session is found (20-999 bpm)")
      ->default_val(120.0);
  playCmd->add_flag("--start-stop-sync", p->startStopSync,
                    "Share starting and stopping with the peers that share it");
  playCmd->add_flag("--loop", p->loop, "Repeat until interrupted (a MIDI file over whole quanta)");
  addJackClientOptions(playCmd, p->server, p->clientName, p->quiet);
  playCmd->callback([p] {
    device::requireJack();
#if TONEWOOD_HAVE_JACK
    play(*p);
#endif
  });
}

}  // namespace tonewood::cli
