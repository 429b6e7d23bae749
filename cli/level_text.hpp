#pragma once

#include <cmath>
#include <cstdio>
#include <string>

/// Levels as the commands print them: "-14.59 dBFS", "-inf dBFS", "-38.4 LUFS".
namespace tonewood::cli {

inline std::string decibelText(double linear, const char* unit) {
  if (linear <= 0.0) return std::string("-inf ") + unit;
  char text[32];
  std::snprintf(text, sizeof text, "%.2f %s", 20.0 * std::log10(linear), unit);
  return text;
}

inline std::string loudnessText(double lufs) {
  if (!std::isfinite(lufs)) return "-inf LUFS (too short or silent)";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f LUFS", lufs);
  return text;
}

}  // namespace tonewood::cli
