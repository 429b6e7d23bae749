#include "tonewood/timeline/midi_take_recorder.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

#include "tonewood/core/errors.hpp"
#include "tonewood/midi/message.hpp"

namespace tonewood::timeline {

MidiTakeRecorder::MidiTakeRecorder(std::size_t capacity)
    : Processor("midi take recorder", std::vector<ParamInfo>{}, {0, 0, true, false}),
      heard_(std::max<std::size_t>(capacity, 1024)) {}

MidiTakeRecorder::~MidiTakeRecorder() = default;

void MidiTakeRecorder::prepareToPlay(const ProcessSpec&) {}

void MidiTakeRecorder::start(std::int64_t punchIn, std::int64_t punchOut) {
  if (recording()) throw InvalidArgumentError("the MIDI take recorder is already recording");
  requireInRange("punch-in", static_cast<double>(punchIn), 0.0, 9.2e18, "frames");
  if (punchOut <= punchIn)
    throw InvalidArgumentError("the punch-out (frame " + std::to_string(punchOut) +
                               ") must come after the punch-in (frame " + std::to_string(punchIn) +
                               ")");
  count_.store(0);
  dropped_.store(0);
  punchIn_.store(punchIn);
  punchOut_.store(punchOut);
  ended_.store(false);
  next_ = -1;
  recording_.store(true, std::memory_order_release);
}

void MidiTakeRecorder::stop() {
  recording_.store(false, std::memory_order_release);
  // Once no block is inside render, every later one sees the stop.
  while (inRender_.load(std::memory_order_acquire) != 0) std::this_thread::yield();
}

void MidiTakeRecorder::render(const graph::ProcessContext& c) noexcept {
  inRender_.store(1, std::memory_order_seq_cst);
  if (recording_.load(std::memory_order_seq_cst) && !ended_.load(std::memory_order_relaxed))
    record(c);
  inRender_.store(0, std::memory_order_release);
}

void MidiTakeRecorder::record(const graph::ProcessContext& c) noexcept {
  const graph::TransportPosition& t = *c.transport;
  if (!t.playing) return;
  if (next_ >= 0 && t.frame != next_) {  // a locate or a loop back: the take is over
    ended_.store(true, std::memory_order_relaxed);
    return;
  }
  next_ = t.frame + c.frames;
  for (const graph::Event& e : *c.events) {
    if (e.kind != graph::EventKind::Midi || e.size == 0 || e.bytes[0] < 0x80 || e.bytes[0] >= 0xF0)
      continue;
    const std::int64_t frame = t.frame + e.frame;
    if (frame < punchIn_.load(std::memory_order_relaxed) ||
        frame >= punchOut_.load(std::memory_order_relaxed))
      continue;
    const std::size_t n = count_.load(std::memory_order_relaxed);
    if (n == heard_.size()) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      continue;
    }
    Heard& h = heard_[n];
    h.frame = frame;
    h.size = e.size;
    std::copy_n(e.bytes, 3, h.bytes);
    count_.store(n + 1, std::memory_order_release);
  }
}

MidiTakeRecorder::Taken MidiTakeRecorder::take(const TempoMap& map, double sampleRate,
                                               int ticksPerBeat) const {
  Taken out;
  out.file = midi::MidiFile::withTicksPerBeat(ticksPerBeat);
  midi::MidiTrack track;
  const std::size_t n = count_.load(std::memory_order_acquire);
  if (n == 0) return out;
  out.firstFrame = heard_[0].frame;
  const double first = map.beatAtFrame(out.firstFrame, sampleRate);
  for (std::size_t k = 0; k < n; ++k) {
    const Heard& h = heard_[k];
    // The tick whose frame on the map is the frame it came on: the nearest, then a step either
    // way if the map's rounding puts it a frame off.
    auto tick = static_cast<std::int64_t>(
        std::llround((map.beatAtFrame(h.frame, sampleRate) - first) * ticksPerBeat));
    auto frameOf = [&](std::int64_t t) {
      return map.frameAt(first + static_cast<double>(t) / ticksPerBeat, sampleRate);
    };
    if (frameOf(tick) < h.frame && frameOf(tick + 1) <= h.frame) ++tick;
    if (tick > 0 && frameOf(tick) > h.frame && frameOf(tick - 1) >= h.frame) --tick;
    track.add(midi::MidiEvent::channel(std::max<std::int64_t>(0, tick),
                                       midi::Message::fromBytes(h.bytes, h.size)));
  }
  out.file.tracks.push_back(std::move(track));
  return out;
}

}  // namespace tonewood::timeline
