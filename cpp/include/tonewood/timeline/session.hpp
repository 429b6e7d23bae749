#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tonewood/core/audio_buffer.hpp"
#include "tonewood/core/progress.hpp"
#include "tonewood/timeline/tempo_map.hpp"
#include "tonewood/timeline/track.hpp"

namespace tonewood::timeline {

struct Marker {
  std::string name;
  Position at;
  friend bool operator==(const Marker&, const Marker&) = default;
};

/// A stretch of the timeline (a loop region, a selection): start before end.
struct Range {
  Position start, end;
  friend bool operator==(const Range&, const Range&) = default;
};

/// What a bounce gives: the mix, and with stems each track's own output (after its fader, before
/// any bus), in track order.
struct Bounce {
  AudioBuffer mix;
  std::vector<AudioBuffer> stems;
};

struct BounceOptions {
  int blockSize = 512;
  int threads = 1;
  bool stems = false;
  ProgressCallback progress;
};

/// A song: a sample rate, a tempo map, tracks (audio, instrument and bus) feeding a master bus,
/// markers, a loop region and a selection. It compiles into an engine graph to be bounced offline
/// (or played live); the same session renders the same samples every time, whatever the block
/// size or thread count. Control thread.
class Session {
 public:
  static constexpr const char* kMaster = "master";

  /// OutOfRangeError for a rate outside [8000, 384000] Hz or a tempo outside [20, 999] bpm.
  explicit Session(double sampleRate = 48000.0, double bpm = 120.0);
  /// A copy shares clip audio and processors (instruments, inserts) and copies everything else:
  /// the snapshot an undo goes back to.
  Session(const Session& other);
  Session& operator=(const Session& other);
  Session(Session&&) noexcept = default;
  Session& operator=(Session&&) noexcept = default;

  double sampleRate() const noexcept { return sampleRate_; }
  TempoMap& tempoMap() noexcept { return tempoMap_; }
  const TempoMap& tempoMap() const noexcept { return tempoMap_; }

  /// Adds a track with a new name ("master" is the master bus's). InvalidArgumentError for a name
  /// in use.
  Track& addTrack(const std::string& name, TrackKind kind);
  /// Removes a track; InvalidArgumentError when another track routes or sends to it.
  void removeTrack(const std::string& name);
  /// The track of that name (InvalidArgumentError listing the names otherwise); "master" is the
  /// master bus.
  Track& track(const std::string& name);
  const Track& track(const std::string& name) const;
  std::size_t trackCount() const noexcept { return tracks_.size(); }
  Track& track(std::size_t index) { return *tracks_.at(index); }
  const Track& track(std::size_t index) const { return *tracks_.at(index); }
  Track& master() noexcept { return *master_; }
  const Track& master() const noexcept { return *master_; }

  /// Adds a clip to a track, checking it against the others on this session's tempo map; returns
  /// its id on the track.
  std::uint64_t addAudioClip(const std::string& track, AudioClip clip);
  /// Replaces the clip with that id (the same checks; nothing changes when they fail).
  void replaceAudioClip(const std::string& track, std::uint64_t id, AudioClip clip);

  void addMarker(const std::string& name, Position at);
  void removeMarker(const std::string& name);
  const std::vector<Marker>& markers() const noexcept { return markers_; }
  /// InvalidArgumentError when the end is not after the start.
  void setLoop(std::optional<Range> loop);
  const std::optional<Range>& loop() const noexcept { return loop_; }
  void setSelection(std::optional<Range> selection);
  const std::optional<Range>& selection() const noexcept { return selection_; }

  /// Where the last clip of any track ends, in seconds.
  double durationSeconds() const noexcept;

  /// Checks what only the whole session can: buses that exist and route without a loop, clips
  /// that do not overlap on the current tempo map, instruments on instrument tracks. Throws the
  /// first problem found, naming the track.
  void validate() const;

  /// Renders frames [startFrame, startFrame + frames) of the timeline offline, compensated for
  /// the latency of the inserts. Throws what validate does; PluginCrashedError when a plugin dies.
  Bounce bounce(std::int64_t startFrame, std::int64_t frames,
                const BounceOptions& options = {}) const;

 private:
  void requireRange(const char* what, const std::optional<Range>& range) const;
  std::size_t indexOf(const std::string& name) const;

  double sampleRate_;
  TempoMap tempoMap_;
  std::vector<std::unique_ptr<Track>> tracks_;
  std::unique_ptr<Track> master_;
  std::vector<Marker> markers_;
  std::optional<Range> loop_, selection_;
};

/// Undo and redo of a session's edits: a snapshot after each recorded edit (the model only:
/// clips, tracks, faders, automation, tempo, markers; instruments' own state is theirs).
/// Snapshots share clip audio, so each costs the model's size, not the audio's. Control thread.
class EditHistory {
 public:
  /// Starts from `initial`, keeping at most `limit` undo steps (the oldest go first).
  explicit EditHistory(const Session& initial, std::size_t limit = 200);
  /// After an edit: the session as it is now, under a label ("add clip").
  void record(const Session& now, std::string label);
  bool canUndo() const noexcept { return states_.size() > 1; }
  bool canRedo() const noexcept { return !undone_.empty(); }
  /// The labels of what undo and redo would take back or do again, newest first.
  std::vector<std::string> undoLabels() const;
  std::vector<std::string> redoLabels() const;
  /// Puts `session` back as it was before the last recorded edit and returns that edit's label.
  /// InvalidArgumentError when there is nothing to undo.
  std::string undo(Session& session);
  /// Does the last undone edit again. InvalidArgumentError when there is nothing to redo.
  std::string redo(Session& session);

 private:
  struct State {
    Session session;
    std::string label;  ///< the edit that led here
  };
  /// The labels of states[from..], newest first.
  static std::vector<std::string> labels(const std::vector<State>& states, std::size_t from);

  std::vector<State> states_;  ///< oldest first; the last is the session as it stands
  std::vector<State> undone_;  ///< newest last
  std::size_t limit_;
};

}  // namespace tonewood::timeline
