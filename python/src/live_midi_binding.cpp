// Live MIDI through JACK or the ALSA sequencer: the client, its ports and routes. Waiting calls
// release the GIL; tonewood/midi/live.py adds the Pythonic wrappers and callback delivery.
#include <nanobind/stl/optional.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/unique_ptr.h>
#include <nanobind/stl/vector.h>

#include <cstdint>
#include <string>

#include "bindings.hpp"
#include "tonewood/device/midi_client.hpp"

namespace nb = nanobind;
using namespace nb::literals;

namespace tonewood::python {

void bindLiveMidi(nb::module_& m) {
  using namespace device;
  nb::class_<midi::TimedMidiMessage>(
      m, "TimedMessage", "A received message and the frame of the client's clock it arrived at.")
      .def_ro("frame", &midi::TimedMidiMessage::frame)
      .def_ro("message", &midi::TimedMidiMessage::message)
      .def("__repr__", [](const midi::TimedMidiMessage& t) {
        return "<TimedMessage frame=" + std::to_string(t.frame) + " " + t.message.describe() + ">";
      });
  nb::class_<MidiPortInfo>(m, "MidiPortInfo")
      .def_ro("name", &MidiPortInfo::name)
      .def_ro("client", &MidiPortInfo::client)
      .def_ro("is_input", &MidiPortInfo::isInput)
      .def_ro("is_output", &MidiPortInfo::isOutput)
      .def_ro("is_physical", &MidiPortInfo::isPhysical)
      .def_ro("connections", &MidiPortInfo::connections)
      .def("__repr__", [](const MidiPortInfo& p) {
        return "<MidiPortInfo " + p.name + (p.isInput ? " input" : " output") + ">";
      });
  nb::class_<MidiInputPort>(m, "_MidiInputPort")
      .def("receive", nb::overload_cast<double>(&MidiInputPort::receive), "timeout"_a,
           nb::call_guard<nb::gil_scoped_release>())
      .def("set_queueing", &MidiInputPort::setQueueing, "on"_a)
      .def_prop_ro("dropped", &MidiInputPort::dropped);
  nb::class_<MidiOutputPort>(m, "_MidiOutputPort")
      .def("send", &MidiOutputPort::send, "message"_a, "frame"_a)
      .def_prop_ro("dropped", &MidiOutputPort::dropped);
  nb::class_<MidiClient>(m, "_MidiClient")
      .def_prop_ro("backend", [](const MidiClient& c) { return midiBackendName(c.backend()); })
      .def_prop_ro("name", &MidiClient::name)
      .def_prop_ro("sample_rate", &MidiClient::sampleRate)
      .def_prop_ro("buffer_size", &MidiClient::bufferSize)
      .def_prop_ro("frame_time", &MidiClient::frameTime)
      .def_prop_ro("running", &MidiClient::running)
      .def("ports", &MidiClient::ports)
      // Port and route changes wait for the MIDI thread to take them: no GIL meanwhile.
      .def("open_input", &MidiClient::openInput, "name"_a, nb::call_guard<nb::gil_scoped_release>())
      .def("open_output", &MidiClient::openOutput, "name"_a,
           nb::call_guard<nb::gil_scoped_release>())
      // Overloads for either kind of port: the library treats them alike.
      .def(
          "close_port", [](MidiClient& c, MidiInputPort* p) { c.closePort(p); }, "port"_a,
          nb::call_guard<nb::gil_scoped_release>())
      .def(
          "close_port", [](MidiClient& c, MidiOutputPort* p) { c.closePort(p); }, "port"_a,
          nb::call_guard<nb::gil_scoped_release>())
      .def(
          "port_name", [](const MidiClient& c, const MidiInputPort* p) { return c.fullName(p); },
          "port"_a)
      .def(
          "port_name", [](const MidiClient& c, const MidiOutputPort* p) { return c.fullName(p); },
          "port"_a)
      .def("connect", &MidiClient::connect, "source"_a, "destination"_a)
      .def("disconnect", &MidiClient::disconnect, "source"_a, "destination"_a)
      .def("route", &MidiClient::route, "input"_a, "output"_a, "transform"_a,
           nb::call_guard<nb::gil_scoped_release>())
      .def("unroute", &MidiClient::unroute, "route_id"_a, nb::call_guard<nb::gil_scoped_release>());
  m.def(
      "_open_midi_client",
      [](const std::string& name, const std::string& backend, const std::string& server) {
        const MidiBackend which = midiBackendFromName(backend);
        nb::gil_scoped_release release;
        return openMidiClient(name, which, server);
      },
      "name"_a, "backend"_a = "auto", "server"_a = "");
}

}  // namespace tonewood::python
