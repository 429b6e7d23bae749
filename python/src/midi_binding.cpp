// tonewood.midi's native half: Message, TempoMap, and the MIDI file model (parsed, edited and
// written in C++; Python sees events only when it asks for a track). tonewood/midi.py adds the
// friendly classes.
#include <nanobind/ndarray.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include <string>
#include <tuple>
#include <vector>

#include "audio_arrays.hpp"
#include "bindings.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/midi/file_transforms.hpp"
#include "tonewood/midi/message.hpp"
#include "tonewood/midi/message_transform.hpp"
#include "tonewood/midi/midi_file.hpp"
#include "tonewood/midi/note_list.hpp"
#include "tonewood/midi/tempo_map.hpp"

namespace nb = nanobind;
using namespace nb::literals;

namespace tonewood::python {

namespace {

using midi::Message;
using midi::MessageType;
using midi::MidiFile;

nb::bytes asBytes(const std::vector<std::uint8_t>& v) {
  return nb::bytes(reinterpret_cast<const char*>(v.data()), v.size());
}

std::vector<std::uint8_t> fromBytes(const nb::bytes& b) {
  const auto* p = static_cast<const std::uint8_t*>(b.data());
  return {p, p + b.size()};
}

// A field that only some message types have: AttributeError names the type otherwise.
int field(const Message& m, bool applies, const char* name, int value) {
  if (!applies)
    throw nb::attribute_error(
        (std::string(midi::messageTypeName(m.type())) + " has no " + name).c_str());
  return value;
}

bool isNote(MessageType t) {
  return t == MessageType::NoteOn || t == MessageType::NoteOff || t == MessageType::PolyPressure;
}

midi::MidiTrack& trackAt(MidiFile& f, std::size_t index) {
  if (index >= f.tracks.size())
    throw OutOfRangeError("track " + std::to_string(index) + " does not exist (the file has " +
                          std::to_string(f.tracks.size()) + ")");
  return f.tracks[index];
}

using EventTuple = std::tuple<std::int64_t, int, nb::object, int, nb::bytes>;
using NoteTuple = std::tuple<std::int64_t, std::int64_t, int, int, int, int, int>;

}  // namespace

void bindMidi(nb::module_& m) {
  nb::class_<Message>(m, "Message",
                      "One MIDI 1.0 message. Build it with the class methods (note_on, "
                      "control_change, ...) or from_bytes; bytes() gives it back.")
      .def_static("note_on", &Message::noteOn, "channel"_a = 0, "note"_a = 60, "velocity"_a = 64)
      .def_static("note_off", &Message::noteOff, "channel"_a = 0, "note"_a = 60, "velocity"_a = 0)
      .def_static("poly_pressure", &Message::polyPressure, "channel"_a = 0, "note"_a = 60,
                  "pressure"_a = 0)
      .def_static("control_change", &Message::controlChange, "channel"_a = 0, "control"_a = 0,
                  "value"_a = 0)
      .def_static("program_change", &Message::programChange, "channel"_a = 0, "program"_a = 0)
      .def_static("channel_pressure", &Message::channelPressure, "channel"_a = 0, "pressure"_a = 0)
      .def_static("pitch_bend", &Message::pitchBend, "channel"_a = 0, "value"_a = 0,
                  "value: -8192 (down) .. 0 (centre) .. 8191 (up)")
      .def_static(
          "sysex", [](const nb::bytes& data) { return Message::sysEx(fromBytes(data)); }, "data"_a,
          "data without the 0xF0 ... 0xF7 framing")
      .def_static("time_code", &Message::timeCode, "piece"_a, "value"_a)
      .def_static("song_position", &Message::songPosition, "beats"_a)
      .def_static("song_select", &Message::songSelect, "song"_a)
      .def_static("tune_request", [] { return Message::simple(MessageType::TuneRequest); })
      .def_static("clock", [] { return Message::simple(MessageType::Clock); })
      .def_static("start", [] { return Message::simple(MessageType::Start); })
      .def_static("continue_", [] { return Message::simple(MessageType::Continue); })
      .def_static("stop", [] { return Message::simple(MessageType::Stop); })
      .def_static("active_sensing", [] { return Message::simple(MessageType::ActiveSensing); })
      .def_static("reset", [] { return Message::simple(MessageType::Reset); })
      .def_static(
          "from_bytes",
          [](const nb::bytes& data) {
            return Message::fromBytes(static_cast<const std::uint8_t*>(data.data()), data.size());
          },
          "data"_a)
      .def("bytes", [](const Message& msg) { return asBytes(msg.bytes()); })
      .def_prop_ro("type", [](const Message& msg) { return midi::messageTypeName(msg.type()); })
      .def_prop_ro("channel",
                   [](const Message& msg) {
                     return field(msg, msg.isChannelMessage(), "channel", msg.channel());
                   })
      .def_prop_ro(
          "note",
          [](const Message& msg) { return field(msg, isNote(msg.type()), "note", msg.note()); })
      .def_prop_ro("velocity",
                   [](const Message& msg) {
                     const bool applies =
                         msg.type() == MessageType::NoteOn || msg.type() == MessageType::NoteOff;
                     return field(msg, applies, "velocity", msg.velocity());
                   })
      .def_prop_ro("control",
                   [](const Message& msg) {
                     return field(msg, msg.type() == MessageType::ControlChange, "control",
                                  msg.controller());
                   })
      .def_prop_ro("program",
                   [](const Message& msg) {
                     return field(msg, msg.type() == MessageType::ProgramChange, "program",
                                  msg.value());
                   })
      .def_prop_ro("pressure",
                   [](const Message& msg) {
                     const bool applies = msg.type() == MessageType::ChannelPressure ||
                                          msg.type() == MessageType::PolyPressure;
                     return field(msg, applies, "pressure", msg.value());
                   })
      .def_prop_ro("value", &Message::value,
                   "CC value, program, pressure, pitch bend (-8192..8191), song position...")
      .def_prop_ro("data",
                   [](const Message& msg) {
                     if (msg.type() != MessageType::SysEx)
                       throw nb::attribute_error("only sysex has data");
                     return asBytes(msg.sysExPayload());
                   })
      .def_prop_ro("is_realtime", &Message::isRealtime)
      .def("with_channel", &Message::withChannel, "channel"_a)
      .def("__eq__", [](const Message& a, const Message& b) { return a == b; })
      .def("__hash__", [](const Message& msg) { return nb::hash(asBytes(msg.bytes())); })
      .def("__repr__", [](const Message& msg) { return "<Message " + msg.describe() + ">"; });

  nb::class_<midi::TempoMap>(m, "TempoMap",
                             "Exact tick <-> seconds <-> sample conversion over tempo changes.")
      .def(nb::init<int, std::vector<std::pair<std::int64_t, std::int64_t>>>(), "ticks_per_beat"_a,
           "changes"_a = std::vector<std::pair<std::int64_t, std::int64_t>>{},
           "changes: (tick, microseconds per quarter) pairs")
      .def_static("smpte", &midi::TempoMap::smpte, "frames_per_second"_a, "ticks_per_frame"_a)
      .def("seconds", &midi::TempoMap::seconds, "tick"_a)
      .def("sample", &midi::TempoMap::sample, "tick"_a, "sample_rate"_a)
      .def("tick", &midi::TempoMap::tick, "seconds"_a)
      .def("tempo_at", &midi::TempoMap::tempoAt, "tick"_a)
      .def(
          "seconds_of",
          [](const midi::TempoMap& map,
             nb::ndarray<const std::int64_t, nb::ndim<1>, nb::c_contig, nb::device::cpu> ticks) {
            double* data = nullptr;
            auto out = ownedArray<double, 1>({ticks.shape(0)}, &data);
            nb::gil_scoped_release release;
            for (std::size_t i = 0; i < ticks.shape(0); ++i) data[i] = map.seconds(ticks(i));
            return out;
          },
          "ticks"_a)
      .def(
          "samples_of",
          [](const midi::TempoMap& map,
             nb::ndarray<const std::int64_t, nb::ndim<1>, nb::c_contig, nb::device::cpu> ticks,
             double rate) {
            std::int64_t* data = nullptr;
            auto out = ownedArray<std::int64_t, 1>({ticks.shape(0)}, &data);
            nb::gil_scoped_release release;
            for (std::size_t i = 0; i < ticks.shape(0); ++i) data[i] = map.sample(ticks(i), rate);
            return out;
          },
          "ticks"_a, "sample_rate"_a)
      .def_prop_ro("ticks_per_beat", &midi::TempoMap::ticksPerBeat)
      .def_prop_ro("changes", [](const midi::TempoMap& map) {
        std::vector<std::pair<std::int64_t, std::int64_t>> out;
        for (const auto& s : map.segments()) out.emplace_back(s.tick, s.tempo);
        return out;
      });

  nb::class_<MidiFile>(m, "_MidiFile")
      .def_static(
          "read",
          [](const std::string& path) {
            nb::gil_scoped_release release;
            return MidiFile::read(path);
          },
          "path"_a)
      .def_static(
          "parse",
          [](const nb::bytes& data, const std::string& name) {
            return MidiFile::parse(static_cast<const std::uint8_t*>(data.data()), data.size(),
                                   name);
          },
          "data"_a, "name"_a)
      .def_static("with_ticks_per_beat", &MidiFile::withTicksPerBeat, "ticks_per_beat"_a,
                  "format"_a)
      .def_static("with_smpte", &MidiFile::withSmpte, "frames_per_second"_a, "ticks_per_frame"_a,
                  "format"_a)
      .def_rw("format", &MidiFile::format)
      .def_ro("warnings", &MidiFile::warnings)
      .def_prop_ro("trailing_bytes", [](const MidiFile& f) { return asBytes(f.trailingBytes); })
      .def_prop_ro("ticks_per_beat", &MidiFile::ticksPerBeat)
      .def_prop_ro("smpte_frames_per_second", &MidiFile::smpteFramesPerSecond)
      .def_prop_ro("ticks_per_frame", &MidiFile::ticksPerFrame)
      .def_prop_ro("track_count", [](const MidiFile& f) { return f.tracks.size(); })
      .def_prop_ro("length_ticks", &MidiFile::lengthTicks)
      .def("tempo_map", [](const MidiFile& f) { return midi::TempoMap::of(f); })
      .def("serialize",
           [](const MidiFile& f, bool running) { return asBytes(f.serialize(running)); })
      .def(
          "save",
          [](const MidiFile& f, const std::string& path, bool running) {
            nb::gil_scoped_release release;
            f.save(path, running);
          },
          "path"_a, "running_status"_a)
      .def("add_track",
           [](MidiFile& f) {
             f.tracks.emplace_back();
             return f.tracks.size() - 1;
           })
      .def("end_tick", [](MidiFile& f, std::size_t t) { return trackAt(f, t).endTick; })
      .def("event_count", [](MidiFile& f, std::size_t t) { return trackAt(f, t).events.size(); })
      .def("track_name",
           [](MidiFile& f, std::size_t t) -> nb::object {
             // Bytes: names in files are any 8-bit text, decoded in Python as Latin-1.
             const auto name = trackAt(f, t).name();
             if (!name) return nb::none();
             return nb::bytes(name->data(), name->size());
           })
      .def("set_end_tick",
           [](MidiFile& f, std::size_t t, std::int64_t tick) {
             auto& track = trackAt(f, t);
             if (tick < track.lastTick())
               throw OutOfRangeError("a track cannot end (tick " + std::to_string(tick) +
                                     ") before its last event (tick " +
                                     std::to_string(track.lastTick()) + ")");
             track.endTick = tick;
           })
      .def("events",
           [](MidiFile& f, std::size_t t) {
             // (tick, kind, message or None, meta type, data): kind 0 message, 1 meta, 2 SysEx,
             // 3 escape.
             std::vector<EventTuple> out;
             const auto& events = trackAt(f, t).events;
             out.reserve(events.size());
             for (const auto& e : events) {
               nb::object message = nb::none();
               if (e.kind == midi::EventKind::Message) message = nb::cast(e.message());
               out.emplace_back(e.tick, static_cast<int>(e.kind), std::move(message),
                                static_cast<int>(e.metaType), asBytes(e.data));
             }
             return out;
           })
      .def("add_message",
           [](MidiFile& f, std::size_t t, std::int64_t tick, const Message& msg) {
             auto& track = trackAt(f, t);
             if (msg.type() == MessageType::SysEx)
               track.add(midi::MidiEvent::sysEx(tick, msg));
             else
               track.add(midi::MidiEvent::channel(tick, msg));
           })
      .def("add_meta",
           [](MidiFile& f, std::size_t t, std::int64_t tick, int type, const nb::bytes& data) {
             requireInRange("meta event type", type, 0, 127, "");
             trackAt(f, t).add(midi::MidiEvent::metaEvent(tick, static_cast<std::uint8_t>(type),
                                                          fromBytes(data)));
           })
      .def("add_time_signature",
           [](MidiFile& f, std::size_t t, std::int64_t tick, int num, int den, int clocks,
              int notated) {
             trackAt(f, t).add(midi::MidiEvent::timeSignature(tick, num, den, clocks, notated));
           })
      .def("add_key_signature",
           [](MidiFile& f, std::size_t t, std::int64_t tick, int sharps, bool minor) {
             trackAt(f, t).add(midi::MidiEvent::keySignature(tick, sharps, minor));
           })
      .def("add_tempo",
           [](MidiFile& f, std::size_t t, std::int64_t tick, std::int64_t us) {
             trackAt(f, t).add(midi::MidiEvent::tempo(tick, us));
           })
      .def("notes",
           [](const MidiFile& f) {
             std::vector<NoteTuple> out;
             for (const auto& n : midi::notesOf(f))
               out.emplace_back(n.startTick, n.endTick, n.note, n.velocity, n.releaseVelocity,
                                n.channel, n.track);
             return out;
           })
      .def("add_notes",
           [](MidiFile& f, const std::vector<NoteTuple>& notes) {
             std::vector<midi::Note> list;
             list.reserve(notes.size());
             for (const auto& [start, end, note, velocity, release, channel, track] : notes)
               list.push_back({start, end, note, velocity, release, channel, track});
             midi::addNotes(f, list);
           })
      .def("transform",
           [](MidiFile& f, const midi::MessageTransform& t) { midi::transformMessages(f, t); })
      .def("quantize", &midi::quantize, "grid"_a, "strength"_a, "swing"_a)
      .def("humanize", &midi::humanize, "timing"_a, "velocity"_a, "seed"_a)
      .def("scale_time", &midi::scaleTime, "factor"_a)
      .def("shift_time", &midi::shiftTime, "ticks"_a)
      .def("merged", &midi::mergeTracks)
      .def("split_by_channel", &midi::splitByChannel)
      .def("arpeggiate",
           [](MidiFile& f, std::int64_t step, const std::string& order) {
             midi::arpeggiate(f, step, midi::arpeggioOrderFromName(order));
           })
      .def("copy", [](const MidiFile& f) { return MidiFile(f); })
      .def("__eq__", [](const MidiFile& a, const MidiFile& b) { return a == b; });

  nb::class_<midi::MessageTransform>(m, "_MessageTransform")
      .def("__init__",
           [](midi::MessageTransform* t, int transpose, double scale, double curve,
              std::uint16_t channels, const std::vector<int>& channelMap, int low, int high,
              std::uint8_t types, const std::vector<int>& controllerMap, bool transposeDrums) {
             new (t) midi::MessageTransform();
             t->transpose = transpose;
             if (transposeDrums) t->transposedChannels = 0xFFFF;
             t->velocityScale = scale;
             t->velocityCurve = curve;
             t->channels = channels;
             t->lowNote = low;
             t->highNote = high;
             t->types = types;
             if (channelMap.size() != 16 || controllerMap.size() != 128)
               throw InvalidArgumentError("channel map needs 16 entries, controller map 128");
             for (int i = 0; i < 16; ++i) {
               requireInRange("channel map target", channelMap[static_cast<std::size_t>(i)], -1, 15,
                              "(-1 drops)");
               t->channelMap[static_cast<std::size_t>(i)] =
                   static_cast<std::int8_t>(channelMap[static_cast<std::size_t>(i)]);
             }
             for (int i = 0; i < 128; ++i) {
               requireInRange("controller map target", controllerMap[static_cast<std::size_t>(i)],
                              -1, 127, "(-1 drops)");
               t->controllerMap[static_cast<std::size_t>(i)] =
                   static_cast<std::int8_t>(controllerMap[static_cast<std::size_t>(i)]);
             }
             t->validate();
           })
      .def("apply", [](const midi::MessageTransform& t, const Message& msg) -> nb::object {
        if (auto out = t.apply(msg)) return nb::cast(*out);
        return nb::none();
      });
  m.def("_note_value_ticks", &midi::noteValueTicks, "text"_a, "ticks_per_beat"_a);
  m.def("_type_bit",
        [](const std::string& name) { return midi::typeBit(midi::messageTypeFromName(name)); });
}

}  // namespace tonewood::python
