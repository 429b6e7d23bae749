// tonewood.analysis's native half: levels, loudness, spectra, onsets, tempo and pitch.
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <complex>

#include "audio_arrays.hpp"
#include "bindings.hpp"
#include "tonewood/analysis/levels.hpp"
#include "tonewood/analysis/loudness.hpp"
#include "tonewood/analysis/music_analysis.hpp"
#include "tonewood/analysis/spectrum.hpp"

namespace nb = nanobind;

namespace tonewood::python {

namespace {

nb::ndarray<nb::numpy, double, nb::ndim<1>> vectorArray(const std::vector<double>& v) {
  double* data = nullptr;
  auto out = ownedArray<double, 1>({v.size()}, &data);
  std::copy(v.begin(), v.end(), data);
  return out;
}

}  // namespace

void bindAnalysis(nb::module_& m) {
  m.def("_peak", [](AudioInArray audio) { return analysis::peakLevel(viewOf(audio)); });
  m.def("_integrated_loudness", [](AudioInArray audio, double sampleRate) {
    const AudioBlockView view = viewOf(audio);
    nb::gil_scoped_release release;
    return analysis::integratedLoudness(view, sampleRate);
  });
  m.def("_channel_rms",
        [](AudioInArray audio) { return vectorArray(analysis::channelRms(viewOf(audio))); });
  m.def("_rms_envelope", [](AudioInArray audio, int window, int hop) {
    return vectorArray(analysis::rmsEnvelope(viewOf(audio), window, hop));
  });
  m.def("_silent_regions",
        [](AudioInArray audio, double rate, double thresholdDb, std::int64_t minFrames) {
          const auto regions = analysis::silentRegions(viewOf(audio), rate, thresholdDb, minFrames);
          std::int64_t* data = nullptr;
          auto out = ownedArray<std::int64_t, 2>({regions.size(), 2}, &data);
          for (std::size_t i = 0; i < regions.size(); ++i) {
            data[2 * i] = regions[i].start;
            data[2 * i + 1] = regions[i].end;
          }
          return out;
        });

  nb::class_<analysis::LoudnessReport>(m, "_LoudnessReport")
      .def_ro("integrated", &analysis::LoudnessReport::integrated)
      .def_ro("range", &analysis::LoudnessReport::range)
      .def_ro("max_momentary", &analysis::LoudnessReport::maxMomentary)
      .def_ro("max_short_term", &analysis::LoudnessReport::maxShortTerm)
      .def_ro("sample_peak", &analysis::LoudnessReport::samplePeak)
      .def_ro("true_peak", &analysis::LoudnessReport::truePeak)
      .def_ro("channel_true_peaks", &analysis::LoudnessReport::channelTruePeaks)
      .def_ro("series_hop", &analysis::LoudnessReport::seriesHop)
      .def_ro("momentary", &analysis::LoudnessReport::momentary)
      .def_ro("short_term", &analysis::LoudnessReport::shortTerm);
  m.def("_measure_loudness", [](AudioInArray audio, double rate) {
    const AudioBlockView view = viewOf(audio);
    nb::gil_scoped_release release;
    return analysis::measureLoudness(view, rate);
  });

  m.def("_stft", [](AudioInArray audio, int fftSize, int hop, const std::string& window,
                    bool center) {
    const analysis::Window w = analysis::windowFromName(window);
    const AudioBlockView view = viewOf(audio);
    const auto frames =
        static_cast<std::size_t>(analysis::stftFrameCount(view.numFrames(), fftSize, hop, center));
    const auto bins = static_cast<std::size_t>(fftSize / 2 + 1);
    std::complex<float>* data = nullptr;
    auto out = ownedArray<std::complex<float>, 3>(
        {static_cast<std::size_t>(view.numChannels()), frames, bins}, &data);
    nb::gil_scoped_release release;
    for (int c = 0; c < view.numChannels(); ++c)
      analysis::stft(view.channel(c), view.numFrames(), fftSize, hop, w, center,
                     data + static_cast<std::size_t>(c) * frames * bins);
    return out;
  });
  m.def("_averaged_spectrum", [](AudioInArray audio, int fftSize, const std::string& window) {
    const analysis::Window w = analysis::windowFromName(window);
    const AudioBlockView view = viewOf(audio);
    const auto bins = static_cast<std::size_t>(fftSize / 2 + 1);
    float* data = nullptr;
    analysis::requireFftSize(fftSize);
    auto out = ownedArray<float, 2>({static_cast<std::size_t>(view.numChannels()), bins}, &data);
    nb::gil_scoped_release release;
    for (int c = 0; c < view.numChannels(); ++c) {
      const std::vector<float> a =
          analysis::averagedSpectrum(view.channel(c), view.numFrames(), fftSize, w);
      std::copy(a.begin(), a.end(), data + static_cast<std::size_t>(c) * bins);
    }
    return out;
  });
  m.def("_window", [](const std::string& window, int size) {
    analysis::requireFftSize(size);
    const std::vector<float> w = analysis::makeWindow(analysis::windowFromName(window), size);
    float* data = nullptr;
    auto out = ownedArray<float, 1>({w.size()}, &data);
    std::copy(w.begin(), w.end(), data);
    return out;
  });

  m.def("_onsets", [](AudioInArray audio, double rate, const std::string& method, int fftSize,
                      int hop, double threshold, double minInterval, double silenceDb) {
    analysis::OnsetOptions o;
    o.method = method;
    o.fftSize = fftSize;
    o.hop = hop;
    o.threshold = threshold;
    o.minIntervalSeconds = minInterval;
    o.silenceDb = silenceDb;
    const AudioBlockView view = viewOf(audio);
    std::vector<double> times;
    {
      nb::gil_scoped_release release;
      times = analysis::detectOnsets(view, rate, o);
    }
    return vectorArray(times);
  });
  m.def("_tempo", [](AudioInArray audio, double rate, int fftSize, int hop) {
    const AudioBlockView view = viewOf(audio);
    analysis::TempoEstimate e;
    {
      nb::gil_scoped_release release;
      e = analysis::estimateTempo(view, rate, fftSize, hop);
    }
    return nb::make_tuple(e.bpm, e.confidence, vectorArray(e.beats));
  });
  m.def("_pitch", [](AudioInArray audio, double rate, const std::string& method, int fftSize,
                     int hop, double minConfidence) {
    const AudioBlockView view = viewOf(audio);
    analysis::PitchTrack t;
    {
      nb::gil_scoped_release release;
      t = analysis::trackPitch(view, rate, method, fftSize, hop, minConfidence);
    }
    return nb::make_tuple(vectorArray(t.times), vectorArray(t.frequencies),
                          vectorArray(t.confidences));
  });
}

}  // namespace tonewood::python
