#include "tonewood/analysis/loudness.hpp"

#include <ebur128.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "tonewood/core/errors.hpp"
#include "tonewood/core/interleave.hpp"
#include "tonewood/dsp/buffer_ops.hpp"

namespace tonewood::analysis {

namespace {

constexpr double kSilence = -std::numeric_limits<double>::infinity();

struct Destroy {
  void operator()(ebur128_state* s) const noexcept { ebur128_destroy(&s); }
};
using Meter = std::unique_ptr<ebur128_state, Destroy>;

Meter openMeter(const AudioBlockView& audio, double sampleRate, int mode) {
  requireInRange("sample rate", sampleRate, 8000.0, 384000.0, "Hz");
  Meter meter(ebur128_init(static_cast<unsigned>(audio.numChannels()),
                           static_cast<unsigned long>(sampleRate), mode));
  if (!meter) throw Error("libebur128 could not be initialised");
  if (audio.numChannels() == 6) {  // L R C LFE Ls Rs
    const int roles[] = {EBUR128_LEFT,   EBUR128_RIGHT,         EBUR128_CENTER,
                         EBUR128_UNUSED, EBUR128_LEFT_SURROUND, EBUR128_RIGHT_SURROUND};
    for (unsigned c = 0; c < 6; ++c) ebur128_set_channel(meter.get(), c, roles[c]);
  }
  return meter;
}

/// Feeds `audio` in hops of `hop` frames, calling `afterHop` after each.
template <typename F>
void feed(ebur128_state* meter, const AudioBlockView& audio, int hop, F&& afterHop) {
  std::vector<float> interleaved(static_cast<std::size_t>(hop) * audio.numChannels());
  for (int start = 0; start < audio.numFrames(); start += hop) {
    const int n = std::min(hop, audio.numFrames() - start);
    interleave(audio, start, n, interleaved.data());
    ebur128_add_frames_float(meter, interleaved.data(), static_cast<std::size_t>(n));
    afterHop(n == hop);
  }
}

/// Calls a libebur128 getter; -inf when it fails or the value is not finite.
template <typename Getter>
double measured(Getter&& get) {
  double value = 0.0;
  const int status = get(&value);  // before `value` is read (argument order is unspecified)
  return status == EBUR128_SUCCESS && std::isfinite(value) ? value : kSilence;
}

}  // namespace

float peakLevel(const AudioBlockView& audio) noexcept {
  return dsp::peakOf(audio);
}

double integratedLoudness(const AudioBlockView& audio, double sampleRate) {
  requireInRange("sample rate", sampleRate, 8000.0, 384000.0, "Hz");
  if (audio.numChannels() == 0 || audio.numFrames() == 0) return kSilence;
  Meter meter = openMeter(audio, sampleRate, EBUR128_MODE_I);
  feed(meter.get(), audio, 8192, [](bool) {});
  return measured([&](double* v) { return ebur128_loudness_global(meter.get(), v); });
}

double truePeakLevel(const AudioBlockView& audio, double sampleRate) {
  requireInRange("sample rate", sampleRate, 8000.0, 384000.0, "Hz");
  if (audio.numChannels() == 0 || audio.numFrames() == 0) return 0.0;
  Meter meter = openMeter(audio, sampleRate, EBUR128_MODE_TRUE_PEAK);
  feed(meter.get(), audio, 8192, [](bool) {});
  double peak = 0.0, value = 0.0;
  for (unsigned c = 0; c < static_cast<unsigned>(audio.numChannels()); ++c)
    if (ebur128_true_peak(meter.get(), c, &value) == EBUR128_SUCCESS) peak = std::max(peak, value);
  return peak;
}

LoudnessReport measureLoudness(const AudioBlockView& audio, double sampleRate) {
  requireInRange("sample rate", sampleRate, 8000.0, 384000.0, "Hz");
  LoudnessReport r;
  r.integrated = r.range = r.maxMomentary = r.maxShortTerm = kSilence;
  r.samplePeak = dsp::peakOf(audio);
  r.channelTruePeaks.assign(static_cast<std::size_t>(audio.numChannels()), 0.0);
  if (audio.numChannels() == 0 || audio.numFrames() == 0) return r;
  Meter meter = openMeter(
      audio, sampleRate,
      EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_TRUE_PEAK | EBUR128_MODE_M | EBUR128_MODE_S);
  const int hop = static_cast<int>(std::lround(sampleRate * r.seriesHop));
  double value = 0.0;
  // Each series starts once its window has filled.
  const auto momentaryFrames = static_cast<std::int64_t>(0.4 * sampleRate);
  const auto shortTermFrames = static_cast<std::int64_t>(3.0 * sampleRate);
  std::int64_t fed = 0;
  feed(meter.get(), audio, hop, [&](bool whole) {
    if (!whole) return;
    fed += hop;
    const double m =
        fed >= momentaryFrames
            ? measured([&](double* v) { return ebur128_loudness_momentary(meter.get(), v); })
            : kSilence;
    const double s =
        fed >= shortTermFrames
            ? measured([&](double* v) { return ebur128_loudness_shortterm(meter.get(), v); })
            : kSilence;
    r.momentary.push_back(m);
    r.shortTerm.push_back(s);
    r.maxMomentary = std::max(r.maxMomentary, m);
    r.maxShortTerm = std::max(r.maxShortTerm, s);
  });
  r.integrated = measured([&](double* v) { return ebur128_loudness_global(meter.get(), v); });
  r.range = ebur128_loudness_range(meter.get(), &value) == EBUR128_SUCCESS ? value : 0.0;
  r.truePeak = 0.0;
  for (unsigned c = 0; c < static_cast<unsigned>(audio.numChannels()); ++c) {
    if (ebur128_true_peak(meter.get(), c, &value) == EBUR128_SUCCESS) {
      r.channelTruePeaks[c] = value;
      r.truePeak = std::max(r.truePeak, value);
    }
  }
  return r;
}

}  // namespace tonewood::analysis
