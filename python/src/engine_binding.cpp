// The engine (graph, transport, offline rendering) and its live runner on JACK, plus what the
// JACK server has (devices). tonewood/engine.py wraps them with node handles and context
// managers. Rendering releases the GIL; edits hold it (and the engine's lock).
#include <nanobind/ndarray.h>
#include <nanobind/stl/function.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/unique_ptr.h>
#include <nanobind/stl/vector.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "audio_arrays.hpp"
#include "bindings.hpp"
#include "py_engine.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/device/backend_support.hpp"
#include "tonewood/graph/engine.hpp"
#include "tonewood/graph/midi_clock_follower.hpp"
#include "tonewood/graph/nodes/midi_io.hpp"
#include "tonewood/midi/message.hpp"
#include "tonewood/timeline/tempo_map.hpp"
#if TONEWOOD_HAVE_JACK
#include "tonewood/device/jack/jack_engine.hpp"
#endif

namespace nb = nanobind;

namespace tonewood::python {

namespace {

using graph::Engine;
using graph::NodeId;

/// A live engine on JACK; close() (or the object going away) stops it.
struct LiveJack {
#if TONEWOOD_HAVE_JACK
  std::unique_ptr<device::JackEngine> runner;
#endif
};

#if TONEWOOD_HAVE_JACK
device::JackEngine& running(LiveJack& live) {
  if (!live.runner) throw InvalidArgumentError("the engine was stopped");
  return *live.runner;
}
#endif

/// What a JACK server has: its rate, its period, its clients and ports.
struct ServerInfo {
  double sampleRate = 0.0;
  std::uint32_t bufferSize = 0;
  std::vector<std::string> clients;
  std::vector<std::tuple<std::string, std::string, std::string, bool, bool, bool,
                         std::vector<std::string>>>
      ports;  // name, client, type, is_input, is_output, is_physical, connections
};

std::vector<std::uint8_t> bytesOf(nb::handle message) {
  if (nb::isinstance<midi::Message>(message))
    return nb::cast<const midi::Message&>(message).bytes();
  return nb::cast<std::vector<std::uint8_t>>(message);
}

}  // namespace

void bindEngine(nb::module_& m) {
  nb::class_<PyEngine>(m, "_Engine")
      .def(nb::new_([](double sampleRate, int blockSize, int inputs, int outputs, int threads,
                       std::size_t eventsPerBlock) {
             requireInRange("inputs", inputs, 0, kMaxChannels, "channels");
             requireInRange("outputs", outputs, 0, kMaxChannels, "channels");
             return std::make_unique<PyEngine>(graph::EngineOptions{
                 sampleRate, blockSize, inputs, outputs, threads, eventsPerBlock});
           }),
           nb::arg("sample_rate"), nb::arg("block_size"), nb::arg("inputs"), nb::arg("outputs"),
           nb::arg("threads"), nb::arg("events_per_block"))
      .def_prop_ro("sample_rate", [](PyEngine& e) { return e.engine.options().sampleRate; })
      .def_prop_ro("block_size", [](PyEngine& e) { return e.engine.options().maxBlockSize; })
      .def_prop_ro("inputs", [](PyEngine& e) { return e.engine.options().inputChannels; })
      .def_prop_ro("outputs", [](PyEngine& e) { return e.engine.options().outputChannels; })
      .def(
          "add",
          [](PyEngine& e, std::shared_ptr<graph::Processor> p, const std::string& name) {
            std::lock_guard lock(e.mutex);
            return e.engine.add(std::move(p), name);
          },
          nb::arg("processor"), nb::arg("name") = "")
      .def(
          "remove",
          [](PyEngine& e, NodeId id) {
            std::lock_guard lock(e.mutex);
            e.engine.remove(id);
          },
          nb::arg("node"))
      .def(
          "connect",
          [](PyEngine& e, NodeId a, NodeId b) {
            std::lock_guard lock(e.mutex);
            e.engine.connect(a, b);
          },
          nb::arg("source"), nb::arg("destination"))
      .def(
          "connect_channel",
          [](PyEngine& e, NodeId a, int ca, NodeId b, int cb, int feedback) {
            std::lock_guard lock(e.mutex);
            e.engine.connect(a, ca, b, cb, feedback);
          },
          nb::arg("source"), nb::arg("source_channel"), nb::arg("destination"),
          nb::arg("destination_channel"), nb::arg("feedback_delay") = 0)
      .def(
          "connect_events",
          [](PyEngine& e, NodeId a, NodeId b) {
            std::lock_guard lock(e.mutex);
            e.engine.connectEvents(a, b);
          },
          nb::arg("source"), nb::arg("destination"))
      .def(
          "disconnect",
          [](PyEngine& e, NodeId a, NodeId b) {
            std::lock_guard lock(e.mutex);
            return e.engine.disconnect(a, b);
          },
          nb::arg("source"), nb::arg("destination"))
      .def(
          "disconnect_channel",
          [](PyEngine& e, NodeId a, int ca, NodeId b, int cb) {
            std::lock_guard lock(e.mutex);
            return e.engine.disconnect(a, ca, b, cb);
          },
          nb::arg("source"), nb::arg("source_channel"), nb::arg("destination"),
          nb::arg("destination_channel"))
      .def("begin_batch",
           [](PyEngine& e) {
             std::lock_guard lock(e.mutex);
             e.engine.beginBatch();
           })
      .def("end_batch",
           [](PyEngine& e) {
             std::lock_guard lock(e.mutex);
             e.engine.endBatch();
           })
      .def("nodes",
           [](PyEngine& e) {
             std::lock_guard lock(e.mutex);
             std::vector<std::tuple<NodeId, std::string, std::shared_ptr<graph::Processor>>> out;
             for (NodeId id : e.engine.graph().nodeIds()) {
               const auto& n = e.engine.graph().node(id);
               out.emplace_back(id, n.name, n.processor);
             }
             return out;
           })
      .def("audio_connections",
           [](PyEngine& e) {
             std::lock_guard lock(e.mutex);
             std::vector<std::tuple<NodeId, int, NodeId, int, int>> out;
             for (const auto& c : e.engine.graph().audioConnections())
               out.emplace_back(c.source, c.sourceChannel, c.destination, c.destinationChannel,
                                c.feedbackDelayFrames);
             return out;
           })
      .def("event_connections",
           [](PyEngine& e) {
             std::lock_guard lock(e.mutex);
             std::vector<std::pair<NodeId, NodeId>> out;
             for (const auto& c : e.engine.graph().eventConnections())
               out.emplace_back(c.source, c.destination);
             return out;
           })
      .def(
          "describe",
          [](PyEngine& e, NodeId id) {
            std::lock_guard lock(e.mutex);
            return e.engine.graph().describe(id);
          },
          nb::arg("node"))
      .def(
          "schedule_midi",
          [](PyEngine& e, NodeId node, nb::handle message, std::int64_t frame) {
            const std::vector<std::uint8_t> bytes = bytesOf(message);
            if (bytes.empty() || bytes.size() > 3 || bytes[0] < 0x80)
              throw InvalidArgumentError(
                  "a scheduled MIDI message is one short message of 1 to 3 bytes, status first "
                  "(send SysEx through a MIDI input)");
            midi::Message::fromBytes(bytes.data(), bytes.size());  // checked like any message
            e.engine.schedule(node, graph::Event::midi(0, bytes.data(), bytes.size()), frame);
          },
          nb::arg("node"), nb::arg("message"), nb::arg("frame"))
      .def(
          "schedule_param",
          [](PyEngine& e, NodeId node, const std::string& id, float value, std::int64_t frame) {
            e.engine.scheduleParameter(node, id, value, frame);
          },
          nb::arg("node"), nb::arg("id"), nb::arg("value"), nb::arg("frame"))
      .def(
          "render",
          [](PyEngine& e, std::int64_t frames, std::optional<AudioInArray> input,
             std::optional<std::function<void(double)>> progress) {
            requireInRange("frames", static_cast<double>(frames), 0.0, 2147483647.0, "frames");
            if (input && static_cast<int>(input->shape(0)) != e.engine.options().inputChannels)
              throw InvalidArgumentError(
                  "the engine has " + std::to_string(e.engine.options().inputChannels) +
                  " input channels; the input array has " + std::to_string(input->shape(0)));
            float* rows[kMaxChannels];
            AudioOutArray out =
                newAudioArray(static_cast<std::size_t>(e.engine.options().outputChannels),
                              static_cast<std::size_t>(frames), rows);
            const AudioBlockView view(rows, e.engine.options().outputChannels,
                                      static_cast<int>(frames));
            std::optional<AudioBlockView> in;
            if (input) in = viewOf(*input);
            ProgressCallback report;
            if (progress)
              report = [&progress](double done) {
                nb::gil_scoped_acquire gil;
                (*progress)(done);
              };
            nb::gil_scoped_release release;
            std::lock_guard lock(e.mutex);
            e.engine.render(view, report, in ? &*in : nullptr);
            return out;
          },
          nb::arg("frames"), nb::arg("input") = nb::none(), nb::arg("progress") = nb::none())
      .def("reset",
           [](PyEngine& e) {
             std::lock_guard lock(e.mutex);
             e.engine.reset();
           })
      .def_prop_rw(
          "threads", [](PyEngine& e) { return e.engine.threads(); },
          [](PyEngine& e, int n) {
            std::lock_guard lock(e.mutex);
            e.engine.setThreads(n);
          })
      .def_prop_ro("latency_frames", [](PyEngine& e) { return e.engine.latencyFrames(); })
      .def_prop_ro("frame", [](PyEngine& e) { return e.engine.frame(); })
      .def_prop_ro("dropped_events", [](PyEngine& e) { return e.engine.droppedEvents(); })
      .def_prop_ro("is_live", [](PyEngine& e) { return e.engine.isLive(); })
      // The transport.
      .def("play", [](PyEngine& e) { e.engine.transport().play(); })
      .def("stop", [](PyEngine& e) { e.engine.transport().stop(); })
      .def(
          "locate", [](PyEngine& e, std::int64_t frame) { e.engine.transport().locate({frame}); },
          nb::arg("frame"))
      .def(
          "set_loop",
          [](PyEngine& e, std::int64_t start, std::int64_t end) {
            e.engine.transport().setLoop({start}, {end});
          },
          nb::arg("start"), nb::arg("end"))
      .def_prop_ro("loop",
                   [](PyEngine& e) {
                     return std::make_pair(e.engine.transport().loopStart().value,
                                           e.engine.transport().loopEnd().value);
                   })
      .def_prop_rw(
          "looping", [](PyEngine& e) { return e.engine.transport().looping(); },
          [](PyEngine& e, bool on) { e.engine.transport().setLooping(on); })
      .def_prop_rw(
          "tempo", [](PyEngine& e) { return e.engine.transport().tempo(); },
          [](PyEngine& e, double bpm) { e.engine.transport().setTempo(bpm); })
      .def_prop_rw(
          "time_signature",
          [](PyEngine& e) {
            const auto s = e.engine.transport().timeSignature();
            return std::make_pair(s.numerator, s.denominator);
          },
          [](PyEngine& e, std::pair<int, int> s) {
            e.engine.transport().setTimeSignature(s.first, s.second);
          })
      .def_prop_rw(
          "tempo_map",
          [](PyEngine& e) -> std::optional<timeline::TempoMap> {
            if (!e.tempoMap) return std::nullopt;
            return *e.tempoMap;
          },
          [](PyEngine& e, std::optional<timeline::TempoMap> map) {
            // The transport reads its own copy on the audio thread; later edits of the caller's
            // map reach it only when assigned again.
            e.tempoMap = map ? std::make_shared<timeline::TempoMap>(*map) : nullptr;
            e.applyTempoSource();
          },
          nb::for_setter(nb::arg("map").none()))
      .def_prop_ro("playing", [](PyEngine& e) { return e.engine.transport().playing(); })
      .def_prop_ro("position", [](PyEngine& e) { return e.engine.transport().position().value; });

  nb::class_<graph::MidiClockFollower>(m, "_MidiClockFollower",
                                       "MIDI beat clock coming in, as a tempo source.")
      .def(nb::init<>())
      .def_prop_ro("measured_tempo", &graph::MidiClockFollower::measuredTempo)
      .def_prop_ro("clock_running", &graph::MidiClockFollower::clockRunning);
  m.def(
      "_follow_midi_clock",
      [](PyEngine& e, std::shared_ptr<graph::MidiClockFollower> follower) {
        std::lock_guard lock(e.mutex);
        e.outsideClock = std::move(follower);
        e.applyTempoSource();
      },
      nb::arg("engine"), nb::arg("follower"),
      "Makes the engine's transport follow MIDI beat clock coming in.");

  nb::class_<LiveJack>(m, "_LiveJack")
      .def(
          "__init__",
          [](LiveJack* self, PyEngine& e, const std::string& client, const std::string& server,
             bool connectOutputs, bool connectInputs) {
            device::requireJack();
            new (self) LiveJack();
#if TONEWOOD_HAVE_JACK
            self->runner = std::make_unique<device::JackEngine>(
                e.engine, device::JackEngineOptions{client, server, connectOutputs, connectInputs});
#else
            (void)e, (void)client, (void)server, (void)connectOutputs, (void)connectInputs;
#endif
          },
          nb::keep_alive<1, 2>(), nb::arg("engine"), nb::arg("client_name"), nb::arg("server"),
          nb::arg("connect_outputs"), nb::arg("connect_inputs"))
#if TONEWOOD_HAVE_JACK
      .def("start", [](LiveJack& l) { running(l).start(); })
      .def("close",
           [](LiveJack& l) {
             nb::gil_scoped_release release;
             l.runner.reset();
           })
      .def(
          "bind_midi_input",
          [](LiveJack& l, const std::string& port, std::shared_ptr<graph::MidiInput> node) {
            return running(l).client().fullName(running(l).bindMidiInput(port, node).get());
          },
          nb::arg("port"), nb::arg("node"))
      .def(
          "bind_midi_output",
          [](LiveJack& l, const std::string& port, std::shared_ptr<graph::MidiOutput> node) {
            return running(l).client().fullName(running(l).bindMidiOutput(port, node).get());
          },
          nb::arg("port"), nb::arg("node"))
      .def(
          "bind_midi_clock_input",
          [](LiveJack& l, const std::string& port,
             std::shared_ptr<graph::MidiClockFollower> follower) {
            return running(l).client().fullName(
                running(l).bindMidiClockInput(port, std::move(follower)).get());
          },
          nb::arg("port"), nb::arg("follower"))
      .def("update_latency", [](LiveJack& l) { running(l).updateLatency(); })
      .def("connect", [](LiveJack& l, const std::string& a,
                         const std::string& b) { running(l).client().connect(a, b); })
      .def_prop_ro("client_name", [](LiveJack& l) { return running(l).client().name(); })
      .def_prop_ro("audio_inputs",
                   [](LiveJack& l) { return running(l).client().audioInputNames(); })
      .def_prop_ro("audio_outputs",
                   [](LiveJack& l) { return running(l).client().audioOutputNames(); })
      .def_prop_ro("xruns", [](LiveJack& l) { return running(l).xruns(); })
      .def_prop_ro("cpu_load", [](LiveJack& l) { return running(l).cpuLoad(); })
      .def_prop_ro("worst_cycle_us",
                   [](LiveJack& l) { return running(l).worstCycleMicroseconds(); })
      .def_prop_ro("mean_cycle_us", [](LiveJack& l) { return running(l).meanCycleMicroseconds(); })
      .def("reset_cycle_times", [](LiveJack& l) { running(l).resetCycleTimes(); })
      .def_prop_ro("cycles", [](LiveJack& l) { return running(l).cycles(); })
      .def_prop_ro("buffer_size", [](LiveJack& l) { return running(l).client().bufferSize(); })
      .def_prop_ro("device_frame", [](LiveJack& l) { return running(l).client().frameTime(); })
      .def("heard_at", [](LiveJack& l, std::int64_t frame) { return running(l).heardAt(frame); })
      .def_prop_ro("playback_latency",
                   [](LiveJack& l) { return running(l).client().playbackLatency(); })
      .def_prop_ro("is_realtime", [](LiveJack& l) { return running(l).client().isRealtime(); })
#endif
      ;

  nb::class_<ServerInfo>(m, "_ServerInfo")
      .def_ro("sample_rate", &ServerInfo::sampleRate)
      .def_ro("buffer_size", &ServerInfo::bufferSize)
      .def_ro("clients", &ServerInfo::clients)
      .def_ro("ports", &ServerInfo::ports);
  m.def(
      "_jack_server_info",
      [](const std::string& server) {
        device::requireJack();
        ServerInfo info;
#if TONEWOOD_HAVE_JACK
        device::JackClient client("tonewood-devices", server);
        info.sampleRate = client.sampleRate();
        info.bufferSize = client.bufferSize();
        for (const auto& name : client.clients())
          if (name != client.name()) info.clients.push_back(name);
        for (const auto& p : client.allPorts())
          if (p.client != client.name())
            info.ports.emplace_back(p.name, p.client, p.type, p.isInput, p.isOutput, p.isPhysical,
                                    p.connections);
#else
        (void)server;
#endif
        return info;
      },
      nb::arg("server") = "");
  m.def(
      "_jack_connect",
      [](const std::string& a, const std::string& b, bool connect, const std::string& server) {
        device::requireJack();
#if TONEWOOD_HAVE_JACK
        device::JackClient client("tonewood-devices", server);
        if (connect)
          client.connect(a, b);
        else
          client.disconnect(a, b);
#else
        (void)a, (void)b, (void)connect, (void)server;
#endif
      },
      nb::arg("source"), nb::arg("destination"), nb::arg("connect"), nb::arg("server") = "");
  m.def("_built_with_jack", &device::builtWithJack);
}

}  // namespace tonewood::python
