// tonewood.midi.ump's native half: the UMP catalogue, encode/decode/validate on tuples of
// words, and the MIDI 1.0 <-> 2.0 translators. tonewood/midi/ump.py builds the friendly
// builders and the UmpMessage class on top.
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>

#include <string>
#include <vector>

#include "bindings.hpp"
#include "tonewood/midi/ump.hpp"
#include "tonewood/midi/ump_translation.hpp"

namespace nb = nanobind;
using namespace nb::literals;

namespace tonewood::python {

namespace {

using namespace midi::ump;

Packet packetOf(const std::vector<std::uint32_t>& words) {
  return Packet::fromWords(words);
}

nb::tuple wordsTuple(const Packet& p) {
  nb::list words;
  for (auto w : p.view()) words.append(w);
  return nb::tuple(words);
}

nb::list packetList(const std::vector<Packet>& packets) {
  nb::list out;
  for (const auto& p : packets) out.append(wordsTuple(p));
  return out;
}

const char* payloadKind(const PayloadSpec& p) {
  if (p.length == PayloadLength::None) return "none";
  if (p.length == PayloadLength::ZeroPadded) return "text";
  return "data";
}

}  // namespace

void bindUmp(nb::module_& m) {
  m.def(
      "ump_catalogue",
      [] {
        nb::list rows;
        for (const auto& s : messageSpecs()) {
          nb::list fields;
          for (const auto& f : s.fields)
            fields.append(nb::make_tuple(f.name, f.minimum(), f.maximum()));
          rows.append(nb::make_tuple(s.name, s.summary, s.messageType, s.words(), fields,
                                     payloadKind(s.payload), s.payload.maxBytes,
                                     s.payload.bitsPerByte));
        }
        return rows;
      },
      "Every UMP message: (name, summary, message type, words, [(field, min, max)], payload "
      "kind, payload bytes per packet, bits per payload byte).");
  m.def(
      "ump_encode",
      [](std::string_view name, const std::vector<std::int64_t>& values, const nb::bytes& payload) {
        const auto* p = static_cast<const std::uint8_t*>(payload.data());
        return wordsTuple(encode(specNamed(name), values, {p, payload.size()}));
      },
      "name"_a, "values"_a, "payload"_a = nb::bytes(""));
  m.def(
      "ump_decode",
      [](const std::vector<std::uint32_t>& words) {
        const auto d = decode(packetOf(words));
        nb::dict fields;
        if (!d.spec) return nb::make_tuple(nb::none(), fields, nb::bytes(""));
        for (std::size_t i = 0; i < d.spec->fields.size(); ++i)
          fields[nb::str(d.spec->fields[i].name.data(), d.spec->fields[i].name.size())] =
              d.values[i];
        return nb::make_tuple(
            d.spec->name, fields,
            nb::bytes(reinterpret_cast<const char*>(d.payload.data()), d.payloadSize));
      },
      "words"_a, "(name or None, {field: value}, payload bytes) of one packet.");
  m.def(
      "ump_problem",
      [](const std::vector<std::uint32_t>& words) { return problemWith(packetOf(words)); },
      "words"_a);
  m.def(
      "ump_describe",
      [](const std::vector<std::uint32_t>& words) { return describe(packetOf(words)); }, "words"_a);
  m.def(
      "ump_split",
      [](const std::vector<std::uint32_t>& words) { return packetList(splitPackets(words)); },
      "words"_a);
  m.def(
      "ump_sysex7_packets",
      [](const nb::bytes& payload, int group) {
        const auto* p = static_cast<const std::uint8_t*>(payload.data());
        return packetList(sysEx7Packets({p, payload.size()}, group));
      },
      "payload"_a, "group"_a = 0);
  m.def("ump_scale_up", &scaleUp, "value"_a, "source_bits"_a, "target_bits"_a);
  m.def("ump_scale_down", &scaleDown, "value"_a, "source_bits"_a, "target_bits"_a);

  nb::class_<Midi1ToMidi2>(m, "Midi1ToMidi2")
      .def(nb::init<int>(), "group"_a = 0)
      .def(
          "translate",
          [](Midi1ToMidi2& t, const midi::Message& message) {
            std::vector<Packet> out;
            t.translate(message, out);
            return packetList(out);
          },
          "message"_a)
      .def("reset", &Midi1ToMidi2::reset);
  nb::class_<Midi2ToMidi1>(m, "Midi2ToMidi1")
      .def(nb::init<std::size_t>(), "max_sysex_bytes"_a = std::size_t{1} << 20)
      .def(
          "translate",
          [](Midi2ToMidi1& t, const std::vector<std::uint32_t>& words) {
            std::vector<midi::Message> out;
            t.translate(packetOf(words), out);
            return out;
          },
          "words"_a)
      .def_prop_ro("dropped_sysex", &Midi2ToMidi1::droppedSysEx);
}

}  // namespace tonewood::python
