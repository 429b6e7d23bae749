#include "tonewood/graph/transport.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "tonewood/core/errors.hpp"

namespace tonewood::graph {

namespace {
// Positions within this many beats of a bar line count as on it (float rounding).
constexpr double kOnTheLine = 1e-9;
}  // namespace

Transport::Transport(double sampleRate) : sampleRate_(sampleRate) {
  position_.sampleRate = sampleRate;
  refreshPosition();
}

Transport::~Transport() = default;

void Transport::send(const Command& command) {
  std::lock_guard lock(sendMutex_);
  source_.collect();
  if (!commands_.push(command))
    throw CapacityError(
        "too many transport requests are waiting for the audio thread (256); render or wait "
        "for the running engine to take them");
}

void Transport::play() {
  send({Op::Play});
  // A following source starts it on its own grid: playing() turns true when it does.
  if (!follows_.load(std::memory_order_acquire)) playing_.store(true, std::memory_order_release);
}

void Transport::stop() {
  send({Op::Stop});
  playing_.store(false, std::memory_order_release);
}

void Transport::locate(Frames frame) {
  requireInRange("transport position", static_cast<double>(frame.value), 0.0, 9.2e18, "frames");
  send({Op::Locate, frame.value});
  frame_.store(frame.value, std::memory_order_release);
}

void Transport::setLoop(Frames start, Frames end) {
  requireInRange("loop start", static_cast<double>(start.value), 0.0, 9.2e18, "frames");
  if (end.value <= start.value)
    throw OutOfRangeError("loop end must be after the loop start (" + std::to_string(start.value) +
                          " frames), got " + std::to_string(end.value) + " frames");
  send({Op::Loop, start.value, end.value});
  loopStart_.store(start.value, std::memory_order_release);
  loopEnd_.store(end.value, std::memory_order_release);
}

void Transport::setLooping(bool on) {
  if (on && loopEnd_.load() <= loopStart_.load())
    throw InvalidArgumentError("set a loop range (setLoop) before turning looping on");
  send({Op::Looping, on ? 1 : 0});
  looping_.store(on, std::memory_order_release);
}

void Transport::setTempo(double bpm) {
  requireInRange("tempo", bpm, 10.0, 999.0, "BPM");
  send({Op::Tempo, 0, 0, bpm});
  bpm_.store(bpm, std::memory_order_release);
}

void requireTimeSignature(int numerator, int denominator) {
  requireInRange("time signature numerator", numerator, 1, 64, "beats");
  const bool powerOfTwo =
      denominator >= 1 && denominator <= 64 && (denominator & (denominator - 1)) == 0;
  if (!powerOfTwo)
    throw OutOfRangeError("time signature denominator must be 1, 2, 4, 8, 16, 32 or 64, got " +
                          std::to_string(denominator));
}

void Transport::setTimeSignature(int numerator, int denominator) {
  requireTimeSignature(numerator, denominator);
  send({Op::Signature, numerator, denominator});
  numerator_.store(numerator, std::memory_order_release);
  denominator_.store(denominator, std::memory_order_release);
}

void Transport::setTempoSource(std::shared_ptr<TempoSource> source) {
  std::lock_guard lock(sendMutex_);
  follows_.store(source && source->follows(), std::memory_order_release);
  source_.publish(std::make_unique<SourceRef>(SourceRef{std::move(source)}));
}

TimeSignature Transport::timeSignature() const noexcept {
  return {numerator_.load(std::memory_order_acquire), denominator_.load(std::memory_order_acquire)};
}

void Transport::beginBlock(const CycleTiming& timing) noexcept {
  if (source_.acquire()) {
    pendingJump_ = true;
    toggleAfter_ = -1;
  }
  Command command;
  bool changed = false;
  while (commands_.pop(command)) {
    apply(command);
    changed = true;
  }
  const SourceRef* ref = source_.current();
  if (ref && ref->source && ref->source->follows()) {
    follow(*ref->source, timing);
    changed = true;
  }
  if (changed) {
    playing_.store(position_.playing, std::memory_order_release);
    looping_.store(position_.looping, std::memory_order_release);
  }
  refreshPosition();
}

void Transport::follow(TempoSource& source, const CycleTiming& timing) noexcept {
  FollowRequest request;
  refreshPosition();  // the position as the requests left it
  request.position = &position_;
  request.startRequested = std::exchange(startRequested_, false);
  request.stopped = std::exchange(stopped_, false);
  request.requestedTempo = std::exchange(requestedTempo_, 0.0);
  request.signature = builtin_.signature;
  source.beginCycle(request, timing);
  if (request.toggleAfter == 0)
    toggle();
  else
    toggleAfter_ = request.toggleAfter;
}

void Transport::toggle() noexcept {
  position_.playing = !position_.playing;
  pendingJump_ = true;
  toggleAfter_ = -1;
  playing_.store(position_.playing, std::memory_order_release);
}

void Transport::apply(const Command& c) noexcept {
  const std::int64_t now = position_.frame;
  const SourceRef* ref = source_.current();
  const bool following = ref && ref->source && ref->source->follows();
  switch (c.op) {
    case Op::Play:
      if (following && !position_.playing) {
        startRequested_ = true;  // the source starts it on its grid
        break;
      }
      if (!position_.playing) pendingJump_ = true;
      position_.playing = true;
      break;
    case Op::Stop:
      if (position_.playing) pendingJump_ = true;
      position_.playing = false;
      startRequested_ = false;
      stopped_ = following;
      toggleAfter_ = -1;
      break;
    case Op::Locate:
      jumpTo(c.a);
      break;
    case Op::Loop:
      position_.loopStart = c.a;
      position_.loopEnd = c.b;
      break;
    case Op::Looping:
      position_.looping = c.a != 0;
      break;
    case Op::Tempo: {
      if (following) {
        requestedTempo_ = c.value;  // the source passes it on to its clock
        break;
      }
      // Re-anchor at the current frame, so the beat position runs on without a jump.
      const double beat = builtin_.beatAt(now, sampleRate_);
      const double perBar = builtin_.signature.quarterNotesPerBar();
      const auto bars = std::floor((beat - builtin_.barLineBeat) / perBar + kOnTheLine);
      builtin_.barLineBeat += bars * perBar;
      builtin_.barLineIndex += static_cast<std::int64_t>(bars);
      builtin_.startFrame = now;
      builtin_.startBeat = beat;
      builtin_.bpm = c.value;
      break;
    }
    case Op::Signature: {
      // A new meter starts a bar here (at once when this is a bar line, else the next bar).
      const double beat = builtin_.beatAt(now, sampleRate_);
      const double perBar = builtin_.signature.quarterNotesPerBar();
      const double bars = (beat - builtin_.barLineBeat) / perBar;
      const double whole = std::floor(bars + kOnTheLine);
      const bool onLine = bars - whole < kOnTheLine;
      builtin_.barLineIndex += static_cast<std::int64_t>(whole) + (onLine ? 0 : 1);
      builtin_.barLineBeat = beat;
      builtin_.startFrame = now;
      builtin_.startBeat = beat;
      builtin_.signature = {static_cast<int>(c.a), static_cast<int>(c.b)};
      break;
    }
  }
}

void Transport::jumpTo(std::int64_t frame) noexcept {
  position_.frame = frame;
  pendingJump_ = true;
}

TempoSegment Transport::segmentAt(std::int64_t frame) const noexcept {
  if (const SourceRef* ref = source_.current(); ref && ref->source)
    return ref->source->segmentAt(frame, sampleRate_);
  return builtin_;
}

void setPosition(TransportPosition& p, const TempoSegment& segment, std::int64_t frame) noexcept {
  p.frame = frame;
  p.tempo = segment;
  p.seconds = static_cast<double>(frame) / p.sampleRate;
  p.beats = segment.beatAt(frame, p.sampleRate);
  p.bpm = segment.bpmAt(frame);
  p.signature = segment.signature;
  const double perBar = segment.signature.quarterNotesPerBar();
  const double bars = std::floor((p.beats - segment.barLineBeat) / perBar + kOnTheLine);
  p.bar = segment.barLineIndex + static_cast<std::int64_t>(bars);
  p.barBeat = std::max(0.0, p.beats - segment.barLineBeat - bars * perBar) *
              segment.signature.denominator / 4.0;
}

TempoSegment segmentFrom(const TransportPosition& p, std::int64_t startFrame, double beat,
                         double bpm, const TimeSignature& meter) noexcept {
  TempoSegment s;
  s.startFrame = startFrame;
  s.startBeat = beat;
  s.bpm = bpm;
  s.signature = meter;
  const double perUnit = 4.0 / p.signature.denominator;
  s.barLineBeat = p.beats - p.barBeat * perUnit;
  s.barLineIndex = p.bar;
  if (meter != p.signature) {
    const bool onLine = p.barBeat < kOnTheLine;
    s.barLineBeat = p.beats;
    s.barLineIndex = p.bar + (onLine ? 0 : 1);
  }
  return s;
}

int firstFrameAtBeat(const TransportPosition& t, int frames, double beat) noexcept {
  int low = 0, high = frames;
  while (low < high) {
    const int mid = (low + high) / 2;
    if (t.beatAt(t.frame + mid) >= beat - 1e-9)
      high = mid;
    else
      low = mid + 1;
  }
  return low;
}

TransportPosition TransportPosition::advancedBy(int frames) const noexcept {
  TransportPosition q = *this;
  q.jumped = false;
  if (playing && frames != 0) setPosition(q, tempo, frame + frames);
  return q;
}

void Transport::refreshPosition() noexcept {
  TransportPosition& p = position_;
  setPosition(p, segmentAt(p.frame), p.frame);
  p.jumped = pendingJump_;
  frame_.store(p.frame, std::memory_order_release);
  bpm_.store(p.bpm, std::memory_order_release);
  beats_.store(p.beats, std::memory_order_release);
  numerator_.store(p.signature.numerator, std::memory_order_release);
  denominator_.store(p.signature.denominator, std::memory_order_release);
}

int Transport::pieceLength(int frames) const noexcept {
  std::int64_t n = frames;
  if (toggleAfter_ > 0) n = std::min<std::int64_t>(n, toggleAfter_);
  if (!position_.playing) return static_cast<int>(std::max<std::int64_t>(1, n));
  const std::int64_t at = position_.frame;
  if (position_.looping && at < position_.loopEnd) n = std::min(n, position_.loopEnd - at);
  n = std::min(n, segmentAt(at).endFrame - at);
  return static_cast<int>(std::max<std::int64_t>(1, n));
}

void Transport::advance(int frames) noexcept {
  pendingJump_ = false;
  if (position_.playing) {
    const std::int64_t before = position_.frame;
    position_.frame += frames;
    if (position_.looping && before < position_.loopEnd && position_.frame >= position_.loopEnd)
      jumpTo(position_.loopStart);
  }
  if (toggleAfter_ > 0) {
    toggleAfter_ -= frames;
    if (toggleAfter_ <= 0) toggle();
  }
  refreshPosition();
}

}  // namespace tonewood::graph
