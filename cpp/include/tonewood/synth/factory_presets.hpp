#pragma once

#include <string>
#include <vector>

#include "tonewood/synth/preset.hpp"

/// The synth's built-in sounds, as presets (applied with applyPreset like any file).
namespace tonewood::synth {

/// The names of the built-in presets, e.g. "plucked string".
std::vector<std::string> factoryPresetNames();

/// A built-in preset by name. Throws InvalidArgumentError naming the known ones otherwise.
Preset factoryPreset(const std::string& name);

/// The patch every face starts from when the caller names none (a Python Resonator, the
/// render-note and render commands, render_midi): the click exciter into one waveguide per key
/// (2 s decay, 6 kHz loop filter), a plucked string.
inline constexpr const char* kDefaultPatch = "plucked string";

inline Preset pluckedString() {
  return factoryPreset(kDefaultPatch);
}

}  // namespace tonewood::synth
