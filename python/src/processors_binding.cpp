// The processors Python can put in an engine: the common Processor interface (parameters, state,
// capabilities), the plumbing nodes, the players and queues, and the built-in effects. Each is
// created in C++ and shared with engines as a plain C++ shared_ptr, so an engine may drop its
// reference on any thread without touching Python. tonewood/effects.py and tonewood/nodes.py add
// the Pythonic classes with parameters as properties.
#include <nanobind/ndarray.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <limits>
#include <memory>
#include <string>

#include "audio_arrays.hpp"
#include "bindings.hpp"
#include "parameter.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/dsp/pan_law.hpp"
#include "tonewood/effects/amp.hpp"
#include "tonewood/effects/chorus.hpp"
#include "tonewood/effects/compressor.hpp"
#include "tonewood/effects/delay.hpp"
#include "tonewood/effects/distortion.hpp"
#include "tonewood/effects/filter.hpp"
#include "tonewood/effects/phaser.hpp"
#include "tonewood/effects/reverb.hpp"
#include "tonewood/graph/nodes/audio_player.hpp"
#include "tonewood/graph/nodes/audio_queue.hpp"
#include "tonewood/graph/nodes/beat_sequencer.hpp"
#include "tonewood/graph/nodes/gain.hpp"
#include "tonewood/graph/nodes/metronome.hpp"
#include "tonewood/graph/nodes/midi_clock.hpp"
#include "tonewood/graph/nodes/midi_io.hpp"
#include "tonewood/graph/nodes/midi_player.hpp"
#include "tonewood/graph/nodes/mixer.hpp"
#include "tonewood/graph/nodes/pan.hpp"
#include "tonewood/graph/nodes/recorder.hpp"
#include "tonewood/instruments/resonator_processor.hpp"
#include "tonewood/timeline/midi_take_recorder.hpp"
#include "tonewood/timeline/tempo_map.hpp"

namespace nb = nanobind;

