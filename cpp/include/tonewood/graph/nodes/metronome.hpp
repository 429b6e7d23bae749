#pragma once

#include <cstdint>

#include "tonewood/graph/processor.hpp"

namespace tonewood::graph {

/// Clicks on every beat of the transport's meter while it plays: a sine burst at `accent_hz` on
/// the first beat of each bar and at `beat_hz` on the others (beats in the signature's unit, so
/// 6/8 clicks eighths), `click_ms` long with a falling envelope, at `gain_db`. The click starts
/// on the exact frame of the beat, computed from the tempo segment, whatever the block size.
class Metronome final : public Processor {
 public:
  static constexpr std::size_t kGainDb = 0, kAccentHz = 1, kBeatHz = 2, kClickMs = 3;
  explicit Metronome(int channels = 2);

 private:
  void prepareToPlay(const ProcessSpec& spec) override;
  void resetState() noexcept override;
  void render(const ProcessContext& context) noexcept override;

  double sampleRate_ = 48000.0;
  std::int64_t lastUnit_ = 0;  // the beat (signature units since the bar line) last clicked
  std::int64_t age_ = -1;      // frames since the current click began; -1: silent
  bool accent_ = false;
};

}  // namespace tonewood::graph
