#include "instrument_choice.hpp"

#include <cstdio>

#include "tonewood/core/errors.hpp"
#include "tonewood/instruments/resonator_loading.hpp"
#include "tonewood/instruments/resonator_processor.hpp"
#include "tonewood/instruments/soundfont_processor.hpp"
#include "tonewood/synth/factory_presets.hpp"

namespace tonewood::cli {

void addInstrumentOptions(CLI::App* cmd, InstrumentChoice& choice) {
  cmd->add_option("--preset", choice.preset,
                  "A tonewood JSON or Resonarium XML preset for the resonator synth (without one "
                  "and without a General MIDI font: a plucked string)");
  cmd->add_option("--soundfont", choice.soundFonts,
                  "SF2/SF3 file(s) to play on through FluidSynth, drums included "
                  "(default: the General MIDI font installed, if any)");
  cmd->add_flag("--resonator", choice.resonator,
                "Play on the resonator synth even when a General MIDI font is installed");
}

std::vector<std::string> chosenFonts(const InstrumentChoice& choice) {
  if (!choice.soundFonts.empty() && !choice.preset.empty())
    throw InvalidArgumentError("give --preset (the resonator synth) or --soundfont, not both");
  if (choice.resonator && !choice.soundFonts.empty())
    throw InvalidArgumentError("give --resonator or --soundfont, not both");
  // A General MIDI file sounds as written on a General MIDI font, when one is installed.
  std::vector<std::string> fonts = choice.soundFonts;
  if (fonts.empty() && choice.preset.empty() && !choice.resonator) {
    if (std::string gm = instruments::defaultGeneralMidiFont(); !gm.empty()) fonts.push_back(gm);
  }
  return fonts;
}

std::shared_ptr<graph::Processor> makeInstrument(const InstrumentChoice& choice, double sampleRate,
                                                 std::string* description) {
  const std::vector<std::string> fonts = chosenFonts(choice);
  if (!fonts.empty()) {
    auto synth = std::make_shared<instruments::SoundFontProcessor>();
    for (const std::string& path : fonts) synth->loadFont(path);
    if (description) *description = fonts.front();
    return synth;
  }
  auto resonator = std::make_shared<instruments::ResonatorProcessor>();
  synth::ResonatorSynth& synth = resonator->synth();
  resonator->prepare(ProcessSpec{sampleRate, 512, 2});
  if (choice.preset.empty()) {
    synth::Preset patch = synth::pluckedString();
    synth::applyPreset(synth, patch);
  } else {
    for (const std::string& w : instruments::loadPreset(synth, choice.preset).warnings)
      std::fprintf(stderr, "tonewood: warning: %s: %s\n", choice.preset.c_str(), w.c_str());
  }
  if (description) *description = "the resonator synth";
  return resonator;
}

}  // namespace tonewood::cli
