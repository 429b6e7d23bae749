#pragma once

#include <string>

#include "tonewood/synth/preset.hpp"
#include "tonewood/synth/resonator_synth.hpp"

/// Loading files into the resonator synth: what needs both the file layer (io) and the synth.
/// Control thread.
namespace tonewood::instruments {

/// Reads an audio file (any format libsndfile reads), resamples it to the synth's rate and
/// makes it the sample exciter's audio. Files with more than two channels keep the first two.
/// Throws AudioFileError naming the file; the synth keeps its previous sample then.
void loadSample(synth::ResonatorSynth& synth, const std::string& path);

/// Reads a preset (tonewood JSON or Resonarium XML), applies it and loads the sample it names.
/// A sample that cannot be loaded becomes a warning (the rest of the preset still applies); a
/// malformed preset throws PresetError and changes nothing. Returns the preset with its warnings.
synth::Preset loadPreset(synth::ResonatorSynth& synth, const std::string& path);

}  // namespace tonewood::instruments
