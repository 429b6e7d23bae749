#pragma once

#include <cstdint>
#include <vector>

#include "tonewood/midi/midi_file.hpp"

/// A MIDI file seen as notes (start, length, pitch, velocity, channel, track) rather than as
/// note-on/note-off events, and back. Control threads.
namespace tonewood::midi {

struct Note {
  std::int64_t startTick = 0, endTick = 0;
  int note = 60, velocity = 100, releaseVelocity = 0;
  int channel = 0, track = 0;
  bool operator==(const Note&) const = default;
};

/// Pairs each note-on with the next note-off (or velocity-0 note-on) of the same track, channel
/// and key, first in first out, so overlapping repeats of one key stay apart. A note still
/// sounding at the end of its track ends at the track's end. Sorted by start, then track,
/// channel and key.
std::vector<Note> notesOf(const MidiFile& file);

/// Writes `notes` into `file` as note-on/note-off events (note-offs first where they share a
/// tick with note-ons), adding tracks as the notes' track numbers need. Throws OutOfRangeError
/// for values a MIDI file cannot hold.
void addNotes(MidiFile& file, const std::vector<Note>& notes);

}  // namespace tonewood::midi
