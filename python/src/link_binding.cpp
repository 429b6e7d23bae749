#include <nanobind/nanobind.h>
#include <nanobind/stl/function.h>
#include <nanobind/stl/shared_ptr.h>

#include <memory>

#include "bindings.hpp"
#include "py_engine.hpp"
#include "tonewood/link/link_follower.hpp"
#include "tonewood/link/link_session.hpp"

namespace nb = nanobind;
using namespace nb::literals;

namespace tonewood::python {

namespace {

using link::LinkSession;
using link::SessionState;

// A Python callable as a callback for the session's delivery thread: called with the GIL, its
// errors reported as unraisable (the session goes on), released with the GIL wherever the last
// copy goes.
template <typename T>
std::function<void(T)> fromPython(nb::object callable) {
  if (callable.is_none()) return {};
  if (!PyCallable_Check(callable.ptr()))
    throw nb::type_error("a Link callback must be callable or None");
  std::shared_ptr<nb::object> held(new nb::object(std::move(callable)), [](nb::object* o) {
    nb::gil_scoped_acquire gil;
    delete o;
  });
  return [held](T value) {
    nb::gil_scoped_acquire gil;
    try {
      (*held)(value);
    } catch (nb::python_error& e) {
      e.discard_as_unraisable("in a Link callback");
    }
  };
}

}  // namespace

void bindLink(nb::module_& m) {
  nb::module_ link = m.def_submodule("link", "Ableton Link sessions (tonewood.Link wraps them).");
  link.attr("MIN_TEMPO") = link::kMinTempo;
  link.attr("MAX_TEMPO") = link::kMaxTempo;
  link.def("require_quantum", &link::requireQuantum, "quantum"_a);

  nb::class_<SessionState>(link, "SessionState",
                           "A snapshot of the session's timeline and start/stop state: read it, "
                           "change it, commit it. Times are microseconds of Link's clock.")
      .def_prop_ro("tempo", &SessionState::tempo)
      .def("set_tempo", &SessionState::setTempo, "bpm"_a, "at_micros"_a)
      .def("beat_at_time", &SessionState::beatAtTime, "micros"_a, "quantum"_a)
      .def("phase_at_time", &SessionState::phaseAtTime, "micros"_a, "quantum"_a)
      .def("time_at_beat", &SessionState::timeAtBeat, "beat"_a, "quantum"_a)
      .def("request_beat_at_time", &SessionState::requestBeatAtTime, "beat"_a, "micros"_a,
           "quantum"_a)
      .def("force_beat_at_time", &SessionState::forceBeatAtTime, "beat"_a, "micros"_a, "quantum"_a)
      .def_prop_ro("is_playing", &SessionState::isPlaying)
      .def("set_is_playing", &SessionState::setIsPlaying, "playing"_a, "at_micros"_a)
      .def_prop_ro("time_for_is_playing", &SessionState::timeForIsPlaying)
      .def("request_beat_at_start_playing_time", &SessionState::requestBeatAtStartPlayingTime,
           "beat"_a, "quantum"_a);

  nb::class_<LinkSession>(link, "LinkSession", "One Ableton Link session, disabled when made.")
      .def(nb::init<double>(), "bpm"_a = 120.0)
      .def("enable", &LinkSession::enable, "on"_a)
      .def_prop_ro("enabled", &LinkSession::enabled)
      .def("enable_start_stop_sync", &LinkSession::enableStartStopSync, "on"_a)
      .def_prop_ro("start_stop_sync_enabled", &LinkSession::startStopSyncEnabled)
      .def_prop_ro("peers", &LinkSession::peers)
      .def("micros", &LinkSession::micros)
      .def("capture_app_session_state", &LinkSession::captureAppSessionState)
      .def("commit_app_session_state", &LinkSession::commitAppSessionState, "state"_a)
      .def(
          "on_peers",
          [](LinkSession& s, nb::object f) { s.onPeers(fromPython<std::size_t>(std::move(f))); },
          "callback"_a.none())
      .def(
          "on_tempo",
          [](LinkSession& s, nb::object f) { s.onTempo(fromPython<double>(std::move(f))); },
          "callback"_a.none())
      .def(
          "on_start_stop",
          [](LinkSession& s, nb::object f) { s.onStartStop(fromPython<bool>(std::move(f))); },
          "callback"_a.none())
      .def("close", &LinkSession::close, nb::call_guard<nb::gil_scoped_release>(),
           "Disables Link and stops the callback thread.");

  // An engine's transport following a session (the session stays alive while it does).
  link.def(
      "follow",
      [](PyEngine& e, std::shared_ptr<LinkSession> session, double quantum) {
        std::lock_guard lock(e.mutex);
        e.outsideClock = std::make_shared<link::LinkFollower>(std::move(session), quantum);
        e.applyTempoSource();
      },
      "engine"_a, "session"_a, "quantum"_a,
      "Makes the engine's transport follow the session: its beat, tempo and quantized starts.");
  link.def(
      "unfollow",
      [](PyEngine& e) {
        std::lock_guard lock(e.mutex);
        e.outsideClock = nullptr;
        e.applyTempoSource();
      },
      "engine"_a, "Gives the transport its own tempo (or tempo map) back.");
  link.def(
      "set_follow_quantum",
      [](PyEngine& e, double quantum) {
        if (auto* f = dynamic_cast<link::LinkFollower*>(e.outsideClock.get()))
          f->setQuantum(quantum);
      },
      "engine"_a, "quantum"_a);
}

}  // namespace tonewood::python
