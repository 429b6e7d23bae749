#include "tonewood/midi/midi_file.hpp"

#include <algorithm>

#include "tonewood/core/errors.hpp"

namespace tonewood::midi {

const char* meta::typeName(std::uint8_t type) noexcept {
  switch (type) {
    case kSequenceNumber:
      return "sequence_number";
    case kText:
      return "text";
    case kCopyright:
      return "copyright";
    case kTrackName:
      return "track_name";
    case kInstrumentName:
      return "instrument_name";
    case kLyric:
      return "lyrics";
    case kMarker:
      return "marker";
    case kCuePoint:
      return "cue_marker";
    case kProgramName:
      return "program_name";
    case kDeviceName:
      return "device_name";
    case kChannelPrefix:
      return "channel_prefix";
    case kPort:
      return "midi_port";
    case kEndOfTrack:
      return "end_of_track";
    case kTempo:
      return "set_tempo";
    case kSmpteOffset:
      return "smpte_offset";
    case kTimeSignature:
      return "time_signature";
    case kKeySignature:
      return "key_signature";
    case kSequencerSpecific:
      return "sequencer_specific";
    default:
      return "unknown_meta";
  }
}

MidiEvent MidiEvent::channel(std::int64_t tick, Message message) {
  if (!message.isChannelMessage())
    throw InvalidArgumentError("a MIDI file track holds channel messages, SysEx and meta events; " +
                               message.describe() + " is none of them");
  MidiEvent e;
  e.tick = tick;
  message.copyTo(e.bytes);
  return e;
}

Message MidiEvent::message() const {
  if (kind == EventKind::SysEx && !data.empty() && data.back() == 0xF7)
    return Message::sysEx(std::vector<std::uint8_t>(data.begin(), data.end() - 1));
  if (kind != EventKind::Message)
    throw InvalidArgumentError("a " + std::string(kind == EventKind::Meta ? "meta" : "SysEx") +
                               " event holds no complete MIDI message");
  return Message::fromBytes(bytes, static_cast<std::size_t>(dataBytesAfter(bytes[0]) + 1));
}

MidiEvent MidiEvent::metaEvent(std::int64_t tick, std::uint8_t type,
                               std::vector<std::uint8_t> data) {
  requireInRange("meta event type", type, 0, 127, "");
  MidiEvent e;
  e.tick = tick;
  e.kind = EventKind::Meta;
  e.metaType = type;
  e.data = std::move(data);
  return e;
}

MidiEvent MidiEvent::tempo(std::int64_t tick, std::int64_t microsecondsPerQuarter) {
  requireInRange("tempo", static_cast<double>(microsecondsPerQuarter), 1, 0xFFFFFF,
                 "microseconds per quarter note");
  const auto us = static_cast<std::uint32_t>(microsecondsPerQuarter);
  return metaEvent(tick, meta::kTempo,
                   {static_cast<std::uint8_t>(us >> 16), static_cast<std::uint8_t>(us >> 8),
                    static_cast<std::uint8_t>(us)});
}

MidiEvent MidiEvent::text(std::int64_t tick, std::uint8_t type, const std::string& text) {
  return metaEvent(tick, type, std::vector<std::uint8_t>(text.begin(), text.end()));
}

MidiEvent MidiEvent::timeSignature(std::int64_t tick, int numerator, int denominator,
                                   int clocksPerClick, int thirtySecondsPerQuarter) {
  requireInRange("time signature numerator", numerator, 1, 255, "");
  int power = 0;
  while ((1 << power) < denominator && power < 8) ++power;
  if ((1 << power) != denominator)
    throw OutOfRangeError("time signature denominator must be a power of two from 1 to 128, got " +
                          std::to_string(denominator));
  requireInRange("MIDI clocks per metronome click", clocksPerClick, 1, 255, "");
  requireInRange("32nd notes per quarter", thirtySecondsPerQuarter, 1, 255, "");
  return metaEvent(tick, meta::kTimeSignature,
                   {static_cast<std::uint8_t>(numerator), static_cast<std::uint8_t>(power),
                    static_cast<std::uint8_t>(clocksPerClick),
                    static_cast<std::uint8_t>(thirtySecondsPerQuarter)});
}

MidiEvent MidiEvent::keySignature(std::int64_t tick, int sharps, bool minor) {
  requireInRange("key signature", sharps, -7, 7, "sharps (negative: flats)");
  return metaEvent(tick, meta::kKeySignature,
                   {static_cast<std::uint8_t>(static_cast<std::int8_t>(sharps)),
                    static_cast<std::uint8_t>(minor ? 1 : 0)});
}

MidiEvent MidiEvent::sysEx(std::int64_t tick, const Message& sysEx) {
  if (sysEx.type() != MessageType::SysEx)
    throw InvalidArgumentError(sysEx.describe() + " is not a SysEx message");
  MidiEvent e;
  e.tick = tick;
  e.kind = EventKind::SysEx;
  e.data = sysEx.sysExPayload();
  e.data.push_back(0xF7);
  return e;
}

std::int64_t MidiEvent::tempoMicroseconds() const noexcept {
  if (!isTempo()) return 0;
  return std::int64_t{data[0]} << 16 | std::int64_t{data[1]} << 8 | data[2];
}

void MidiTrack::add(MidiEvent event) {
  if (event.tick < 0)
    throw OutOfRangeError("event tick must be >= 0, got " + std::to_string(event.tick));
  if (event.kind == EventKind::Meta && event.metaType == meta::kEndOfTrack) {
    endTick = std::max(endTick, event.tick);
    return;
  }
  const auto at = std::upper_bound(events.begin(), events.end(), event.tick,
                                   [](std::int64_t t, const MidiEvent& e) { return t < e.tick; });
  endTick = std::max(endTick, event.tick);
  events.insert(at, std::move(event));
}

std::int64_t MidiTrack::lastTick() const noexcept {
  return events.empty() ? 0 : events.back().tick;
}

std::optional<std::string> MidiTrack::name() const {
  for (const MidiEvent& e : events)
    if (e.kind == EventKind::Meta && e.metaType == meta::kTrackName)
      return std::string(e.data.begin(), e.data.end());
  return std::nullopt;
}

MidiFile MidiFile::withTicksPerBeat(int ticksPerBeat, int format) {
  requireInRange("ticks per beat", ticksPerBeat, 1, 32767, "");
  requireInRange("MIDI file format", format, 0, 2, "");
  MidiFile f;
  f.format = format;
  f.division = static_cast<std::uint16_t>(ticksPerBeat);
  return f;
}

void requireSmpteTiming(int framesPerSecond, int ticksPerFrame) {
  if (framesPerSecond != 24 && framesPerSecond != 25 && framesPerSecond != 29 &&
      framesPerSecond != 30)
    throw OutOfRangeError("SMPTE frames per second must be 24, 25, 29 or 30, got " +
                          std::to_string(framesPerSecond));
  requireInRange("ticks per frame", ticksPerFrame, 1, 255, "");
}

MidiFile MidiFile::withSmpte(int framesPerSecond, int ticksPerFrame, int format) {
  requireSmpteTiming(framesPerSecond, ticksPerFrame);
  requireInRange("MIDI file format", format, 0, 2, "");
  MidiFile f;
  f.format = format;
  f.division = static_cast<std::uint16_t>((256 - framesPerSecond) << 8 | ticksPerFrame);
  return f;
}

int MidiFile::smpteFramesPerSecond() const noexcept {
  return isSmpte() ? 256 - (division >> 8) : 0;
}

std::int64_t MidiFile::lengthTicks() const noexcept {
  std::int64_t end = 0;
  for (const auto& t : tracks) end = std::max({end, t.endTick, t.lastTick()});
  return end;
}

}  // namespace tonewood::midi
