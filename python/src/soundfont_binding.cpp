// The SoundFont instrument's native side: fonts, presets, a MIDI queue and offline rendering.
// tonewood/soundfont.py adds the Pythonic class (note_on, program_change, render(seconds=...)).
#include <nanobind/ndarray.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <memory>
#include <mutex>
#include <string>

#include "audio_arrays.hpp"
#include "bindings.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/instruments/midi_rendering.hpp"
#include "tonewood/instruments/soundfont_processor.hpp"
#include "tonewood/midi/midi_file.hpp"

namespace nb = nanobind;

namespace tonewood::python {

namespace {
using instruments::SoundFontPreset;
using instruments::SoundFontProcessor;

void requireAlone(const SoundFontProcessor& p, const char* what) {
  if (p.isHosted())
    throw InvalidArgumentError(std::string("this SoundFont is a node of an engine: ") + what +
                               " the engine instead");
}
}  // namespace

void bindSoundFont(nb::module_& m) {
  m.def("_default_general_midi_font", &instruments::defaultGeneralMidiFont);
  nb::class_<SoundFontPreset>(m, "SoundFontPreset", "One preset of a loaded SoundFont.")
      .def_ro("font", &SoundFontPreset::font, "The font's number (1 for the first loaded).")
      .def_ro("bank", &SoundFontPreset::bank)
      .def_ro("program", &SoundFontPreset::program)
      .def_ro("name", &SoundFontPreset::name)
      .def("__repr__", [](const SoundFontPreset& p) {
        return "SoundFontPreset(font=" + std::to_string(p.font) +
               ", bank=" + std::to_string(p.bank) + ", program=" + std::to_string(p.program) +
               ", name='" + p.name + "')";
      });

  nb::class_<SoundFontProcessor, graph::Processor>(m, "_SoundFont",
                                                   "FluidSynth as a processor (see SoundFont).")
      .def(nb::new_([](int polyphony, double sampleRate, bool stems) {
             auto p = std::make_shared<SoundFontProcessor>(polyphony, stems);
             requireInRange("sample_rate", sampleRate, 8000.0, 384000.0, "Hz");
             p->prepare(ProcessSpec{sampleRate, 4096, 2});
             return p;
           }),
           nb::arg("polyphony"), nb::arg("sample_rate"), nb::arg("stems"))
      .def(
          "load_font",
          [](SoundFontProcessor& p, const std::string& path) { return p.loadFont(path); },
          nb::arg("path"))
      .def_prop_ro("presets", &SoundFontProcessor::presets)
      .def_prop_ro("font_paths", &SoundFontProcessor::fontPaths)
      .def_prop_ro("sample_rate", [](const SoundFontProcessor& p) { return p.spec().sampleRate; })
      .def_prop_ro("dropped_events", &SoundFontProcessor::droppedEvents)
      .def(
          "schedule",
          [](SoundFontProcessor& p, const nb::bytes& message, std::int64_t frame) {
            p.schedule(reinterpret_cast<const std::uint8_t*>(message.c_str()),
                       static_cast<int>(message.size()), frame);
          },
          nb::arg("message"), nb::arg("frame"))
      .def(
          "render_alone",
          [](SoundFontProcessor& p, std::int64_t frames) {
            requireAlone(p, "render");
            requireInRange("frames", static_cast<double>(frames), 0.0, 2147483647.0, "frames");
            float* rows[SoundFontProcessor::kStemOutputs];
            const int channels = p.hasStems() ? SoundFontProcessor::kStemOutputs : 2;
            AudioOutArray out = newAudioArray(static_cast<std::size_t>(channels),
                                              static_cast<std::size_t>(frames), rows);
            {
              nb::gil_scoped_release release;
              if (p.hasStems())
                p.renderStemsAlone(rows, static_cast<int>(frames));
              else
                p.renderAlone(AudioBlockView(rows, 2, static_cast<int>(frames)));
            }
            return out;
          },
          nb::arg("frames"))
      .def(
          "_render_midi",
          [](SoundFontProcessor& p, const midi::MidiFile& file, double tailSeconds, bool drums) {
            requireAlone(p, "render MIDI through");
            requireInRange("tail", tailSeconds, 0.0, 3600.0, "s");
            AudioBuffer audio;
            {
              nb::gil_scoped_release release;
              instruments::MidiRenderOptions options;
              options.sampleRate = p.spec().sampleRate;
              options.tailSeconds = tailSeconds;
              options.drums = drums;
              audio = instruments::renderMidi(file, p.shared_from_this(), options);
            }
            return arrayFrom(audio.view());
          },
          nb::arg("file"), nb::arg("tail"), nb::arg("drums"))
      .def("reset_alone", [](SoundFontProcessor& p) {
        requireAlone(p, "reset");
        p.reset();
      });
}

}  // namespace tonewood::python
