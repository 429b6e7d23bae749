#include "tonewood/synth/preset.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "tonewood/core/errors.hpp"

namespace tonewood::synth {

bool Preset::sameSoundAs(const Preset& o) const {
  return name == o.name && author == o.author && tags == o.tags && parameters == o.parameters &&
         modulations == o.modulations && msegs == o.msegs && samplePath == o.samplePath &&
         resonariumCompatibility == o.resonariumCompatibility;
}

Preset capturePreset(const ResonatorSynth& synth) {
  Preset preset;
  const ParamRegistry& params = synth.params();
  for (std::size_t i = 0; i < params.size(); ++i) {
    const float value = params.value(i);
    if (value != params.info(i).defaultValue)
      preset.parameters.emplace_back(params.info(i).id, value);
  }
  preset.modulations = synth.modulations();
  preset.msegs = synth.msegs();
  preset.samplePath = synth.samplePath();
  preset.resonariumCompatibility = synth.resonariumCompatibility();
  return preset;
}

void applyPreset(ResonatorSynth& synth, Preset& preset) {
  ParamRegistry& params = synth.params();
  // Check everything before touching anything.
  std::vector<std::pair<std::size_t, float>> values;
  values.reserve(preset.parameters.size());
  for (const auto& [id, value] : preset.parameters) {
    const std::size_t index = params.indexOf(id);
    const ParamInfo& info = params.info(index);
    if (!std::isfinite(value))
      throw InvalidArgumentError("preset value of " + id + " is not a number");
    const float clamped = std::clamp(value, info.min, info.max);
    // Presets saved by other software carry float rounding just outside the range: accept it.
    const float tolerance = 1e-4f * (info.max - info.min);
    if (std::abs(clamped - value) > tolerance)
      preset.warnings.push_back(id + " = " + formatNumber(value) + " is outside [" +
                                formatNumber(info.min) + ", " + formatNumber(info.max) +
                                "]; clamped");
    values.emplace_back(index, clamped);
  }
  // The matrix compiles (and so validates) before any parameter changes.
  synth.setModulation(preset.modulations, preset.msegs);
  params.resetToDefaults();
  for (const auto& [index, value] : values) params.setValue(index, value);
  synth.setSamplePath(preset.samplePath);
  synth.setResonariumCompatibility(preset.resonariumCompatibility);
}

}  // namespace tonewood::synth
