// Resonarium's XML presets (a JUCE ValueTree): <state name author tags> holding a <state> with
// the modulation matrix, MSEG shapes and sample path, then one <param uid val/> per non-default
// parameter.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <pugixml.hpp>
#include <string>

#include "preset_reader_support.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/synth/preset_files.hpp"

namespace tonewood::synth::detail {

namespace {

class XmlReader {
 public:
  XmlReader(const std::string& text, const std::string& path) : text_(text), path_(path) {}

  int lineOf(std::ptrdiff_t offset) const {
    if (offset < 0) return 0;
    const auto end =
        text_.begin() + std::min<std::ptrdiff_t>(offset, static_cast<std::ptrdiff_t>(text_.size()));
    return 1 + static_cast<int>(std::count(text_.begin(), end, '\n'));
  }
  [[noreturn]] void fail(const pugi::xml_node& node, const std::string& problem) const {
    throw PresetError(path_, lineOf(node.offset_debug()), problem);
  }
  float number(const pugi::xml_node& node, const char* attribute) const {
    const pugi::xml_attribute a = node.attribute(attribute);
    if (!a) fail(node, std::string("<") + node.name() + "> has no '" + attribute + "' attribute");
    float value = 0.0f;
    if (!parseFloat(a.value(), value))
      fail(node, std::string("'") + attribute + "' is not a number: \"" + a.value() + "\"");
    return value;
  }
  int integer(const pugi::xml_node& node, const char* attribute, int fallback) const {
    if (!node.attribute(attribute)) return fallback;
    const float value = number(node, attribute);
    // Converting a float beyond int's range is undefined; a fraction is a corrupt file.
    if (!(value >= -1e6f && value <= 1e6f) || value != std::trunc(value))
      fail(node, std::string("'") + attribute + "' must be a whole number within [-1000000, " +
                     "1000000], got \"" + node.attribute(attribute).value() + "\"");
    return static_cast<int>(value);
  }

 private:
  const std::string& text_;
  const std::string& path_;
};

std::vector<std::string> splitTags(const std::string& tags) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= tags.size()) {
    const std::size_t end = std::min(tags.find_first_of(",;", start), tags.size());
    std::string tag = tags.substr(start, end - start);
    tag.erase(0, tag.find_first_not_of(' '));
    tag.erase(tag.find_last_not_of(' ') + 1);
    if (!tag.empty()) out.push_back(tag);
    start = end + 1;
  }
  return out;
}

}  // namespace

Preset parseResonariumXml(const std::string& text, const std::string& path,
                          const ParamRegistry& params) {
  pugi::xml_document document;
  const pugi::xml_parse_result parsed = document.load_buffer(text.data(), text.size());
  XmlReader reader(text, path);
  if (!parsed)
    throw PresetError(path, reader.lineOf(parsed.offset),
                      std::string("not well-formed XML: ") + parsed.description());
  const pugi::xml_node root = document.child("state");
  if (!root) throw PresetError(path, 0, "no <state> element: not a Resonarium preset");

  Preset preset;
  preset.resonariumCompatibility = true;
  preset.name = root.attribute("name").value();
  preset.author = root.attribute("author").value();
  preset.tags = splitTags(root.attribute("tags").value());

  const pugi::xml_node state = root.child("state");
  for (const pugi::xml_node item : state.child("MODMATRIX").children("MODITEM")) {
    ModulationRoute route;
    route.source = item.attribute("srcId").value();
    route.destination = item.attribute("dstId").value();
    if (route.source.empty() || route.destination.empty())
      reader.fail(item, "<MODITEM> needs srcId and dstId");
    route.depth = reader.number(item, "depth");
    route.enabled = reader.integer(item, "enabled", 1) != 0;
    route.curve = item.attribute("function") ? item.attribute("function").value() : "linear";
    route.bipolar = reader.integer(item, "biPolarMapping", 0) != 0;
    const std::string where = "line " + std::to_string(reader.lineOf(item.offset_debug())) + ": ";
    if (acceptRoute(route, params, where, preset.warnings)) preset.modulations.push_back(route);
  }
  for (int m = 0; m < kNumMsegs; ++m) {
    const std::string tag = "MSEG" + std::to_string(m + 1);
    const pugi::xml_node shape = state.child(tag.c_str());
    if (!shape) continue;
    MsegShape mseg;
    mseg.points.clear();
    mseg.startIndex = reader.integer(shape, "startIndex", 0);
    mseg.endIndex = reader.integer(shape, "endIndex", 0);
    for (const pugi::xml_node point : shape.children("PT"))
      mseg.points.push_back(
          {reader.number(point, "t"), reader.number(point, "v"), reader.number(point, "c")});
    checkMseg(mseg, path, reader.lineOf(shape.offset_debug()));
    preset.msegs[static_cast<std::size_t>(m)] = mseg;
  }
  preset.samplePath = state.child("samplePath").attribute("path").value();

  for (const pugi::xml_node param : root.children("param")) {
    const std::string id = param.attribute("uid").value();
    if (id.empty()) reader.fail(param, "<param> has no uid");
    const float value = reader.number(param, "val");
    if (!params.find(id)) {
      preset.warnings.push_back("line " + std::to_string(reader.lineOf(param.offset_debug())) +
                                ": unknown parameter '" + id + "' ignored");
      continue;
    }
    preset.parameters.emplace_back(id, value);
  }
  return preset;
}

}  // namespace tonewood::synth::detail
