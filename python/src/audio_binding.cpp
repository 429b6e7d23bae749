// Level measurement. Arrays arrive already checked by the Python layer
// (tonewood/_arrays.py): float32, C-contiguous, (channels, frames).
#include <nanobind/ndarray.h>
#include <nanobind/stl/string.h>

#include "bindings.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/io/loudness.hpp"

namespace nb = nanobind;

namespace tonewood::python {

namespace {
using AudioArray = nb::ndarray<const float, nb::ndim<2>, nb::c_contig, nb::device::cpu>;

AudioBlockView viewOf(const AudioArray& a) {
  requireInRange("channel count", static_cast<double>(a.shape(0)), 1, kMaxChannels, "");
  float* channels[kMaxChannels];
  for (std::size_t c = 0; c < a.shape(0); ++c)
    channels[c] = const_cast<float*>(a.data()) + c * a.shape(1);
  return AudioBlockView(channels, static_cast<int>(a.shape(0)), static_cast<int>(a.shape(1)));
}
}  // namespace

void bindAudio(nb::module_& m) {
  m.def(
      "_peak", [](AudioArray audio) { return io::peakLevel(viewOf(audio)); }, nb::arg("audio"));
  m.def(
      "_integrated_loudness",
      [](AudioArray audio, double sampleRate) {
        const AudioBlockView view = viewOf(audio);
        nb::gil_scoped_release release;
        return io::integratedLoudness(view, sampleRate);
      },
      nb::arg("audio"), nb::arg("sample_rate"));
}

}  // namespace tonewood::python
