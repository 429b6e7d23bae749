#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tonewood/midi/message.hpp"

/// Standard MIDI Files (formats 0, 1 and 2; PPQ or SMPTE division): the whole file as plain data
/// that can be read, edited and written back. Every event survives a round trip: channel
/// messages, all meta events (kept as type + bytes, with helpers for the common ones), SysEx and
/// escape events as stored, and chunks other than MTrk in their place. Writing a file that was
/// read gives the same bytes when it was written the canonical way (minimal lengths, running
/// status, each track ending with its end-of-track event). Control threads.
namespace tonewood::midi {

namespace meta {
inline constexpr std::uint8_t kSequenceNumber = 0x00, kText = 0x01, kCopyright = 0x02,
                              kTrackName = 0x03, kInstrumentName = 0x04, kLyric = 0x05,
                              kMarker = 0x06, kCuePoint = 0x07, kProgramName = 0x08,
                              kDeviceName = 0x09, kChannelPrefix = 0x20, kPort = 0x21,
                              kEndOfTrack = 0x2F, kTempo = 0x51, kSmpteOffset = 0x54,
                              kTimeSignature = 0x58, kKeySignature = 0x59,
                              kSequencerSpecific = 0x7F;
/// "set_tempo", "track_name", ... or "unknown_meta".
const char* typeName(std::uint8_t type) noexcept;
}  // namespace meta

enum class EventKind : std::uint8_t {
  Message,  ///< a channel message (`message`)
  Meta,     ///< 0xFF: `metaType` and `data`
  SysEx,    ///< 0xF0: `data` as stored after the length (a complete one ends with 0xF7)
  Escape,   ///< 0xF7: `data`, any bytes to send as they are
};

/// 40 bytes: a channel message is kept as its bytes inline (files hold millions of them).
struct MidiEvent {
  std::int64_t tick = 0;  ///< absolute, from the start of its track
  EventKind kind = EventKind::Message;
  std::uint8_t metaType = 0;
  std::uint8_t bytes[3] = {0, 0, 0};  ///< a channel message, status first
  std::vector<std::uint8_t> data;

  /// The channel message (kind Message) or the SysEx message (kind SysEx, when complete).
  Message message() const;
  std::uint8_t status() const noexcept { return kind == EventKind::Message ? bytes[0] : 0; }

  static MidiEvent channel(std::int64_t tick, Message message);
  static MidiEvent metaEvent(std::int64_t tick, std::uint8_t type, std::vector<std::uint8_t> data);
  /// A tempo change in microseconds per quarter note (1..16777215).
  static MidiEvent tempo(std::int64_t tick, std::int64_t microsecondsPerQuarter);
  static MidiEvent text(std::int64_t tick, std::uint8_t type, const std::string& text);
  static MidiEvent timeSignature(std::int64_t tick, int numerator, int denominator,
                                 int clocksPerClick = 24, int thirtySecondsPerQuarter = 8);
  /// `sharps` -7..7 (negative: flats).
  static MidiEvent keySignature(std::int64_t tick, int sharps, bool minor);
  static MidiEvent sysEx(std::int64_t tick, const Message& sysEx);

  bool isTempo() const noexcept {
    return kind == EventKind::Meta && metaType == meta::kTempo && data.size() == 3;
  }
  std::int64_t tempoMicroseconds() const noexcept;  ///< for tempo events
  bool operator==(const MidiEvent&) const = default;
};

struct MidiTrack {
  std::vector<MidiEvent> events;  ///< in time order; the end-of-track event is not among them
  std::int64_t endTick = 0;       ///< where the end-of-track event sits (>= the last event)

  /// Inserts keeping time order (after events at the same tick); moves endTick if needed.
  void add(MidiEvent event);
  std::int64_t lastTick() const noexcept;
  /// The text of the first track-name meta event, if there is one.
  std::optional<std::string> name() const;
  bool operator==(const MidiTrack&) const = default;
};

/// A chunk other than MThd/MTrk, kept as it was and written back before track `beforeTrack`.
struct ExtraChunk {
  std::array<char, 4> id{};
  std::vector<std::uint8_t> data;
  std::size_t beforeTrack = 0;
  bool operator==(const ExtraChunk&) const = default;
};

/// SMPTE timing as a MIDI file can hold it: 24, 25, 29 (drop-frame 29.97) or 30 frames per
/// second and 1..255 ticks per frame. Throws OutOfRangeError naming the bad value.
void requireSmpteTiming(int framesPerSecond, int ticksPerFrame);

struct MidiFile {
  int format = 1;
  std::uint16_t division = 480;  ///< header word: PPQ, or SMPTE (top bit set)
  std::vector<MidiTrack> tracks;
  std::vector<ExtraChunk> extraChunks;
  /// Bytes after the tracks the header declares (say, a second SMF appended to the file), not
  /// read, as mido leaves them; kept so that saving gives them back unchanged.
  std::vector<std::uint8_t> trailingBytes;
  /// What reading had to be lenient about (fewer tracks than declared, trailing bytes, a
  /// format 0 file with several tracks). Not part of the file: equality ignores it.
  std::vector<std::string> warnings;

  /// An empty file with `ticksPerBeat` pulses per quarter note (1..32767).
  static MidiFile withTicksPerBeat(int ticksPerBeat, int format = 1);
  /// SMPTE division: `framesPerSecond` 24, 25, 29 (drop-frame 29.97) or 30.
  static MidiFile withSmpte(int framesPerSecond, int ticksPerFrame, int format = 1);

  /// Throws MidiFileError naming the file and, for malformed data, the byte offset.
  static MidiFile read(const std::string& path);
  static MidiFile parse(const std::uint8_t* data, std::size_t size, const std::string& name);

  /// The file's bytes. `runningStatus` leaves out repeated channel status bytes (the usual
  /// form; meta and SysEx events always restate the status after them).
  std::vector<std::uint8_t> serialize(bool runningStatus = true) const;
  /// Writes the whole file or nothing (through a temporary beside `path`).
  void save(const std::string& path, bool runningStatus = true) const;

  bool isSmpte() const noexcept { return (division & 0x8000) != 0; }
  int ticksPerBeat() const noexcept { return isSmpte() ? 0 : division; }
  int smpteFramesPerSecond() const noexcept;
  int ticksPerFrame() const noexcept { return isSmpte() ? division & 0xFF : 0; }
  /// The latest end tick over all tracks.
  std::int64_t lengthTicks() const noexcept;
  bool operator==(const MidiFile& other) const {
    return format == other.format && division == other.division && tracks == other.tracks &&
           extraChunks == other.extraChunks && trailingBytes == other.trailingBytes;
  }
};

}  // namespace tonewood::midi
