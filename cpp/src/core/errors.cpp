#include "tonewood/core/errors.hpp"

#include <charconv>
#include <cmath>

namespace tonewood {

namespace {
std::string describeNotFound(const std::string& id, const std::vector<std::string>& suggestions) {
  std::string message = "unknown parameter ID '" + id + "'";
  if (!suggestions.empty()) {
    message += "; did you mean ";
    for (std::size_t i = 0; i < suggestions.size(); ++i) {
      if (i > 0) message += i + 1 == suggestions.size() ? " or " : ", ";
      message += "'" + suggestions[i] + "'";
    }
    message += "?";
  }
  return message;
}
}  // namespace

ParameterNotFoundError::ParameterNotFoundError(const std::string& id,
                                               std::vector<std::string> suggestions)
    : Error(describeNotFound(id, suggestions)), id_(id), suggestions_(std::move(suggestions)) {}

PresetError::PresetError(const std::string& path, int line, const std::string& problem)
    : Error("preset '" + path + "'" + (line > 0 ? ", line " + std::to_string(line) : "") + ": " +
            problem),
      path_(path),
      line_(line) {}

std::string formatNumber(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  // Shortest text that reads back as the same float: what the user typed, in most cases.
  char text[64];
  const auto asFloat = static_cast<float>(value);
  auto result = static_cast<double>(asFloat) == value
                    ? std::to_chars(text, text + sizeof text, asFloat)
                    : std::to_chars(text, text + sizeof text, value);
  return std::string(text, result.ptr);
}

MidiFileError::MidiFileError(const std::string& name, std::int64_t offset,
                             const std::string& problem)
    : Error("'" + name + "'" + (offset >= 0 ? ": byte " + std::to_string(offset) : "") + ": " +
            problem),
      offset_(offset) {}

namespace {
std::string missingMessage(const std::string& project, const std::vector<std::string>& missing) {
  std::string text = "'" + project + "' refers to " + std::to_string(missing.size()) +
                     " missing file" + (missing.size() == 1 ? "" : "s") +
                     " (relink them to load it):";
  for (const std::string& m : missing) text += "\n  " + m;
  return text;
}
}  // namespace

MediaMissingError::MediaMissingError(const std::string& project, std::vector<std::string> missing)
    : Error(missingMessage(project, missing)), missing_(std::move(missing)) {}

void requireInRange(const std::string& what, double value, double min, double max,
                    const std::string& unit) {
  if (value >= min && value <= max) return;
  std::string message = what + " must be within [" + formatNumber(min) + ", " + formatNumber(max) +
                        "]" + (unit.empty() ? "" : " " + unit) + ", got " + formatNumber(value);
  throw OutOfRangeError(message);
}

}  // namespace tonewood
