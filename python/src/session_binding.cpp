// The session model (tracks, clips, automation, markers) and its offline bounce. The Pythonic
// layer (tonewood/timeline.py) reaches tracks by name on every call, so nothing it holds can
// outlive a removed track.
#include <nanobind/nanobind.h>
#include <nanobind/operators.h>
#include <nanobind/stl/function.h>
#include <nanobind/stl/map.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "audio_arrays.hpp"
#include "py_engine.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/midi/midi_file.hpp"
#include "tonewood/timeline/automation_pass.hpp"
#include "tonewood/timeline/midi_import.hpp"
#include "tonewood/timeline/project_file.hpp"
#include "tonewood/timeline/session.hpp"
#include "tonewood/timeline/session_graph.hpp"
#include "tonewood/timeline/take_recording.hpp"

namespace nb = nanobind;

namespace tonewood::python {

namespace {
using namespace timeline;

std::optional<double> unsetBelowZero(double v) {
  return v < 0.0 ? std::nullopt : std::optional<double>(v);
}

std::string describe(const Position& p) {
  return p.unit == Position::Unit::Beats ? "beats(" + formatNumber(p.value) + ")"
                                         : "seconds(" + formatNumber(p.value) + ")";
}

std::optional<std::pair<Position, Position>> rangePair(const std::optional<Range>& r) {
  if (!r) return std::nullopt;
  return std::make_pair(r->start, r->end);
}

std::optional<Range> rangeOf(const std::optional<std::pair<Position, Position>>& r) {
  if (!r) return std::nullopt;
  return Range{r->first, r->second};
}

AudioOutArray copyOut(const AudioBuffer& b) {
  float* rows[kMaxChannels];
  AudioOutArray out = newAudioArray(static_cast<std::size_t>(b.numChannels()),
                                    static_cast<std::size_t>(b.numFrames()), rows);
  for (int c = 0; c < b.numChannels(); ++c) std::copy_n(b.channel(c), b.numFrames(), rows[c]);
  return out;
}

constexpr auto kRef = nb::rv_policy::reference_internal;
}  // namespace

void bindSession(nb::module_& timeline) {
  nb::class_<Position>(timeline, "Position",
                       "A place on the timeline, in beats (it follows the tempo map) or seconds.")
      .def_static("beats", &Position::beats, nb::arg("beats"))
      .def_static("seconds", &Position::seconds, nb::arg("seconds"))
      .def_ro("value", &Position::value)
      .def_prop_ro(
          "unit",
          [](const Position& p) { return p.unit == Position::Unit::Beats ? "beats" : "seconds"; })
      .def("seconds_on", &Position::secondsOn, nb::arg("tempo_map"))
      .def("beats_on", &Position::beatsOn, nb::arg("tempo_map"))
      .def(nb::self == nb::self)
      .def("__repr__", &describe);

  nb::class_<AudioSource>(timeline, "AudioSource",
                          "Audio clips are cut from: a file (played from disk, or decoded into "
                          "memory), or an array.")
      .def_static(
          "from_file",
          [](const std::string& path, bool stream) {
            return AudioSource::fromFile(path,
                                         stream ? SourceLoading::Stream : SourceLoading::Memory);
          },
          nb::arg("path"), nb::arg("stream") = true, nb::call_guard<nb::gil_scoped_release>(),
          "Opens a file. With `stream` (the default) clips play it from disk and only its header "
          "is read now; otherwise it is decoded into memory here.")
      .def_prop_ro("streamed", &AudioSource::streamed)
      .def_static(
          "from_audio",
          [](AudioInArray audio, double sampleRate, std::string name) {
            return AudioSource::fromAudio(viewOf(audio), sampleRate, std::move(name));
          },
          nb::arg("audio"), nb::arg("sample_rate"), nb::arg("name") = "")
      .def_prop_ro("path", &AudioSource::path)
      .def_prop_ro("name", &AudioSource::name)
      .def_prop_ro("sample_rate", &AudioSource::sampleRate)
      .def_prop_ro("channels", &AudioSource::channels)
      .def_prop_ro("frames", &AudioSource::frames)
      .def_prop_ro("seconds", &AudioSource::seconds)
      .def_prop_ro(
          "audio", [](const AudioSource& s) { return copyOut(s.audio()); }, nb::rv_policy::move,
          "A copy of the samples, (channels, frames) float32 (a streamed file is decoded for it, "
          "once, and kept).");

  nb::class_<AudioClip>(timeline, "AudioClip")
      .def(nb::init<>())
      .def_ro("id", &AudioClip::id)
      .def_rw("source", &AudioClip::source)
      .def_rw("name", &AudioClip::name)
      .def_rw("start", &AudioClip::start)
      .def_rw("offset_seconds", &AudioClip::offsetSeconds)
      .def_prop_rw(
          "length_seconds", [](const AudioClip& c) { return unsetBelowZero(c.lengthSeconds); },
          [](AudioClip& c, std::optional<double> v) { c.lengthSeconds = v.value_or(-1.0); },
          nb::arg("value").none())
      .def_prop_rw(
          "loop_seconds", [](const AudioClip& c) { return unsetBelowZero(c.loopSeconds); },
          [](AudioClip& c, std::optional<double> v) { c.loopSeconds = v.value_or(-1.0); },
          nb::arg("value").none())
      .def_rw("loop", &AudioClip::loop)
      .def_rw("reverse", &AudioClip::reverse)
      .def_rw("gain_db", &AudioClip::gainDb)
      .def_prop_rw(
          "fade_in",
          [](const AudioClip& c) {
            return std::make_pair(c.fadeIn.seconds,
                                  std::string(dsp::fadeShapeName(c.fadeIn.shape)));
          },
          [](AudioClip& c, std::pair<double, std::string> f) {
            c.fadeIn = {f.first, dsp::fadeShapeFromName(f.second)};
          })
      .def_prop_rw(
          "fade_out",
          [](const AudioClip& c) {
            return std::make_pair(c.fadeOut.seconds,
                                  std::string(dsp::fadeShapeName(c.fadeOut.shape)));
          },
          [](AudioClip& c, std::pair<double, std::string> f) {
            c.fadeOut = {f.first, dsp::fadeShapeFromName(f.second)};
          })
      .def_prop_ro("played_seconds", &AudioClip::playedSeconds)
      .def("timeline_seconds", &AudioClip::timelineSeconds, nb::arg("tempo_map"))
      .def_rw("source_bpm", &AudioClip::sourceBpm)
      .def_prop_ro("region_seconds", &AudioClip::regionSeconds)
      .def("validate", &AudioClip::validate);

  nb::class_<MidiClip>(timeline, "MidiClip")
      .def(nb::init<>())
      .def_ro("id", &MidiClip::id)
      .def_rw("name", &MidiClip::name)
      .def_rw("start", &MidiClip::start)
      .def_rw("file", &MidiClip::file)
      .def_prop_ro("length_beats", &MidiClip::lengthBeats);

  nb::class_<AutomationLane>(timeline, "AutomationLane")
      .def_prop_ro("parameter", &AutomationLane::parameter)
      .def_prop_ro("min", &AutomationLane::min)
      .def_prop_ro("max", &AutomationLane::max)
      .def_prop_ro("unit", &AutomationLane::unit)
      .def(
          "add_point",
          [](AutomationLane& lane, Position time, double value, const std::string& curve,
             double tension) {
            lane.addPoint({time, value, automationCurveFromName(curve), tension});
          },
          nb::arg("time"), nb::arg("value"), nb::arg("curve") = "linear", nb::arg("tension") = 0.0)
      .def("remove_point", &AutomationLane::removePoint, nb::arg("time"))
      .def("value_at", &AutomationLane::valueAt, nb::arg("seconds"), nb::arg("tempo_map"))
      .def("clear", &AutomationLane::clear)
      .def(
          "assign",
          [](AutomationLane& lane, const AutomationLane& from) {
            if (from.parameter() != lane.parameter())
              throw InvalidArgumentError("a lane of '" + from.parameter() +
                                         "' cannot replace one of '" + lane.parameter() + "'");
            lane = from;
          },
          nb::arg("lane"), "Takes the other lane's points (a lane of the same parameter).")
      .def_prop_ro("points", [](const AutomationLane& lane) {
        std::vector<std::tuple<Position, double, std::string, double>> out;
        for (const AutomationPoint& p : lane.points())
          out.emplace_back(p.time, p.value, automationCurveName(p.curve), p.tension);
        return out;
      });

  nb::class_<Track>(timeline, "Track")
      .def_prop_ro("name", &Track::name)
      .def_prop_ro("kind", [](const Track& t) { return trackKindName(t.kind()); })
      .def_prop_rw("volume_db", &Track::volumeDb, &Track::setVolumeDb)
      .def_prop_rw("pan", &Track::pan, &Track::setPan)
      .def_prop_rw("mute", &Track::mute, &Track::setMute)
      .def_prop_rw("solo", &Track::solo, &Track::setSolo)
      .def_prop_rw("invert", &Track::invert, &Track::setInvert)
      .def_prop_ro("volume_lane", nb::overload_cast<>(&Track::volumeLane), kRef)
      .def_prop_ro("pan_lane", nb::overload_cast<>(&Track::panLane), kRef)
      .def("parameter_lane", &Track::parameterLane, nb::arg("insert"), nb::arg("parameter"), kRef,
           "The lane of a parameter of insert `insert` (-1: the instrument).")
      .def("parameter_value", &Track::parameterValue, nb::arg("insert"), nb::arg("parameter"),
           "The value a parameter of insert `insert` (-1: the instrument) has without automation.")
      .def_prop_ro("parameter_lanes",
                   [](const Track& t) {
                     std::vector<std::pair<int, std::string>> out;
                     for (const ParameterLane& l : t.parameterLanes())
                       out.emplace_back(l.insert, l.parameter);
                     return out;
                   })
      .def_prop_rw("instrument", &Track::instrument, &Track::setInstrument,
                   nb::arg("instrument").none())
      .def_prop_ro("inserts",
                   [](const Track& t) {
                     std::vector<std::tuple<std::shared_ptr<graph::Processor>, bool, double>> out;
                     for (const Insert& i : t.inserts())
                       out.emplace_back(i.processor, i.bypass, i.mix);
                     return out;
                   })
      .def("add_insert", &Track::addInsert, nb::arg("effect"), nb::arg("index") = -1)
      .def("remove_insert", &Track::removeInsert, nb::arg("index"))
      .def("set_bypass", &Track::setBypass, nb::arg("index"), nb::arg("bypass"))
      .def("set_mix", &Track::setMix, nb::arg("index"), nb::arg("mix"))
      .def_prop_ro("sends",
                   [](const Track& t) {
                     std::vector<std::tuple<std::string, double, bool>> out;
                     for (const Send& s : t.sends()) out.emplace_back(s.bus, s.levelDb, s.preFader);
                     return out;
                   })
      .def("set_send", &Track::setSend, nb::arg("bus"), nb::arg("level_db"),
           nb::arg("pre_fader") = false)
      .def("remove_send", &Track::removeSend, nb::arg("bus"))
      .def_prop_rw("output", &Track::output, &Track::setOutput)
      .def_prop_ro("audio_clips", &Track::audioClips)
      .def_prop_ro("midi_clips", &Track::midiClips)
      .def("audio_clip",
           [](const Track& t, std::uint64_t id) { return t.audioClips()[t.audioClipIndex(id)]; })
      .def("midi_clip",
           [](const Track& t, std::uint64_t id) { return t.midiClips()[t.midiClipIndex(id)]; })
      .def("add_midi_clip", &Track::addMidiClip, nb::arg("clip"))
      .def("replace_midi_clip", &Track::replaceMidiClip, nb::arg("id"), nb::arg("clip"))
      .def("remove_audio_clip",
           [](Track& t, std::uint64_t id) { t.removeAudioClip(t.audioClipIndex(id)); })
      .def("remove_midi_clip",
           [](Track& t, std::uint64_t id) { t.removeMidiClip(t.midiClipIndex(id)); })
      .def("end_seconds", &Track::endSeconds, nb::arg("tempo_map"));

  nb::class_<Session>(timeline, "Session")
      .def(nb::init<double, double>(), nb::arg("sample_rate") = 48000.0, nb::arg("bpm") = 120.0)
      .def_prop_ro("sample_rate", &Session::sampleRate)
      .def_prop_ro("tempo_map", nb::overload_cast<>(&Session::tempoMap), kRef)
      .def(
          "add_track",
          [](Session& s, const std::string& name, const std::string& kind) -> Track& {
            return s.addTrack(name, trackKindFromName(kind));
          },
          nb::arg("name"), nb::arg("kind"), kRef)
      .def("remove_track", &Session::removeTrack, nb::arg("name"))
      .def("track", nb::overload_cast<const std::string&>(&Session::track), nb::arg("name"), kRef)
      .def_prop_ro("track_names",
                   [](const Session& s) {
                     std::vector<std::string> names;
                     for (std::size_t k = 0; k < s.trackCount(); ++k)
                       names.push_back(s.track(k).name());
                     return names;
                   })
      .def("add_audio_clip", &Session::addAudioClip, nb::arg("track"), nb::arg("clip"))
      .def("replace_audio_clip", &Session::replaceAudioClip, nb::arg("track"), nb::arg("id"),
           nb::arg("clip"))
      .def("add_marker", &Session::addMarker, nb::arg("name"), nb::arg("at"))
      .def("remove_marker", &Session::removeMarker, nb::arg("name"))
      .def_prop_ro("markers",
                   [](const Session& s) {
                     std::vector<std::pair<std::string, Position>> out;
                     for (const Marker& m : s.markers()) out.emplace_back(m.name, m.at);
                     return out;
                   })
      .def_prop_rw(
          "loop", [](const Session& s) { return rangePair(s.loop()); },
          [](Session& s, std::optional<std::pair<Position, Position>> r) { s.setLoop(rangeOf(r)); },
          nb::arg("value").none())
      .def_prop_rw(
          "selection", [](const Session& s) { return rangePair(s.selection()); },
          [](Session& s, std::optional<std::pair<Position, Position>> r) {
            s.setSelection(rangeOf(r));
          },
          nb::arg("value").none())
      .def_prop_ro("duration_seconds", &Session::durationSeconds)
      .def("validate", &Session::validate)
      .def(
          "bounce",
          [](const Session& s, std::int64_t start, std::int64_t frames, int blockSize, int threads,
             bool stems, std::optional<std::function<void(double)>> progress) {
            BounceOptions o;
            o.blockSize = blockSize;
            o.threads = threads;
            o.stems = stems;
            if (progress)
              o.progress = [&progress](double done) {
                nb::gil_scoped_acquire gil;
                (*progress)(done);
              };
            Bounce b;
            {
              nb::gil_scoped_release release;
              b = s.bounce(start, frames, o);
            }
            std::vector<AudioOutArray> stemArrays;
            for (const AudioBuffer& stem : b.stems) stemArrays.push_back(copyOut(stem));
            return std::make_pair(copyOut(b.mix), stemArrays);
          },
          nb::arg("start_frame"), nb::arg("frames"), nb::arg("block_size") = 512,
          nb::arg("threads") = 1, nb::arg("stems") = false, nb::arg("progress") = nb::none())
      .def(
          "save",
          [](const Session& s, const std::string& path, bool collectMedia) {
            saveProject(s, path, {collectMedia});
          },
          nb::arg("path"), nb::arg("collect_media") = false);

  timeline.def(
      "load_project",
      [](const std::string& path, std::map<std::string, std::string> relink) {
        LoadedProject p = loadProject(path, {std::move(relink)});
        return std::make_pair(std::move(p.session), std::move(p.warnings));
      },
      nb::arg("path"), nb::arg("relink") = std::map<std::string, std::string>{},
      "A project file as (Session, warnings).");
  nb::class_<EditHistory>(timeline, "EditHistory", "Undo and redo of a session's edits.")
      .def(nb::init<const Session&, std::size_t>(), nb::arg("session"), nb::arg("limit") = 200)
      .def("record", &EditHistory::record, nb::arg("session"), nb::arg("label"))
      .def("undo", &EditHistory::undo, nb::arg("session"))
      .def("redo", &EditHistory::redo, nb::arg("session"))
      .def_prop_ro("undo_labels", &EditHistory::undoLabels)
      .def_prop_ro("redo_labels", &EditHistory::redoLabels);
  nb::class_<AutomationPass>(timeline, "AutomationPass",
                             "One recording pass of live moves over an automation lane.")
      .def(nb::init<AutomationLane, const TempoMap&, double, double, double, double>(),
           nb::arg("original"), nb::arg("tempo_map"), nb::arg("sample_rate"),
           nb::arg("start_seconds"), nb::arg("value"), nb::arg("steady"))
      .def("move", &AutomationPass::move, nb::arg("seconds"), nb::arg("value"))
      .def_prop_ro("value", &AutomationPass::value)
      .def_prop_ro("start_seconds", &AutomationPass::startSeconds)
      .def_prop_ro("original", &AutomationPass::original)
      .def("live", &AutomationPass::live)
      .def("finish", &AutomationPass::finish, nb::arg("end_seconds"));
  timeline.def(
      "automation_mode",
      [](const std::string& name) { return automationModeName(automationModeFromName(name)); },
      nb::arg("name"), "Checks an automation mode's name.");
  nb::class_<SessionGraph>(timeline, "SessionGraph", "A session's nodes in an engine.")
      .def_prop_ro("nodes", [](const SessionGraph& g) { return g.nodes; })
      .def_prop_ro("instruments",
                   [](const SessionGraph& g) {
                     std::vector<graph::NodeId> out;  // by track, 0 where a track has none
                     for (const SessionGraph::TrackNodes& t : g.tracks) out.push_back(t.instrument);
                     return out;
                   })
      .def(
          "stream_underruns",
          [](const SessionGraph& g, PyEngine& e) {
            std::lock_guard lock(e.mutex);
            return streamUnderruns(g, e.engine);
          },
          nb::arg("engine"),
          "Live blocks in which streamed clips missed frames (the disk was late).")
      .def(
          "refresh_lanes",
          [](const SessionGraph& g, const Session& s, PyEngine& e, const std::string& track) {
            std::lock_guard lock(e.mutex);
            return refreshTrackLanes(s, g, track);
          },
          nb::arg("session"), nb::arg("engine"), nb::arg("track"),
          "Gives the live graph a track's lanes as the session has them, in place; False when "
          "it needs a rebuild.");
  timeline.def(
      "build_session_graph",
      [](const Session& s, PyEngine& e) {
        std::lock_guard lock(e.mutex);
        SessionGraph g = buildSessionGraph(s, e.engine, false);
        e.tempoMap = std::make_shared<TempoMap>(s.tempoMap());  // what the engine's binding shows
        e.applyTempoSource();
        return g;
      },
      nb::arg("session"), nb::arg("engine"), "Adds the session's graph to an engine.");
  timeline.def(
      "rebuild_session_graph",
      [](const Session& s, PyEngine& e, const SessionGraph& previous) {
        std::lock_guard lock(e.mutex);
        SessionGraph g = rebuildSessionGraph(s, e.engine, previous);
        e.tempoMap = std::make_shared<TempoMap>(s.tempoMap());
        e.applyTempoSource();
        return g;
      },
      nb::arg("session"), nb::arg("engine"), nb::arg("previous"),
      "Replaces a session graph in an engine by the session as it is now, between two blocks.");
  nb::class_<TakeResult>(timeline, "TakeResult", "What a take of a recording pass became.")
      .def_ro("track", &TakeResult::track)
      .def_ro("clip", &TakeResult::clip, "The clip's id on its track (0: none).")
      .def_ro("midi", &TakeResult::midi)
      .def_ro("path", &TakeResult::path)
      .def_ro("frames", &TakeResult::frames)
      .def_ro("lost", &TakeResult::lost)
      .def_ro("failure", &TakeResult::failure)
      .def_ro("unplaced", &TakeResult::unplaced);
  // The engine is locked for the graph edits a pass makes as it starts and ends.
  struct PyTakeRecording {
    PyEngine& engine;
    std::unique_ptr<TakeRecording> pass;
    ~PyTakeRecording() {
      if (!pass || pass->finished()) return;
      std::lock_guard lock(engine.mutex);
      pass.reset();  // undoes the takes
    }
  };
  nb::class_<PyTakeRecording>(timeline, "TakeRecording",
                              "A recording pass over a session playing in an engine.")
      .def(
          "__init__",
          [](PyTakeRecording* self, Session& s, PyEngine& e,
             const std::vector<std::tuple<std::string, std::vector<int>, graph::NodeId>>& armed,
             std::string folder, std::int64_t punchIn, std::int64_t punchOut,
             std::int64_t latencyFrames) {
            std::vector<ArmedTrack> tracks;
            for (const auto& [track, inputs, source] : armed)
              tracks.push_back({track, inputs, source});
            TakeOptions o{std::move(folder), punchIn, punchOut, latencyFrames};
            std::unique_lock lock(e.mutex);
            auto pass =
                std::make_unique<TakeRecording>(s, e.engine, std::move(tracks), std::move(o));
            lock.unlock();
            new (self) PyTakeRecording{e, std::move(pass)};
          },
          nb::arg("session"), nb::arg("engine"), nb::arg("armed"), nb::arg("folder"),
          nb::arg("punch_in"), nb::arg("punch_out"), nb::arg("latency_frames"),
          nb::keep_alive<1, 2>(), nb::keep_alive<1, 3>(),
          "armed: (track, input channels, MIDI source node or 0) per track.")
      .def(
          "finish",
          [](PyTakeRecording& self, bool keep) {
            std::lock_guard lock(self.engine.mutex);
            return self.pass->finish(keep);
          },
          nb::arg("keep") = true, nb::call_guard<nb::gil_scoped_release>(),
          "Stops every take; with keep, each becomes a clip where it was played.");
  timeline.def(
      "session_from_midi",
      [](const midi::MidiFile& file, double sampleRate,
         const std::function<std::shared_ptr<graph::Processor>(const std::string&)>& instrument) {
        return sessionFromMidi(file, sampleRate, instrument);
      },
      nb::arg("file"), nb::arg("sample_rate"), nb::arg("instrument"),
      "A session with an instrument track per MIDI track (instrument(name) makes each one's).");
}

}  // namespace tonewood::python
