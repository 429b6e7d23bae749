#pragma once

#include <string>

#include "tonewood/synth/preset.hpp"

/// Reading and writing preset files.
/// - Resonarium's XML presets: read (their parameters, modulation matrix, MSEG shapes and sample
///   path); loading one turns Resonarium-compatibility mode on.
/// - tonewood's JSON presets (`"format": "tonewood.resonator-preset"`, versioned, human-readable,
///   only non-default values): read and written; a write then read gives back the same preset.
/// Control thread.
namespace tonewood::synth {

inline constexpr int kPresetFormatVersion = 1;

/// Reads either format (recognised by content). Unknown parameter IDs become warnings; a
/// malformed file throws PresetError naming the file and the line.
Preset readPresetFile(const std::string& path, const ParamRegistry& params);

/// Parses text in either format; `path` only names the source in messages.
Preset parsePreset(const std::string& text, const std::string& path, const ParamRegistry& params);

/// The preset as tonewood JSON text.
std::string presetToJson(const Preset& preset);

/// Writes tonewood JSON, completely or not at all (temporary file, then rename). Throws
/// AudioFileError-like Error naming the file when the system refuses.
void writePresetFile(const Preset& preset, const std::string& path);

}  // namespace tonewood::synth
