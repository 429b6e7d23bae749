#pragma once

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "tonewood/synth/modulation_routing.hpp"
#include "tonewood/synth/resonator_synth.hpp"

/// A saved sound for the resonator synth: parameter values, modulation routes, MSEG shapes,
/// sample path and the compatibility mode. Presets hold only non-default parameter values, so a
/// file stays readable and keeps meaning the same thing if defaults gain new parameters.
namespace tonewood::synth {

struct Preset {
  std::string name, author;
  std::vector<std::string> tags;
  std::vector<std::pair<std::string, float>> parameters;  ///< non-default values, natural units
  std::vector<ModulationRoute> modulations;
  std::array<MsegShape, kNumMsegs> msegs;
  std::string samplePath;
  bool resonariumCompatibility = false;
  /// What loading noticed and let pass (unknown parameter IDs, clamped values). Not saved.
  std::vector<std::string> warnings;

  /// Equal content, warnings aside.
  bool sameSoundAs(const Preset& other) const;
};

/// The synth's current sound as a preset: parameters that differ from their defaults (in
/// registry order), the modulation routes, MSEG shapes, sample path and compatibility mode.
/// Control thread.
Preset capturePreset(const ResonatorSynth& synth);

/// Checks every value against its parameter first (values out of range are clamped with a
/// warning added to `preset.warnings`; an unknown ID throws InvalidArgumentError, since readers
/// already dropped those with a warning), then resets every parameter to its default and applies
/// the preset's values, routes, shapes and compatibility mode. Nothing changes when a check
/// fails. Control thread.
void applyPreset(ResonatorSynth& synth, Preset& preset);

}  // namespace tonewood::synth
