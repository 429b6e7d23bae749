// `tonewood link status [--listen SECONDS] [--quantum BEATS] [--json]`: joins the Link session on
// the network for a moment and reports it (peers, tempo, beat, phase, playing).
#include <chrono>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "commands.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/link/link_session.hpp"

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
}

}  // namespace tonewood::cli
