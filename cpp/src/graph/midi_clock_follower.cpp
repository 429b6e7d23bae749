#include "tonewood/graph/midi_clock_follower.hpp"

#include <algorithm>
#include <limits>

namespace tonewood::graph {

namespace {
constexpr std::uint8_t kClock = 0xF8, kStart = 0xFA, kContinue = 0xFB, kStop = 0xFC,
                       kSongPosition = 0xF2;
}  // namespace

void MidiClockFollower::receive(int offset, const std::uint8_t* data, std::size_t size) noexcept {
  if (size == 0 || received_ == static_cast<int>(inbox_.size())) return;
  const std::uint8_t status = data[0];
  if (status != kClock && status != kStart && status != kContinue && status != kStop &&
      !(status == kSongPosition && size >= 3))
    return;
  const int position = status == kSongPosition ? (data[1] & 0x7F) | ((data[2] & 0x7F) << 7) : 0;
  inbox_[static_cast<std::size_t>(received_++)] = {offset, status, position};
}

TempoSegment MidiClockFollower::segmentAt(std::int64_t frame, double) const noexcept {
  for (int i = segmentCount_ - 1; i > 0; --i)
    if (frame >= segments_[static_cast<std::size_t>(i)].startFrame)
      return segments_[static_cast<std::size_t>(i)];
  return segments_[0];
}

double MidiClockFollower::estimatedFramesPerTick(double fallbackBpm,
                                                 double sampleRate) const noexcept {
  const int intervals = std::min(ticksSeen_ - 1, kIntervals);
  if (intervals < 1) return 60.0 * sampleRate / (kTicksPerBeat * fallbackBpm);
  const auto newest = static_cast<std::size_t>((ticksSeen_ - 1) % (kIntervals + 1));
  const auto oldest = static_cast<std::size_t>((ticksSeen_ - 1 - intervals) % (kIntervals + 1));
  return static_cast<double>(tickFrames_[newest] - tickFrames_[oldest]) / intervals;
}

void MidiClockFollower::addSegment(std::int64_t startFrame, double beat, double bpm,
                                   const TransportPosition& p,
                                   const TimeSignature& meter) noexcept {
  if (segmentCount_ > 0 &&
      segments_[static_cast<std::size_t>(segmentCount_ - 1)].startFrame == startFrame)
    --segmentCount_;  // replaced where two begin on one frame
  if (segmentCount_ == static_cast<int>(segments_.size())) return;
  const TempoSegment s = segmentFrom(p, startFrame, beat, bpm, meter);
  if (segmentCount_ > 0)
    segments_[static_cast<std::size_t>(segmentCount_ - 1)].endFrame = startFrame;
  segments_[static_cast<std::size_t>(segmentCount_++)] = s;
}

void MidiClockFollower::beginCycle(FollowRequest& request, const CycleTiming& timing) noexcept {
  const TransportPosition& p = *request.position;
  const double rate = p.sampleRate;
  const TimeSignature meter = request.signature;
  bool playing = p.playing;
  if (request.startRequested) startOnTick_ = true;  // on the next tick (after a Start if stopped)
  if (request.stopped) startOnTick_ = false;
  // Timeline frames advance only while playing: `from` is the cycle's frame playing began on.
  int from = playing ? 0 : -1;
  auto timelineAt = [&](int offset) { return p.frame + (offset - std::max(from, 0)); };
  double estimateBpm = p.bpm > 0 ? p.bpm : 120.0;
  segmentCount_ = 0;
  addSegment(p.frame, p.beats, estimateBpm, p, meter);
  double beat = p.beats;  // where the transport is at `at`
  int at = 0;
  for (int i = 0; i < received_; ++i) {
    const Message& m = inbox_[static_cast<std::size_t>(i)];
    const int offset = std::clamp(m.offset, 0, std::max(0, timing.frames - 1));
    switch (m.status) {
      case kStart:
        nextTick_ = 0;
        ticksSeen_ = 0;
        startOnTick_ = !playing;
        running_.store(true, std::memory_order_relaxed);
        break;
      case kContinue:
        nextTick_ = static_cast<std::int64_t>(songPosition_) * (kTicksPerBeat / 4);
        ticksSeen_ = 0;
        startOnTick_ = !playing;
        running_.store(true, std::memory_order_relaxed);
        break;
      case kSongPosition:
        songPosition_ = m.songPosition;
        break;
      case kStop:
        running_.store(false, std::memory_order_relaxed);
        startOnTick_ = false;
        if (playing && request.toggleAfter < 0) {
          request.toggleAfter = offset;
          playing = false;
        }
        break;
      case kClock: {
        tickFrames_[static_cast<std::size_t>(ticksSeen_ % (kIntervals + 1))] = counted_ + offset;
        ++ticksSeen_;
        const double tickBeat = static_cast<double>(nextTick_++) / kTicksPerBeat;
        const double framesPerTick = estimatedFramesPerTick(estimateBpm, rate);
        estimateBpm = 60.0 * rate / (kTicksPerBeat * framesPerTick);
        if (ticksSeen_ > 1) measured_.store(estimateBpm, std::memory_order_relaxed);
        if (!playing && startOnTick_ && request.toggleAfter < 0) {
          // Playing starts on this tick, at its beat.
          request.toggleAfter = offset;
          startOnTick_ = false;
          playing = true;
          from = offset;
          segmentCount_ = 0;
          addSegment(p.frame, tickBeat, estimateBpm, p, meter);
        } else if (playing) {
          // Up to the tick, at the pace that reaches its beat there (where the last segment has
          // not run past it); from the tick on, from its beat at the measured tempo.
          const int span = offset - std::max(at, std::max(from, 0));
          if (span > 0 && tickBeat > beat)
            addSegment(timelineAt(std::max(at, std::max(from, 0))), beat,
                       (tickBeat - beat) * 60.0 * rate / span, p, meter);
          addSegment(timelineAt(offset), tickBeat, estimateBpm, p, meter);
        }
        beat = tickBeat;
        at = offset;
        break;
      }
      default:
        break;
    }
  }
  received_ = 0;
  counted_ += timing.frames;
  if (segmentCount_ > 0)
    segments_[static_cast<std::size_t>(segmentCount_ - 1)].endFrame =
        std::numeric_limits<std::int64_t>::max();
}

}  // namespace tonewood::graph
