#include "tonewood/graph/nodes/audio_queue.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "tonewood/core/errors.hpp"

namespace tonewood::graph {

namespace {

int checkedChannels(int channels) {
  requireInRange("queue channels", channels, 1, kMaxChannels, "channels");
  return channels;
}

std::unique_ptr<AudioRing> ringFor(int channels, double seconds, const ProcessSpec& spec) {
  return std::make_unique<AudioRing>(
      channels, static_cast<std::size_t>(std::ceil(seconds * spec.sampleRate)) +
                    static_cast<std::size_t>(spec.maxBlockSize));
}

// Waits in small naps until `ready` or the time is up (< 0: forever).
template <typename Ready>
bool waitUntil(Ready ready, double timeoutSeconds) {
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration<double>(std::max(0.0, timeoutSeconds));
  while (!ready()) {
    if (timeoutSeconds >= 0 && std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

}  // namespace

AudioQueue::AudioQueue(int channels, double seconds)
    : Processor("audio queue", {}, {0, checkedChannels(channels)}), seconds_(seconds) {
  requireInRange("queue length", seconds, 0.01, 3600.0, "s");
}

void AudioQueue::prepareToPlay(const ProcessSpec& spec) {
  ring_ = ringFor(numOutputChannels(), seconds_, spec);
}

void AudioQueue::resetState() noexcept {
  ring_->clear();
  started_.store(false);
  ended_.store(false);
}

std::int64_t AudioQueue::enqueue(const AudioBlockView& block, double timeoutSeconds) {
  if (!ring_) throw InvalidArgumentError("add the queue to an engine before feeding it");
  if (block.numChannels() != numOutputChannels())
    throw InvalidArgumentError("the queue plays " + std::to_string(numOutputChannels()) +
                               " channels; the block has " + std::to_string(block.numChannels()));
  const float* rows[kMaxChannels];
  for (int c = 0; c < block.numChannels(); ++c) rows[c] = block.channel(c);
  const auto total = static_cast<std::size_t>(block.numFrames());
  std::size_t done = 0;
  while (done < total) {
    if (!waitUntil([&] { return ring_->writableFrames() > 0; }, timeoutSeconds)) break;
    const std::size_t n = std::min(total - done, ring_->writableFrames());
    ring_->write(rows, n, done);
    done += n;
    started_.store(true, std::memory_order_release);
  }
  return static_cast<std::int64_t>(done);
}

void AudioQueue::render(const ProcessContext& c) noexcept {
  float* outs[kMaxChannels];
  for (int ch = 0; ch < numOutputChannels(); ++ch) outs[ch] = c.output.channel(ch);
  const std::size_t got = ring_->read(outs, static_cast<std::size_t>(c.frames));
  if (got < static_cast<std::size_t>(c.frames)) {
    for (int ch = 0; ch < numOutputChannels(); ++ch)
      std::fill(outs[ch] + got, outs[ch] + c.frames, 0.0f);
    if (started_.load(std::memory_order_acquire) && !ended_.load(std::memory_order_acquire))
      underruns_.fetch_add(1, std::memory_order_relaxed);
  }
}

CaptureQueue::CaptureQueue(int channels, double seconds)
    : Processor("capture queue", {}, {checkedChannels(channels), 0}), seconds_(seconds) {
  requireInRange("queue length", seconds, 0.01, 3600.0, "s");
}

void CaptureQueue::prepareToPlay(const ProcessSpec& spec) {
  ring_ = ringFor(numInputChannels(), seconds_, spec);
}

void CaptureQueue::render(const ProcessContext& c) noexcept {
  const float* ins[kMaxChannels];
  for (int ch = 0; ch < numInputChannels(); ++ch) ins[ch] = c.input.channel(ch);
  if (!ring_->write(ins, static_cast<std::size_t>(c.frames)))
    overruns_.fetch_add(static_cast<std::size_t>(c.frames), std::memory_order_relaxed);
}

std::int64_t CaptureQueue::read(const AudioBlockView& out, double timeoutSeconds) {
  if (!ring_) throw InvalidArgumentError("add the queue to an engine before reading it");
  if (out.numChannels() != numInputChannels())
    throw InvalidArgumentError("the queue captures " + std::to_string(numInputChannels()) +
                               " channels; the block has " + std::to_string(out.numChannels()));
  const auto wanted = static_cast<std::size_t>(out.numFrames());
  waitUntil([&] { return ring_->readableFrames() >= wanted; }, timeoutSeconds);
  float* rows[kMaxChannels];
  for (int c = 0; c < out.numChannels(); ++c) rows[c] = out.channel(c);
  return static_cast<std::int64_t>(ring_->read(rows, wanted));
}

}  // namespace tonewood::graph
