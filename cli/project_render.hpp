#pragma once

#include <string>

/// Projects from the command line: bouncing one (`render`) and starting one (`new`).
namespace tonewood::cli {

struct ProjectRenderOptions {
  std::string input, output, subtype, stems, range;
  double tail = 2.0;
  int threads = 1;
  bool quiet = false;
};

/// Bounces the project's range (default: all of it plus the tail) to `output`, and each track
/// to `stems`/<track>.wav when asked.
void renderProject(const ProjectRenderOptions& options);

}  // namespace tonewood::cli
