// tonewood.buffer's native half: in-place operations on checked float32 (channels, frames)
// arrays, conversions, channel mixing and the buffer pool.
#include <nanobind/stl/pair.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include <memory>

#include "audio_arrays.hpp"
#include "bindings.hpp"
#include "tonewood/analysis/loudness_normalization.hpp"
#include "tonewood/core/buffer_pool.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/core/interleave.hpp"
#include "tonewood/dsp/buffer_ops.hpp"
#include "tonewood/dsp/channel_mixing.hpp"
#include "tonewood/dsp/fades.hpp"
#include "tonewood/dsp/pan_law.hpp"
#include "tonewood/dsp/sample_conversion.hpp"

namespace nb = nanobind;

namespace tonewood::python {

namespace {

template <typename T>
using IntArray = nb::ndarray<nb::numpy, T, nb::ndim<2>>;
template <typename T>
using IntInArray = nb::ndarray<const T, nb::ndim<2>, nb::c_contig, nb::device::cpu>;
using MatrixArray = nb::ndarray<const float, nb::ndim<2>, nb::c_contig, nb::device::cpu>;

template <typename T>
IntArray<T> toInt(const AudioInArray& in, int bits, bool dither, std::uint32_t seed) {
  dsp::requireIntegerBits(bits);
  const AudioBlockView view = viewOf(in);
  const std::size_t channels = in.shape(0), frames = in.shape(1);
  T* data = nullptr;
  IntArray<T> out = ownedArray<T, 2>({channels, frames}, &data);
  T* rows[kMaxChannels];
  for (std::size_t c = 0; c < channels; ++c) rows[c] = data + c * frames;
  {
    nb::gil_scoped_release release;
    dsp::floatToInt<T>(view, bits, dither, seed, rows);
  }
  return out;
}

template <typename T>
AudioOutArray toFloat(const IntInArray<T>& in, int bits) {
  dsp::requireIntegerBits(bits);
  const std::size_t channels = in.shape(0), frames = in.shape(1);
  requireInRange("channel count", static_cast<double>(channels), 1, kMaxChannels, "");
  float* rows[kMaxChannels];
  AudioOutArray out = newAudioArray(channels, frames, rows);
  const T* inRows[kMaxChannels];
  for (std::size_t c = 0; c < channels; ++c) inRows[c] = in.data() + c * frames;
  dsp::intToFloat<T>(inRows, bits,
                     AudioBlockView(rows, static_cast<int>(channels), static_cast<int>(frames)));
  return out;
}

AudioOutArray remix(const AudioInArray& in, const dsp::ChannelMatrix& m) {
  if (static_cast<int>(in.shape(0)) != m.inputs)
    throw InvalidArgumentError("the mix matrix takes " + std::to_string(m.inputs) +
                               " input channels; the audio has " + std::to_string(in.shape(0)));
  float* rows[kMaxChannels];
  AudioOutArray out = newAudioArray(static_cast<std::size_t>(m.outputs), in.shape(1), rows);
  const AudioBlockView target(rows, m.outputs, static_cast<int>(in.shape(1)));
  const AudioBlockView source = viewOf(in);
  nb::gil_scoped_release release;
  dsp::applyMatrix(m, source, target);
  return out;
}

nb::ndarray<nb::numpy, float, nb::ndim<2>> matrixArray(const dsp::ChannelMatrix& m) {
  float* data = nullptr;
  auto out = ownedArray<float, 2>(
      {static_cast<std::size_t>(m.outputs), static_cast<std::size_t>(m.inputs)}, &data);
  std::copy(m.gains.begin(), m.gains.end(), data);
  return out;
}

/// A borrowed pool buffer; gives it back on release() or when collected.
struct PoolLease {
  PoolLease(std::shared_ptr<BufferPool> p, int i) : pool(std::move(p)), index(i) {}
  PoolLease(PoolLease&& other) noexcept : pool(std::move(other.pool)), index(other.index) {
    other.index = -1;  // only one owner gives the buffer back
  }
  PoolLease& operator=(PoolLease&&) = delete;
  ~PoolLease() { release(); }
  std::shared_ptr<BufferPool> pool;
  int index = -1;
  void release() {
    if (index >= 0) pool->release(index);
    index = -1;
  }
};

}  // namespace

void bindBufferOps(nb::module_& m) {
  m.def("_gain", [](AudioInOutArray a, float g) { dsp::applyGain(viewOf(a), g); });
  m.def("_normalize_loudness", [](AudioInOutArray a, double rate, double lufs, double ceiling) {
    analysis::LoudnessNormalization r;
    {
      nb::gil_scoped_release release;
      r = analysis::normalizeLoudness(viewOf(a), rate, lufs, ceiling);
    }
    return std::make_tuple(r.gainDb, r.limitingLu, r.loudnessLufs, r.truePeakDbtp);
  });
  m.def("_mix_into", [](AudioInOutArray dst, AudioInArray src, float g) {
    dsp::mixInto(viewOf(dst), viewOf(src), g);
  });
  m.def("_invert", [](AudioInOutArray a) { dsp::invertPolarity(viewOf(a)); });
  m.def("_reverse", [](AudioInOutArray a) { dsp::reverse(viewOf(a)); });
  m.def("_remove_dc", [](AudioInOutArray a) { dsp::removeDc(viewOf(a)); });
  m.def("_nonsilent_range", [](AudioInArray a, float threshold) {
    const dsp::FrameRange r = dsp::nonSilentRange(viewOf(a), threshold);
    return std::make_pair(r.start, r.end);
  });
  m.def("_pan_mono", [](AudioInArray in, double position, const std::string& law) {
    const dsp::PanLaw l = dsp::panLawFromName(law);
    float* rows[kMaxChannels];
    AudioOutArray out = newAudioArray(2, in.shape(1), rows);
    dsp::panMono(viewOf(in), AudioBlockView(rows, 2, static_cast<int>(in.shape(1))), position, l);
    return out;
  });
  m.def("_pan_gains", [](double position, const std::string& law) {
    const dsp::PanGains g = dsp::panGains(position, dsp::panLawFromName(law));
    return std::make_pair(g.left, g.right);
  });
  m.def("_balance", [](AudioInOutArray a, double position, const std::string& law) {
    dsp::balanceStereo(viewOf(a), position, dsp::panLawFromName(law));
  });
  m.def("_fade", [](AudioInOutArray a, int frames, const std::string& shape, bool in) {
    const dsp::FadeShape s = dsp::fadeShapeFromName(shape);
    if (in)
      dsp::fadeIn(viewOf(a), frames, s);
    else
      dsp::fadeOut(viewOf(a), frames, s);
  });
  m.def("_fade_gain", [](const std::string& shape, double t) {
    return dsp::fadeGain(dsp::fadeShapeFromName(shape), t);
  });
  m.def("_to_int16", &toInt<std::int16_t>);
  m.def("_to_int32", &toInt<std::int32_t>);
  m.def("_from_int16", &toFloat<std::int16_t>);
  m.def("_from_int32", &toFloat<std::int32_t>);
  m.def("_interleave", [](AudioInArray in) {
    const std::size_t channels = in.shape(0), frames = in.shape(1);
    float* data = nullptr;
    auto out = ownedArray<float, 2>({frames, channels}, &data);
    interleave(viewOf(in), 0, static_cast<int>(frames), data);
    return out;
  });
  m.def(
      "_deinterleave", [](nb::ndarray<const float, nb::ndim<2>, nb::c_contig, nb::device::cpu> in) {
        const std::size_t frames = in.shape(0), channels = in.shape(1);
        requireInRange("channel count", static_cast<double>(channels), 1, kMaxChannels, "");
        float* rows[kMaxChannels];
        AudioOutArray out = newAudioArray(channels, frames, rows);
        deinterleave(in.data(), static_cast<int>(frames),
                     AudioBlockView(rows, static_cast<int>(channels), static_cast<int>(frames)), 0);
        return out;
      });
  m.def("_standard_mix",
        [](int inputs, int outputs) { return matrixArray(dsp::standardMix(inputs, outputs)); });
  m.def("_channel_map", [](int inputs, const std::vector<int>& map) {
    return matrixArray(dsp::channelMap(inputs, map));
  });
  m.def("_remix", [](AudioInArray in, MatrixArray matrix) {
    dsp::ChannelMatrix mx;
    mx.outputs = static_cast<int>(matrix.shape(0));
    mx.inputs = static_cast<int>(matrix.shape(1));
    requireInRange("output channel count", mx.outputs, 1, kMaxChannels, "");
    mx.gains.assign(matrix.data(), matrix.data() + matrix.size());
    return remix(in, mx);
  });

  nb::class_<BufferPool>(m, "_BufferPool")
      .def(nb::new_([](int channels, int frames, int count) {
             return std::make_shared<BufferPool>(channels, frames, count);
           }),
           nb::arg("channels"), nb::arg("frames"), nb::arg("count"))
      .def_prop_ro("size", &BufferPool::size)
      .def_prop_ro("available", &BufferPool::available)
      .def_prop_ro("channels", &BufferPool::channels)
      .def_prop_ro("frames", &BufferPool::frames);
  nb::class_<PoolLease>(m, "_PoolLease")
      .def("release", &PoolLease::release)
      .def_prop_ro("active", [](PoolLease& l) { return l.index >= 0; })
      .def_prop_ro("array", [](nb::handle self) {
        PoolLease& l = nb::cast<PoolLease&>(self);
        if (l.index < 0) throw InvalidArgumentError("this pool buffer was given back");
        AudioBlockView v = l.pool->view(l.index);
        // Rows of an AudioBuffer are evenly spaced (aligned stride): one strided 2-D view.
        const auto stride =
            v.numChannels() > 1 ? static_cast<std::int64_t>(v.channel(1) - v.channel(0)) : 0;
        const std::size_t shape[2] = {static_cast<std::size_t>(v.numChannels()),
                                      static_cast<std::size_t>(v.numFrames())};
        const std::int64_t strides[2] = {stride, 1};
        return nb::ndarray<nb::numpy, float, nb::ndim<2>>(v.channel(0), 2, shape, self, strides);
      });
  m.def("_acquire", [](std::shared_ptr<BufferPool> pool) {
    const int index = pool->acquire();
    if (index < 0)
      throw CapacityError("all " + std::to_string(pool->size()) +
                          " pool buffers are in use; give one back or make a larger pool");
    return PoolLease{std::move(pool), index};
  });
}

}  // namespace tonewood::python
