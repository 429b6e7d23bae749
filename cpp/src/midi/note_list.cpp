#include "tonewood/midi/note_list.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <tuple>

#include "tonewood/core/errors.hpp"

namespace tonewood::midi {

std::vector<Note> notesOf(const MidiFile& file) {
  std::vector<Note> notes;
  for (std::size_t t = 0; t < file.tracks.size(); ++t) {
    const MidiTrack& track = file.tracks[t];
    // Sounding notes per (channel, key): indices into `notes`, oldest first.
    std::map<int, std::deque<std::size_t>> sounding;
    for (const MidiEvent& e : track.events) {
      if (e.kind != EventKind::Message) continue;
      const Message m = e.message();
      const int key = m.channel() << 7 | m.note();
      if (m.isNoteOn()) {
        Note n;
        n.startTick = n.endTick = e.tick;
        n.note = m.note();
        n.velocity = m.velocity();
        n.channel = m.channel();
        n.track = static_cast<int>(t);
        sounding[key].push_back(notes.size());
        notes.push_back(n);
      } else if (m.isNoteOff()) {
        auto it = sounding.find(key);
        if (it == sounding.end() || it->second.empty()) continue;  // an off with no on
        Note& n = notes[it->second.front()];
        it->second.pop_front();
        n.endTick = e.tick;
        n.releaseVelocity = m.type() == MessageType::NoteOff ? m.velocity() : 0;
      }
    }
    const std::int64_t end = std::max(track.endTick, track.lastTick());
    for (auto& [key, open] : sounding)
      for (std::size_t i : open) notes[i].endTick = end;
  }
  std::stable_sort(notes.begin(), notes.end(), [](const Note& a, const Note& b) {
    return std::tie(a.startTick, a.track, a.channel, a.note) <
           std::tie(b.startTick, b.track, b.channel, b.note);
  });
  return notes;
}

void addNotes(MidiFile& file, const std::vector<Note>& notes) {
  struct Pending {
    std::int64_t tick;
    int order;  // note-offs (0) before note-ons (1) at one tick
    Message message;
  };
  std::map<int, std::vector<Pending>> byTrack;
  for (const Note& n : notes) {
    requireInRange("note track", n.track, 0, 65534, "");
    if (n.startTick < 0 || n.endTick < n.startTick)
      throw OutOfRangeError("a note must start at tick >= 0 and end at or after its start, got " +
                            std::to_string(n.startTick) + ".." + std::to_string(n.endTick));
    if (n.velocity < 1)
      throw OutOfRangeError("note velocity must be within [1, 127], got " +
                            std::to_string(n.velocity) + " (0 would be a note-off)");
    auto& pending = byTrack[n.track];
    pending.push_back({n.startTick, 1, Message::noteOn(n.channel, n.note, n.velocity)});
    pending.push_back({n.endTick, 0, Message::noteOff(n.channel, n.note, n.releaseVelocity)});
  }
  for (auto& [track, pending] : byTrack) {
    std::stable_sort(pending.begin(), pending.end(), [](const Pending& a, const Pending& b) {
      return std::tie(a.tick, a.order) < std::tie(b.tick, b.order);
    });
    if (file.tracks.size() <= static_cast<std::size_t>(track))
      file.tracks.resize(static_cast<std::size_t>(track) + 1);
    for (auto& p : pending)
      file.tracks[static_cast<std::size_t>(track)].add(MidiEvent::channel(p.tick, p.message));
  }
  if (file.format == 0 && file.tracks.size() > 1) file.format = 1;
}

}  // namespace tonewood::midi
