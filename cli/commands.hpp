#pragma once

#include <CLI/CLI.hpp>

/// Each sub-command registers itself on the app; the callback runs it.
namespace tonewood::cli {

void addParamsCommand(CLI::App& app);
void addRenderNoteCommand(CLI::App& app);

}  // namespace tonewood::cli
