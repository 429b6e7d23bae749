#pragma once

#include <memory>
#include <vector>

#include "tonewood/core/realtime_handoff.hpp"
#include "tonewood/graph/processor.hpp"
#include "tonewood/timeline/audio_clip.hpp"

namespace tonewood::timeline {

/// Plays an audio track's clips into the graph (stereo out; a mono clip plays on both sides). It
/// follows the transport: each clip sounds over its frames of the timeline while the transport
/// plays, from wherever it is, so a locate or a loop lands mid-clip on the exact sample. Frame i
/// of a clip is source frame offset + i (modulo the region when looping; counted from the
/// region's end when reversed) times gain * fade-in * fade-out, computed in double and rounded
/// once to float.
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

 private:
  struct Schedule {
    std::vector<ScheduledClip> clips;
  };
  void prepareToPlay(const ProcessSpec& spec) override;
  void resetState() noexcept override;
  void render(const graph::ProcessContext& context) noexcept override;
  static void play(const ScheduledClip& clip, std::int64_t from, int n, float* const* out) noexcept;

  RealtimeHandoff<Schedule> schedule_;
  std::int64_t end_ = 0;
};

}  // namespace tonewood::timeline
