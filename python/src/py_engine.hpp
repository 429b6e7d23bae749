#pragma once

// The engine as Python holds it, shared by the bindings that edit one (the engine's own, and the
// timeline's, which builds a session's graph into it).
#include <memory>
#include <mutex>

#include "tonewood/graph/engine.hpp"
#include "tonewood/timeline/tempo_map.hpp"

namespace tonewood::python {

/// The engine and the lock that keeps two Python threads from editing or rendering it at once
/// (the audio thread of a live engine never takes it).
struct PyEngine {
  explicit PyEngine(graph::EngineOptions options) : engine(options) {}
  graph::Engine engine;
  std::mutex mutex;
  std::shared_ptr<timeline::TempoMap> tempoMap;      ///< what the transport follows, if any
  std::shared_ptr<graph::TempoSource> outsideClock;  ///< replaces it while set (Ableton Link)
  /// Gives the transport the outside clock if one is set, else the tempo map (or none).
  void applyTempoSource() {
    engine.transport().setTempoSource(outsideClock ? outsideClock
                                                   : std::shared_ptr<graph::TempoSource>(tempoMap));
  }
};

}  // namespace tonewood::python
