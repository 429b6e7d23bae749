#include "clip_streamer.hpp"

#include <algorithm>
#include <chrono>

namespace tonewood::timeline {

namespace {
constexpr int kChunkFrames = 4096;
constexpr double kAheadSeconds = 1.5;  // what the disk keeps ready
constexpr double kLeadSeconds = 0.2;   // how far ahead an edit's new clips start
constexpr auto kDiskNap = std::chrono::milliseconds(4);
}  // namespace

std::int64_t ClipStreamer::Request::advance(std::int64_t from, std::int64_t frames) const noexcept {
  const std::int64_t to = from + frames;
  if (!looping || from >= loopEnd || to < loopEnd) return to;
  return loopStart + (to - loopEnd) % (loopEnd - loopStart);
}

ClipStreamer::ClipStreamer(double sampleRate, int maxBlock)
    : mixer_(sampleRate),
      mixed_(2 * static_cast<std::size_t>(kChunkFrames)),
      interleaved_(2 * static_cast<std::size_t>(kChunkFrames)) {
  const auto ahead = static_cast<std::size_t>(kAheadSeconds * sampleRate) + kChunkFrames;
  for (auto& lane : lanes_) lane = std::make_unique<Lane>(ahead, maxBlock);
  thread_ = std::thread([this] { diskLoop(); });
}

ClipStreamer::~ClipStreamer() {
  stopping_.store(true, std::memory_order_release);
  thread_.join();
}

void ClipStreamer::setClips(std::shared_ptr<const std::vector<ScheduledClip>> clips) {
  const std::lock_guard lock(clipsMutex_);
  clips_ = std::move(clips);
}

void ClipStreamer::request(Lane& lane, const Request& r) noexcept {
  const std::uint32_t generation = ++lane.audioGeneration;
  lane.ring.restart(generation);  // what was read for the old request goes
  lane.requested = r;
  lane.frame.store(r.frame, std::memory_order_relaxed);
  lane.looping.store(r.looping, std::memory_order_relaxed);
  lane.loopStart.store(r.loopStart, std::memory_order_relaxed);
  lane.loopEnd.store(r.loopEnd, std::memory_order_relaxed);
  lane.generation.store(generation, std::memory_order_release);
}

void ClipStreamer::play(const graph::TransportPosition& t, int n, bool clipsChanged,
                        float* const* out) noexcept {
  Request now;
  now.frame = t.frame;
  now.looping = t.looping && t.loopStart < t.loopEnd;
  now.loopStart = t.loopStart;
  now.loopEnd = t.loopEnd;
  Lane& lane = *lanes_[static_cast<std::size_t>(active_)];
  Lane& other = *lanes_[static_cast<std::size_t>(active_ ^ 1)];
  const Request& was = lane.requested;
  const bool continuous =
      was.frame >= 0 && (t.frame == expected_ ||
                         (was.looping && expected_ == was.loopEnd && t.frame == was.loopStart));
  const bool loopMoved =
      now.looping != was.looping ||
      (now.looping && (now.loopStart != was.loopStart || now.loopEnd != was.loopEnd));
  if (!continuous || (!t.playing && (clipsChanged || loopMoved))) {
    if (pending_) request(other, Request{});
    pending_ = false;
    request(lane, now);
  } else if (clipsChanged || loopMoved) {
    // The old ring plays on until the new one's first frame comes up.
    const auto lead = static_cast<std::int64_t>(kLeadSeconds * t.sampleRate);
    Request next = now;
    next.frame = now.advance(t.frame, lead);
    request(other, next);
    pending_ = true;
    switchIn_ = lead;
  }
  expected_ = t.frame;
  if (!t.playing) return;
  if (pending_ && switchIn_ < n) {
    const auto first = static_cast<int>(switchIn_);
    take(lane, first, out, 0);
    request(lane, Request{});
    active_ ^= 1;
    pending_ = false;
    take(other, n - first, out, first);
  } else {
    take(lane, n, out, 0);
    if (pending_) switchIn_ -= n;
  }
  expected_ = t.frame + n;
}

void ClipStreamer::take(Lane& lane, int n, float* const* out, int at) noexcept {
  const int done = lane.ring.read(n, [&](const float* frames, int k, int from) {
    for (int i = 0; i < k; ++i) {
      out[0][at + from + i] += frames[2 * static_cast<std::size_t>(i)];
      out[1][at + from + i] += frames[2 * static_cast<std::size_t>(i) + 1];
    }
  });
  if (done < n) underruns_.fetch_add(1, std::memory_order_relaxed);
}

bool ClipStreamer::fill(Lane& lane) {
  const std::uint32_t generation = lane.generation.load(std::memory_order_acquire);
  if (generation != lane.diskGeneration) {
    lane.diskGeneration = generation;
    lane.reading.frame = lane.frame.load(std::memory_order_relaxed);
    lane.reading.looping = lane.looping.load(std::memory_order_relaxed);
    lane.reading.loopStart = lane.loopStart.load(std::memory_order_relaxed);
    lane.reading.loopEnd = lane.loopEnd.load(std::memory_order_relaxed);
    lane.position = lane.reading.frame;
    lane.offset = 0;
    const std::lock_guard lock(clipsMutex_);
    lane.clips = clips_;
  }
  if (lane.position < 0 || !lane.ring.hasRoomFor(kChunkFrames)) return false;
  const Request& r = lane.reading;
  const bool beforeLoopEnd = r.looping && lane.position < r.loopEnd;
  const auto n = static_cast<int>(
      beforeLoopEnd ? std::min<std::int64_t>(kChunkFrames, r.loopEnd - lane.position)
                    : kChunkFrames);
  float* rows[2] = {mixed_.data(), mixed_.data() + kChunkFrames};
  std::fill_n(rows[0], n, 0.0f);
  std::fill_n(rows[1], n, 0.0f);
  if (lane.clips) mixer_.mix(*lane.clips, lane.position, n, rows, ClipKinds::Streamed);
  for (int i = 0; i < n; ++i) {
    interleaved_[2 * static_cast<std::size_t>(i)] = rows[0][i];
    interleaved_[2 * static_cast<std::size_t>(i) + 1] = rows[1][i];
  }
  lane.ring.write(generation, lane.offset, interleaved_.data(), n);
  lane.offset += n;
  lane.position += n;
  if (beforeLoopEnd && lane.position == r.loopEnd) lane.position = r.loopStart;
  return true;
}

void ClipStreamer::diskLoop() {
  while (!stopping_.load(std::memory_order_acquire)) {
    bool worked = false;
    // The lane an edit fills first: the audio thread is counting down to it.
    for (auto& lane : lanes_) worked = fill(*lane) || worked;
    if (!worked) std::this_thread::sleep_for(kDiskNap);
  }
}

}  // namespace tonewood::timeline
