#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "tonewood/graph/processor.hpp"

/// Small processors for graph tests: a deterministic source, a pure delay that reports its
/// delay as latency, and a recorder of the events a node hears.
namespace tonewood::test {

/// A sine per channel (channel c at 100 * (c + 1) Hz) plus a little deterministic noise, computed
/// from the engine's clock, so any block size gives the same samples.
class TestTone final : public graph::Processor {
 public:
  explicit TestTone(int channels = 2) : Processor("test tone", {}, {0, channels}) {}

 private:
  void prepareToPlay(const ProcessSpec& spec) override { rate_ = spec.sampleRate; }
  void resetState() noexcept override {}
  void render(const graph::ProcessContext& c) noexcept override {
    for (int ch = 0; ch < numOutputChannels(); ++ch)
      for (int i = 0; i < c.frames; ++i) {
        const std::int64_t t = c.engineFrame + i;
        const auto hash = static_cast<std::uint32_t>((t * 2654435761u) ^ (ch * 40503u)) >> 9;
        c.output.channel(ch)[i] = static_cast<float>(
            0.5 * std::sin(6.283185307179586 * 100.0 * (ch + 1) * static_cast<double>(t) / rate_) +
            0.01 * (static_cast<double>(hash) / 8388608.0 - 0.5));
      }
  }
  double rate_ = 48000.0;
};

/// Delays its input by `frames` and says so through latencyFrames().
class LatencyProcessor final : public graph::Processor {
 public:
  LatencyProcessor(int channels, int frames)
      : Processor("latency", {}, {channels, channels}), frames_(frames) {}
  int latencyFrames() const noexcept override { return frames_; }

 private:
  void prepareToPlay(const ProcessSpec&) override {
    lines_.assign(static_cast<std::size_t>(numOutputChannels()),
                  std::vector<float>(static_cast<std::size_t>(frames_) + 1, 0.0f));
    at_ = 0;
  }
  void resetState() noexcept override {
    for (auto& l : lines_) std::fill(l.begin(), l.end(), 0.0f);
    at_ = 0;
  }
  void render(const graph::ProcessContext& c) noexcept override {
    const std::size_t size = static_cast<std::size_t>(frames_) + 1;
    for (int i = 0; i < c.frames; ++i) {
      for (int ch = 0; ch < numOutputChannels(); ++ch) {
        auto& line = lines_[static_cast<std::size_t>(ch)];
        line[at_] = c.input.channel(ch)[i];
        c.output.channel(ch)[i] = line[(at_ + 1) % size];
      }
      at_ = (at_ + 1) % size;
    }
  }
  int frames_;
  std::vector<std::vector<float>> lines_;
  std::size_t at_ = 0;
};

/// Records the MIDI events it hears with their engine frames (up to 4096; no allocation while
/// rendering). Outputs silence on one channel, so it can sit before the graph's output.
class EventRecorder final : public graph::Processor {
 public:
  struct Heard {
    std::int64_t frame;
    std::uint8_t status, data1, data2;
  };
  EventRecorder() : Processor("recorder", {}, {0, 1, true, false}) { heard.reserve(4096); }
  std::vector<Heard> heard;

 private:
  void prepareToPlay(const ProcessSpec&) override {}
  void resetState() noexcept override {}
  void render(const graph::ProcessContext& c) noexcept override {
    std::fill_n(c.output.channel(0), c.frames, 0.0f);
    for (const graph::Event& e : *c.events)
      if (e.kind == graph::EventKind::Midi && heard.size() < heard.capacity())
        heard.push_back({c.engineFrame + e.frame, e.bytes[0], e.bytes[1], e.bytes[2]});
  }
};

/// An instrument that answers each note-on with one sample of velocity / 127 on its frame (mono),
/// so a test reads where notes landed straight off the audio.
class ClickInstrument final : public graph::Processor {
 public:
  ClickInstrument() : Processor("click instrument", {}, {0, 1, true, false}) {}

 private:
  void prepareToPlay(const ProcessSpec&) override {}
  void resetState() noexcept override {}
  void render(const graph::ProcessContext& c) noexcept override {
    std::fill_n(c.output.channel(0), c.frames, 0.0f);
    for (const graph::Event& e : *c.events)
      if (e.kind == graph::EventKind::Midi && (e.bytes[0] & 0xF0) == 0x90 && e.bytes[2] > 0)
        c.output.channel(0)[e.frame] = static_cast<float>(e.bytes[2]) / 127.0f;
  }
};

}  // namespace tonewood::test
