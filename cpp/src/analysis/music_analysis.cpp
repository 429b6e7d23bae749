#include "tonewood/analysis/music_analysis.hpp"

#include <aubio/aubio.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "tonewood/core/errors.hpp"

namespace tonewood::analysis {

namespace {

struct FvecDelete {
  void operator()(fvec_t* v) const noexcept { del_fvec(v); }
};
using Fvec = std::unique_ptr<fvec_t, FvecDelete>;

void requireFrames(double sampleRate, int fftSize, int hop) {
  requireInRange("sample rate", sampleRate, 1000.0, 768000.0, "Hz");
  requireInRange("FFT size", fftSize, 64, 1 << 16, "frames");
  requireInRange("hop", hop, 16, fftSize, "frames");
}

/// Calls `step(input)` for each hop of the mono average of `audio` (zero-padded at the end).
template <typename F>
void forEachHop(const AudioBlockView& audio, int hop, F&& step) {
  Fvec input(new_fvec(static_cast<uint_t>(hop)));
  const float share = 1.0f / static_cast<float>(std::max(1, audio.numChannels()));
  for (int start = 0; start < audio.numFrames(); start += hop) {
    const int n = std::min(hop, audio.numFrames() - start);
    for (int i = 0; i < hop; ++i) {
      float sum = 0.0f;
      if (i < n)
        for (int c = 0; c < audio.numChannels(); ++c) sum += audio.channel(c)[start + i];
      input->data[i] = sum * share;
    }
    step(input.get());
  }
}

template <typename T, void (*Delete)(T*)>
struct AubioDelete {
  void operator()(T* p) const noexcept { Delete(p); }
};

}  // namespace

std::vector<double> detectOnsets(const AudioBlockView& audio, double sampleRate,
                                 const OnsetOptions& o) {
  requireFrames(sampleRate, o.fftSize, o.hop);
  static const char* const kMethods[] = {"default", "energy",   "hfc", "complex", "phase",
                                         "wphase",  "specdiff", "kl",  "mkl",     "specflux"};
  if (std::find_if(std::begin(kMethods), std::end(kMethods),
                   [&](const char* m) { return o.method == m; }) == std::end(kMethods))
    throw InvalidArgumentError("unknown onset method '" + o.method +
                               "'; use default, energy, hfc, complex, phase, wphase, specdiff, "
                               "kl, mkl or specflux");
  std::unique_ptr<aubio_onset_t, AubioDelete<aubio_onset_t, del_aubio_onset>> onset(
      new_aubio_onset(o.method.c_str(), static_cast<uint_t>(o.fftSize), static_cast<uint_t>(o.hop),
                      static_cast<uint_t>(sampleRate)));
  if (!onset) throw Error("aubio could not start onset detection");
  aubio_onset_set_threshold(onset.get(), static_cast<smpl_t>(o.threshold));
  aubio_onset_set_minioi_s(onset.get(), static_cast<smpl_t>(o.minIntervalSeconds));
  aubio_onset_set_silence(onset.get(), static_cast<smpl_t>(o.silenceDb));
  Fvec out(new_fvec(1));
  std::vector<double> times;
  forEachHop(audio, o.hop, [&](fvec_t* in) {
    aubio_onset_do(onset.get(), in, out.get());
    if (out->data[0] != 0) {
      const double t = aubio_onset_get_last_s(onset.get());
      if (times.empty() || t > times.back()) times.push_back(t);
    }
  });
  return times;
}

TempoEstimate estimateTempo(const AudioBlockView& audio, double sampleRate, int fftSize, int hop) {
  requireFrames(sampleRate, fftSize, hop);
  std::unique_ptr<aubio_tempo_t, AubioDelete<aubio_tempo_t, del_aubio_tempo>> tempo(
      new_aubio_tempo("default", static_cast<uint_t>(fftSize), static_cast<uint_t>(hop),
                      static_cast<uint_t>(sampleRate)));
  if (!tempo) throw Error("aubio could not start tempo tracking");
  Fvec out(new_fvec(1));
  TempoEstimate e;
  // A beat shows as a new "last beat" position: the output value is the beat's fraction of the
  // hop, which is 0 for a beat on the hop boundary, so it cannot be the test.
  uint_t lastBeat = aubio_tempo_get_last(tempo.get());
  forEachHop(audio, hop, [&](fvec_t* in) {
    aubio_tempo_do(tempo.get(), in, out.get());
    if (aubio_tempo_get_last(tempo.get()) != lastBeat) {
      lastBeat = aubio_tempo_get_last(tempo.get());
      e.beats.push_back(aubio_tempo_get_last_s(tempo.get()));
    }
  });
  e.confidence = aubio_tempo_get_confidence(tempo.get());
  if (e.beats.size() >= 4) {
    // The mean of the intervals near the median: robust to a skipped or doubled beat, and
    // finer than the hop the median alone would be quantised to.
    std::vector<double> intervals;
    for (std::size_t i = 1; i < e.beats.size(); ++i)
      intervals.push_back(e.beats[i] - e.beats[i - 1]);
    std::vector<double> sorted = intervals;
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    const double median = sorted[sorted.size() / 2];
    double sum = 0.0;
    int count = 0;
    for (double d : intervals)
      if (std::abs(d - median) < 0.25 * median) {
        sum += d;
        ++count;
      }
    e.bpm = 60.0 * count / sum;
  } else {
    e.bpm = aubio_tempo_get_bpm(tempo.get());
  }
  return e;
}

PitchTrack trackPitch(const AudioBlockView& audio, double sampleRate, const std::string& method,
                      int fftSize, int hop, double minConfidence) {
  requireFrames(sampleRate, fftSize, hop);
  static const char* const kMethods[] = {"yinfast", "yin",     "yinfft", "mcomb",
                                         "fcomb",   "schmitt", "specacf"};
  if (std::find_if(std::begin(kMethods), std::end(kMethods),
                   [&](const char* m) { return method == m; }) == std::end(kMethods))
    throw InvalidArgumentError("unknown pitch method '" + method +
                               "'; use yinfast, yin, yinfft, mcomb, fcomb, schmitt or specacf");
  std::unique_ptr<aubio_pitch_t, AubioDelete<aubio_pitch_t, del_aubio_pitch>> pitch(
      new_aubio_pitch(method.c_str(), static_cast<uint_t>(fftSize), static_cast<uint_t>(hop),
                      static_cast<uint_t>(sampleRate)));
  if (!pitch) throw Error("aubio could not start pitch tracking");
  aubio_pitch_set_unit(pitch.get(), "Hz");
  // Only these compute a confidence; the others always report 0, so they are not gated.
  const bool reportsConfidence = method == "yin" || method == "yinfast" || method == "specacf";
  Fvec out(new_fvec(1));
  PitchTrack track;
  track.hop = hop / sampleRate;
  // aubio analyses the window that ends with the newest hop: its centre lags by half a window.
  const double lag = fftSize / 2.0 / sampleRate;
  int index = 0;
  forEachHop(audio, hop, [&](fvec_t* in) {
    aubio_pitch_do(pitch.get(), in, out.get());
    const double hz = out->data[0];
    double confidence = std::numeric_limits<double>::quiet_NaN();
    if (reportsConfidence) confidence = aubio_pitch_get_confidence(pitch.get());
    const bool voiced = hz > 0 && (!reportsConfidence || confidence >= minConfidence);
    track.times.push_back(std::max(0.0, (index++ + 1) * track.hop - lag));
    track.frequencies.push_back(voiced ? hz : 0.0);
    track.confidences.push_back(confidence);
  });
  return track;
}

}  // namespace tonewood::analysis
