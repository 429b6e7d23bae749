#include "project_processors.hpp"

#include <functional>
#include <map>

#include "tonewood/core/errors.hpp"
#include "tonewood/effects/amp.hpp"
#include "tonewood/effects/chorus.hpp"
#include "tonewood/effects/compressor.hpp"
#include "tonewood/effects/delay.hpp"
#include "tonewood/effects/distortion.hpp"
#include "tonewood/effects/filter.hpp"
#include "tonewood/effects/phaser.hpp"
#include "tonewood/effects/reverb.hpp"
#include "tonewood/graph/nodes/gain.hpp"
#include "tonewood/graph/nodes/pan.hpp"
#include "tonewood/instruments/isolated_lv2_plugin.hpp"
#include "tonewood/instruments/lv2_plugin.hpp"
#include "tonewood/instruments/resonator_processor.hpp"
#include "tonewood/instruments/soundfont_processor.hpp"
#include "tonewood/synth/preset.hpp"
#include "tonewood/synth/preset_files.hpp"

namespace tonewood::timeline {

namespace {

using Json = nlohmann::json;
using Factory = std::function<std::shared_ptr<graph::Processor>()>;

// Built-in processors that a default constructor and their parameters rebuild.
const std::map<std::string, Factory>& plainProcessors() {
  static const std::map<std::string, Factory> factories = {
      {"filter", [] { return std::make_shared<effects::Filter>(); }},
      {"chorus", [] { return std::make_shared<effects::Chorus>(); }},
      {"phaser", [] { return std::make_shared<effects::Phaser>(); }},
      {"distortion", [] { return std::make_shared<effects::Distortion>(); }},
      {"amp", [] { return std::make_shared<effects::Amp>(); }},
      {"delay", [] { return std::make_shared<effects::Delay>(); }},
      {"compressor", [] { return std::make_shared<effects::Compressor>(); }},
      {"reverb", [] { return std::make_shared<effects::Reverb>(); }},
      {"gain", [] { return std::make_shared<graph::Gain>(2); }},
      {"pan", [] { return std::make_shared<graph::Pan>(2); }},
  };
  return factories;
}

std::string kindsKnown() {
  std::string names = "resonator, soundfont, lv2";
  for (const auto& [name, factory] : plainProcessors()) names += ", " + name;
  return names;
}

}  // namespace

nlohmann::ordered_json processorToJson(const graph::Processor& p, const std::string& where,
                                       const PathWriter& paths) {
  nlohmann::ordered_json spec;
  spec["type"] = p.typeName();
  if (const auto* r = dynamic_cast<const instruments::ResonatorProcessor*>(&p)) {
    spec["preset"] =
        nlohmann::ordered_json::parse(synth::presetToJson(synth::capturePreset(r->synth())));
    return spec;
  }
  if (const auto* s = dynamic_cast<const instruments::SoundFontProcessor*>(&p)) {
    nlohmann::ordered_json fonts = nlohmann::ordered_json::array();
    for (const std::string& f : s->fontPaths()) fonts.push_back(paths(f));
    spec["fonts"] = fonts;
  } else if (const auto* l = dynamic_cast<const instruments::Lv2Processor*>(&p)) {
    spec["uri"] = l->info().uri;
  } else if (const auto* i = dynamic_cast<const instruments::IsolatedLv2Processor*>(&p)) {
    spec["uri"] = i->info().uri;
    spec["isolated"] = true;
  } else if (!plainProcessors().count(p.typeName())) {
    throw InvalidArgumentError(where + ": a " + p.typeName() +
                               " cannot be saved in a project (it holds " + kindsKnown() + ")");
  }
  spec["state"] = nlohmann::ordered_json::parse(p.saveState());
  return spec;
}

std::shared_ptr<graph::Processor> processorFromJson(const Json& spec, const std::string& where,
                                                    const PathReader& paths) {
  if (!spec.is_object() || !spec.contains("type") || !spec["type"].is_string())
    throw InvalidArgumentError(where + ": needs a \"type\" (one of " + kindsKnown() + ")");
  const std::string type = spec["type"];
  std::shared_ptr<graph::Processor> p;
  try {
    if (type == "resonator") {
      auto r = std::make_shared<instruments::ResonatorProcessor>();
      if (!spec.contains("preset")) throw InvalidArgumentError("needs a \"preset\"");
      synth::Preset preset = synth::parsePreset(spec["preset"].dump(), where, r->synth().params());
      synth::applyPreset(r->synth(), preset);
      return r;
    }
    if (type == "soundfont") {
      auto s = std::make_shared<instruments::SoundFontProcessor>();
      for (const Json& f : spec.value("fonts", Json::array()))
        s->loadFont(paths(f.get<std::string>()));
      p = s;
    } else if (type == "lv2") {
      const std::string uri = spec.value("uri", "");
      if (spec.value("isolated", false))
        p = std::make_shared<instruments::IsolatedLv2Processor>(uri);
      else
        p = std::make_shared<instruments::Lv2Processor>(uri);
    } else if (auto it = plainProcessors().find(type); it != plainProcessors().end()) {
      p = it->second();
    } else {
      throw InvalidArgumentError("\"type\" " + type + " is not one tonewood builds (" +
                                 kindsKnown() + ")");
    }
    if (spec.contains("state")) p->restoreState(spec["state"].dump());
  } catch (const MediaMissingError&) {
    throw;
  } catch (const Error& e) {
    throw InvalidArgumentError(where + ": " + e.what());
  } catch (const Json::exception& e) {
    throw InvalidArgumentError(where + ": " + e.what());
  }
  return p;
}

}  // namespace tonewood::timeline