namespace tonewood::python {

namespace {

using graph::Processor;

std::string describeProcessor(const Processor& p) {
  return "<" + p.typeName() + " processor: " + std::to_string(p.numInputChannels()) + " in, " +
         std::to_string(p.numOutputChannels()) + " out" +
         (p.acceptsEvents() ? ", takes events" : "") +
         (p.producesEvents() ? ", makes events" : "") + ">";
}

/// A processor class created in C++ (so engines share a pure C++ shared_ptr).
template <typename T, typename... Args>
auto make() {
  return nb::new_([](Args... args) { return std::make_shared<T>(args...); });
}

template <typename T>
nb::class_<T, Processor> processorClass(nb::module_& m, const char* name, const char* doc) {
  return nb::class_<T, Processor>(m, name, doc);
}

}  // namespace

void bindProcessors(nb::module_& m) {
  nb::class_<Processor>(m, "Processor",
                        "What every instrument, effect and player is to an engine: audio in and "
                        "out, events, parameters, latency and state.")
      .def_prop_ro("type_name", &Processor::typeName)
      .def_prop_ro("num_inputs", &Processor::numInputChannels, "Audio input channels.")
      .def_prop_ro("num_outputs", &Processor::numOutputChannels, "Audio output channels.")
      .def_prop_ro("accepts_events", &Processor::acceptsEvents, "Takes MIDI events.")
      .def_prop_ro("produces_events", &Processor::producesEvents, "Makes MIDI events.")
      .def_prop_ro("latency_frames", &Processor::latencyFrames)
      .def_prop_ro("is_hosted", &Processor::isHosted, "Whether an engine holds it.")
      .def(
          "params", [](const Processor& p) { return parametersOf(p.parameters()); },
          "Every parameter with its current value.")
      .def(
          "param",
          [](const Processor& p, const std::string& id) {
            const std::size_t i = p.parameterIndex(id);
            return Parameter{p.parameterInfo(i), p.parameter(i)};
          },
          nb::arg("id"))
      .def(
          "get_param",
          [](const Processor& p, const std::string& id) {
            return p.parameter(p.parameterIndex(id));
          },
          nb::arg("id"), "A value in natural units. KeyError for an unknown ID.")
      .def(
          "set_param",
          [](Processor& p, const std::string& id, double value) {
            setParameter(const_cast<ParamRegistry&>(p.parameters()), id, value);
          },
          nb::arg("id"), nb::arg("value"),
          "Sets a value in natural units; it takes effect at the start of the next block. "
          "ValueError outside the range.")
      .def("save_state", &Processor::saveState, "The state as JSON text.")
      .def("restore_state", &Processor::restoreState, nb::arg("state"),
           "Restores a saved state; changes nothing when it is not valid.")
      .def("__repr__", &describeProcessor);

  processorClass<graph::Gain>(m, "GainNode", "Gain on every channel (gain_db, invert).")
      .def(make<graph::Gain, int, float>(), nb::arg("channels") = 2, nb::arg("gain_db") = 0.0f);
  processorClass<graph::Pan>(m, "PanNode", "Mono or stereo into stereo under a pan law.")
      .def(nb::new_([](int inputs, float position, const std::string& law) {
             return std::make_shared<graph::Pan>(inputs, position,
                                                 static_cast<int>(dsp::panLawFromName(law)));
           }),
           nb::arg("inputs") = 2, nb::arg("position") = 0.0f, nb::arg("law") = "-3dB");
  processorClass<graph::Mixer>(m, "MixerNode", "A summing bus with a level per input.")
      .def(make<graph::Mixer, int, int>(), nb::arg("inputs"), nb::arg("channels") = 2)
      .def_prop_ro("input_count", &graph::Mixer::inputCount);
  processorClass<graph::Metronome>(m, "MetronomeNode", "Clicks on the transport's beats.")
      .def(make<graph::Metronome, int>(), nb::arg("channels") = 2);
  processorClass<graph::MidiClock>(m, "MidiClockNode", "MIDI beat clock from the transport.")
      .def(make<graph::MidiClock>());
  processorClass<graph::BeatSequencer>(m, "BeatSequencerNode",
                                       "MIDI messages placed on the transport's beat grid.")
      .def(make<graph::BeatSequencer>())
      .def(
          "set_pattern",
          [](graph::BeatSequencer& seq, const std::vector<std::pair<double, nb::bytes>>& steps,
             double loopBeats) {
            std::vector<graph::BeatSequencer::Step> out;
            out.reserve(steps.size());
            for (const auto& [beat, bytes] : steps) {
              graph::BeatSequencer::Step step;
              step.beat = beat;
              if (bytes.size() > step.bytes.size())
                throw InvalidArgumentError(
                    "a sequencer step must be one channel message of at "
                    "most 3 bytes, got " +
                    std::to_string(bytes.size()));
              std::copy_n(static_cast<const std::uint8_t*>(bytes.data()), bytes.size(),
                          step.bytes.begin());
              step.size = static_cast<std::uint8_t>(bytes.size());
              out.push_back(step);
            }
            seq.setPattern(std::move(out), loopBeats);
          },
          nb::arg("steps"), nb::arg("loop_beats"));
  processorClass<graph::MidiPlayer>(m, "MidiPlayerNode", "A MIDI file's messages as events.")
      .def(make<graph::MidiPlayer, const midi::MidiFile&>(), nb::arg("file"))
      .def(nb::new_([](const midi::MidiFile& file, const timeline::TempoMap& tempo) {
             if (file.isSmpte())
               throw InvalidArgumentError(
                   "a MIDI file timed in SMPTE frames has no beats to lay on a tempo map");
             return std::make_shared<graph::MidiPlayer>(file,
                                                        tempo.tickPlacement(file.ticksPerBeat()));
           }),
           nb::arg("file"), nb::arg("tempo_map"))
      .def("length_frames", &graph::MidiPlayer::lengthFrames, nb::arg("sample_rate"));
  processorClass<timeline::MidiTakeRecorder>(m, "MidiTakeRecorderNode",
                                             "Records the MIDI it hears into a take.")
      .def(make<timeline::MidiTakeRecorder>())
      .def("start", &timeline::MidiTakeRecorder::start, nb::arg("punch_in") = 0,
           nb::arg("punch_out") = std::numeric_limits<std::int64_t>::max())
      .def("stop", &timeline::MidiTakeRecorder::stop, nb::call_guard<nb::gil_scoped_release>())
      .def_prop_ro("size", &timeline::MidiTakeRecorder::size)
      .def_prop_ro("dropped", &timeline::MidiTakeRecorder::dropped)
      .def(
          "take",
          [](const timeline::MidiTakeRecorder& r, const timeline::TempoMap& map, double rate) {
            timeline::MidiTakeRecorder::Taken t = r.take(map, rate);
            return std::make_pair(t.firstFrame, std::move(t.file));
          },
          nb::arg("tempo_map"), nb::arg("sample_rate"));

  processorClass<graph::MidiInput>(m, "MidiInputNode", "MIDI entering the graph from a port.")
      .def(make<graph::MidiInput>())
      .def_prop_ro("dropped", &graph::MidiInput::dropped);
  processorClass<graph::MidiOutput>(m, "MidiOutputNode", "MIDI leaving the graph to a port.")
      .def(make<graph::MidiOutput>())
      .def_prop_ro("dropped", &graph::MidiOutput::dropped);

  processorClass<graph::AudioPlayer>(m, "AudioPlayerNode",
                                     "An array or a streamed file, played on the transport.")
      .def(nb::new_([](AudioInArray audio, double sampleRate) {
             return std::make_shared<graph::AudioPlayer>(viewOf(audio), sampleRate);
           }),
           nb::arg("audio"), nb::arg("sample_rate"))
      .def(nb::new_(
               [](const std::string& path) { return std::make_shared<graph::AudioPlayer>(path); }),
           nb::arg("path"))
      .def_prop_ro("source_rate", &graph::AudioPlayer::sourceRate)
      .def_prop_ro("source_frames", &graph::AudioPlayer::sourceFrames)
      .def_prop_ro("length_frames", &graph::AudioPlayer::lengthFrames)
      .def_prop_rw("start_frame", &graph::AudioPlayer::startFrame,
                   &graph::AudioPlayer::setStartFrame)
      .def_prop_ro("position", &graph::AudioPlayer::position)
      .def_prop_ro("underruns", &graph::AudioPlayer::underruns)
      .def_prop_ro("path", &graph::AudioPlayer::path);

  processorClass<graph::Recorder>(m, "RecorderNode", "Records its input to a file or memory.")
      .def(make<graph::Recorder, int, double>(), nb::arg("channels") = 2,
           nb::arg("ring_seconds") = 5.0)
      .def("start_file", &graph::Recorder::startFile, nb::arg("path"), nb::arg("subtype") = "FLOAT",
           nb::arg("from_frame") = 0, nb::arg("frames") = -1)
      .def("start_memory", &graph::Recorder::startMemory, nb::arg("max_frames"),
           nb::arg("from_frame") = 0)
      .def("start_take", &graph::Recorder::startTake, nb::arg("path"), nb::arg("subtype") = "FLOAT",
           nb::arg("punch_in") = 0, nb::arg("punch_out") = std::numeric_limits<std::int64_t>::max())
      .def_prop_ro("take_start", &graph::Recorder::takeStart)
      .def("stop", &graph::Recorder::stop, nb::call_guard<nb::gil_scoped_release>())
      .def("take_recording",
           [](graph::Recorder& r) {
             AudioBuffer take = r.takeRecording();
             return arrayFrom(take.view());
           })
      .def_prop_ro("recording", &graph::Recorder::recording)
      .def_prop_ro("frames_written", &graph::Recorder::framesWritten)
      .def_prop_ro("overruns", &graph::Recorder::overruns)
      .def_prop_ro("write_failure", &graph::Recorder::writeFailure);

  processorClass<graph::AudioQueue>(m, "AudioQueueNode", "Blocks fed into the graph.")
      .def(make<graph::AudioQueue, int, double>(), nb::arg("channels") = 2,
           nb::arg("seconds") = 2.0)
      .def(
          "enqueue",
          [](graph::AudioQueue& q, AudioInArray block, double timeout) {
            const AudioBlockView view = viewOf(block);
            nb::gil_scoped_release release;
            return q.enqueue(view, timeout);
          },
          nb::arg("block"), nb::arg("timeout") = -1.0)
      .def("end_of_stream", &graph::AudioQueue::endOfStream)
      .def_prop_ro("queued_frames", &graph::AudioQueue::queuedFrames)
      .def_prop_ro("capacity_frames", &graph::AudioQueue::capacityFrames)
      .def_prop_ro("underruns", &graph::AudioQueue::underruns);
  processorClass<graph::CaptureQueue>(m, "CaptureQueueNode", "Blocks read from the graph.")
      .def(make<graph::CaptureQueue, int, double>(), nb::arg("channels") = 2,
           nb::arg("seconds") = 2.0)
      .def(
          "read",
          [](graph::CaptureQueue& q, std::int64_t frames, double timeout) {
            requireInRange("frames", static_cast<double>(frames), 0.0, 1 << 28, "frames");
            float* rows[kMaxChannels];
            AudioOutArray out = newAudioArray(static_cast<std::size_t>(q.numInputChannels()),
                                              static_cast<std::size_t>(frames), rows);
            std::int64_t got = 0;
            {
              nb::gil_scoped_release release;
              got = q.read(AudioBlockView(rows, q.numInputChannels(), static_cast<int>(frames)),
                           timeout);
            }
            if (got == frames) return out;
            AudioBlockView part(rows, q.numInputChannels(), static_cast<int>(got));
            return arrayFrom(part);
          },
          nb::arg("frames"), nb::arg("timeout") = -1.0)
      .def_prop_ro("available_frames", &graph::CaptureQueue::availableFrames)
      .def_prop_ro("overruns", &graph::CaptureQueue::overruns);

  nb::class_<instruments::ResonatorProcessor, Processor>(m, "ResonatorProcessor",
                                                         "The resonator synth in a graph.");

  processorClass<effects::Filter>(m, "FilterEffect", "").def(make<effects::Filter>());
  processorClass<effects::Chorus>(m, "ChorusEffect", "").def(make<effects::Chorus>());
  processorClass<effects::Phaser>(m, "PhaserEffect", "").def(make<effects::Phaser>());
  processorClass<effects::Distortion>(m, "DistortionEffect", "").def(make<effects::Distortion>());
  processorClass<effects::Amp>(m, "AmpEffect", "").def(make<effects::Amp>());
  processorClass<effects::Delay>(m, "DelayEffect", "").def(make<effects::Delay>());
  processorClass<effects::Compressor>(m, "CompressorEffect", "").def(make<effects::Compressor>());
  processorClass<effects::Reverb>(m, "ReverbEffect", "").def(make<effects::Reverb>());
}

}  // namespace tonewood::python
