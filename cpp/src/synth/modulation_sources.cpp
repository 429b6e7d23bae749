#include "tonewood/synth/modulation_sources.hpp"

#include <unordered_map>

namespace tonewood::synth {

namespace {

std::vector<ModSourceInfo> buildSources() {
  std::vector<ModSourceInfo> s;
  auto add = [&](std::string id, std::string name, ModSourceKind kind, int slot, bool poly,
                 bool bipolar) {
    s.push_back({std::move(id), std::move(name), kind, slot, poly, bipolar});
  };
  using K = ModSourceKind;
  for (int i = 0; i < 6; ++i)
    add("macro" + std::to_string(i + 1), "Macro " + std::to_string(i + 1), K::Macro, i, false,
        false);
  add("vel", "MIDI Velocity", K::Velocity, 0, true, false);
  add("note", "MIDI Note Number", K::Note, 0, true, false);
  add("mpep", "MPE Pressure", K::Pressure, 0, true, false);
  add("mpet", "MPE Timbre", K::Timbre, 0, true, false);
  add("pb", "Pitch Bend", K::PitchBend, 0, true, true);
  for (int i = 0; i < 4; ++i) {
    const std::string n = std::to_string(i + 1);
    add("env" + n, "ENV " + n, K::Envelope, i, true, false);
    add("lfo" + n, "LFO " + n, K::Lfo, i, true, true);
    add("mlfo" + n, "LFO " + n + " (Mono)", K::MonoLfo, i, false, true);
    add("rnd" + n, "RAND " + n, K::Random, i, true, true);
    add("mrnd" + n, "RAND " + n + " (Mono)", K::MonoRandom, i, false, true);
    add("mseg" + n, "MSEG " + n, K::Mseg, i, true, false);
    add("mmseg" + n, "MSEG " + n + " (Mono)", K::MonoMseg, i, false, true);
  }
  for (int i = 0; i < 120; ++i)
    add("cc" + std::to_string(i), "CC " + std::to_string(i), K::Controller, i, true, false);
  return s;
}

}  // namespace

const std::vector<ModSourceInfo>& modSources() {
  static const std::vector<ModSourceInfo> sources = buildSources();
  return sources;
}

std::optional<int> findModSource(std::string_view id) {
  static const std::unordered_map<std::string, int> byId = [] {
    std::unordered_map<std::string, int> map;
    const auto& sources = modSources();
    for (std::size_t i = 0; i < sources.size(); ++i)
      map.emplace(sources[i].id, static_cast<int>(i));
    return map;
  }();
  const auto it = byId.find(std::string(id));
  if (it == byId.end()) return std::nullopt;
  return it->second;
}

}  // namespace tonewood::synth
