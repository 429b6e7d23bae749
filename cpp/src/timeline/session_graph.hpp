#pragma once

// A session compiled into an engine's graph: the one graph both an offline bounce and live play
// run. Private to the timeline layer.

#include <vector>

#include "tonewood/graph/engine.hpp"
#include "tonewood/timeline/session.hpp"

namespace tonewood::timeline {

struct SessionGraph {
  struct TrackNodes {
    graph::NodeId input = 0;     ///< where routed and sent audio enters (buses)
    graph::NodeId preFader = 0;  ///< the end of the insert chain (0: nothing plays)
    graph::NodeId strip = 0;     ///< the fader's output
  };
  std::vector<TrackNodes> tracks;  ///< in session order
  TrackNodes master;
};

/// Adds the session's nodes to `engine` (which has no nodes yet) and gives its transport the
/// session's tempo map. The master plays on output channels 0 and 1; with `stems`, track k's
/// fader also feeds channels 2 + 2k and 3 + 2k. Validates the session first.
SessionGraph buildSessionGraph(const Session& session, graph::Engine& engine, bool stems);

}  // namespace tonewood::timeline
