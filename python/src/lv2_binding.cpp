// LV2 plugins: discovery (lv2_plugins) and the hosting processor. tonewood/lv2.py adds the
// Pythonic side (filtering, LV2Plugin with parameters by symbol).
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <memory>
#include <string>

#include "bindings.hpp"
#include "tonewood/instruments/isolated_lv2_plugin.hpp"
#include "tonewood/instruments/lv2_plugin.hpp"
#include "tonewood/instruments/lv2_plugin_check.hpp"

namespace nb = nanobind;

namespace tonewood::python {

void bindLv2(nb::module_& m) {
  using instruments::Lv2PluginInfo;
  nb::class_<Lv2PluginInfo>(m, "Lv2PluginInfo", "An installed LV2 plugin, as discovery sees it.")
      .def_ro("uri", &Lv2PluginInfo::uri)
      .def_ro("name", &Lv2PluginInfo::name)
      .def_ro("kind", &Lv2PluginInfo::kind, "The plugin class's label ('Reverb Plugin', ...).")
      .def_ro("author", &Lv2PluginInfo::author)
      .def_ro("audio_inputs", &Lv2PluginInfo::audioInputs)
      .def_ro("audio_outputs", &Lv2PluginInfo::audioOutputs)
      .def_ro("control_inputs", &Lv2PluginInfo::controlInputs)
      .def_ro("control_outputs", &Lv2PluginInfo::controlOutputs)
      .def_ro("midi_inputs", &Lv2PluginInfo::midiInputs)
      .def_ro("midi_outputs", &Lv2PluginInfo::midiOutputs)
      .def_ro("cv_ports", &Lv2PluginInfo::cvPorts)
      .def_ro("reports_latency", &Lv2PluginInfo::reportsLatency)
      .def_ro("required_features", &Lv2PluginInfo::requiredFeatures)
      .def_ro("missing_features", &Lv2PluginInfo::missingFeatures,
              "Required features tonewood does not give yet (the plugin cannot be hosted).")
      .def_prop_ro("is_instrument", &Lv2PluginInfo::instrument)
      .def("__repr__", [](const Lv2PluginInfo& p) {
        return "Lv2PluginInfo(uri='" + p.uri + "', name='" + p.name + "', kind='" + p.kind +
               "', audio " + std::to_string(p.audioInputs) + " in / " +
               std::to_string(p.audioOutputs) + " out)";
      });
  m.def("_lv2_plugins", &instruments::lv2Plugins, nb::call_guard<nb::gil_scoped_release>());
  nb::class_<instruments::Lv2Processor, graph::Processor>(m, "_Lv2Plugin",
                                                          "An LV2 plugin as a processor.")
      .def(nb::new_([](const std::string& plugin) {
             // Ready at once (state, presets); an engine prepares it again at its own rate.
             auto p = std::make_shared<instruments::Lv2Processor>(plugin);
             p->prepare(ProcessSpec{48000.0, 512, p->numOutputChannels()});
             return p;
           }),
           nb::arg("plugin"))
      .def_prop_ro("info", &instruments::Lv2Processor::info)
      .def("presets",
           [](const instruments::Lv2Processor& p) {
             std::vector<std::pair<std::string, std::string>> out;
             for (const auto& preset : p.presets()) out.emplace_back(preset.uri, preset.label);
             return out;
           })
      .def("load_preset", &instruments::Lv2Processor::loadPreset, nb::arg("preset"))
      .def("save_state_bundle", &instruments::Lv2Processor::saveStateBundle, nb::arg("directory"),
           nb::arg("label") = "")
      .def("load_state_bundle", &instruments::Lv2Processor::loadStateBundle, nb::arg("directory"));
  using instruments::IsolatedLv2Processor;
  nb::class_<IsolatedLv2Processor, graph::Processor>(
      m, "_IsolatedLv2Plugin", "An LV2 plugin run in a child process, as a processor.")
      .def(nb::new_([](const std::string& plugin, const std::string& hostProgram, double timeout) {
             auto p = std::make_shared<IsolatedLv2Processor>(
                 plugin, instruments::IsolationOptions{hostProgram, timeout});
             p->prepare(ProcessSpec{48000.0, 512, p->numOutputChannels()});
             return p;
           }),
           nb::arg("plugin"), nb::arg("host_program"), nb::arg("timeout"))
      .def_prop_ro("info", &IsolatedLv2Processor::info)
      .def_prop_ro("failure",
                   [](const IsolatedLv2Processor& p) -> std::optional<std::string> {
                     if (const char* why = p.failure()) return std::string(why);
                     return std::nullopt;
                   })
      .def_prop_ro("child_pid", &IsolatedLv2Processor::childPid)
      .def("close", &IsolatedLv2Processor::close)
      .def("presets",
           [](IsolatedLv2Processor& p) {
             std::vector<std::pair<std::string, std::string>> out;
             for (const auto& preset : p.presets()) out.emplace_back(preset.uri, preset.label);
             return out;
           })
      .def("load_preset", &IsolatedLv2Processor::loadPreset, nb::arg("preset"))
      .def("save_state_bundle", &IsolatedLv2Processor::saveStateBundle, nb::arg("directory"),
           nb::arg("label") = "")
      .def("load_state_bundle", &IsolatedLv2Processor::loadStateBundle, nb::arg("directory"));
  using instruments::Lv2PluginCheck;
  nb::class_<Lv2PluginCheck>(m, "PluginCheck",
                             "What plugins.check found: passed, and if not, the reason.")
      .def_ro("plugin", &Lv2PluginCheck::plugin)
      .def_ro("passed", &Lv2PluginCheck::passed)
      .def_ro("reason", &Lv2PluginCheck::reason)
      .def_ro("seconds", &Lv2PluginCheck::seconds, "How long the check took.")
      .def("__repr__", [](const Lv2PluginCheck& c) {
        return "PluginCheck(plugin='" + c.plugin + "', passed=" + (c.passed ? "True" : "False") +
               (c.passed ? std::string() : ", reason='" + c.reason + "'") + ")";
      });
  m.def(
      "_lv2_check",
      [](const std::string& plugin, double seconds, double sampleRate,
         const std::string& hostProgram, double timeout) {
        return instruments::checkLv2Plugin(
            plugin, {seconds, sampleRate, instruments::IsolationOptions{hostProgram, timeout}});
      },
      nb::arg("plugin"), nb::arg("seconds"), nb::arg("sample_rate"), nb::arg("host_program"),
      nb::arg("timeout"), nb::call_guard<nb::gil_scoped_release>());
  m.def("_lv2_load_bundle", &instruments::lv2LoadBundle, nb::arg("directory"));
}

}  // namespace tonewood::python
