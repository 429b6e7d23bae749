// `tonewood plot FILE -o out.png`: pictures come from the Python package (tonewood.plot, drawn
// with matplotlib), so this command hands its arguments to `python -m tonewood._plot_command`,
// using the Python beside this program (the environment the package was installed into).
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "commands.hpp"
#include "tonewood/core/errors.hpp"

namespace tonewood::cli {

namespace {

std::string pythonBesideThisProgram() {
  std::error_code error;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error)
    for (const char* name : {"python3", "python"}) {
      const auto candidate = self.parent_path() / name;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
  return "python3";  // from PATH
}

[[noreturn]] void runPythonPlot(const std::vector<std::string>& args) {
  const std::string python = pythonBesideThisProgram();
  std::vector<std::string> words = {python, "-m", "tonewood._plot_command"};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  ::execvp(argv[0], argv.data());
  throw Error("tonewood plot needs the tonewood Python package with matplotlib; could not run " +
              python + ": " + std::strerror(errno) + " (pip install 'tonewood[plot]')");
}

}  // namespace

void addPlotCommand(CLI::App& app) {
  CLI::App* sub = app.add_subcommand(
      "plot",
      "Save a PNG of a file's waveform, spectrogram or spectrum (draws with tonewood.plot; "
      "see tonewood plot --help)");
  // Everything after `plot`, --help included, belongs to the Python side.
  sub->prefix_command();
  sub->set_help_flag();
  sub->callback([sub] { runPythonPlot(sub->remaining()); });
}

}  // namespace tonewood::cli
