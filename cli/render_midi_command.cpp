// `tonewood render FILE`: a MIDI file played on the resonator synth or a SoundFont, or a project
// (FILE.json) bounced, to an audio file.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "instrument_choice.hpp"
#include "midi_io.hpp"
#include "midi_render_io.hpp"
#include "project_render.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/instruments/midi_rendering.hpp"
#include "tonewood/midi/midi_file.hpp"

namespace tonewood::cli {

namespace {

struct RenderOptions {
  std::string input, output = "out.wav", subtype;  // subtype: the format's default
  InstrumentChoice instrument;
  double sampleRate = 48000.0, tail = 2.0;
  bool quiet = false, drums = false;
  ProjectRenderOptions project;
};

bool isProject(const std::string& path) {
  return path.size() > 5 && path.compare(path.size() - 5, 5, ".json") == 0;
}

void renderMidiFile(const RenderOptions& o) {
  if (!o.project.stems.empty() || !o.project.range.empty())
    throw InvalidArgumentError("--stems and --range are for projects (.json); '" + o.input +
                               "' is a MIDI file");
  const midi::MidiFile song = readMidiFile(o.input);
  std::string on;
  std::shared_ptr<graph::Processor> instrument = makeInstrument(o.instrument, o.sampleRate, &on);
  instruments::MidiRenderOptions options;
  options.sampleRate = o.sampleRate;
  options.drums =
      o.drums || !chosenFonts(o.instrument).empty();  // a General MIDI font has the kits
  options.tailSeconds = o.tail;
  const double seconds = renderMidiToFile(song, instrument, options, o.output, o.subtype, o.quiet);
  std::printf("wrote %s: %s on %s, %.3f s at %.0f Hz\n", o.output.c_str(), o.input.c_str(),
              on.c_str(), seconds, o.sampleRate);
}

void render(RenderOptions o) {
  if (!isProject(o.input)) return renderMidiFile(o);
  o.project.input = o.input;
  o.project.output = o.output;
  o.project.subtype = o.subtype;
  o.project.tail = o.tail;
  o.project.quiet = o.quiet;
  renderProject(o.project);
}

}  // namespace

void addRenderMidiCommand(CLI::App& app) {
  auto o = std::make_shared<RenderOptions>();
  auto* cmd = app.add_subcommand(
      "render", "Play a MIDI file on the resonator synth or a SoundFont, or bounce a project");
  cmd->add_option("input", o->input, "Standard MIDI File, or a project (.json)")->required();
  cmd->add_option("-o,--output", o->output, "Audio file to write")->capture_default_str();
  addInstrumentOptions(cmd, o->instrument);
  cmd->add_option("--sample-rate", o->sampleRate, "Sample rate in Hz (MIDI files)")
      ->capture_default_str();
  cmd->add_option("--tail", o->tail, "Seconds rendered after the end")->capture_default_str();
  cmd->add_option("--subtype", o->subtype,
                  "Output subtype (default: the format's, PCM_24 for WAV, FLAC and AIFF)");
  cmd->add_flag("--drums", o->drums,
                "Play the drum channel (10) too; by default a pitched synth leaves it out");
  cmd->add_option("--stems", o->project.stems,
                  "Projects: also write each track's output to DIR/<track>.wav");
  cmd->add_option("--range", o->project.range,
                  "Projects: bars to render, counted from 1: '5-8' (bars 5 to 8), '5' or '5-'");
  cmd->add_option("--threads", o->project.threads, "Projects: rendering threads")
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", o->quiet, "No progress display");
  cmd->callback([o] { render(*o); });
}

}  // namespace tonewood::cli
