// The table of every UMP message defined by the Universal MIDI Packet specification (version
// 1.1): where each field sits. Bit positions are counted from the least significant bit of the
// word; word 0 is the one carrying the message type.
#include <algorithm>

#include "tonewood/core/errors.hpp"
#include "tonewood/midi/ump.hpp"

namespace tonewood::midi::ump {

namespace {

FieldSpec field(std::string_view name, int word, int shift, int bits, std::int64_t max = -1) {
  return {name,
          static_cast<std::uint8_t>(word),
          static_cast<std::uint8_t>(shift),
          static_cast<std::uint8_t>(bits),
          FieldKind::Unsigned,
          max};
}

FieldSpec signedField(std::string_view name, int word, int shift, int bits) {
  auto f = field(name, word, shift, bits);
  f.kind = FieldKind::Signed;
  return f;
}

FieldSpec split14(std::string_view name) {
  auto f = field(name, 0, 0, 15);
  f.kind = FieldKind::Split14;
  return f;
}

const FieldSpec kGroup = field("group", 0, 24, 4);
const FieldSpec kChannel = field("channel", 0, 16, 4);
const FieldSpec kValue32 = field("value", 1, 0, 32);

std::uint32_t top(unsigned messageType) {
  return std::uint32_t{messageType} << 28;
}

// Rows keyed on the status nibble of word 0 (bits 23..20): utility, MIDI 1.0 and 2.0 voice.
MessageSpec byNibble(std::string_view name, std::string_view summary, unsigned mt, unsigned status,
                     std::vector<FieldSpec> fields, PayloadSpec payload = {}) {
  return {name,
          summary,
          static_cast<std::uint8_t>(mt),
          0xF0F00000u,
          top(mt) | status << 20,
          std::move(fields),
          payload};
}

MessageSpec system(std::string_view name, std::string_view summary, unsigned status,
                   std::vector<FieldSpec> fields = {}) {
  fields.insert(fields.begin(), kGroup);
  return {name, summary, 1, 0xF0FF0000u, top(1) | status << 16, std::move(fields), {}};
}

MessageSpec midi1(std::string_view name, std::string_view summary, unsigned nibble,
                  std::vector<FieldSpec> fields) {
  fields.insert(fields.begin(), {kGroup, kChannel});
  return byNibble(name, summary, 2, nibble, std::move(fields));
}

MessageSpec midi2(std::string_view name, std::string_view summary, unsigned opcode,
                  std::vector<FieldSpec> fields) {
  fields.insert(fields.begin(), {kGroup, kChannel});
  return byNibble(name, summary, 4, opcode, std::move(fields));
}

// Flex data: bank and status in the low 16 bits of word 0; `status` < 0 keeps the status a
// field (the text banks, whose status says which kind of text it is).
MessageSpec flex(std::string_view name, std::string_view summary, unsigned bank, int status,
                 std::vector<FieldSpec> fields, PayloadSpec payload = {}) {
  const bool multiPacket = payload.length != PayloadLength::None;
  std::vector<FieldSpec> all = {kGroup, field("format", 0, 22, 2, multiPacket ? 3 : 0),
                                field("address", 0, 20, 2, 1), field("channel", 0, 16, 4)};
  if (status < 0) all.push_back(field("text_type", 0, 0, 8));
  all.insert(all.end(), fields.begin(), fields.end());
  const std::uint32_t mask = status < 0 ? 0xF000FF00u : 0xF000FFFFu;
  const std::uint32_t key = top(0xD) | bank << 8 | (status < 0 ? 0u : unsigned(status));
  return {name, summary, 0xD, mask, key, std::move(all), payload};
}

MessageSpec stream(std::string_view name, std::string_view summary, unsigned status,
                   std::vector<FieldSpec> fields, PayloadSpec payload = {}) {
  if (payload.length != PayloadLength::None)
    fields.insert(fields.begin(), field("format", 0, 26, 2));
  return {name, summary, 0xF, 0xF3FF0000u, top(0xF) | status << 16, std::move(fields), payload};
}

std::vector<FieldSpec> noteFields() {
  return {field("note", 0, 8, 7), field("attribute_type", 0, 0, 8), field("velocity", 1, 16, 16),
          field("attribute", 1, 0, 16)};
}

std::vector<FieldSpec> perNoteController() {
  return {field("note", 0, 8, 7), field("index", 0, 0, 8), kValue32};
}

std::vector<FieldSpec> bankedController(bool relative) {
  return {field("bank", 0, 8, 7), field("index", 0, 0, 7),
          relative ? signedField("value", 1, 0, 32) : kValue32};
}

std::vector<FieldSpec> protocolFields() {
  return {field("protocol", 0, 8, 8), field("receive_jr", 0, 1, 1), field("transmit_jr", 0, 0, 1)};
}

constexpr PayloadSpec kText12{4, 12, 8, PayloadLength::ZeroPadded, 0};
constexpr PayloadSpec kText14{2, 14, 8, PayloadLength::ZeroPadded, 0};

std::vector<MessageSpec> buildCatalogue() {
  std::vector<MessageSpec> c;
  // Utility (message type 0): no group.
  c.push_back(byNibble("noop", "no operation", 0, 0, {}));
  c.push_back(byNibble("jr_clock", "jitter-reduction clock: sender time in 1/31250 s", 0, 1,
                       {field("time", 0, 0, 16)}));
  c.push_back(byNibble("jr_timestamp", "jitter-reduction timestamp of the next message", 0, 2,
                       {field("time", 0, 0, 16)}));
  c.push_back(byNibble("delta_clockstamp_tpqn", "delta clockstamp ticks per quarter note", 0, 3,
                       {field("ticks_per_quarter", 0, 0, 16)}));
  c.push_back(
      byNibble("delta_clockstamp", "ticks since the last event", 0, 4, {field("ticks", 0, 0, 20)}));
  // System common and real time (message type 1).
  c.push_back(system("time_code", "MTC quarter frame", 0xF1,
                     {field("piece", 0, 12, 3), field("value", 0, 8, 4)}));
  c.push_back(system("song_position", "song position in MIDI beats", 0xF2, {split14("beats")}));
  c.push_back(system("song_select", "song select", 0xF3, {field("song", 0, 8, 7)}));
  c.push_back(system("tune_request", "tune request", 0xF6));
  c.push_back(system("clock", "timing clock", 0xF8));
  c.push_back(system("start", "start", 0xFA));
  c.push_back(system("continue", "continue", 0xFB));
  c.push_back(system("stop", "stop", 0xFC));
  c.push_back(system("active_sensing", "active sensing", 0xFE));
  c.push_back(system("reset", "system reset", 0xFF));
  // MIDI 1.0 channel voice (message type 2).
  const auto note7 = field("note", 0, 8, 7);
  c.push_back(
      midi1("midi1_note_off", "MIDI 1.0 note off", 0x8, {note7, field("velocity", 0, 0, 7)}));
  c.push_back(midi1("midi1_note_on", "MIDI 1.0 note on", 0x9, {note7, field("velocity", 0, 0, 7)}));
  c.push_back(midi1("midi1_poly_pressure", "MIDI 1.0 polyphonic key pressure", 0xA,
                    {note7, field("pressure", 0, 0, 7)}));
  c.push_back(midi1("midi1_control_change", "MIDI 1.0 control change", 0xB,
                    {field("controller", 0, 8, 7), field("value", 0, 0, 7)}));
  c.push_back(
      midi1("midi1_program_change", "MIDI 1.0 program change", 0xC, {field("program", 0, 8, 7)}));
  c.push_back(midi1("midi1_channel_pressure", "MIDI 1.0 channel pressure", 0xD,
                    {field("pressure", 0, 8, 7)}));
  c.push_back(
      midi1("midi1_pitch_bend", "MIDI 1.0 pitch bend, centre 8192", 0xE, {split14("value")}));
  // 64-bit data (message type 3): SysEx7.
  c.push_back({"sysex7",
               "System Exclusive, 7-bit data, up to 6 bytes a packet",
               3,
               0xF0000000u,
               top(3),
               {kGroup, field("format", 0, 20, 4, 3)},
               {2, 6, 7, PayloadLength::CountField, 0}});
  // MIDI 2.0 channel voice (message type 4).
  c.push_back(midi2("registered_per_note_controller", "registered per-note controller", 0x0,
                    perNoteController()));
  c.push_back(midi2("assignable_per_note_controller", "assignable per-note controller", 0x1,
                    perNoteController()));
  c.push_back(
      midi2("registered_controller", "registered controller (RPN)", 0x2, bankedController(false)));
  c.push_back(
      midi2("assignable_controller", "assignable controller (NRPN)", 0x3, bankedController(false)));
  c.push_back(midi2("relative_registered_controller", "relative registered controller", 0x4,
                    bankedController(true)));
  c.push_back(midi2("relative_assignable_controller", "relative assignable controller", 0x5,
                    bankedController(true)));
  c.push_back(midi2("per_note_pitch_bend", "per-note pitch bend, centre 0x80000000", 0x6,
                    {note7, kValue32}));
  c.push_back(midi2("note_off", "note off, 16-bit velocity", 0x8, noteFields()));
  c.push_back(
      midi2("note_on", "note on, 16-bit velocity (0 is a real note on)", 0x9, noteFields()));
  c.push_back(midi2("poly_pressure", "polyphonic key pressure", 0xA, {note7, kValue32}));
  c.push_back(midi2("control_change", "control change, 32-bit value", 0xB,
                    {field("controller", 0, 8, 7), kValue32}));
  c.push_back(midi2("program_change", "program change with optional bank", 0xC,
                    {field("bank_valid", 0, 0, 1), field("program", 1, 24, 7),
                     field("bank_msb", 1, 8, 7), field("bank_lsb", 1, 0, 7)}));
  c.push_back(midi2("channel_pressure", "channel pressure", 0xD, {kValue32}));
  c.push_back(midi2("pitch_bend", "pitch bend, centre 0x80000000", 0xE, {kValue32}));
  c.push_back(midi2("per_note_management", "per-note management: detach, reset", 0xF,
                    {note7, field("detach", 0, 1, 1), field("reset", 0, 0, 1)}));
  // 128-bit data (message type 5): SysEx8 and mixed data sets.
  c.push_back({"sysex8",
               "System Exclusive, 8-bit data, up to 13 bytes a packet",
               5,
               0xF0C00000u,
               top(5),
               {kGroup, field("format", 0, 20, 2), field("stream_id", 0, 8, 8)},
               {3, 13, 8, PayloadLength::CountField, 1}});
  c.push_back(byNibble(
      "mixed_data_set_header", "mixed data set header", 5, 8,
      {kGroup, field("mds_id", 0, 16, 4), field("valid_bytes", 0, 0, 16),
       field("chunks", 1, 16, 16), field("chunk", 1, 0, 16), field("manufacturer", 2, 16, 16),
       field("device", 2, 0, 16), field("sub_id_1", 3, 16, 16), field("sub_id_2", 3, 0, 16)}));
  c.push_back(byNibble("mixed_data_set_payload", "mixed data set payload, 14 bytes", 5, 9,
                       {kGroup, field("mds_id", 0, 16, 4)}, {2, 14, 8, PayloadLength::Fixed, 0}));
  // Flex data (message type 0xD).
  c.push_back(
      flex("set_tempo", "tempo in 10 ns units per quarter note", 0, 0, {field("tempo", 1, 0, 32)}));
  c.push_back(flex("set_time_signature", "time signature; denominator as a power of two", 0, 1,
                   {field("numerator", 1, 24, 8), field("denominator_power", 1, 16, 8),
                    field("thirty_seconds", 1, 8, 8)}));
  c.push_back(flex("set_metronome", "metronome clicks, accents and subdivisions", 0, 2,
                   {field("clocks_per_click", 1, 24, 8), field("accent_1", 1, 16, 8),
                    field("accent_2", 1, 8, 8), field("accent_3", 1, 0, 8),
                    field("subdivision_1", 2, 24, 8), field("subdivision_2", 2, 16, 8)}));
  c.push_back(flex("set_key_signature", "key signature: sharps (+) or flats (-), tonic 1=A..7=G", 0,
                   5, {signedField("sharps_flats", 1, 28, 4), field("tonic", 1, 24, 4)}));
  c.push_back(
      flex("set_chord_name", "chord name: tonic, type, alterations and bass", 0, 6,
           {signedField("tonic_sharps_flats", 1, 28, 4), field("tonic", 1, 24, 4),
            field("chord_type", 1, 16, 8), field("alteration_1_type", 1, 12, 4),
            field("alteration_1_degree", 1, 8, 4), field("alteration_2_type", 1, 4, 4),
            field("alteration_2_degree", 1, 0, 4), field("alteration_3_type", 2, 28, 4),
            field("alteration_3_degree", 2, 24, 4), field("alteration_4_type", 2, 20, 4),
            field("alteration_4_degree", 2, 16, 4), signedField("bass_sharps_flats", 3, 28, 4),
            field("bass_note", 3, 24, 4), field("bass_chord_type", 3, 16, 8),
            field("bass_alteration_1_type", 3, 12, 4), field("bass_alteration_1_degree", 3, 8, 4),
            field("bass_alteration_2_type", 3, 4, 4), field("bass_alteration_2_degree", 3, 0, 4)}));
  c.push_back(flex("metadata_text", "metadata text (project, composer, ...), 12 bytes a packet", 1,
                   -1, {}, kText12));
  c.push_back(flex("performance_text", "performance text (lyrics, ruby, ...), 12 bytes a packet", 2,
                   -1, {}, kText12));
  // UMP stream (message type 0xF): no group.
  const auto version = std::vector<FieldSpec>{field("ump_version_major", 0, 8, 8),
                                              field("ump_version_minor", 0, 0, 8)};
  auto discovery = version;
  discovery.push_back(field("filter", 1, 0, 8));
  c.push_back(stream("endpoint_discovery", "endpoint discovery", 0x00, discovery));
  auto info = version;
  info.insert(info.end(),
              {field("static_function_blocks", 1, 31, 1), field("function_blocks", 1, 24, 7),
               field("midi2", 1, 9, 1), field("midi1", 1, 8, 1), field("receive_jr", 1, 1, 1),
               field("transmit_jr", 1, 0, 1)});
  c.push_back(stream("endpoint_info", "endpoint info notification", 0x01, info));
  c.push_back(stream(
      "device_identity", "device identity notification", 0x02,
      {field("manufacturer_1", 1, 16, 7), field("manufacturer_2", 1, 8, 7),
       field("manufacturer_3", 1, 0, 7), field("family_lsb", 2, 24, 7),
       field("family_msb", 2, 16, 7), field("model_lsb", 2, 8, 7), field("model_msb", 2, 0, 7),
       field("revision_1", 3, 24, 7), field("revision_2", 3, 16, 7), field("revision_3", 3, 8, 7),
       field("revision_4", 3, 0, 7)}));
  c.push_back(stream("endpoint_name", "endpoint name, 14 bytes a packet", 0x03, {}, kText14));
  c.push_back(
      stream("product_instance_id", "product instance ID, 14 bytes a packet", 0x04, {}, kText14));
  c.push_back(stream("stream_configuration_request", "stream configuration request", 0x05,
                     protocolFields()));
  c.push_back(stream("stream_configuration_notification", "stream configuration notification", 0x06,
                     protocolFields()));
  c.push_back(stream("function_block_discovery", "function block discovery", 0x10,
                     {field("function_block", 0, 8, 8), field("filter", 0, 0, 8)}));
  c.push_back(
      stream("function_block_info", "function block info notification", 0x11,
             {field("active", 0, 15, 1), field("function_block", 0, 8, 7),
              field("ui_hint", 0, 4, 2), field("midi1", 0, 2, 2), field("direction", 0, 0, 2),
              field("first_group", 1, 24, 8), field("groups", 1, 16, 8),
              field("midi_ci_version", 1, 8, 8), field("max_sysex8_streams", 1, 0, 8)}));
  c.push_back(stream("function_block_name", "function block name, 13 bytes a packet", 0x12,
                     {field("function_block", 0, 8, 8)}, {3, 13, 8, PayloadLength::ZeroPadded, 0}));
  c.push_back(stream("start_of_clip", "start of clip", 0x20, {}));
  c.push_back(stream("end_of_clip", "end of clip", 0x21, {}));
  return c;
}

}  // namespace

std::span<const MessageSpec> messageSpecs() {
  static const std::vector<MessageSpec> catalogue = buildCatalogue();
  return catalogue;
}

const MessageSpec& specNamed(std::string_view name) {
  const auto specs = messageSpecs();
  auto it = std::find_if(specs.begin(), specs.end(), [&](const auto& s) { return s.name == name; });
  if (it != specs.end()) return *it;
  std::string close;
  for (const auto& s : specs) {
    if (s.name.find(name) != std::string_view::npos || name.find(s.name) != std::string_view::npos)
      close += (close.empty() ? "" : ", ") + std::string(s.name);
  }
  throw InvalidArgumentError("unknown UMP message '" + std::string(name) + "'" +
                             (close.empty() ? "" : " (did you mean " + close + "?)"));
}

const MessageSpec* specOf(const Packet& packet) noexcept {
  for (const auto& s : messageSpecs())
    if ((packet.words[0] & s.keyMask) == s.keyValue) return &s;
  return nullptr;
}

}  // namespace tonewood::midi::ump
