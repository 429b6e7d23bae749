// tonewood's own preset format: JSON, versioned, human-readable, only non-default values.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
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
  // Names and tags from a Resonarium file may hold bytes that are not UTF-8; JSON cannot, so
  // they are written as U+FFFD rather than failing the save.
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
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
  if (const std::string problem = msegProblem(shape); !problem.empty())
    throw PresetError(path, line, problem);
}

Preset parseTonewoodJson(const std::string& text, const std::string& path,
                         const ParamRegistry& params) {
  Json j;
  try {
    j = Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw PresetError(path, lineAt(text, e.byte), std::string("not valid JSON: ") + e.what());
  } catch (const Json::exception& e) {
    // Number overflow ("1e400") carries no position; its message quotes the number.
    const std::string what = e.what();
    const std::size_t quote = what.find('\'');
    const std::string token =
        quote == std::string::npos ? "" : what.substr(quote + 1, what.rfind('\'') - quote - 1);
    throw PresetError(path, token.empty() ? 0 : lineAt(text, text.find(token)),
                      std::string("not valid JSON: ") + what);
  }
  // Where a key first appears: the line errors about its value point at.
  std::string key;
  auto lineOfKey = [&] {
    const std::size_t at = key.empty() ? std::string::npos : text.find("\"" + key + "\"");
    return at == std::string::npos ? 0 : lineAt(text, at);
  };
  auto fail = [&](const std::string& problem) { throw PresetError(path, lineOfKey(), problem); };
  // A float from a JSON number, refusing what a float cannot hold (converting it is undefined).
  auto floatOf = [&](const Json& v, const std::string& what) {
    if (!v.is_number()) fail(what + " must be a number");
    const double x = v.get<double>();
    if (!std::isfinite(x) || std::abs(x) > std::numeric_limits<float>::max())
      fail(what + " is " + formatNumber(x) + ", beyond what a float holds");
    return static_cast<float>(x);
  };
  auto indexOf = [&](const Json& v, const std::string& what) {
    if (!v.is_number_integer() || v.get<std::int64_t>() < 0 ||
        v.get<std::int64_t>() > kMaxMsegPoints)
      fail(what + " must be a point index (a whole number within [0, " +
           std::to_string(kMaxMsegPoints - 1) + "])");
    return static_cast<int>(v.get<std::int64_t>());
  };
  if (!j.is_object() || !j.contains("format") || j["format"] != kFormat)
    fail(std::string("not a tonewood preset (\"format\" must be \"") + kFormat + "\")");
  key = "version";
  const Json& version = j.contains("version") ? j["version"] : Json(0);
  if (!version.is_number_integer() || version.get<std::int64_t>() < 1 ||
      version.get<std::int64_t>() > kPresetFormatVersion)
    fail("format version " + version.dump() + " is not supported (this build reads 1.." +
         std::to_string(kPresetFormatVersion) + ")");
  Preset p;
  try {
    key = "name";
    p.name = j.value("name", "");
    key = "author";
    p.author = j.value("author", "");
    key = "tags";
    p.tags = j.value("tags", std::vector<std::string>{});
    key = "resonarium_compatibility";
    p.resonariumCompatibility = j.value("resonarium_compatibility", false);
    // Named locals: iterating items() of a temporary would dangle before C++23.
    key = "parameters";
    const Json parameters = j.value("parameters", Json::object());
    key = "modulations";
    const Json routes = j.value("modulations", Json::array());
    key = "msegs";
    const Json shapes = j.value("msegs", Json::object());
    for (const auto& [id, value] : parameters.items()) {
      key = id;
      const float x = floatOf(value, "parameter '" + id + "'");
      if (!params.find(id)) {
        p.warnings.push_back("unknown parameter '" + id + "' ignored");
        continue;
      }
      p.parameters.emplace_back(id, x);
    }
    key = "modulations";
    for (const Json& r : routes) {
      ModulationRoute route;
      route.source = r.at("source").get<std::string>();
      key = route.source;
      route.destination = r.at("destination").get<std::string>();
      route.depth = floatOf(r.at("depth"), "modulation depth");
      route.curve = r.value("curve", "linear");
      route.bipolar = r.value("bipolar", false);
      route.enabled = r.value("enabled", true);
      if (acceptRoute(route, params, "", p.warnings)) p.modulations.push_back(route);
    }
    for (const auto& [name, shape] : shapes.items()) {
      key = name;
      int index = 0;
      if (name.size() != 5 || name.rfind("mseg", 0) != 0 || (index = name[4] - '1') < 0 ||
          index >= kNumMsegs)
        fail("unknown MSEG '" + name + "' (mseg1..mseg4)");
      MsegShape mseg;
      mseg.points.clear();
      mseg.startIndex = indexOf(shape.at("start"), name + " start");
      mseg.endIndex = indexOf(shape.at("end"), name + " end");
      for (const Json& pt : shape.at("points")) {
        if (!pt.is_array() || pt.size() != 3)
          fail(name + " points must be [time, value, curve] triples");
        if (mseg.points.size() == kMaxMsegPoints) break;  // msegProblem reports the count
        mseg.points.push_back({floatOf(pt[0], name + " point time"),
                               floatOf(pt[1], name + " point value"),
                               floatOf(pt[2], name + " point curve")});
      }
      if (shape.at("points").size() > kMaxMsegPoints)
        fail(name + " has " + std::to_string(shape.at("points").size()) + " points (at most " +
             std::to_string(kMaxMsegPoints) + ")");
      checkMseg(mseg, path, lineOfKey());
      p.msegs[static_cast<std::size_t>(index)] = mseg;
    }
    key = "sample";
    p.samplePath = j.value("sample", "");
  } catch (const Json::exception& e) {
    fail(std::string("unexpected content: ") + e.what());
  }
  return p;
}

}  // namespace detail
}  // namespace tonewood::synth
