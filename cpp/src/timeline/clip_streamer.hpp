#pragma once

// A track's streamed clips, read ahead of the playhead on a disk thread, for live play. Private to
// the timeline.
//
// The disk thread mixes the clips (ClipMixer) into a ring of chunks, following the transport's
// loop as the transport does, so a loop wraps without a seek. The audio thread takes the frames
// at the playhead; a locate drops what was read and refills from the new place (silence until
// the data arrives, counted as an underrun). An edit while playing must not glitch: the new clips
// are read into a second ring from a little ahead of the playhead, and the audio thread changes
// rings when it gets there.

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "clip_mixer.hpp"
#include "tonewood/core/request_ring.hpp"
#include "tonewood/graph/transport.hpp"

namespace tonewood::timeline {

class ClipStreamer {
 public:
  /// Starts the disk thread. Control thread.
  ClipStreamer(double sampleRate, int maxBlock);
  ~ClipStreamer();
  ClipStreamer(const ClipStreamer&) = delete;
  ClipStreamer& operator=(const ClipStreamer&) = delete;

  /// The clips reads take from now on (sorted by start, apart; the memory ones are left out of
  /// the mix). Control thread, before the audio thread is told they changed.
  void setClips(std::shared_ptr<const std::vector<ScheduledClip>> clips);
  /// Adds the streamed clips' frames of this block to stereo `out`; called for every block, so
  /// the stream waits at the playhead while the transport stands. `clipsChanged`: setClips was
  /// called since the last block. Audio thread.
  void play(const graph::TransportPosition& t, int n, bool clipsChanged,
            float* const* out) noexcept;
  /// Blocks that were missing frames (the disk was late). Any thread.
  std::size_t underruns() const noexcept { return underruns_.load(std::memory_order_relaxed); }

 private:
  struct Request {
    std::int64_t frame = -1;  // < 0: the lane stands idle
    bool looping = false;
    std::int64_t loopStart = 0, loopEnd = 0;
    // Where the transport goes `frames` after `from`, as it wraps at this loop.
    std::int64_t advance(std::int64_t from, std::int64_t frames) const noexcept;
  };
  // One ring and what each side knows of it.
  struct Lane {
    Lane(std::size_t frames, int maxRead) : ring(frames, 2, maxRead) {}
    RequestRing ring;
    // Audio -> disk: the request's fields are stored before its generation.
    std::atomic<std::int64_t> frame{-1}, loopStart{0}, loopEnd{0};
    std::atomic<bool> looping{false};
    std::atomic<std::uint32_t> generation{0};
    // Audio thread.
    Request requested;
    std::uint32_t audioGeneration = 0;
    // Disk thread.
    Request reading;
    std::uint32_t diskGeneration = 0;
    std::int64_t position = -1, offset = 0;
    std::shared_ptr<const std::vector<ScheduledClip>> clips;
  };

  void request(Lane& lane, const Request& r) noexcept;
  void take(Lane& lane, int n, float* const* out, int at) noexcept;
  void diskLoop();
  bool fill(Lane& lane);

  std::array<std::unique_ptr<Lane>, 2> lanes_;
  // Audio thread.
  int active_ = 0;
  bool pending_ = false;       // the other lane is filling with new clips
  std::int64_t switchIn_ = 0;  // frames until the audio thread changes to it
  std::int64_t expected_ = -1;
  std::atomic<std::size_t> underruns_{0};
  // Disk thread.
  ClipMixer mixer_;
  std::vector<float> mixed_, interleaved_;
  std::mutex clipsMutex_;
  std::shared_ptr<const std::vector<ScheduledClip>> clips_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace tonewood::timeline
