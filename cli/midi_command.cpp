// `tonewood midi info FILE...`, `midi dump FILE` and `midi transform IN OUT`: MIDI files.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "midi_io.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/midi/file_transforms.hpp"
#include "tonewood/midi/midi_file.hpp"
#include "tonewood/midi/note_list.hpp"
#include "tonewood/midi/tempo_map.hpp"

namespace tonewood::cli {

namespace {

std::string timing(const midi::MidiFile& f) {
  if (f.isSmpte())
    return "SMPTE " + std::to_string(f.smpteFramesPerSecond()) + " fps x " +
           std::to_string(f.ticksPerFrame()) + " ticks";
  return std::to_string(f.ticksPerBeat()) + " ticks per beat";
}

void info(const std::vector<std::string>& paths) {
  for (const std::string& path : paths) {
    const midi::MidiFile f = readMidiFile(path);
    const midi::TempoMap tempo = midi::TempoMap::of(f);
    std::printf(
        "%s\n  format %d, %s, %zu tracks, %.3f s (%lld ticks), %zu tempo segments, "
        "%zu notes\n",
        path.c_str(), f.format, timing(f).c_str(), f.tracks.size(), tempo.seconds(f.lengthTicks()),
        static_cast<long long>(f.lengthTicks()), tempo.segments().size(), midi::notesOf(f).size());
    for (std::size_t t = 0; t < f.tracks.size(); ++t)
      std::printf("  track %zu: %-24s %zu events, ends at %.3f s\n", t,
                  ("\"" + f.tracks[t].name().value_or("") + "\"").c_str(),
                  f.tracks[t].events.size(), tempo.seconds(f.tracks[t].endTick));
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
  const midi::MidiFile f = readMidiFile(path);
  const midi::TempoMap tempo = midi::TempoMap::of(f);
  for (std::size_t t = 0; t < f.tracks.size(); ++t) {
    std::printf("track %zu \"%s\"\n", t, f.tracks[t].name().value_or("").c_str());
    for (const auto& e : f.tracks[t].events)
      std::printf("  %10lld  %10.4f s  %s\n", static_cast<long long>(e.tick), tempo.seconds(e.tick),
                  describe(e).c_str());
    std::printf("  %10lld  %10.4f s  end_of_track\n", static_cast<long long>(f.tracks[t].endTick),
                tempo.seconds(f.tracks[t].endTick));
  }
}

struct TransformOptions {
  std::string input, output, quantize, arpeggio, order = "up";
  int transpose = 0, humanizeVelocity = 0;
  bool transposeDrums = false;
  double velocityScale = 1.0, strength = 1.0, swing = 0.0, stretch = 1.0;
  std::int64_t humanizeTicks = 0, shift = 0;
  std::uint32_t seed = 1;
  std::vector<std::string> channelMap;
  bool merge = false, split = false;
};

// A whole channel number 0..15 from --channel-map, or an error naming the argument.
int channelArgument(const std::string& text, const std::string& pair) {
  std::size_t used = 0;
  int channel = -1;
  try {
    channel = std::stoi(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size())
    throw InvalidArgumentError("--channel-map expects FROM:TO (0-based; TO - drops), got \"" +
                               pair + "\"");
  requireInRange("--channel-map channel", channel, 0, 15, "(0-based)");
  return channel;
}

// "FROM:TO" (0-based channels; TO "-" drops the channel).
void applyChannelMap(midi::MessageTransform& t, const std::string& pair) {
  const auto colon = pair.find(':');
  if (colon == std::string::npos) channelArgument("", pair);  // throws the usage message
  const int from = channelArgument(pair.substr(0, colon), pair);
  const std::string to = pair.substr(colon + 1);
  t.channelMap[static_cast<std::size_t>(from)] =
      static_cast<std::int8_t>(to == "-" ? -1 : channelArgument(to, pair));
}

void transform(const TransformOptions& o) {
  midi::MidiFile f = readMidiFile(o.input);
  midi::MessageTransform t;
  t.transpose = o.transpose;
  if (o.transposeDrums) t.transposedChannels = 0xFFFF;
  t.velocityScale = o.velocityScale;
  for (const std::string& pair : o.channelMap) applyChannelMap(t, pair);
  midi::transformMessages(f, t);
  if (!o.quantize.empty())
    midi::quantize(f, midi::noteValueTicks(o.quantize, f.ticksPerBeat()), o.strength, o.swing);
  if (o.humanizeTicks > 0 || o.humanizeVelocity > 0)
    midi::humanize(f, o.humanizeTicks, o.humanizeVelocity, o.seed);
  if (!o.arpeggio.empty())
    midi::arpeggiate(f, midi::noteValueTicks(o.arpeggio, f.ticksPerBeat()),
                     midi::arpeggioOrderFromName(o.order));
  if (o.stretch != 1.0) midi::scaleTime(f, o.stretch);
  if (o.shift != 0) midi::shiftTime(f, o.shift);
  if (o.merge) f = midi::mergeTracks(f);
  if (o.split) f = midi::splitByChannel(f);
  f.save(o.output);
  std::printf("wrote %s: %zu tracks, %zu notes\n", o.output.c_str(), f.tracks.size(),
              midi::notesOf(f).size());
}

}  // namespace

void addMidiCommand(CLI::App& app) {
  auto* midiCmd = app.add_subcommand("midi", "MIDI files (info, dump, transform) and live ports");
  midiCmd->require_subcommand(1);
  auto paths = std::make_shared<std::vector<std::string>>();
  auto* infoCmd = midiCmd->add_subcommand("info", "Format, timing, tracks, length and notes");
  infoCmd->add_option("files", *paths, "Standard MIDI Files")->required();
  infoCmd->callback([paths] { info(*paths); });
  auto path = std::make_shared<std::string>();
  auto* dumpCmd = midiCmd->add_subcommand("dump", "Every event with its tick and time");
  dumpCmd->add_option("file", *path, "A Standard MIDI File")->required();
  dumpCmd->callback([path] { dump(*path); });
  auto o = std::make_shared<TransformOptions>();
  auto* t = midiCmd->add_subcommand(
      "transform", "Transpose, remap, quantize, humanize, arpeggiate, stretch, merge or split");
  t->add_option("input", o->input, "Standard MIDI File to read")->required();
  t->add_option("output", o->output, "MIDI file to write")->required();
  t->add_option("--transpose", o->transpose,
                "Semitones (notes pushed past 0..127 are dropped; the drum channel 10 stays)");
  t->add_flag("--transpose-drums", o->transposeDrums, "Transpose channel 10 too");
  t->add_option("--velocity-scale", o->velocityScale, "Factor for note-on velocities");
  t->add_option("--channel-map", o->channelMap, "FROM:TO, 0-based (TO - drops); repeatable");
  t->add_option("--quantize", o->quantize, "Grid: 1/16, 1/8t, 1/4. or ticks");
  t->add_option("--strength", o->strength, "Quantize strength 0..1")->capture_default_str();
  t->add_option("--swing", o->swing, "0..1 (2/3 = triplet feel)")->capture_default_str();
  t->add_option("--humanize", o->humanizeTicks, "Random timing spread, +- ticks");
  t->add_option("--humanize-velocity", o->humanizeVelocity, "Random velocity spread, +-");
  t->add_option("--seed", o->seed, "Seed for --humanize")->capture_default_str();
  t->add_option("--arpeggio", o->arpeggio, "Spread chords: step as a note value or ticks");
  t->add_option("--order", o->order, "Arpeggio order: up, down, updown, played")
      ->capture_default_str();
  t->add_option("--stretch", o->stretch, "Multiply every tick (2 = twice as long)");
  t->add_option("--shift", o->shift, "Move every event by ticks");
  t->add_flag("--merge", o->merge, "Merge all tracks into one (format 0)");
  t->add_flag("--split-channels", o->split, "One track per channel (format 1)");
  t->callback([o] { transform(*o); });
  addMidiPortCommands(*midiCmd);
}

}  // namespace tonewood::cli
