#pragma once

#include <string>

#include "tonewood/core/param_registry.hpp"

/// `--set "ID=VALUE"` for every command that takes parameters.
namespace tonewood::cli {

/// Parses "ID=VALUE" (IDs may contain spaces and '=': the last '=' splits) and sets the value in
/// natural units after checking it against the parameter's range. InvalidArgumentError for a
/// malformed setting, ParameterNotFoundError or OutOfRangeError naming the ID.
void applySetting(ParamRegistry& params, const std::string& setting);

}  // namespace tonewood::cli
