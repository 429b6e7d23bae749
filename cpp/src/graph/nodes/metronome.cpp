#include "tonewood/graph/nodes/metronome.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "tonewood/core/errors.hpp"

namespace tonewood::graph {

namespace {

std::vector<ParamInfo> metronomeParams() {
  return {ParamInfo::make("gain_db", "Level", "dB", -60.0f, 0.0f, -6.0f),
          ParamInfo::make("accent_hz", "Accent Pitch", "Hz", 100.0f, 8000.0f, 1760.0f, 0.3f),
          ParamInfo::make("beat_hz", "Beat Pitch", "Hz", 100.0f, 8000.0f, 880.0f, 0.3f),
          ParamInfo::make("click_ms", "Click Length", "ms", 1.0f, 200.0f, 30.0f)};
}

int checkedChannels(int channels) {
  requireInRange("metronome channels", channels, 1, kMaxChannels, "channels");
  return channels;
}

// Within this many signature units of a beat counts as on it (float rounding).
constexpr double kOnTheBeat = 1e-9;

}  // namespace

Metronome::Metronome(int channels)
    : Processor("metronome", metronomeParams(), {0, checkedChannels(channels)}) {}

void Metronome::prepareToPlay(const ProcessSpec& spec) {
  sampleRate_ = spec.sampleRate;
  resetState();
}

void Metronome::resetState() noexcept {
  age_ = -1;
  lastUnit_ = 0;
}

void Metronome::render(const ProcessContext& c) noexcept {
  const TransportPosition& t = *c.transport;
  float* first = c.output.channel(0);
  if (!t.playing) {
    age_ = -1;
    std::fill_n(first, c.frames, 0.0f);
  } else {
    const double unitsPerBeat = t.signature.denominator / 4.0;
    const double gain = std::pow(10.0, value(kGainDb) / 20.0);
    const double length = std::max(1.0, value(kClickMs) * 1e-3 * sampleRate_);
    auto unitAt = [&](std::int64_t frame) {
      return static_cast<std::int64_t>(
          std::floor((t.beatAt(frame) - t.tempo.barLineBeat) * unitsPerBeat + kOnTheBeat));
    };
    if (t.jumped) {
      // Starting on a beat clicks it; starting between beats waits for the next.
      const std::int64_t unit = unitAt(t.frame);
      lastUnit_ = unit != unitAt(t.frame - 1) ? unit - 1 : unit;
      age_ = -1;
    }
    for (int i = 0; i < c.frames; ++i) {
      const std::int64_t unit = unitAt(t.frame + i);
      if (unit != lastUnit_) {
        lastUnit_ = unit;
        age_ = 0;
        const std::int64_t perBar = t.signature.numerator;
        accent_ = ((unit % perBar) + perBar) % perBar == 0;
      }
      double x = 0.0;
      if (age_ >= 0 && age_ < static_cast<std::int64_t>(length)) {
        const double hz = value(accent_ ? kAccentHz : kBeatHz);
        const double fade = 1.0 - static_cast<double>(age_) / length;
        x = gain * fade * fade *
            std::sin(2.0 * std::numbers::pi * hz * static_cast<double>(age_) / sampleRate_);
      }
      if (age_ >= 0) ++age_;
      first[i] = static_cast<float>(x);
    }
  }
  for (int ch = 1; ch < numOutputChannels(); ++ch)
    std::copy_n(first, c.frames, c.output.channel(ch));
}

}  // namespace tonewood::graph
