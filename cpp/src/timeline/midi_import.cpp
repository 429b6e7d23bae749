#include "tonewood/timeline/midi_import.hpp"

#include <set>

#include "tonewood/core/errors.hpp"

namespace tonewood::timeline {

Session sessionFromMidi(const midi::MidiFile& file, double sampleRate,
                        const InstrumentMaker& makeInstrument) {
  Session session(sampleRate);
  session.tempoMap() = TempoMap::fromMidi(file);  // refuses SMPTE timing
  std::set<std::string> names;
  for (std::size_t k = 0; k < file.tracks.size(); ++k) {
    const midi::MidiTrack& track = file.tracks[k];
    bool playable = false;
    for (const midi::MidiEvent& e : track.events)
      playable = playable || e.kind == midi::EventKind::Message;
    if (!playable) continue;
    std::string name = track.name().value_or("");
    if (name.empty()) name = "track " + std::to_string(k + 1);
    for (int n = 2; names.count(name) || name == Session::kMaster; ++n)
      name = track.name().value_or("track") + " " + std::to_string(n);
    names.insert(name);
    Track& t = session.addTrack(name, TrackKind::Instrument);
    t.setInstrument(makeInstrument(name));
    MidiClip clip;
    clip.name = name;
    clip.start = Position::beats(0.0);
    clip.file = midi::MidiFile::withTicksPerBeat(file.ticksPerBeat());
    clip.file.tracks.push_back(track);
    t.addMidiClip(std::move(clip));
  }
  if (names.empty())
    throw InvalidArgumentError("the MIDI file has no notes or other channel messages to import");
  return session;
}

}  // namespace tonewood::timeline
