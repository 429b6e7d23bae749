// `tonewood render FILE.mid`: a MIDI file played on the resonator synth or a SoundFont, to an
// audio file.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "audio_io.hpp"
#include "commands.hpp"
#include "midi_io.hpp"
#include "midi_render_io.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/instruments/midi_rendering.hpp"
#include "tonewood/instruments/resonator_loading.hpp"
#include "tonewood/instruments/resonator_processor.hpp"
#include "tonewood/instruments/soundfont_processor.hpp"
#include "tonewood/midi/midi_file.hpp"
#include "tonewood/synth/factory_presets.hpp"

namespace tonewood::cli {

namespace {

struct RenderMidiOptions {
  std::string input, output = "out.wav", preset, subtype;  // subtype: the format's default
  std::vector<std::string> soundFonts;
  double sampleRate = 48000.0, tail = 2.0;
  bool quiet = false, drums = false, resonator = false;
};

std::shared_ptr<graph::Processor> resonatorFor(const RenderMidiOptions& o) {
  auto resonator = std::make_shared<instruments::ResonatorProcessor>();
  synth::ResonatorSynth& synth = resonator->synth();
  resonator->prepare(ProcessSpec{o.sampleRate, 512, 2});
  if (o.preset.empty()) {
    synth::Preset patch = synth::pluckedString();
    synth::applyPreset(synth, patch);
  } else {
    for (const std::string& w : instruments::loadPreset(synth, o.preset).warnings)
      std::fprintf(stderr, "tonewood: warning: %s: %s\n", o.preset.c_str(), w.c_str());
  }
  return resonator;
}

void renderMidiFile(const RenderMidiOptions& o) {
  if (!o.soundFonts.empty() && !o.preset.empty())
    throw InvalidArgumentError("give --preset (the resonator synth) or --soundfont, not both");
  const midi::MidiFile song = readMidiFile(o.input);
  if (o.resonator && !o.soundFonts.empty())
    throw InvalidArgumentError("give --resonator or --soundfont, not both");
  // A General MIDI file sounds as written on a General MIDI font, when one is installed.
  std::vector<std::string> fonts = o.soundFonts;
  if (fonts.empty() && o.preset.empty() && !o.resonator) {
    if (std::string gm = instruments::defaultGeneralMidiFont(); !gm.empty()) fonts.push_back(gm);
  }
  std::shared_ptr<graph::Processor> instrument;
  std::string on = "the resonator synth";
  if (fonts.empty()) {
    instrument = resonatorFor(o);
  } else {
    auto synth = std::make_shared<instruments::SoundFontProcessor>();
    for (const std::string& path : fonts) synth->loadFont(path);
    instrument = synth;
    on = fonts.front();
  }
  instruments::MidiRenderOptions options;
  options.sampleRate = o.sampleRate;
  options.drums = o.drums || !fonts.empty();  // a General MIDI font has the kits
  options.tailSeconds = o.tail;
  const double seconds = renderMidiToFile(song, instrument, options, o.output, o.subtype, o.quiet);
  std::printf("wrote %s: %s on %s, %.3f s at %.0f Hz\n", o.output.c_str(), o.input.c_str(),
              on.c_str(), seconds, o.sampleRate);
}

}  // namespace

void addRenderMidiCommand(CLI::App& app) {
  auto o = std::make_shared<RenderMidiOptions>();
  auto* cmd =
      app.add_subcommand("render", "Play a MIDI file on the resonator synth or a SoundFont");
  cmd->add_option("input", o->input, "Standard MIDI File")->required();
  cmd->add_option("-o,--output", o->output, "Audio file to write")->capture_default_str();
  cmd->add_option("--preset", o->preset,
                  "A tonewood JSON or Resonarium XML preset for the resonator synth (without one "
                  "and without a General MIDI font: a plucked string)");
  cmd->add_option("--sample-rate", o->sampleRate, "Sample rate in Hz")->capture_default_str();
  cmd->add_option("--tail", o->tail, "Seconds rendered after the file ends")->capture_default_str();
  cmd->add_option("--subtype", o->subtype,
                  "Output subtype (default: the format's, PCM_24 for WAV, FLAC and AIFF)");
  cmd->add_option("--soundfont", o->soundFonts,
                  "SF2/SF3 file(s) to play the file on through FluidSynth, drums included "
                  "(default: the General MIDI font installed, if any)");
  cmd->add_flag("--resonator", o->resonator,
                "Play on the resonator synth even when a General MIDI font is installed");
  cmd->add_flag("--drums", o->drums,
                "Play the drum channel (10) too; by default a pitched synth leaves it out");
  cmd->add_flag("-q,--quiet", o->quiet, "No progress display");
  cmd->callback([o] { renderMidiFile(*o); });
}

}  // namespace tonewood::cli
