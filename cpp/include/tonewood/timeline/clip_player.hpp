#pragma once

#include <memory>
#include <vector>

#include "tonewood/core/realtime_handoff.hpp"
#include "tonewood/graph/processor.hpp"
#include "tonewood/timeline/audio_clip.hpp"

namespace tonewood::timeline {

class ClipMixer;
class ClipStreamer;

/// Plays an audio track's clips into the graph (stereo out; a mono clip plays on both sides). It
/// follows the transport: each clip sounds over its frames of the timeline while the transport
/// plays, from wherever it is, so a locate or a loop lands mid-clip on the exact sample. Frame i
/// of a clip is source frame offset + i (modulo the region when looping; counted from the
/// region's end when reversed) times gain * fade-in * fade-out, computed in double and rounded
/// once to float.
///
/// Clips of streamed sources are read from disk. Offline, the rendering thread reads them as it
/// goes, so a bounce is the same whatever the disk's speed. Live, a disk thread of the track's
/// own reads 1.5 s ahead of the playhead and follows the transport's loop, so a loop wraps
/// seamlessly; a locate refills from the new place (silence until the data comes, counted in
/// underruns()), and an edit of the streamed clips while playing is heard 0.2 s after it is made,
/// without a gap.
class ClipPlayer final : public graph::Processor {
 public:
  /// Clips sorted by start, none overlapping another. InvalidArgumentError otherwise.
  explicit ClipPlayer(std::vector<ScheduledClip> clips = {});
  ~ClipPlayer() override;

  /// Replaces the clips (same rules); they are heard from the next block, never half-applied.
  /// Control thread.
  void setClips(std::vector<ScheduledClip> clips);
  /// The frame after the last clip ends (0 with none). Control thread.
  std::int64_t endFrame() const noexcept { return end_; }
  /// Live blocks in which streamed clips were missing frames (the disk was late). Control
  /// thread.
  std::size_t underruns() const noexcept;

 private:
  struct Schedule {
    std::shared_ptr<const std::vector<ScheduledClip>> clips;
    std::shared_ptr<ClipStreamer> streamer;  // once a clip streams and the player is prepared
    std::uint64_t streamedVersion = 0;       // counts changes of the streamed clips
  };
  void prepareToPlay(const ProcessSpec& spec) override;
  void resetState() noexcept override;
  void render(const graph::ProcessContext& context) noexcept override;
  void publish(bool streamedChanged);

  RealtimeHandoff<Schedule> schedule_;
  std::shared_ptr<const std::vector<ScheduledClip>> clips_;  // the newest (control thread)
  std::int64_t end_ = 0;
  double sampleRate_ = 0.0;  // 0 until prepared
  int maxBlock_ = 0;
  std::shared_ptr<ClipStreamer> streamer_;
  std::uint64_t streamedVersion_ = 0;
  std::unique_ptr<ClipMixer> offline_;  // the rendering thread's, for bounces
  std::uint64_t heardVersion_ = 0;      // audio thread: the streamed clips it last played
};

}  // namespace tonewood::timeline
