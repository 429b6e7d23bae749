#pragma once

#include <string>
#include <vector>

#include "tonewood/graph/engine.hpp"
#include "tonewood/timeline/automated_processor.hpp"
#include "tonewood/timeline/session.hpp"
#include "tonewood/timeline/track_strip.hpp"

/// A session compiled into an engine's graph: the one graph both an offline bounce and live play
/// run.
namespace tonewood::timeline {

struct SessionGraph {
  struct TrackNodes {
    std::string name;                   ///< the track's
    graph::NodeId input = 0;            ///< where routed and sent audio enters (buses)
    graph::NodeId preFader = 0;         ///< the end of the insert chain (0: nothing plays)
    graph::NodeId strip = 0;            ///< the fader's output
    graph::NodeId instrument = 0;       ///< the instrument (0: none)
    graph::NodeId clips = 0;            ///< the audio track's ClipPlayer (0: none)
    std::shared_ptr<TrackStrip> fader;  ///< the strip's processor, whose lanes refresh in place
    /// Per insert, the holder of its automation lanes (null: bypassed, or built without lanes).
    std::vector<std::shared_ptr<AutomatedProcessor>> insertLanes;
    std::shared_ptr<AutomatedProcessor> instrumentLanes;  ///< null: no instrument
  };
  std::vector<TrackNodes> tracks;  ///< in session order
  TrackNodes master;
  std::vector<graph::NodeId> nodes;        ///< every node added
  std::vector<graph::NodeId> instruments;  ///< the instruments' nodes
};

/// Adds the session's nodes to `engine` (in one batch, beside any nodes it has) and gives its
/// transport the session's tempo map. The master plays on output channels 0 and 1; with
/// `stems`, track k's fader also feeds channels 2 + 2k and 3 + 2k. Validates the session first.
/// Control thread.
SessionGraph buildSessionGraph(const Session& session, graph::Engine& engine, bool stems);

/// Replaces `previous` (built by buildSessionGraph on this engine) by the session as it is now,
/// in one batch, so a playing engine goes from one to the other between two blocks. Instruments
/// keep their nodes (their voices ring on) and hear all-notes-off first, since the new MIDI
/// players do not know what the old ones left sounding; an audio track keeps its ClipPlayer, so
/// the clips it streams from disk play on without a refill. Control thread.
SessionGraph rebuildSessionGraph(const Session& session, graph::Engine& engine,
                                 const SessionGraph& previous);

/// Gives a built graph `track`'s automation lanes as the session has them now, in place (no
/// rebuild: the effects keep their state): the fader's, and those of the inserts and instrument
/// built with lanes. Heard from the next block. Returns false when a lane has points whose
/// processor was built without lanes, or the track is not in the graph yet: rebuild then. A name
/// the session does not have is its usual error. Control thread.
bool refreshTrackLanes(const Session& session, const SessionGraph& graph, const std::string& track);

/// Live blocks in which a track's streamed clips missed frames (the disk was late), summed over
/// the graph's audio tracks. Control thread.
std::size_t streamUnderruns(const SessionGraph& graph, const graph::Engine& engine);

}  // namespace tonewood::timeline
