// tonewood.MappedAudioFile's native half: decoded frame ranges (GIL released) and the raw sample
// bytes as a read-only numpy array that keeps the mapping alive. The Python class in
// tonewood/mapped_audio_file.py turns the bytes into typed (channels, frames) views.
#include <nanobind/ndarray.h>
#include <nanobind/stl/string.h>

#include <vector>

#include "audio_arrays.hpp"
#include "bindings.hpp"
#include "tonewood/io/mapped_audio_file.hpp"

namespace nb = nanobind;

namespace tonewood::python {

namespace {

template <typename T>
nb::ndarray<nb::numpy, T, nb::ndim<2>> decodeRange(const io::MappedAudioFile& file,
                                                   std::int64_t start, std::int64_t count) {
  const auto channels = static_cast<std::size_t>(file.channels());
  const auto length = static_cast<std::size_t>(std::max<std::int64_t>(count, 0));
  T* data = nullptr;
  auto out = ownedArray<T, 2>({channels, length}, &data);
  std::vector<T*> rows(channels);
  for (std::size_t c = 0; c < channels; ++c) rows[c] = data + c * length;
  nb::gil_scoped_release release;
  file.read<T>(start, count, rows.data());
  return out;
}

const char* encodingName(io::PcmEncoding e) {
  switch (e) {
    case io::PcmEncoding::UInt8:
      return "uint8";
    case io::PcmEncoding::Int8:
      return "int8";
    case io::PcmEncoding::Int16:
      return "int16";
    case io::PcmEncoding::Int24:
      return "int24";
    case io::PcmEncoding::Int32:
      return "int32";
    case io::PcmEncoding::Float32:
      return "float32";
    case io::PcmEncoding::Float64:
      return "float64";
  }
  return "";
}

}  // namespace

void bindMappedAudioFile(nb::module_& m) {
  using io::MappedAudioFile;
  nb::class_<MappedAudioFile>(m, "_MappedAudioFile")
      .def_static(
          "open",
          [](const std::string& path, bool allowTruncated) {
            nb::gil_scoped_release release;
            return MappedAudioFile::open(path, allowTruncated);
          },
          nb::arg("path"), nb::arg("allow_truncated"))
      .def_prop_ro("name", &MappedAudioFile::name)
      .def_prop_ro("channels", &MappedAudioFile::channels)
      .def_prop_ro("sample_rate", &MappedAudioFile::sampleRate)
      .def_prop_ro("frames", &MappedAudioFile::frames)
      .def_prop_ro("format", [](const MappedAudioFile& f) { return f.layout().container; })
      .def_prop_ro("subtype", [](const MappedAudioFile& f) { return f.layout().subtype(); })
      .def_prop_ro("encoding",
                   [](const MappedAudioFile& f) { return encodingName(f.layout().encoding); })
      .def_prop_ro("big_endian", [](const MappedAudioFile& f) { return f.layout().bigEndian; })
      .def("read_float32", &decodeRange<float>, nb::arg("start"), nb::arg("count"))
      .def("read_float64", &decodeRange<double>, nb::arg("start"), nb::arg("count"))
      .def("raw_bytes", [](const MappedAudioFile& f) {
        // The capsule holds a share of the mapping, so the bytes outlive this handle.
        auto* keep = new std::shared_ptr<const io::FileMapping>(f.mapping());
        nb::capsule owner(keep, [](void* p) noexcept {
          delete static_cast<std::shared_ptr<const io::FileMapping>*>(p);
        });
        static const std::uint8_t kNothing = 0;
        const auto* bytes =
            f.sampleBytes() ? reinterpret_cast<const std::uint8_t*>(f.sampleBytes()) : &kNothing;
        const std::size_t shape[1] = {static_cast<std::size_t>(f.sampleByteCount())};
        return nb::ndarray<nb::numpy, const std::uint8_t, nb::ndim<1>>(bytes, 1, shape, owner);
      });
}

}  // namespace tonewood::python
