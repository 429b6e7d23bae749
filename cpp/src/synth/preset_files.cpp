#include "tonewood/synth/preset_files.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "preset_reader_support.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/core/file_access.hpp"
#include "tonewood/core/file_replacement.hpp"

namespace tonewood::synth {

Preset parsePreset(const std::string& text, const std::string& path, const ParamRegistry& params) {
  const std::size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first == std::string::npos) throw PresetError(path, 0, "the file is empty");
  if (text[first] == '<') return detail::parseResonariumXml(text, path, params);
  if (text[first] == '{') return detail::parseTonewoodJson(text, path, params);
  throw PresetError(path, 1, "neither a tonewood JSON preset nor a Resonarium XML preset");
}

Preset readPresetFile(const std::string& path, const ParamRegistry& params) {
  if (const std::string why = unreadableFileReason(path); !why.empty())
    throw PresetError(path, 0, "cannot read: " + why);
  std::ifstream file(path, std::ios::binary);
  if (!file) throw PresetError(path, 0, std::string("cannot open: ") + std::strerror(errno));
  std::ostringstream text;
  text << file.rdbuf();
  return parsePreset(text.str(), path, params);
}

void writePresetFile(const Preset& preset, const std::string& path) {
  const std::string text = presetToJson(preset);
  FileReplacement file(path);
  {
    std::ofstream out(file.temporaryPath(), std::ios::binary | std::ios::trunc);
    if (!out) throw Error(file.failure(errno));
    out << text;
    out.flush();
    if (!out) throw Error(file.failure(errno));
  }
  file.commit();
}

}  // namespace tonewood::synth
