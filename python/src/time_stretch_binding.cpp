// tonewood.time_stretch / pitch_shift / Stretcher's native half (Rubber Band).
#include <nanobind/stl/function.h>
#include <nanobind/stl/string.h>

#include <vector>

#include "audio_arrays.hpp"
#include "bindings.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/io/time_stretch.hpp"

namespace nb = nanobind;

namespace tonewood::python {

namespace {

io::StretchOptions optionsFrom(const std::string& engine, bool formants) {
  io::StretchOptions o;
  o.engine = io::stretchEngineFromName(engine);
  o.preserveFormants = formants;
  return o;
}

/// Pushes whole arrays in maximum-size pieces and returns everything that is ready.
class StreamingStretcher {
 public:
  StreamingStretcher(double rate, int channels, double ratio, double semitones,
                     const std::string& engine, bool formants, int maxBlock)
      : stretcher_(rate, channels, ratio, semitones, optionsFrom(engine, formants), maxBlock) {}

  AudioOutArray process(const AudioInArray& in) {
    const int channels = stretcher_.channels();
    if (static_cast<int>(in.shape(0)) != channels)
      throw InvalidArgumentError("the stretcher was made for " + std::to_string(channels) +
                                 " channels; the block has " + std::to_string(in.shape(0)));
    const AudioBlockView view = viewOf(in);
    {
      nb::gil_scoped_release release;
      const int step = stretcher_.maxBlockFrames();
      const float* rows[kMaxChannels];
      for (int start = 0; start < view.numFrames(); start += step) {
        const int count = std::min(step, view.numFrames() - start);
        for (int c = 0; c < channels; ++c) rows[c] = view.channel(c) + start;
        stretcher_.push(rows, count);
        collect();
      }
    }
    return take();
  }

  AudioOutArray finish() {
    {
      nb::gil_scoped_release release;
      stretcher_.finish();
      collect();
    }
    return take();
  }

  io::Stretcher& stretcher() { return stretcher_; }

 private:
  void collect() {
    const int channels = stretcher_.channels();
    for (int ready = stretcher_.available(); ready > 0; ready = stretcher_.available()) {
      const std::size_t have = pending_[0].size();
      float* rows[kMaxChannels];
      for (int c = 0; c < channels; ++c) {
        pending_[c].resize(have + static_cast<std::size_t>(ready));
        rows[c] = pending_[c].data() + have;
      }
      const int got = stretcher_.pull(rows, ready);
      for (int c = 0; c < channels; ++c) pending_[c].resize(have + static_cast<std::size_t>(got));
      if (got != ready) break;
    }
  }
  AudioOutArray take() {
    const int channels = stretcher_.channels();
    float* rows[kMaxChannels];
    AudioOutArray out = newAudioArray(static_cast<std::size_t>(channels), pending_[0].size(), rows);
    for (int c = 0; c < channels; ++c) {
      std::copy(pending_[c].begin(), pending_[c].end(), rows[c]);
      pending_[c].clear();
    }
    return out;
  }

  io::Stretcher stretcher_;
  std::vector<float> pending_[kMaxChannels];  // pulled output per channel, not yet returned
};

}  // namespace

void bindTimeStretch(nb::module_& m) {
  m.def(
      "_time_stretch",
      [](const AudioInArray& in, double rate, double ratio, double semitones,
         const std::string& engine, bool formants, std::function<void(double)> progress) {
        const AudioBlockView view = viewOf(in);
        const io::StretchOptions options = optionsFrom(engine, formants);
        ProgressCallback report;
        if (progress)
          report = [&progress](double done) {
            nb::gil_scoped_acquire acquire;
            progress(done);
          };
        AudioBuffer out;
        {
          nb::gil_scoped_release release;
          out = io::timeStretch(view, rate, ratio, semitones, options, report);
        }
        return arrayFrom(out.view());
      },
      nb::arg("audio"), nb::arg("sample_rate"), nb::arg("ratio"), nb::arg("semitones"),
      nb::arg("engine"), nb::arg("formants"), nb::arg("progress").none());

  nb::class_<StreamingStretcher>(m, "_Stretcher")
      .def(nb::init<double, int, double, double, const std::string&, bool, int>(),
           nb::arg("sample_rate"), nb::arg("channels"), nb::arg("ratio"), nb::arg("semitones"),
           nb::arg("engine"), nb::arg("formants"), nb::arg("max_block"))
      .def("process", &StreamingStretcher::process, nb::arg("block"))
      .def("finish", &StreamingStretcher::finish)
      .def("reset", [](StreamingStretcher& s) { s.stretcher().reset(); })
      .def_prop_rw(
          "ratio", [](StreamingStretcher& s) { return s.stretcher().timeRatio(); },
          [](StreamingStretcher& s, double r) { s.stretcher().setTimeRatio(r); })
      .def_prop_rw(
          "semitones", [](StreamingStretcher& s) { return s.stretcher().pitchSemitones(); },
          [](StreamingStretcher& s, double v) { s.stretcher().setPitchSemitones(v); })
      .def_prop_ro("latency", [](StreamingStretcher& s) { return s.stretcher().latencyFrames(); })
      .def_prop_ro("input_frames",
                   [](StreamingStretcher& s) { return s.stretcher().inputFrames(); })
      .def_prop_ro("output_frames",
                   [](StreamingStretcher& s) { return s.stretcher().outputFrames(); });
}

}  // namespace tonewood::python
