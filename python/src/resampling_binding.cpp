// tonewood.resample and tonewood.Resampler's native half (libsoxr). Arrays arrive checked by
// tonewood/_arrays.py: float32, C-contiguous, (channels, frames).
#include <nanobind/ndarray.h>
#include <nanobind/stl/string.h>

#include <vector>

#include "audio_arrays.hpp"
#include "bindings.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/io/resampling.hpp"

namespace nb = nanobind;

namespace tonewood::python {

namespace {

using InArray = AudioInArray;
using OutArray = AudioOutArray;

/// Keeps a scratch area so each call returns an array of exactly the frames produced.
class StreamingResampler {
 public:
  StreamingResampler(double from, double to, int channels, const std::string& quality)
      : resampler_(from, to, channels, io::resampleQualityFromName(quality)) {}

  OutArray process(const InArray& in) {
    const int channels = resampler_.channels();
    if (static_cast<int>(in.shape(0)) != channels)
      throw InvalidArgumentError("the resampler was made for " + std::to_string(channels) +
                                 " channels; the block has " + std::to_string(in.shape(0)));
    const auto frames = static_cast<std::int64_t>(in.shape(1));
    const float* rows[kMaxChannels];
    for (int c = 0; c < channels; ++c) rows[c] = in.data() + c * in.shape(1);
    std::int64_t made = 0;
    {
      nb::gil_scoped_release release;
      made = resampler_.process(rows, frames, scratch(resampler_.maxOutputFrames(frames)));
    }
    return exact(made);
  }

  OutArray finish() {
    std::int64_t made = 0;
    {
      nb::gil_scoped_release release;
      made = resampler_.finish(scratch(resampler_.maxOutputFrames(0)));
    }
    return exact(made);
  }

  io::Resampler& resampler() { return resampler_; }

 private:
  float* const* scratch(std::int64_t frames) {
    const int channels = resampler_.channels();
    stride_ = static_cast<std::size_t>(frames);
    buffer_.resize(static_cast<std::size_t>(channels) * stride_ + 1);
    for (int c = 0; c < channels; ++c) rows_[c] = buffer_.data() + c * stride_;
    return rows_;
  }
  OutArray exact(std::int64_t made) {
    const auto channels = static_cast<std::size_t>(resampler_.channels());
    float* rows[kMaxChannels];
    OutArray out = newAudioArray(channels, static_cast<std::size_t>(made), rows);
    for (std::size_t c = 0; c < channels; ++c) std::copy_n(rows_[c], made, rows[c]);
    return out;
  }

  io::Resampler resampler_;
  std::vector<float> buffer_;
  std::size_t stride_ = 0;
  float* rows_[kMaxChannels] = {};
};

}  // namespace

void bindResampling(nb::module_& m) {
  m.def(
      "_resample",
      [](const InArray& in, double from, double to, const std::string& quality) {
        const io::ResampleQuality q = io::resampleQualityFromName(quality);
        const auto channels = static_cast<int>(in.shape(0));
        float* rows[kMaxChannels];
        for (int c = 0; c < channels; ++c)
          rows[c] = const_cast<float*>(in.data()) + c * in.shape(1);
        const AudioBlockView view(rows, channels, static_cast<int>(in.shape(1)));
        float* out[kMaxChannels];
        OutArray array = newAudioArray(
            static_cast<std::size_t>(channels),
            static_cast<std::size_t>(io::resampledFrames(view.numFrames(), from, to)), out);
        {
          nb::gil_scoped_release release;
          io::resampleInto(view, from, to, q, out);
        }
        return array;
      },
      nb::arg("audio"), nb::arg("from_rate"), nb::arg("to_rate"), nb::arg("quality"));

  nb::class_<StreamingResampler>(m, "_Resampler")
      .def(nb::init<double, double, int, const std::string&>(), nb::arg("from_rate"),
           nb::arg("to_rate"), nb::arg("channels"), nb::arg("quality"))
      .def("process", &StreamingResampler::process, nb::arg("block"))
      .def("finish", &StreamingResampler::finish)
      .def("reset", [](StreamingResampler& r) { r.resampler().reset(); })
      .def_prop_ro("input_frames",
                   [](StreamingResampler& r) { return r.resampler().inputFrames(); })
      .def_prop_ro("output_frames",
                   [](StreamingResampler& r) { return r.resampler().outputFrames(); });
}

}  // namespace tonewood::python
