#include "tonewood/midi/file_transforms.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <tuple>

#include "tonewood/core/errors.hpp"
#include "tonewood/midi/note_list.hpp"

namespace tonewood::midi {

namespace {

bool isNoteEvent(const MidiEvent& e) {
  if (e.kind != EventKind::Message) return false;
  const auto type = static_cast<MessageType>(e.bytes[0] & 0xF0);
  return type == MessageType::NoteOn || type == MessageType::NoteOff;
}

// Replaces every track's note-on/note-off events with `notes` (other events stay).
void replaceNotes(MidiFile& file, const std::vector<Note>& notes) {
  for (MidiTrack& track : file.tracks)
    track.events.erase(std::remove_if(track.events.begin(), track.events.end(), isNoteEvent),
                       track.events.end());
  addNotes(file, notes);
}

template <typename Edit>
void editNotes(MidiFile& file, Edit edit) {
  std::vector<Note> notes = notesOf(file);
  for (Note& n : notes) edit(n);
  replaceNotes(file, notes);
}

}  // namespace

std::int64_t noteValueTicks(const std::string& text, int ticksPerBeat) {
  const auto bad = [&text](const std::string& why) {
    return InvalidArgumentError(
        "a grid is a tick count or a note value like \"1/16\", \"1/8t\", "
        "\"1/4.\"; \"" +
        text + "\" " + why);
  };
  if (ticksPerBeat <= 0) throw bad("needs a file with ticks per beat (not SMPTE timing)");
  std::string body = text;
  const bool dotted = !body.empty() && body.back() == '.';
  const bool triplet = !body.empty() && (body.back() == 't' || body.back() == 'T');
  if (dotted || triplet) body.pop_back();
  long long numerator = 0, denominator = 1;
  char slash = 0, rest = 0;
  const int fields =
      std::sscanf(body.c_str(), "%lld%c%lld%c", &numerator, &slash, &denominator, &rest);
  if (fields == 1 && !dotted && !triplet) {
    if (numerator < 1) throw bad("is not a positive number of ticks");
    return numerator;
  }
  if (fields != 3 || slash != '/' || numerator < 1 || denominator < 1) throw bad("cannot be read");
  // ticks = 4 beats x numerator / denominator, x 2/3 for triplets, x 3/2 dotted: exact in
  // integers when it is whole.
  long long top = 4LL * ticksPerBeat * numerator * (triplet ? 2 : 1) * (dotted ? 3 : 1);
  const long long bottom = denominator * (triplet ? 3 : 1) * (dotted ? 2 : 1);
  if (top % bottom != 0)
    throw bad("is not a whole number of ticks at " + std::to_string(ticksPerBeat) +
              " ticks per beat");
  return top / bottom;
}

void transformMessages(MidiFile& file, const MessageTransform& transform) {
  transform.validate();
  for (MidiTrack& track : file.tracks) {
    std::vector<MidiEvent> kept;
    kept.reserve(track.events.size());
    for (MidiEvent& e : track.events) {
      if (e.kind == EventKind::Message) {
        if (auto m = transform.apply(e.message())) kept.push_back(MidiEvent::channel(e.tick, *m));
      } else if (e.kind == EventKind::Meta || (transform.types & 0x80)) {
        kept.push_back(std::move(e));
      }
    }
    track.events = std::move(kept);
  }
}

void quantize(MidiFile& file, std::int64_t gridTicks, double strength, double swing) {
  requireInRange("quantize grid", static_cast<double>(gridTicks), 1, 1e9, "ticks");
  requireInRange("quantize strength", strength, 0.0, 1.0, "");
  requireInRange("swing", swing, 0.0, 1.0, "");
  const double grid = static_cast<double>(gridTicks);
  editNotes(file, [&](Note& n) {
    // Grid points come in pairs: the even one on the beat, the odd one swung later.
    const double pair = 2.0 * grid;
    const double base = std::floor(static_cast<double>(n.startTick) / pair) * pair;
    const double candidates[] = {base, base + grid * (1.0 + swing / 2.0), base + pair};
    const auto start = static_cast<double>(n.startTick);
    double target = candidates[0];
    for (double c : candidates)
      if (std::fabs(c - start) < std::fabs(target - start)) target = c;
    const auto length = n.endTick - n.startTick;
    n.startTick += std::llround(strength * (target - start));
    n.endTick = n.startTick + length;
  });
}

void humanize(MidiFile& file, std::int64_t timingTicks, int velocityAmount, std::uint32_t seed) {
  requireInRange("timing spread", static_cast<double>(timingTicks), 0, 1e6, "ticks");
  requireInRange("velocity spread", velocityAmount, 0, 126, "");
  std::mt19937 random(seed);
  std::uniform_int_distribution<std::int64_t> nudge(-timingTicks, timingTicks);
  std::uniform_int_distribution<int> push(-velocityAmount, velocityAmount);
  editNotes(file, [&](Note& n) {
    const auto length = n.endTick - n.startTick;
    n.startTick = std::max<std::int64_t>(0, n.startTick + nudge(random));
    n.endTick = n.startTick + length;
    n.velocity = std::clamp(n.velocity + push(random), 1, 127);
  });
}

void scaleTime(MidiFile& file, double factor) {
  requireInRange("time factor", factor, 0.01, 100.0, "");
  const auto scaled = [factor](std::int64_t t) {
    return static_cast<std::int64_t>(std::llround(static_cast<double>(t) * factor));
  };
  for (MidiTrack& track : file.tracks) {
    for (MidiEvent& e : track.events) e.tick = scaled(e.tick);
    track.endTick = scaled(track.endTick);
  }
}

void shiftTime(MidiFile& file, std::int64_t ticks) {
  for (const MidiTrack& track : file.tracks)
    if (!track.events.empty() && track.events.front().tick + ticks < 0)
      throw OutOfRangeError("shifting by " + std::to_string(ticks) +
                            " ticks would move an event before the start (the first is at tick " +
                            std::to_string(track.events.front().tick) + ")");
  for (MidiTrack& track : file.tracks) {
    for (MidiEvent& e : track.events) e.tick += ticks;
    track.endTick = std::max<std::int64_t>(0, track.endTick + ticks);
  }
}

MidiFile mergeTracks(const MidiFile& file) {
  MidiFile merged = file;
  merged.format = 0;
  merged.tracks.assign(1, MidiTrack{});
  merged.extraChunks.clear();
  MidiTrack& out = merged.tracks[0];
  for (const MidiTrack& track : file.tracks) {
    out.events.insert(out.events.end(), track.events.begin(), track.events.end());
    out.endTick = std::max({out.endTick, track.endTick, track.lastTick()});
  }
  std::stable_sort(out.events.begin(), out.events.end(),
                   [](const MidiEvent& a, const MidiEvent& b) { return a.tick < b.tick; });
  return merged;
}

MidiFile splitByChannel(const MidiFile& file) {
  const MidiFile merged = mergeTracks(file);
  MidiFile split = merged;
  split.format = 1;
  split.tracks.assign(1, MidiTrack{});
  std::map<int, MidiTrack> byChannel;
  for (const MidiEvent& e : merged.tracks[0].events) {
    MidiTrack& target =
        e.kind == EventKind::Message ? byChannel[e.bytes[0] & 0x0F] : split.tracks[0];
    target.events.push_back(e);
  }
  for (auto& [channel, track] : byChannel) split.tracks.push_back(std::move(track));
  for (MidiTrack& t : split.tracks) t.endTick = merged.tracks[0].endTick;
  return split;
}

ArpeggioOrder arpeggioOrderFromName(const std::string& name) {
  if (name == "up") return ArpeggioOrder::Up;
  if (name == "down") return ArpeggioOrder::Down;
  if (name == "updown") return ArpeggioOrder::UpDown;
  if (name == "played") return ArpeggioOrder::Played;
  throw InvalidArgumentError("unknown arpeggio order '" + name +
                             "'; use up, down, updown or played");
}

void arpeggiate(MidiFile& file, std::int64_t stepTicks, ArpeggioOrder order) {
  requireInRange("arpeggio step", static_cast<double>(stepTicks), 1, 1e9, "ticks");
  std::vector<Note> notes = notesOf(file);  // sorted by start, track, channel, key
  std::vector<Note> repeats;                // the way back down an up-down run
  for (std::size_t i = 0; i < notes.size();) {
    std::size_t j = i + 1;
    while (j < notes.size() && notes[j].startTick == notes[i].startTick &&
           notes[j].track == notes[i].track && notes[j].channel == notes[i].channel)
      ++j;
    // notes[i..j) sound together; they are sorted by key (up).
    std::vector<std::size_t> run;
    for (std::size_t k = i; k < j; ++k) run.push_back(k);
    if (order == ArpeggioOrder::Down) std::reverse(run.begin(), run.end());
    if (order == ArpeggioOrder::UpDown)
      for (std::size_t k = j - i; k-- > 1;)
        if (k + 1 < j - i) run.push_back(i + k);
    const std::int64_t start = notes[i].startTick;
    std::vector<Note> placed;
    for (std::size_t step = 0; step < run.size(); ++step) {
      Note n = notes[run[step]];
      n.startTick = start + static_cast<std::int64_t>(step) * stepTicks;
      n.endTick = std::max(n.endTick, n.startTick + stepTicks);
      placed.push_back(n);
    }
    // The first j - i placements are the chord's own notes; the rest repeat some of them.
    for (std::size_t step = 0; step < j - i; ++step) notes[run[step]] = placed[step];
    repeats.insert(repeats.end(), placed.begin() + static_cast<std::ptrdiff_t>(j - i),
                   placed.end());
    i = j;
  }
  notes.insert(notes.end(), repeats.begin(), repeats.end());
  replaceNotes(file, notes);
}

}  // namespace tonewood::midi
