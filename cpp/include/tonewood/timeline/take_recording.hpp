#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "tonewood/graph/engine.hpp"
#include "tonewood/timeline/session.hpp"

namespace tonewood::graph {
class Recorder;
}

namespace tonewood::timeline {

class MidiTakeRecorder;

/// A track armed for a recording pass: an audio track records input channels of the engine, an
/// instrument track the MIDI a node of the engine sends (a MIDI input, say).
struct ArmedTrack {
  std::string track;
  std::vector<int> inputs;       ///< audio: one or two of the engine's input channels
  graph::NodeId midiSource = 0;  ///< MIDI: the node whose events are recorded
};

struct TakeOptions {
  std::string folder;  ///< where audio takes are written, as "<track> take <n>.wav"
  std::int64_t punchIn = 0;
  std::int64_t punchOut = std::numeric_limits<std::int64_t>::max();  ///< timeline frames
  /// The interface's round trip (as jack_iodelay measures it); the graph's own latency is added.
  std::int64_t latencyFrames = 0;
};

/// What a take became.
struct TakeResult {
  std::string track;
  std::uint64_t clip = 0;  ///< the clip it became on its track (0: none)
  bool midi = false;
  std::string path;         ///< an audio take's file ("" once removed: nothing was kept)
  std::int64_t frames = 0;  ///< audio frames written
  std::int64_t lost = 0;    ///< audio frames or MIDI messages that were lost
  std::string failure;      ///< why an audio take stopped early ("": it did not)
  std::string unplaced;     ///< why a kept take is no clip (it overlaps one): its file stays
};

/// A recording pass over a session playing in an engine (live, or offline). Each armed track
/// records into a take of its own: audio through a graph::Recorder (a disk thread, a file readable
/// up to its last flush), MIDI through a MidiTakeRecorder, over [punchIn, punchOut) of the
/// timeline on the transport's first pass. finish() makes each take a clip of its track where it
/// was played: earlier by the graph's latency and the interface's, so it lines up with the
/// playback it was recorded against.
class TakeRecording {
 public:
  /// Checks every armed track (it exists, its kind records what it is armed with, its inputs
  /// exist), creates `folder`, and starts the takes. InvalidArgumentError or OutOfRangeError
  /// naming the track and value; AudioFileError for a folder or file that cannot be written. On
  /// any error nothing is left behind (no node, no file). Control thread.
  TakeRecording(Session& session, graph::Engine& engine, std::vector<ArmedTrack> armed,
                TakeOptions options);
  ~TakeRecording();  ///< finish(false) when finish was not called
  TakeRecording(const TakeRecording&) = delete;
  TakeRecording& operator=(const TakeRecording&) = delete;

  /// Stops every take and removes its nodes; with `keep`, adds each take that recorded something
  /// to its track as a clip (audio takes stream from their files) and returns what each became;
  /// without, deletes the files. Once only. Control thread.
  std::vector<TakeResult> finish(bool keep = true);
  bool finished() const noexcept { return finished_; }

 private:
  struct Take {
    ArmedTrack armed;
    graph::NodeId node = 0;
    std::shared_ptr<graph::Recorder> audio;
    std::shared_ptr<MidiTakeRecorder> midi;
    std::string path;
  };
  void removeNodes() noexcept;

  Session& session_;
  graph::Engine& engine_;
  TakeOptions options_;
  std::vector<Take> takes_;
  std::int64_t latency_ = 0;
  bool finished_ = false;
};

}  // namespace tonewood::timeline
