#pragma once

// Instruments and inserts in a project file: what each kind of processor needs to be built
// again (the resonator's preset, a SoundFont's fonts, an LV2 plugin's URI) beside its state.
// Private to the timeline layer.

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "tonewood/graph/processor.hpp"

namespace tonewood::timeline {

/// Turns a file path into what the project stores (relative to its folder where possible).
using PathWriter = std::function<std::string(const std::string& path)>;
/// Turns a stored path back into one to open.
using PathReader = std::function<std::string(const std::string& stored)>;

/// InvalidArgumentError naming `where` for a processor a project cannot hold.
nlohmann::ordered_json processorToJson(const graph::Processor& processor, const std::string& where,
                                       const PathWriter& paths);
/// InvalidArgumentError naming `where` (the key path) for a spec that cannot be built.
std::shared_ptr<graph::Processor> processorFromJson(const nlohmann::json& spec,
                                                    const std::string& where,
                                                    const PathReader& paths);

}  // namespace tonewood::timeline
