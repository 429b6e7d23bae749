// `tonewood midi info FILE...` and `tonewood midi dump FILE`: what a MIDI file holds.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "tonewood/midi/midi_file.hpp"
#include "tonewood/midi/note_list.hpp"
#include "tonewood/midi/tempo_map.hpp"

namespace tonewood::cli {

namespace {

std::string trackName(const midi::MidiTrack& track) {
  for (const auto& e : track.events)
    if (e.kind == midi::EventKind::Meta && e.metaType == midi::meta::kTrackName)
      return std::string(e.data.begin(), e.data.end());
  return "";
}

std::string timing(const midi::MidiFile& f) {
  if (f.isSmpte())
    return "SMPTE " + std::to_string(f.smpteFramesPerSecond()) + " fps x " +
           std::to_string(f.ticksPerFrame()) + " ticks";
  return std::to_string(f.ticksPerBeat()) + " ticks per beat";
}

void info(const std::vector<std::string>& paths) {
  for (const std::string& path : paths) {
    const midi::MidiFile f = midi::MidiFile::read(path);
    const midi::TempoMap tempo = midi::TempoMap::of(f);
    std::printf(
        "%s\n  format %d, %s, %zu tracks, %.3f s (%lld ticks), %zu tempo segments, "
        "%zu notes\n",
        path.c_str(), f.format, timing(f).c_str(), f.tracks.size(), tempo.seconds(f.lengthTicks()),
        static_cast<long long>(f.lengthTicks()), tempo.segments().size(), midi::notesOf(f).size());
    for (std::size_t t = 0; t < f.tracks.size(); ++t)
      std::printf("  track %zu: %-24s %zu events, ends at %.3f s\n", t,
                  ("\"" + trackName(f.tracks[t]) + "\"").c_str(), f.tracks[t].events.size(),
                  tempo.seconds(f.tracks[t].endTick));
  }
}

std::string describe(const midi::MidiEvent& e) {
  switch (e.kind) {
    case midi::EventKind::Message:
      return e.message().describe();
    case midi::EventKind::Meta: {
      std::string s = midi::meta::typeName(e.metaType);
      if (e.isTempo()) {
        char bpm[32];
        std::snprintf(bpm, sizeof(bpm), "%.2f", 60e6 / static_cast<double>(e.tempoMicroseconds()));
        return s + " tempo=" + std::to_string(e.tempoMicroseconds()) + " (" + bpm + " BPM)";
      }
      if (e.metaType >= midi::meta::kText && e.metaType <= midi::meta::kDeviceName)
        return s + " \"" + std::string(e.data.begin(), e.data.end()) + "\"";
      s += " data=(";
      for (std::size_t i = 0; i < e.data.size(); ++i)
        s += (i ? "," : "") + std::to_string(e.data[i]);
      return s + ")";
    }
    case midi::EventKind::SysEx:
    case midi::EventKind::Escape:
      return std::string(e.kind == midi::EventKind::SysEx ? "sysex" : "escape") + " " +
             std::to_string(e.data.size()) + " bytes";
  }
  return "";
}

void dump(const std::string& path) {
  const midi::MidiFile f = midi::MidiFile::read(path);
  const midi::TempoMap tempo = midi::TempoMap::of(f);
  for (std::size_t t = 0; t < f.tracks.size(); ++t) {
    std::printf("track %zu \"%s\"\n", t, trackName(f.tracks[t]).c_str());
    for (const auto& e : f.tracks[t].events)
      std::printf("  %10lld  %10.4f s  %s\n", static_cast<long long>(e.tick), tempo.seconds(e.tick),
                  describe(e).c_str());
    std::printf("  %10lld  %10.4f s  end_of_track\n", static_cast<long long>(f.tracks[t].endTick),
                tempo.seconds(f.tracks[t].endTick));
  }
}

}  // namespace

void addMidiCommand(CLI::App& app) {
  auto* midiCmd = app.add_subcommand("midi", "MIDI files: info, dump");
  midiCmd->require_subcommand(1);
  auto paths = std::make_shared<std::vector<std::string>>();
  auto* infoCmd = midiCmd->add_subcommand("info", "Format, timing, tracks, length and notes");
  infoCmd->add_option("files", *paths, "Standard MIDI Files")->required();
  infoCmd->callback([paths] { info(*paths); });
  auto path = std::make_shared<std::string>();
  auto* dumpCmd = midiCmd->add_subcommand("dump", "Every event with its tick and time");
  dumpCmd->add_option("file", *path, "A Standard MIDI File")->required();
  dumpCmd->callback([path] { dump(*path); });
}

}  // namespace tonewood::cli
