#pragma once

#include <string>

#include "tonewood/instruments/isolated_lv2_plugin.hpp"

namespace tonewood::instruments {

struct Lv2CheckOptions {
  double seconds = 1.0;  ///< of audio played, a third in each block size
  double sampleRate = 48000.0;
  IsolationOptions isolation;  ///< the child program, and how long a request may take
};

/// What a check found: whether the plugin passed, and if not, why.
struct Lv2PluginCheck {
  std::string plugin;
  bool passed = false;
  std::string reason;
  double seconds = 0.0;  ///< how long the check took
};

/// Tries a plugin the way a host would, in a child process so that nothing it does can harm the
/// caller: instantiates it, connects every port, plays noise into its inputs (a note into an
/// instrument) in blocks of 64, 333 and 512 frames with the instance carried across, requires
/// every output sample to be finite, and round-trips its state into a second instance. A crash,
/// a hang or any error fails the check with the reason; nothing is thrown. Control thread.
Lv2PluginCheck checkLv2Plugin(const std::string& plugin, const Lv2CheckOptions& options = {});

}  // namespace tonewood::instruments
