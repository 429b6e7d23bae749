// `tonewood params [PATTERN]`: the synth's parameters as a table.
#include <fnmatch.h>

#include <cstdio>
#include <string>

#include "commands.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/synth/resonator_param_layout.hpp"

namespace tonewood::cli {

namespace {
bool matches(const std::string& id, const std::string& pattern) {
  if (pattern.empty()) return true;
  if (pattern.find_first_of("*?[") != std::string::npos)
    return fnmatch(pattern.c_str(), id.c_str(), 0) == 0;
  return id.find(pattern) != std::string::npos;  // plain text: substring
}

void listParams(const std::string& pattern) {
  int shown = 0;
  std::printf("%-32s %-22s %-10s %-6s %-5s %s\n", "ID", "RANGE", "DEFAULT", "UNIT", "SKEW",
              "FLAGS");
  for (const ParamInfo& p : synth::resonatorParamInfos()) {
    if (!matches(p.id, pattern)) continue;
    const std::string range = "[" + formatNumber(p.min) + ", " + formatNumber(p.max) + "]";
    std::string flags = p.automatable ? "" : "internal";
    if (p.step > 0.0f)
      flags += std::string(flags.empty() ? "" : ",") + "step " + formatNumber(p.step);
    if (!p.labels.empty()) {
      std::string labels;
      for (const auto& l : p.labels) labels += (labels.empty() ? "" : "|") + l;
      flags += std::string(flags.empty() ? "" : ",") + labels;
    }
    std::printf("%-32s %-22s %-10s %-6s %-5s %s\n", ("'" + p.id + "'").c_str(), range.c_str(),
                formatNumber(p.defaultValue).c_str(), p.unit.c_str(), formatNumber(p.skew).c_str(),
                flags.c_str());
    ++shown;
  }
  std::printf("%d of %zu parameters\n", shown, synth::resonatorParamInfos().size());
  if (shown == 0) throw InvalidArgumentError("no parameter ID matches '" + pattern + "'");
}
}  // namespace

void addParamsCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("params", "List the synth's parameters (ID, range, default)");
  auto pattern = std::make_shared<std::string>();
  cmd->add_option("pattern", *pattern,
                  "Show only IDs containing this text, or matching this glob ('decay* wb0r?')");
  cmd->callback([pattern] { listParams(*pattern); });
}

}  // namespace tonewood::cli
