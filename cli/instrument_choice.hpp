#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "tonewood/graph/processor.hpp"

/// Which instrument plays MIDI for a command: the resonator synth (with a preset, or a plucked
/// string) or a SoundFont (given, or the General MIDI font installed).
namespace tonewood::cli {

struct InstrumentChoice {
  std::string preset;
  std::vector<std::string> soundFonts;
  bool resonator = false;
};

/// Adds --preset, --soundfont and --resonator to a command.
void addInstrumentOptions(CLI::App* command, InstrumentChoice& choice);

/// The fonts to play on: those given, else the General MIDI font when nothing asks for the
/// resonator. InvalidArgumentError for contradicting options.
std::vector<std::string> chosenFonts(const InstrumentChoice& choice);

/// A new instrument as chosen (warnings of a preset go to stderr); `description` says what it is.
std::shared_ptr<graph::Processor> makeInstrument(const InstrumentChoice& choice, double sampleRate,
                                                 std::string* description = nullptr);

}  // namespace tonewood::cli
