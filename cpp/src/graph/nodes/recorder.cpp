#include "tonewood/graph/nodes/recorder.hpp"

#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstring>
#include <limits>

#include "tonewood/core/errors.hpp"
#include "tonewood/io/audio_file.hpp"

namespace tonewood::graph {

namespace {
constexpr int kChunkFrames = 1 << 15;  // what the disk thread writes at once
constexpr auto kDiskNap = std::chrono::milliseconds(10);

int checkedChannels(int channels) {
  requireInRange("recorder channels", channels, 1, kMaxChannels, "channels");
  return channels;
}
}  // namespace

Recorder::Recorder(int channels, double ringSeconds)
    : Processor("recorder", {}, {checkedChannels(channels), 0}),
      ringSeconds_(std::max(5.0, ringSeconds)) {}

Recorder::~Recorder() {
  if (state_.load() != kIdle) stop();
}

void Recorder::prepareToPlay(const ProcessSpec& spec) {
  if (state_.load() != kIdle)
    throw InvalidArgumentError("a recorder cannot be prepared again while it records");
  sampleRate_ = spec.sampleRate;
  ring_ = std::make_unique<AudioRing>(
      numInputChannels(), static_cast<std::size_t>(std::ceil(ringSeconds_ * spec.sampleRate)) +
                              static_cast<std::size_t>(spec.maxBlockSize));
  chunk_ = AudioBuffer(numInputChannels(), kChunkFrames);
}

void Recorder::open(const std::string& path, const std::string& subtype) {
  if (state_.load() != kIdle) throw InvalidArgumentError("the recorder is already recording");
  if (!ring_) throw InvalidArgumentError("add the recorder to an engine before recording");
  io::AudioWriteOptions options;
  options.subtype = subtype;
  options.inPlace = true;
  file_ = std::make_unique<io::AudioFile>(
      io::AudioFile::openWrite(path, sampleRate_, numInputChannels(), options));
  file_->flush();  // a valid (empty) file from the start
}

void Recorder::startFile(const std::string& path, const std::string& subtype,
                         std::int64_t fromFrame, std::int64_t frames) {
  std::lock_guard lock(controlMutex_);
  open(path, subtype);
  take_.store(false);
  begin(fromFrame, frames);
}

void Recorder::startTake(const std::string& path, const std::string& subtype, std::int64_t punchIn,
                         std::int64_t punchOut) {
  std::lock_guard lock(controlMutex_);
  requireInRange("punch-in", static_cast<double>(punchIn), 0.0, 9.2e18, "frames");
  if (punchOut <= punchIn)
    throw InvalidArgumentError("the punch-out (frame " + std::to_string(punchOut) +
                               ") must come after the punch-in (frame " + std::to_string(punchIn) +
                               ")");
  open(path, subtype);
  punchIn_.store(punchIn);
  punchOut_.store(punchOut);
  takeStart_.store(-1);
  takeNext_ = -1;
  take_.store(true);
  begin(0, -1);
}

void Recorder::startMemory(std::int64_t maxFrames, std::int64_t fromFrame) {
  std::lock_guard lock(controlMutex_);
  if (state_.load() != kIdle) throw InvalidArgumentError("the recorder is already recording");
  if (!ring_) throw InvalidArgumentError("add the recorder to an engine before recording");
  requireInRange("recording length", static_cast<double>(maxFrames), 1.0, INT_MAX, "frames");
  memory_ = AudioBuffer(numInputChannels(), static_cast<int>(maxFrames));
  memoryFrames_ = 0;
  memoryLimit_ = maxFrames;
  begin(fromFrame, -1);
}

void Recorder::begin(std::int64_t fromFrame, std::int64_t frames) {
  ring_->clear();
  written_.store(0);
  overruns_.store(0);
  failure_.clear();
  failed_.store(false);
  from_.store(fromFrame);
  complete_.store(false);
  to_.store(frames < 0 ? std::numeric_limits<std::int64_t>::max() : fromFrame + frames);
  stopping_.store(false);
  state_.store(kRecording);
  thread_ = std::thread([this] { diskLoop(); });
}

void Recorder::render(const ProcessContext& c) noexcept {
  // Marked inside before the state is read, so stop() can tell when no block still writes.
  inRender_.store(1);
  if (state_.load() == kRecording) {
    if (take_.load(std::memory_order_acquire))
      recordTake(c);
    else
      record(c);
  }
  inRender_.store(0);
}

void Recorder::recordTake(const ProcessContext& c) noexcept {
  const TransportPosition& t = *c.transport;
  if (!t.playing || complete_.load(std::memory_order_relaxed)) return;
  const std::int64_t a = std::max(punchIn_.load(), t.frame);
  const std::int64_t b = std::min(punchOut_.load(), t.frame + c.frames);
  if (takeNext_ >= 0 && (t.frame != takeNext_ || b <= a)) {  // a jump, a loop or the punch-out
    complete_.store(true, std::memory_order_release);
    return;
  }
  if (b <= a) return;  // before the punch-in
  const auto n = static_cast<std::size_t>(b - a);
  float* ins[kMaxChannels];
  for (int ch = 0; ch < numInputChannels(); ++ch) ins[ch] = c.input.channel(ch);
  if (failed_.load(std::memory_order_relaxed)) {  // the file takes nothing more
    overruns_.fetch_add(static_cast<std::int64_t>(n), std::memory_order_relaxed);
    return;
  }
  if (!c.realtime)
    while (ring_->writableFrames() < n && state_.load() == kRecording && !writeFailed())
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (!ring_->write(ins, n, static_cast<std::size_t>(a - t.frame)))
    overruns_.fetch_add(static_cast<std::int64_t>(n), std::memory_order_relaxed);
  if (takeNext_ < 0) takeStart_.store(a, std::memory_order_release);
  takeNext_ = t.frame + c.frames;
}

void Recorder::record(const ProcessContext& c) noexcept {
  const std::int64_t skip = std::clamp<std::int64_t>(from_.load() - c.engineFrame, 0, c.frames);
  const std::int64_t end = std::clamp<std::int64_t>(to_.load() - c.engineFrame, skip, c.frames);
  const auto n = static_cast<std::size_t>(end - skip);
  if (n == 0) return;
  float* ins[kMaxChannels];
  for (int ch = 0; ch < numInputChannels(); ++ch) ins[ch] = c.input.channel(ch);
  if (failed_.load(std::memory_order_relaxed)) {  // the file takes nothing more
    overruns_.fetch_add(static_cast<std::int64_t>(n), std::memory_order_relaxed);
    if (c.engineFrame + end >= to_.load()) complete_.store(true, std::memory_order_release);
    return;
  }
  if (!c.realtime)  // offline the disk thread is waited for, so nothing is lost
    while (ring_->writableFrames() < n && state_.load() == kRecording && !writeFailed())
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (!ring_->write(ins, n, static_cast<std::size_t>(skip)))
    overruns_.fetch_add(static_cast<std::int64_t>(n), std::memory_order_relaxed);
  if (c.engineFrame + end >= to_.load()) complete_.store(true, std::memory_order_release);
}

void Recorder::drain(bool all) {
  float* rows[kMaxChannels];
  for (int ch = 0; ch < numInputChannels(); ++ch) rows[ch] = chunk_.channel(ch);
  for (;;) {
    const std::size_t ready = ring_->readableFrames();
    if (ready == 0 || (!all && ready < kChunkFrames / 4)) return;
    const std::size_t n = ring_->read(rows, std::min<std::size_t>(ready, kChunkFrames));
    if (file_) {
      try {
        file_->write(rows, static_cast<std::int64_t>(n));
        file_->flush();
      } catch (const Error& e) {
        // Part of this chunk may be in the file: the header is brought up to what is there.
        failure_ = e.what();
        try {
          file_->flush();
        } catch (const Error&) {
        }
        const std::int64_t kept = std::max<std::int64_t>(file_->frames() - written_.load(), 0);
        written_.fetch_add(std::min<std::int64_t>(kept, static_cast<std::int64_t>(n)),
                           std::memory_order_release);
        overruns_.fetch_add(static_cast<std::int64_t>(n) -
                                std::min<std::int64_t>(kept, static_cast<std::int64_t>(n)),
                            std::memory_order_relaxed);
        failed_.store(true, std::memory_order_release);
        return;
      }
    } else {
      const auto room = static_cast<std::size_t>(memoryLimit_ - memoryFrames_);
      const std::size_t keep = std::min(n, room);
      for (int ch = 0; ch < numInputChannels(); ++ch)
        std::memcpy(memory_.channel(ch) + memoryFrames_, rows[ch], keep * sizeof(float));
      memoryFrames_ += static_cast<std::int64_t>(keep);
      overruns_.fetch_add(static_cast<std::int64_t>(n - keep), std::memory_order_relaxed);
    }
    written_.fetch_add(static_cast<std::int64_t>(n), std::memory_order_release);
  }
}

void Recorder::diskLoop() {
  while (!stopping_.load(std::memory_order_acquire) && !writeFailed()) {
    // Large writes while recording; all of it once the last frame asked for is in.
    drain(complete_.load(std::memory_order_acquire));
    std::this_thread::sleep_for(kDiskNap);
  }
  if (!writeFailed()) drain(true);
  // After a refused write, what waits in the ring is lost (the audio thread adds no more).
  if (writeFailed()) {
    overruns_.fetch_add(static_cast<std::int64_t>(ring_->readableFrames()));
    ring_->clear();
  }
}

std::int64_t Recorder::stop() {
  std::lock_guard lock(controlMutex_);
  if (state_.load() == kIdle) return written_.load();
  // Once no block is inside render, every later one sees the stop: the ring gets no more.
  state_.store(kStopping);
  while (inRender_.load() != 0) std::this_thread::yield();
  stopping_.store(true, std::memory_order_release);
  thread_.join();
  if (file_) {
    try {
      file_->close();
    } catch (const Error& e) {
      if (failure_.empty()) failure_ = e.what();
      failed_.store(true, std::memory_order_release);  // what was flushed stays on disk
    }
    file_.reset();
  }
  state_.store(kIdle);
  return written_.load();
}

std::string Recorder::writeFailure() const {
  return writeFailed() ? failure_ : std::string();
}

AudioBuffer Recorder::takeRecording() {
  std::lock_guard lock(controlMutex_);
  AudioBuffer out(numInputChannels(), static_cast<int>(memoryFrames_));
  for (int ch = 0; ch < numInputChannels(); ++ch)
    std::memcpy(out.channel(ch), memory_.channel(ch),
                static_cast<std::size_t>(memoryFrames_) * sizeof(float));
  memory_ = AudioBuffer();
  memoryFrames_ = 0;
  return out;
}

}  // namespace tonewood::graph
