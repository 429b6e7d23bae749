#include "param_settings.hpp"

#include <string>

#include "tonewood/core/errors.hpp"

namespace tonewood::cli {

void applySetting(ParamRegistry& params, const std::string& setting) {
  const auto eq = setting.rfind('=');
  if (eq == std::string::npos || eq == 0)
    throw InvalidArgumentError("--set expects \"ID=VALUE\", got \"" + setting + "\"");
  const std::string id = setting.substr(0, eq);
  const std::string text = setting.substr(eq + 1);
  std::size_t used = 0;
  double value = 0.0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size())
    throw InvalidArgumentError("--set " + id + ": \"" + text + "\" is not a number");
  const std::size_t index = params.indexOf(id);
  const ParamInfo& info = params.info(index);
  requireInRange(id, value, info.min, info.max, info.unit);
  params.setValue(index, static_cast<float>(value));
}

}  // namespace tonewood::cli
