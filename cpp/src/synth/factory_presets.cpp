#include "tonewood/synth/factory_presets.hpp"

#include "tonewood/core/errors.hpp"

namespace tonewood::synth {

namespace {

struct Factory {
  const char* name;
  Preset (*make)();
};

Preset makePluckedString() {
  Preset p;
  p.name = "plucked string";
  p.author = "tonewood";
  p.tags = {"string", "pluck"};
  p.parameters = {{"impExciter0 enabled", 1.0f},
                  {"enabled wb0r0", 1.0f},
                  {"decayTime wb0r0", 2.0f},
                  {"decayFilterCutoff wb0r0", 6000.0f}};
  return p;
}

constexpr Factory kFactory[] = {{"plucked string", &makePluckedString}};

}  // namespace

std::vector<std::string> factoryPresetNames() {
  std::vector<std::string> names;
  for (const Factory& f : kFactory) names.emplace_back(f.name);
  return names;
}

Preset factoryPreset(const std::string& name) {
  for (const Factory& f : kFactory)
    if (name == f.name) return f.make();
  std::string known;
  for (const Factory& f : kFactory)
    known += (known.empty() ? "'" : ", '") + std::string(f.name) + "'";
  throw InvalidArgumentError("no factory preset '" + name + "' (known: " + known + ")");
}

}  // namespace tonewood::synth
