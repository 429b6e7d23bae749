// The timeline's tempo map: tempo points (steps and linear ramps) and meter changes with exact
// conversions between bars, beats, seconds and frames.
#include <nanobind/nanobind.h>
#include <nanobind/operators.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include <string>
#include <tuple>
#include <vector>

#include "bindings.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/midi/midi_file.hpp"
#include "tonewood/timeline/tempo_map.hpp"

namespace nb = nanobind;

namespace tonewood::python {

namespace {
using timeline::TempoCurve;
using timeline::TempoMap;

TempoCurve curveNamed(const std::string& name) {
  if (name == "step") return TempoCurve::Step;
  if (name == "linear") return TempoCurve::Linear;
  throw InvalidArgumentError("tempo curve must be 'step' or 'linear', got '" + name + "'");
}

const char* curveName(TempoCurve c) {
  return c == TempoCurve::Linear ? "linear" : "step";
}

std::string describe(const TempoMap& map) {
  std::string text = "TempoMap(";
  for (std::size_t i = 0; i < map.tempos().size(); ++i) {
    const auto& p = map.tempos()[i];
    if (i) text += ", ";
    text += formatNumber(p.bpm) + " bpm at beat " + formatNumber(p.beat);
    if (p.curve == TempoCurve::Linear) text += " ramping";
  }
  for (const auto& m : map.meters())
    text += "; " + std::to_string(m.signature.numerator) + "/" +
            std::to_string(m.signature.denominator) + " from bar " + std::to_string(m.bar);
  return text + ")";
}
}  // namespace

void bindTimeline(nb::module_& m) {
  // In a submodule of its own: the module already holds tonewood.midi's TempoMap (MIDI ticks).
  nb::module_ timeline = m.def_submodule(
      "timeline", "The song's model: tempo map, tracks, clips, automation, and its bounce.");
  nb::class_<TempoMap>(timeline, "TempoMap",
                       "A song's tempo and meter: tempo points at beats (steps, or linear ramps in "
                       "time to the next point) and time signatures from bars, with exact "
                       "conversions between bars, beats (quarter notes), seconds and frames. "
                       "Tempo 20..999 bpm.")
      .def(
          "__init__",
          [](TempoMap* self, double bpm, std::pair<int, int> signature) {
            new (self) TempoMap(bpm, {signature.first, signature.second});
          },
          nb::arg("bpm") = 120.0, nb::arg("time_signature") = std::pair<int, int>{4, 4})
      .def(
          "set_tempo",
          [](TempoMap& map, double beat, double bpm, const std::string& curve) {
            map.setTempo(beat, bpm, curveNamed(curve));
          },
          nb::arg("beat"), nb::arg("bpm"), nb::arg("curve") = "step",
          "The tempo from `beat` on; curve 'linear' ramps to the next point's tempo.")
      .def("remove_tempo", &TempoMap::removeTempo, nb::arg("beat"))
      .def(
          "set_time_signature",
          [](TempoMap& map, std::int64_t bar, int numerator, int denominator) {
            map.setMeter(bar, numerator, denominator);
          },
          nb::arg("bar"), nb::arg("numerator"), nb::arg("denominator"),
          "The time signature from `bar` (0-based) on.")
      .def("remove_time_signature", &TempoMap::removeMeter, nb::arg("bar"))
      .def_prop_ro(
          "tempos",
          [](const TempoMap& map) {
            std::vector<std::tuple<double, double, std::string>> out;
            for (const auto& p : map.tempos()) out.emplace_back(p.beat, p.bpm, curveName(p.curve));
            return out;
          },
          "(beat, bpm, curve) for each tempo point.")
      .def_prop_ro(
          "time_signatures",
          [](const TempoMap& map) {
            std::vector<std::tuple<std::int64_t, int, int>> out;
            for (const auto& p : map.meters())
              out.emplace_back(p.bar, p.signature.numerator, p.signature.denominator);
            return out;
          },
          "(bar, numerator, denominator) for each time signature.")
      .def("seconds_at", &TempoMap::secondsAt, nb::arg("beat"))
      .def("beat_at", &TempoMap::beatAt, nb::arg("seconds"))
      .def("bpm_at", &TempoMap::bpmAt, nb::arg("beat"))
      .def(
          "time_signature_at",
          [](const TempoMap& map, double beat) {
            const auto s = map.meterAt(beat);
            return std::make_pair(s.numerator, s.denominator);
          },
          nb::arg("beat"))
      .def("frame_at", &TempoMap::frameAt, nb::arg("beat"), nb::arg("sample_rate"),
           "The first frame at or after the beat's time.")
      .def("beat_at_frame", &TempoMap::beatAtFrame, nb::arg("frame"), nb::arg("sample_rate"))
      .def(
          "bar_at",
          [](const TempoMap& map, double beat) {
            const auto p = map.barAt(beat);
            return std::make_pair(p.bar, p.beat);
          },
          nb::arg("beat"), "(bar, beat in the bar in the signature's unit), both from 0.")
      .def(
          "beat_of",
          [](const TempoMap& map, std::int64_t bar, double beat) {
            return map.beatOf({bar, beat});
          },
          nb::arg("bar"), nb::arg("beat") = 0.0, "The beat (quarter notes) of a bar position.")
      .def_static(
          "from_midi",
          [](nb::object file) {
            if (nb::hasattr(file, "_native"))
              return TempoMap::fromMidi(nb::cast<const midi::MidiFile&>(file.attr("_native")));
            return TempoMap::fromMidi(midi::MidiFile::read(nb::cast<std::string>(nb::str(file))));
          },
          nb::arg("file"), "The tempo changes and time signatures of a MidiFile or a path.")
      .def(nb::self == nb::self)
      .def("__repr__", &describe);
  bindSession(timeline);
}

}  // namespace tonewood::python
