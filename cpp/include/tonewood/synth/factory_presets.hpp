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

/// What a MIDI file plays when the caller names no instrument: the click exciter into one
/// waveguide per key (2 s decay, 6 kHz loop filter), a plucked string.
inline Preset pluckedString() {
  return factoryPreset("plucked string");
}

}  // namespace tonewood::synth
