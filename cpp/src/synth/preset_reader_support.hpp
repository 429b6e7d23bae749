#pragma once

#include <charconv>
#include <cmath>
#include <string>

#include "tonewood/core/param_registry.hpp"
#include "tonewood/synth/preset.hpp"

/// Shared by the preset readers (private to the library).
namespace tonewood::synth::detail {

/// Whole-string float parse, locale independent; NaN, infinity and numbers beyond a float's
/// range are refused (from_chars would take "nan" and "inf").
inline bool parseFloat(const char* text, float& value) {
  const char* end = text + std::char_traits<char>::length(text);
  const auto result = std::from_chars(text, end, value);
  return result.ec == std::errc() && result.ptr == end && end != text && std::isfinite(value);
}

/// Throws PresetError (at `line`) with msegProblem's words unless the shape is playable.
void checkMseg(const MsegShape& shape, const std::string& path, int line);

/// Keeps a route only if the synth can run it: unknown sources, unknown or internal destinations
/// are dropped and unknown curves become linear, each with a warning; depth is clamped to
/// [-1, 1]. `where` prefixes the warnings ("line 12: ").
bool acceptRoute(ModulationRoute& route, const ParamRegistry& params, const std::string& where,
                 std::vector<std::string>& warnings);

Preset parseResonariumXml(const std::string& text, const std::string& path,
                          const ParamRegistry& params);
Preset parseTonewoodJson(const std::string& text, const std::string& path,
                         const ParamRegistry& params);

}  // namespace tonewood::synth::detail
