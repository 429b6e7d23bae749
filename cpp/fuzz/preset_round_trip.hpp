#pragma once

#include <cstdlib>
#include <string>

#include "tonewood/core/errors.hpp"
#include "tonewood/synth/preset_files.hpp"
#include "tonewood/synth/resonator_param_layout.hpp"

namespace tonewood::fuzz {

/// Parses `text` as a preset; a PresetError is a fine answer, anything else escaping is a bug
/// (std::terminate through libFuzzer). A parsed preset must save and load back unchanged.
inline void checkPresetRoundTrip(const std::string& text) {
  static const ParamRegistry params(synth::resonatorParamInfos());
  synth::Preset preset;
  try {
    preset = synth::parsePreset(text, "fuzz", params);
  } catch (const PresetError&) {
    return;
  }
  const std::string saved = synth::presetToJson(preset);
  const synth::Preset again = synth::parsePreset(saved, "saved", params);
  if (synth::presetToJson(again) != saved) std::abort();
}

}  // namespace tonewood::fuzz
