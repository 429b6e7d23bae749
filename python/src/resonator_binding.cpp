// tonewood.Resonator: the resonator synth for offline rendering from Python.
#include <nanobind/ndarray.h>
#include <nanobind/stl/filesystem.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include <cmath>
#include <memory>
#include <mutex>

#include "audio_arrays.hpp"
#include "bindings.hpp"
#include "parameter.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/instruments/midi_rendering.hpp"
#include "tonewood/instruments/resonator_loading.hpp"
#include "tonewood/instruments/resonator_processor.hpp"
#include "tonewood/synth/factory_presets.hpp"
#include "tonewood/synth/preset_files.hpp"
#include "tonewood/synth/resonator_synth.hpp"

namespace nb = nanobind;

namespace tonewood::python {

namespace {

/// What loading a preset found.
struct PresetInfo {
  std::string path, name, author;
  std::vector<std::string> tags, warnings;
  bool resonariumCompatibility = false;
};

/// The synth as a processor (so it can also be a node of an engine), plus the lock that keeps
/// Python threads from scheduling while another renders.
struct Resonator {
  Resonator(double sampleRate, int frames)
      : processor(std::make_shared<instruments::ResonatorProcessor>()),
        synth(processor->synth()),
        blockSize(frames) {
    processor->prepare(ProcessSpec{sampleRate, frames, 2});
  }
  /// Rendering the synth alone is for synths no engine holds.
  void requireAlone(const char* what) const {
    if (processor->isHosted())
      throw InvalidArgumentError(std::string("this Resonator is a node of an engine: ") + what +
                                 " the engine instead");
  }
  std::shared_ptr<instruments::ResonatorProcessor> processor;
  synth::ResonatorSynth& synth;
  int blockSize;
  std::mutex mutex;
};

// Python ints are MIDI data bytes (0..intMax, a 14-bit bend for 16383); floats are already
// scaled (floatMin..1). Bools are refused: True is not a velocity.
float midiOrUnit(nb::handle value, const std::string& what, int intMax, double floatMin) {
  const std::string kinds =
      "an int 0.." + std::to_string(intMax) + " or a float " + formatNumber(floatMin) + "..1";
  if (PyBool_Check(value.ptr()))
    throw InvalidArgumentError(what + " must be " + kinds + ", got a bool");
  if (PyIndex_Check(value.ptr())) {
    const int data = nb::cast<int>(nb::int_(value));
    if (intMax == 16383) return pitchBendFrom14Bit(data);
    requireInRange(what, data, 0, intMax, "(MIDI, integer)");
    return static_cast<float>(data) / static_cast<float>(intMax);
  }
  if (PyFloat_Check(value.ptr()) || PyNumber_Check(value.ptr())) {
    const double x = nb::cast<double>(nb::float_(value));
    requireInRange(what, x, floatMin, 1.0, "(float)");
    return static_cast<float>(x);
  }
  throw InvalidArgumentError(what + " must be " + kinds);
}

// A velocity is a MIDI data byte, an int 0..127; a 0..1 level goes through `level=` instead.
// Taking both kinds in one argument made velocity=1 (1/127) and velocity=1.0 (full) two very
// different notes, so a float velocity is refused with the way to say what was meant.
float velocityFrom(nb::handle velocity, std::optional<double> level) {
  if (level) {
    if (!velocity.is_none())
      throw InvalidArgumentError("give velocity (an int 0..127) or level (a float 0..1), not both");
    requireInRange("level", *level, 0.0, 1.0, "(0..1, velocity / 127)");
    return static_cast<float>(*level);
  }
  if (velocity.is_none()) return 100.0f / 127.0f;
  if (!PyBool_Check(velocity.ptr()) && PyIndex_Check(velocity.ptr()))
    return midiOrUnit(velocity, "velocity", 127, 0.0);
  if (PyFloat_Check(velocity.ptr()))
    throw InvalidArgumentError(
        "velocity is a MIDI value, an int 0..127; got the float " +
        std::string(nb::repr(velocity).c_str()) +
        " (for a 0..1 level pass level=" + std::string(nb::repr(velocity).c_str()) + ")");
  throw InvalidArgumentError("velocity must be an int 0..127, got " +
                             std::string(nb::type_name(velocity.type()).c_str()));
}

std::int64_t framesFrom(const Resonator& r, std::optional<std::int64_t> frames,
                        std::optional<double> seconds) {
  if (frames.has_value() == seconds.has_value())
    throw InvalidArgumentError("render() takes either frames or seconds=, not both or neither");
  if (seconds) {
    requireInRange("seconds", *seconds, 0.0, 86400.0, "s");
    return std::llround(*seconds * r.synth.spec().sampleRate);
  }
  requireInRange("frames", static_cast<double>(*frames), 0.0, 2147483647.0, "frames");
  return *frames;
}

void schedule(Resonator& r, const PerformanceEvent& e) {
  std::lock_guard lock(r.mutex);
  r.processor->schedule(e);
}

std::string describe(const Parameter& p) {
  std::string text = "Parameter(id='" + p.info.id + "', value=" + formatNumber(p.value);
  text += ", range=[" + formatNumber(p.info.min) + ", " + formatNumber(p.info.max) + "]";
  if (!p.info.unit.empty()) text += " " + p.info.unit;
  return text + ", default=" + formatNumber(p.info.defaultValue) + ")";
}

}  // namespace

void bindResonator(nb::module_& m) {
  nb::class_<synth::ModSourceInfo>(m, "ModSource", "A modulation source.")
      .def_ro("id", &synth::ModSourceInfo::id)
      .def_ro("name", &synth::ModSourceInfo::name)
      .def_ro("poly", &synth::ModSourceInfo::poly, "One value per voice (else one for the synth).")
      .def_ro("bipolar", &synth::ModSourceInfo::bipolar, "Moves in -1..1 (else 0..1).")
      .def("__repr__", [](const synth::ModSourceInfo& s) {
        return "ModSource(id='" + s.id + "', name='" + s.name + "')";
      });
  nb::class_<synth::ModulationRoute>(m, "Modulation", "One route of the modulation matrix.")
      .def_ro("source", &synth::ModulationRoute::source)
      .def_ro("destination", &synth::ModulationRoute::destination)
      .def_ro("depth", &synth::ModulationRoute::depth, "In normalised units, -1..1.")
      .def_ro("curve", &synth::ModulationRoute::curve)
      .def_ro("bipolar", &synth::ModulationRoute::bipolar)
      .def_ro("enabled", &synth::ModulationRoute::enabled)
      .def("__repr__", [](const synth::ModulationRoute& r) {
        return "Modulation(source='" + r.source + "', destination='" + r.destination +
               "', depth=" + formatNumber(r.depth) + ", curve='" + r.curve +
               "', bipolar=" + (r.bipolar ? "True" : "False") + ")";
      });

  nb::class_<PresetInfo>(m, "PresetInfo", "What load_preset read.")
      .def_ro("path", &PresetInfo::path)
      .def_ro("name", &PresetInfo::name)
      .def_ro("author", &PresetInfo::author)
      .def_ro("tags", &PresetInfo::tags)
      .def_ro("warnings", &PresetInfo::warnings, "What was skipped or adjusted while loading.")
      .def_ro("resonarium_compatibility", &PresetInfo::resonariumCompatibility)
      .def("__repr__", [](const PresetInfo& p) {
        return "PresetInfo(name='" + p.name + "', path='" + p.path +
               "', warnings=" + std::to_string(p.warnings.size()) + ")";
      });

  nb::class_<Parameter>(m, "Parameter", "A parameter's description and its value when it was read.")
      .def_prop_ro("id", [](const Parameter& p) { return p.info.id; })
      .def_prop_ro("name", [](const Parameter& p) { return p.info.name; })
      .def_prop_ro("value", [](const Parameter& p) { return p.value; })
      .def_prop_ro("default", [](const Parameter& p) { return p.info.defaultValue; })
      .def_prop_ro("min", [](const Parameter& p) { return p.info.min; })
      .def_prop_ro("max", [](const Parameter& p) { return p.info.max; })
      .def_prop_ro("unit", [](const Parameter& p) { return p.info.unit; })
      .def_prop_ro("skew", [](const Parameter& p) { return p.info.skew; })
      .def_prop_ro("step", [](const Parameter& p) { return p.info.step; })
      .def_prop_ro("automatable", [](const Parameter& p) { return p.info.automatable; })
      .def_prop_ro("labels", [](const Parameter& p) { return p.info.labels; })
      .def_prop_ro(
          "normalized_value", [](const Parameter& p) { return p.info.toNormalised(p.value); },
          "((value - min) / (max - min)) ** skew")
      .def("__repr__", &describe);

  nb::class_<Resonator>(m, "Resonator",
                        "The physical-modelling resonator synth (Resonarium-compatible "
                        "parameters), rendering offline.")
      .def(
          "__init__",
          [](Resonator* self, double sampleRate, int blockSize, std::optional<std::string> patch) {
            requireInRange("sample_rate", sampleRate, 8000.0, 384000.0, "Hz");
            requireInRange("block_size", blockSize, 1, 65536, "frames");
            // Checked before construction: a bad name must not leave a half-made object.
            std::optional<synth::Preset> preset =
                patch ? std::optional(synth::factoryPreset(*patch)) : std::nullopt;
            new (self) Resonator(sampleRate, blockSize);
            if (preset) synth::applyPreset(self->synth, *preset);
          },
          nb::arg("sample_rate") = 48000.0, nb::arg("block_size") = 512, nb::kw_only(),
          nb::arg("patch").none() = synth::kDefaultPatch,
          "A synth at `sample_rate` playing `patch`, a factory preset (default: the plucked "
          "string every command starts from); patch=None starts with every exciter and "
          "resonator off, as Resonarium does.")
      .def_prop_ro(
          "sample_rate", [](Resonator& r) { return r.synth.spec().sampleRate; },
          "Sample rate in Hz.")
      .def_prop_ro(
          "block_size", [](Resonator& r) { return r.blockSize; },
          "Frames per internal block (does not change the output).")
      .def_prop_rw(
          "resonarium_compatibility",
          [](Resonator& r) { return r.synth.resonariumCompatibility(); },
          [](Resonator& r, bool on) { r.synth.setResonariumCompatibility(on); },
          "Reproduce the original Resonarium's quirks that its presets are voiced for (an empty "
          "bank passes the previous bank's output on and it is summed again). Off by default; "
          "on in tonewood.compat.resonarium.")
      .def_prop_rw(
          "velocity_sensitivity", [](Resonator& r) { return r.synth.velocitySensitivity(); },
          [](Resonator& r, double s) { r.synth.setVelocitySensitivity(s); },
          "How much velocity scales the exciters: level * velocity ** (2 * sensitivity); 1 (the "
          "default) spans 40 dB, 0 ignores velocity. Not applied in Resonarium-compatibility "
          "mode.")
      .def_prop_ro(
          "active_voices", [](Resonator& r) { return r.synth.activeVoiceCount(); },
          "Voices sounding now (held or ringing out).")
      .def(
          "params", [](Resonator& r) { return parametersOf(r.synth.params()); },
          "Every parameter with its current value, in Resonarium's order.")
      .def(
          "param",
          [](Resonator& r, const std::string& id) {
            const ParamRegistry& p = r.synth.params();
            const std::size_t i = p.indexOf(id);
            return Parameter{p.info(i), p.value(i)};
          },
          nb::arg("id"), "One parameter's description and value.")
      .def(
          "get_param",
          [](Resonator& r, const std::string& id) {
            const ParamRegistry& p = r.synth.params();
            return p.value(p.indexOf(id));
          },
          nb::arg("id"), "Current value in natural units. KeyError for an unknown ID.")
      .def(
          "set_param",
          [](Resonator& r, const std::string& id, double value) {
            setParameter(r.synth.params(), id, value);
          },
          nb::arg("id"), nb::arg("value"),
          "Sets a value in natural units (snapped to the parameter's step). Takes effect within "
          "32 frames of the next render. KeyError for an unknown ID, ValueError out of range.")
      .def(
          "note_on",
          [](Resonator& r, int note, nb::handle velocity, int channel, std::int64_t frame,
             std::optional<double> level) {
            schedule(r, makeNoteOn(note, velocityFrom(velocity, level), channel, frame));
          },
          nb::arg("note"), nb::arg("velocity").none() = nb::none(), nb::arg("channel") = 0,
          nb::arg("frame") = 0, nb::kw_only(), nb::arg("level") = nb::none(),
          nb::sig("def note_on(self, note: int, velocity: int | None = None, channel: int = 0, "
                  "frame: int = 0, *, level: float | None = None) -> None"),
          "Starts a note `frame` frames after the start of the next render. `velocity` is the "
          "MIDI value, an int 0..127 (default 100; 0 releases the note); or pass `level`, a "
          "float 0..1 (velocity / 127). A float velocity is refused: 1 and 1.0 would mean "
          "different notes.")
      .def(
          "note_off",
          [](Resonator& r, int note, nb::handle velocity, int channel, std::int64_t frame,
             std::optional<double> level) {
            if (velocity.is_none() && !level) level = 0.0;
            schedule(r, makeNoteOff(note, velocityFrom(velocity, level), channel, frame));
          },
          nb::arg("note"), nb::arg("velocity").none() = nb::none(), nb::arg("channel") = 0,
          nb::arg("frame") = 0, nb::kw_only(), nb::arg("level") = nb::none(),
          nb::sig("def note_off(self, note: int, velocity: int | None = None, channel: int = 0, "
                  "frame: int = 0, *, level: float | None = None) -> None"),
          "Releases a note `frame` frames after the start of the next render; the release "
          "velocity is an int 0..127 (default 0) or `level`, a float 0..1.")
      .def(
          "pitch_bend",
          [](Resonator& r, nb::handle value, int channel, std::int64_t frame) {
            schedule(r,
                     makePitchBend(midiOrUnit(value, "pitch bend", 16383, -1.0), channel, frame));
          },
          nb::arg("value"), nb::arg("channel") = 0, nb::arg("frame") = 0,
          nb::sig("def pitch_bend(self, value: int | float, channel: int = 0, frame: int = 0) "
                  "-> None"),
          "Bends the channel's notes: an int is 14-bit MIDI (0..16383, 8192 = centre), a float "
          "-1..1. The range is pitch_bend_range semitones (mpe_pitch_bend_range on MPE member "
          "channels, or what the channel's RPN 0 set). Reaches the resonators within 32 frames, "
          "ramped.")
      .def(
          "channel_pressure",
          [](Resonator& r, nb::handle value, int channel, std::int64_t frame) {
            schedule(r,
                     makeChannelPressure(midiOrUnit(value, "pressure", 127, 0.0), channel, frame));
          },
          nb::arg("value"), nb::arg("channel") = 0, nb::arg("frame") = 0,
          nb::sig(
              "def channel_pressure(self, value: int | float, channel: int = 0, frame: int = 0) "
              "-> None"),
          "Aftertouch for the channel (int 0..127 or float 0..1): the notes' pressure.")
      .def(
          "poly_pressure",
          [](Resonator& r, int note, nb::handle value, int channel, std::int64_t frame) {
            schedule(
                r, makePolyPressure(note, midiOrUnit(value, "pressure", 127, 0.0), channel, frame));
          },
          nb::arg("note"), nb::arg("value"), nb::arg("channel") = 0, nb::arg("frame") = 0,
          nb::sig("def poly_pressure(self, note: int, value: int | float, channel: int = 0, "
                  "frame: int = 0) -> None"),
          "Aftertouch for one note (int 0..127 or float 0..1).")
      .def(
          "control_change",
          [](Resonator& r, int controller, nb::handle value, int channel, std::int64_t frame) {
            schedule(r,
                     makeControlChange(controller, midiOrUnit(value, "controller value", 127, 0.0),
                                       channel, frame));
          },
          nb::arg("controller"), nb::arg("value"), nb::arg("channel") = 0, nb::arg("frame") = 0,
          nb::sig("def control_change(self, controller: int, value: int | float, channel: int = 0, "
                  "frame: int = 0) -> None"),
          "A MIDI controller (int 0..127 or float 0..1). Understood: 64 sustain pedal, 74 timbre, "
          "RPN 0 (101/100/6/38) bend range, 120 all sound off, 121 reset controllers, 123 all "
          "notes off; the others are kept for modulation.")
      .def(
          "program_change",
          [](Resonator& r, int program, int channel, std::int64_t frame) {
            schedule(r, makeProgramChange(program, channel, frame));
          },
          nb::arg("program"), nb::arg("channel") = 0, nb::arg("frame") = 0,
          "Accepted and ignored: the synth has one program (load presets instead).")
      .def_prop_rw(
          "mpe_enabled", [](Resonator& r) { return r.synth.mpeEnabled(); },
          [](Resonator& r, bool on) { r.synth.setMpeEnabled(on); },
          "MPE lower zone: channel 0 is the master channel, 1..15 carry one note each.")
      .def_prop_rw(
          "pitch_bend_range", [](Resonator& r) { return r.synth.pitchBendRange(); },
          [](Resonator& r, double st) { r.synth.setPitchBendRange(st); },
          "Bend range in semitones (ordinary channels and the MPE master channel), default 2.")
      .def_prop_rw(
          "mpe_pitch_bend_range", [](Resonator& r) { return r.synth.mpePitchBendRange(); },
          [](Resonator& r, double st) { r.synth.setMpePitchBendRange(st); },
          "Bend range in semitones of MPE member channels, default 48.")
      .def(
          "all_notes_off",
          [](Resonator& r, std::optional<int> channel, std::int64_t frame) {
            requireInRange("frame", static_cast<double>(frame), 0.0, 9.2e18, "frames");
            if (channel)  // MIDI's "all notes off" (controller 123) on that channel only
              schedule(r, makeControlChange(123, 0, *channel, frame));
            else
              schedule(r, makeAllNotesOff(frame));
          },
          nb::arg("channel") = nb::none(), nb::arg("frame") = 0,
          "Releases every held note (they ring out), or those of one MIDI channel.")
      .def("__enter__", [](nb::handle self) { return self; })
      .def(
          "__exit__",
          [](Resonator& r, nb::args) {
            // Leaving the block lets go of the keys; whatever was played rings out.
            schedule(r, makeAllNotesOff(0));
          },
          "Releases every held note.")
      .def_static(
          "mod_sources", [] { return synth::modSources(); },
          "Every modulation source with its stable ID: lfo1-4, rnd1-4, env1-4, mseg1-4 (per "
          "voice), mlfo1-4, mrnd1-4, mmseg1-4, macro1-6 (global), vel, note, mpep, mpet, pb, "
          "cc0-cc119.")
      .def(
          "connect_modulation",
          [](Resonator& r, const std::string& source, const std::string& destination, double depth,
             const std::string& curve, bool bipolar) {
            std::lock_guard lock(r.mutex);
            r.synth.connectModulation(
                {source, destination, static_cast<float>(depth), true, curve, bipolar});
          },
          nb::arg("source"), nb::arg("destination"), nb::arg("depth"), nb::arg("curve") = "linear",
          nb::arg("bipolar") = false,
          "Routes a source to a parameter: value = denormalise(clamp01(normalised + depth * "
          "curve(source))), per voice, on the 32-frame control grid. depth is in normalised units "
          "(-1..1); bipolar spreads the source around the base value. Replaces an existing route "
          "between the same two.")
      .def(
          "disconnect_modulation",
          [](Resonator& r, const std::string& source, const std::string& destination) {
            std::lock_guard lock(r.mutex);
            if (!r.synth.disconnectModulation(source, destination))
              throw InvalidArgumentError("no modulation from '" + source + "' to '" + destination +
                                         "'");
          },
          nb::arg("source"), nb::arg("destination"))
      .def(
          "modulations",
          [](Resonator& r, std::optional<std::string> destination) {
            std::vector<synth::ModulationRoute> out;
            for (const auto& route : r.synth.modulations())
              if (!destination || route.destination == *destination) out.push_back(route);
            if (destination) r.synth.params().indexOf(*destination);  // KeyError if unknown
            return out;
          },
          nb::arg("destination") = nb::none(), "The routes, or those of one destination.")
      .def(
          "mseg",
          [](Resonator& r, int index) {
            requireInRange("MSEG", index, 1, synth::kNumMsegs, "");
            const synth::MsegShape& shape = r.synth.msegs()[static_cast<std::size_t>(index - 1)];
            std::vector<std::tuple<float, float, float>> points;
            for (const auto& p : shape.points) points.emplace_back(p.time, p.value, p.curve);
            return std::make_tuple(points, shape.startIndex, shape.endIndex);
          },
          nb::arg("index"), "MSEG 1..4 as ([(time, value, curve), ...], loop_start, loop_end).")
      .def(
          "set_mseg",
          [](Resonator& r, int index, const std::vector<std::tuple<float, float, float>>& points,
             std::optional<int> loopStart, std::optional<int> loopEnd) {
            requireInRange("MSEG", index, 1, synth::kNumMsegs, "");
            synth::MsegShape shape;
            shape.points.clear();
            for (const auto& [t, v, c] : points) {
              requireInRange("MSEG point time", t, 0.0, 1.0, "");
              requireInRange("MSEG point value", v, -1.0, 1.0, "");
              if (!shape.points.empty() && t < shape.points.back().time)
                throw InvalidArgumentError("MSEG point times must not decrease");
              shape.points.push_back({t, v, c});
            }
            requireInRange("MSEG point count", static_cast<double>(points.size()), 2, 256, "");
            const int last = static_cast<int>(points.size()) - 1;
            shape.startIndex = loopStart.value_or(0);
            shape.endIndex = loopEnd.value_or(last);
            requireInRange("loop_start", shape.startIndex, 0, last, "(point index)");
            requireInRange("loop_end", shape.endIndex, shape.startIndex, last, "(point index)");
            // Curves too, with the rule presets are read by: what is set here saves and loads.
            if (const std::string problem = synth::msegProblem(shape); !problem.empty())
              throw OutOfRangeError(problem);
            std::lock_guard lock(r.mutex);
            auto shapes = r.synth.msegs();
            shapes[static_cast<std::size_t>(index - 1)] = shape;
            r.synth.setMsegs(shapes);
          },
          nb::arg("index"), nb::arg("points"), nb::arg("loop_start") = nb::none(),
          nb::arg("loop_end") = nb::none(),
          "Sets MSEG 1..4 from (time 0..1, value 0..1, curve) points; curve 5.5 is a straight "
          "segment, more bends towards the end, less towards the start.")
      .def_prop_rw(
          "tempo_bpm", [](Resonator& r) { return r.synth.tempo(); },
          [](Resonator& r, double bpm) { r.synth.setTempo(bpm); },
          "Tempo for tempo-synced LFOs, randoms and MSEGs, in beats per minute (default 120).")
      .def(
          "load_preset",
          [](Resonator& r, const std::filesystem::path& file) {
            const std::string path = file.string();
            synth::Preset preset;
            {
              std::lock_guard lock(r.mutex);
              preset = instruments::loadPreset(r.synth, path);
            }
            nb::object warning = nb::module_::import_("tonewood.errors").attr("PresetWarning");
            for (const std::string& w : preset.warnings)
              if (PyErr_WarnEx(warning.ptr(), (path + ": " + w).c_str(), 1) != 0)
                throw nb::python_error();
            return PresetInfo{path,        preset.name,     preset.author,
                              preset.tags, preset.warnings, preset.resonariumCompatibility};
          },
          nb::arg("path"),
          "Loads a tonewood JSON preset or a Resonarium XML preset (which also turns "
          "resonarium_compatibility on). Every parameter not in the preset returns to its default. "
          "Unknown IDs and clamped values become PresetWarning warnings; a malformed file raises "
          "PresetError naming the file and line, and changes nothing.")
      .def(
          "load_sample",
          [](Resonator& r, const std::filesystem::path& path) {
            std::lock_guard lock(r.mutex);
            instruments::loadSample(r.synth, path.string());
          },
          nb::arg("path"),
          "Loads an audio file (any format libsndfile reads) for the sample exciter, resampled to "
          "the synth's rate (sampleEnable, sampleGain, sampleMix, sampleStart/End, sampleLoop).")
      .def_prop_rw(
          "sample_key_tracking",
          [](Resonator& r) -> std::optional<int> {
            const int root = r.synth.sampleKeyTracking();
            return root < 0 ? std::nullopt : std::optional<int>(root);
          },
          [](Resonator& r, std::optional<int> root) {
            r.synth.setSampleKeyTracking(root.value_or(-1));
          },
          "None (the default): every key plays the sample at its own speed. A MIDI note: that key "
          "plays it as recorded, the others transpose it.")
      .def(
          "save_preset",
          [](Resonator& r, const std::filesystem::path& path, const std::string& name,
             const std::string& author, const std::vector<std::string>& tags) {
            synth::Preset preset = synth::capturePreset(r.synth);
            preset.name = name;
            preset.author = author;
            preset.tags = tags;
            synth::writePresetFile(preset, path.string());
          },
          nb::arg("path"), nb::arg("name") = "", nb::arg("author") = "",
          nb::arg("tags") = std::vector<std::string>{},
          "Saves the current sound as tonewood JSON (only non-default values), completely or "
          "not at all.")
      .def(
          "reset",
          [](Resonator& r) {
            r.requireAlone("reset");
            std::lock_guard lock(r.mutex);
            r.processor->reset();
          },
          "Silences every voice and drops pending events; parameters are kept.")
      .def(
          "render",
          [](Resonator& r, std::optional<std::int64_t> frames, std::optional<double> seconds,
             std::optional<nb::ndarray<const float, nb::c_contig, nb::device::cpu>> input) {
            const float* inputChannels[2] = {nullptr, nullptr};
            int inputCount = 0;
            std::int64_t inputFrames = 0;
            if (input) {
              if (input->ndim() != 2 || input->shape(0) < 1 || input->shape(0) > 2)
                throw InvalidArgumentError(
                    "input must be a float32 array shaped (channels, frames) with 1 or 2 channels");
              inputCount = static_cast<int>(input->shape(0));
              inputFrames = static_cast<std::int64_t>(input->shape(1));
              for (int c = 0; c < inputCount; ++c)
                inputChannels[c] = input->data() + static_cast<std::size_t>(c) * input->shape(1);
              if (!frames && !seconds) frames = inputFrames;
            }
            r.requireAlone("render");
            const auto n = static_cast<std::size_t>(framesFrom(r, frames, seconds));
            if (input && static_cast<std::int64_t>(n) > inputFrames)
              throw InvalidArgumentError("input holds " + std::to_string(inputFrames) +
                                         " frames but " + std::to_string(n) + " were asked for");
            auto data = std::make_unique<float[]>(2 * n);
            float* raw = data.get();
            {
              nb::gil_scoped_release release;
              std::lock_guard lock(r.mutex);
              float* channels[] = {raw, raw + n};
              const AudioBlockView out(channels, 2, static_cast<int>(n));
              if (inputCount > 0) {
                const AudioBlockView in(const_cast<float* const*>(inputChannels), inputCount,
                                        static_cast<int>(n));
                r.processor->renderAlone(out, r.blockSize, &in);
              } else {
                r.processor->renderAlone(out, r.blockSize);
              }
            }
            nb::capsule owner(data.release(),
                              [](void* p) noexcept { delete[] static_cast<float*>(p); });
            return nb::ndarray<nb::numpy, float, nb::ndim<2>>(raw, {2, n}, owner);
          },
          nb::arg("frames") = nb::none(), nb::kw_only(), nb::arg("seconds") = nb::none(),
          nb::arg("input") = nb::none(),
          "Renders `frames` (or `seconds=`) of audio and returns a (2, n) float32 array. "
          "`input` ((1 or 2, n) float32) feeds the external-input exciter (extIn*); without frames "
          "or seconds its length is used. Releases the GIL while rendering.")
      .def(
          "_render_into",
          [](Resonator& r, nb::ndarray<float, nb::ndim<2>, nb::c_contig, nb::device::cpu> out,
             std::int64_t start, std::int64_t end) {
            const auto total = static_cast<std::int64_t>(out.shape(1));
            requireInRange("start frame", static_cast<double>(start), 0.0,
                           static_cast<double>(total), "frames");
            requireInRange("end frame", static_cast<double>(end), static_cast<double>(start),
                           static_cast<double>(total), "frames");
            if (out.shape(0) != 2) throw InvalidArgumentError("expected 2 channels");
            float* base = out.data();
            nb::gil_scoped_release release;
            std::lock_guard lock(r.mutex);
            float* channels[] = {base + start, base + total + start};
            r.processor->renderAlone(AudioBlockView(channels, 2, static_cast<int>(end - start)),
                                     r.blockSize);
          },
          nb::arg("out"), nb::arg("start"), nb::arg("end"))
      .def(
          "_render_midi",
          [](Resonator& r, const midi::MidiFile& file, double tailSeconds, bool drums) {
            r.requireAlone("render MIDI through");
            AudioBuffer audio;
            {
              nb::gil_scoped_release release;
              std::lock_guard lock(r.mutex);
              instruments::MidiRenderOptions options;
              options.sampleRate = r.synth.spec().sampleRate;
              options.tailSeconds = tailSeconds;
              options.blockSize = r.blockSize;
              options.drums = drums;
              audio = instruments::renderMidi(file, r.processor, options);
            }
            return arrayFrom(audio.view());
          },
          nb::arg("file"), nb::arg("tail"), nb::arg("drums") = false)
      .def(
          "load_factory_preset",
          [](Resonator& r, const std::string& name) {
            synth::Preset patch = synth::factoryPreset(name);
            std::lock_guard lock(r.mutex);
            synth::applyPreset(r.synth, patch);
          },
          nb::arg("name"),
          "Loads one of the built-in sounds (factory_presets() lists them); every other "
          "parameter returns to its default.")
      .def_static("factory_presets", &synth::factoryPresetNames, "The built-in sounds' names.")
      .def_prop_ro(
          "_processor",
          [](Resonator& r) { return std::static_pointer_cast<graph::Processor>(r.processor); },
          "The synth as a processor, for engines.")
      .def("__repr__", [](Resonator& r) {
        return "Resonator(sample_rate=" + formatNumber(r.synth.spec().sampleRate) +
               ", block_size=" + std::to_string(r.blockSize) +
               ", active_voices=" + std::to_string(r.synth.activeVoiceCount()) + ")";
      });
}

}  // namespace tonewood::python
