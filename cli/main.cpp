// The `tonewood` command: parses arguments and calls the library. No logic of its own.
#include <cstdio>
#include <exception>

#include "commands.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"tonewood: physical-modelling synthesis and audio tools"};
  app.set_version_flag("--version", std::string("tonewood ") + tonewood::kVersion);
  app.require_subcommand(0, 1);
  tonewood::cli::addParamsCommand(app);
  tonewood::cli::addRenderNoteCommand(app);
  tonewood::cli::addInfoCommand(app);
  tonewood::cli::addConvertCommand(app);
  tonewood::cli::addAnalyzeCommand(app);
  tonewood::cli::addStretchCommand(app);
  tonewood::cli::addPlotCommand(app);
  tonewood::cli::addMidiCommand(app);
  tonewood::cli::addRenderMidiCommand(app);
  tonewood::cli::addNewCommand(app);
  tonewood::cli::addDeviceCommands(app);
  tonewood::cli::addPluginsCommand(app);
  tonewood::cli::addLinkCommand(app);
  try {
    app.parse(argc, argv);
    if (app.get_subcommands().empty()) {
      std::fputs(app.help().c_str(), stdout);
    }
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const tonewood::Error& e) {
    std::fprintf(stderr, "tonewood: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tonewood: unexpected error: %s\n", e.what());
    return 3;
  }
  return 0;
}
