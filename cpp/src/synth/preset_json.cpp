// tonewood's own preset format: JSON, versioned, human-readable, only non-default values.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "preset_reader_support.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/synth/modulation_curves.hpp"
#include "tonewood/synth/modulation_sources.hpp"
#include "tonewood/synth/preset_files.hpp"

namespace tonewood::synth {

namespace {
constexpr const char* kFormat = "tonewood.resonator-preset";
using Json = nlohmann::ordered_json;

// The double nearest to the shortest text that reads back as `value`: JSON then shows 0.6, not
// 0.6000000238418579, and reading it as a float gives exactly `value` again.
double readable(float value) {
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;
  double shortest = 0.0;
  std::from_chars(text, end, shortest);
  return shortest;
}

int lineAt(const std::string& text, std::size_t byte) {
  return 1 +
         static_cast<int>(std::count(
             text.begin(), text.begin() + static_cast<long>(std::min(byte, text.size())), '\n'));
}
}  // namespace

std::string presetToJson(const Preset& p) {
  Json j;
  j["format"] = kFormat;
  j["version"] = kPresetFormatVersion;
  j["name"] = p.name;
  j["author"] = p.author;
  j["tags"] = p.tags;
  j["resonarium_compatibility"] = p.resonariumCompatibility;
  Json parameters = Json::object();
  for (const auto& [id, value] : p.parameters) parameters[id] = readable(value);
  j["parameters"] = parameters;
  Json routes = Json::array();
  for (const ModulationRoute& r : p.modulations)
    routes.push_back({{"source", r.source},
                      {"destination", r.destination},
                      {"depth", readable(r.depth)},
                      {"curve", r.curve},
                      {"bipolar", r.bipolar},
                      {"enabled", r.enabled}});
  j["modulations"] = routes;
  Json shapes = Json::object();
  const MsegShape standard;
  for (int m = 0; m < kNumMsegs; ++m) {
    const MsegShape& shape = p.msegs[static_cast<std::size_t>(m)];
    if (shape == standard) continue;
    Json points = Json::array();
    for (const auto& pt : shape.points)
      points.push_back({readable(pt.time), readable(pt.value), readable(pt.curve)});
    shapes["mseg" + std::to_string(m + 1)] = {
        {"start", shape.startIndex}, {"end", shape.endIndex}, {"points", points}};
  }
  j["msegs"] = shapes;
  j["sample"] = p.samplePath;
  return j.dump(2) + "\n";
}

namespace detail {

bool acceptRoute(ModulationRoute& route, const ParamRegistry& params, const std::string& where,
                 std::vector<std::string>& warnings) {
  if (!findModSource(route.source)) {
    warnings.push_back(where + "modulation from unknown source '" + route.source + "' ignored");
    return false;
  }
  const auto destination = params.find(route.destination);
  if (!destination) {
    warnings.push_back(where + "modulation of unknown parameter '" + route.destination +
                       "' ignored");
    return false;
  }
  if (!params.info(*destination).automatable) {
    warnings.push_back(where + "modulation of internal parameter '" + route.destination +
                       "' ignored");
    return false;
  }
  if (!modCurveNamed(route.curve)) {
    warnings.push_back(where + "unknown modulation curve '" + route.curve + "' played as linear");
    route.curve = "linear";
  }
  if (!(route.depth >= -1.0f && route.depth <= 1.0f)) {
    warnings.push_back(where + "modulation depth " + formatNumber(route.depth) +
                       " clamped to [-1, 1]");
    route.depth = std::isfinite(route.depth) ? std::clamp(route.depth, -1.0f, 1.0f) : 0.0f;
  }
  return true;
}

void checkMseg(const MsegShape& shape, const std::string& path, int line) {
  const auto count = static_cast<int>(shape.points.size());
  if (count < 2) throw PresetError(path, line, "an MSEG needs at least two points");
  for (int i = 0; i < count; ++i) {
    const auto& pt = shape.points[static_cast<std::size_t>(i)];
    if (!(pt.time >= 0.0f && pt.time <= 1.0f) ||
        (i > 0 && pt.time < shape.points[static_cast<std::size_t>(i - 1)].time))
      throw PresetError(path, line, "MSEG point times must rise within [0, 1]");
  }
  if (shape.startIndex < 0 || shape.endIndex >= count || shape.startIndex > shape.endIndex)
    throw PresetError(path, line, "MSEG loop indices must address its points");
}

Preset parseTonewoodJson(const std::string& text, const std::string& path,
                         const ParamRegistry& params) {
  Json j;
  try {
    j = Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw PresetError(path, lineAt(text, e.byte), std::string("not valid JSON: ") + e.what());
  }
  auto fail = [&](const std::string& problem) { throw PresetError(path, 0, problem); };
  if (!j.is_object() || j.value("format", "") != kFormat)
    fail(std::string("not a tonewood preset (\"format\" must be \"") + kFormat + "\")");
  const int version = j.value("version", 0);
  if (version < 1 || version > kPresetFormatVersion)
    fail("format version " + std::to_string(version) + " is not supported (this build reads 1.." +
         std::to_string(kPresetFormatVersion) + ")");
  Preset p;
  try {
    p.name = j.value("name", "");
    p.author = j.value("author", "");
    p.tags = j.value("tags", std::vector<std::string>{});
    p.resonariumCompatibility = j.value("resonarium_compatibility", false);
    // Named locals: iterating items() of a temporary would dangle before C++23.
    const Json parameters = j.value("parameters", Json::object());
    const Json routes = j.value("modulations", Json::array());
    const Json shapes = j.value("msegs", Json::object());
    for (const auto& [id, value] : parameters.items()) {
      if (!value.is_number()) fail("parameter '" + id + "' must be a number");
      if (!params.find(id)) {
        p.warnings.push_back("unknown parameter '" + id + "' ignored");
        continue;
      }
      p.parameters.emplace_back(id, value.get<float>());
    }
    for (const Json& r : routes) {
      ModulationRoute route;
      route.source = r.at("source").get<std::string>();
      route.destination = r.at("destination").get<std::string>();
      route.depth = r.at("depth").get<float>();
      route.curve = r.value("curve", "linear");
      route.bipolar = r.value("bipolar", false);
      route.enabled = r.value("enabled", true);
      if (acceptRoute(route, params, "", p.warnings)) p.modulations.push_back(route);
    }
    for (const auto& [name, shape] : shapes.items()) {
      int index = 0;
      if (name.size() != 5 || name.rfind("mseg", 0) != 0 || (index = name[4] - '1') < 0 ||
          index >= kNumMsegs)
        fail("unknown MSEG '" + name + "' (mseg1..mseg4)");
      MsegShape mseg;
      mseg.points.clear();
      mseg.startIndex = shape.at("start").get<int>();
      mseg.endIndex = shape.at("end").get<int>();
      for (const Json& pt : shape.at("points"))
        mseg.points.push_back(
            {pt.at(0).get<float>(), pt.at(1).get<float>(), pt.at(2).get<float>()});
      checkMseg(mseg, path, 0);
      p.msegs[static_cast<std::size_t>(index)] = mseg;
    }
    p.samplePath = j.value("sample", "");
  } catch (const Json::exception& e) {
    fail(std::string("unexpected content: ") + e.what());
  }
  return p;
}

}  // namespace detail
}  // namespace tonewood::synth
