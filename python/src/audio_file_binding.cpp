// tonewood.AudioFile's native half: libsndfile handles over paths or Python file-like objects.
// The GIL is released while libsndfile works; a file-like object's methods take it back for the
// few bytes they move. The Python class in tonewood/audio_file.py adds the friendly surface.
#include <nanobind/ndarray.h>
#include <nanobind/stl/map.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/unique_ptr.h>

#include <cstring>
#include <stdexcept>

#include "audio_arrays.hpp"
#include "bindings.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/io/audio_file.hpp"

namespace nb = nanobind;

namespace tonewood::python {

namespace {

/// A Python file-like object (read/readinto, write, seek, tell) as a ByteStream. Every call
/// holds the GIL; Python exceptions become std::runtime_error with their text.
class PythonStream final : public io::ByteStream {
 public:
  explicit PythonStream(nb::object file) : file_(std::move(file)) {}
  ~PythonStream() override {
    nb::gil_scoped_acquire gil;
    file_.reset();
  }

  std::int64_t size() override {
    return guarded([&] {
      const auto here = nb::cast<std::int64_t>(file_.attr("tell")());
      const auto end = nb::cast<std::int64_t>(file_.attr("seek")(0, 2));
      file_.attr("seek")(here);
      return end;
    });
  }
  std::int64_t seek(std::int64_t offset, int whence) override {
    return guarded([&] { return nb::cast<std::int64_t>(file_.attr("seek")(offset, whence)); });
  }
  std::int64_t tell() override {
    return guarded([&] { return nb::cast<std::int64_t>(file_.attr("tell")()); });
  }
  std::int64_t read(void* into, std::int64_t count) override {
    return guarded([&]() -> std::int64_t {
      nb::object data = file_.attr("read")(count);
      nb::bytes bytes = nb::cast<nb::bytes>(data);
      const auto n = std::min<std::int64_t>(count, static_cast<std::int64_t>(bytes.size()));
      std::memcpy(into, bytes.c_str(), static_cast<std::size_t>(n));
      return n;
    });
  }
  std::int64_t write(const void* from, std::int64_t count) override {
    return guarded([&]() -> std::int64_t {
      nb::bytes data(static_cast<const char*>(from), static_cast<std::size_t>(count));
      nb::object wrote = file_.attr("write")(data);
      return wrote.is_none() ? count : nb::cast<std::int64_t>(wrote);
    });
  }

 private:
  template <typename F>
  std::int64_t guarded(F&& f) {
    nb::gil_scoped_acquire gil;
    try {
      return f();
    } catch (nb::python_error& e) {
      // The exception's type and text, without the traceback nanobind's what() adds.
      const std::string kind = nb::cast<std::string>(e.type().attr("__name__"));
      const std::string text = nb::cast<std::string>(nb::str(e.value()));
      throw std::runtime_error(kind + ": " + text);
    } catch (const nb::cast_error&) {
      throw std::runtime_error("the file object returned something other than bytes or an int");
    }
  }

  nb::object file_;
};

template <typename T>
nb::ndarray<nb::numpy, T, nb::ndim<2>> readAs(io::AudioFile& file, std::int64_t frames) {
  const std::int64_t left = file.frames() - file.tell();
  const std::int64_t n = frames < 0 ? left : std::min(frames, left);
  const auto channels = static_cast<std::size_t>(file.channels());
  const auto length = static_cast<std::size_t>(std::max<std::int64_t>(n, 0));
  T* data = nullptr;
  auto out = ownedArray<T, 2>({channels, length}, &data);
  std::vector<T*> rows(channels);
  for (std::size_t c = 0; c < channels; ++c) rows[c] = data + c * length;
  {
    nb::gil_scoped_release release;
    file.read<T>(rows.data(), n);
  }
  return out;
}

template <typename T>
void writeFrom(io::AudioFile& file,
               nb::ndarray<const T, nb::ndim<2>, nb::c_contig, nb::device::cpu> audio) {
  if (static_cast<int>(audio.shape(0)) != file.channels())
    throw InvalidArgumentError("'" + file.name() + "' has " + std::to_string(file.channels()) +
                               " channels; the array has " + std::to_string(audio.shape(0)) +
                               " rows");
  std::vector<const T*> rows(audio.shape(0));
  for (std::size_t c = 0; c < audio.shape(0); ++c) rows[c] = audio.data() + c * audio.shape(1);
  nb::gil_scoped_release release;
  file.write<T>(rows.data(), static_cast<std::int64_t>(audio.shape(1)));
}

io::AudioWriteOptions writeOptions(const std::string& format, const std::string& subtype,
                                   double compression, bool dither,
                                   const std::map<std::string, std::string>& tags) {
  io::AudioWriteOptions o;
  o.format = format;
  o.subtype = subtype;
  o.compressionLevel = compression;
  o.dither = dither;
  o.tags = tags;
  return o;
}

}  // namespace

void bindAudioFile(nb::module_& m) {
  using io::AudioFile;
  nb::class_<AudioFile>(m, "_AudioFile")
      .def_static(
          "open_read",
          [](const std::string& path, bool allowTruncated) {
            nb::gil_scoped_release release;
            return std::make_unique<AudioFile>(AudioFile::openRead(path, allowTruncated));
          },
          nb::arg("path"), nb::arg("allow_truncated"))
      .def_static(
          "open_read_stream",
          [](nb::object file, const std::string& name, bool allowTruncated) {
            auto stream = std::make_unique<PythonStream>(std::move(file));
            nb::gil_scoped_release release;
            return std::make_unique<AudioFile>(
                AudioFile::openRead(std::move(stream), name, allowTruncated));
          },
          nb::arg("file"), nb::arg("name"), nb::arg("allow_truncated"))
      .def_static(
          "open_write",
          [](const std::string& path, double rate, int channels, const std::string& format,
             const std::string& subtype, double compression, bool dither,
             const std::map<std::string, std::string>& tags) {
            const auto options = writeOptions(format, subtype, compression, dither, tags);
            nb::gil_scoped_release release;
            return std::make_unique<AudioFile>(AudioFile::openWrite(path, rate, channels, options));
          },
          nb::arg("path"), nb::arg("sample_rate"), nb::arg("channels"), nb::arg("format"),
          nb::arg("subtype"), nb::arg("compression"), nb::arg("dither"), nb::arg("tags"))
      .def_static(
          "open_write_stream",
          [](nb::object file, const std::string& name, double rate, int channels,
             const std::string& format, const std::string& subtype, double compression, bool dither,
             const std::map<std::string, std::string>& tags) {
            const auto options = writeOptions(format, subtype, compression, dither, tags);
            auto stream = std::make_unique<PythonStream>(std::move(file));
            nb::gil_scoped_release release;
            return std::make_unique<AudioFile>(
                AudioFile::openWrite(std::move(stream), name, rate, channels, options));
          },
          nb::arg("file"), nb::arg("name"), nb::arg("sample_rate"), nb::arg("channels"),
          nb::arg("format"), nb::arg("subtype"), nb::arg("compression"), nb::arg("dither"),
          nb::arg("tags"))
      .def_prop_ro("name", &AudioFile::name)
      .def_prop_ro("sample_rate", &AudioFile::sampleRate)
      .def_prop_ro("channels", &AudioFile::channels)
      .def_prop_ro("frames", &AudioFile::frames)
      .def_prop_ro("format", &AudioFile::format)
      .def_prop_ro("subtype", &AudioFile::subtype)
      .def_prop_ro("seekable", &AudioFile::seekable)
      .def_prop_ro("is_open", &AudioFile::isOpen)
      .def_prop_ro("writing", [](const AudioFile& f) { return f.mode() == AudioFile::Mode::Write; })
      .def_prop_ro("tags", &AudioFile::tags)
      .def("read_float32", &readAs<float>, nb::arg("frames"))
      .def("read_float64", &readAs<double>, nb::arg("frames"))
      .def("read_int16", &readAs<std::int16_t>, nb::arg("frames"))
      .def("read_int32", &readAs<std::int32_t>, nb::arg("frames"))
      .def("write_float32", &writeFrom<float>, nb::arg("audio"))
      .def("write_float64", &writeFrom<double>, nb::arg("audio"))
      .def("write_int16", &writeFrom<std::int16_t>, nb::arg("audio"))
      .def("write_int32", &writeFrom<std::int32_t>, nb::arg("audio"))
      .def(
          "seek",
          [](AudioFile& f, std::int64_t frame, int whence) {
            nb::gil_scoped_release release;
            return f.seek(frame, whence);
          },
          nb::arg("frame"), nb::arg("whence"))
      .def("tell", &AudioFile::tell)
      .def("close",
           [](AudioFile& f) {
             nb::gil_scoped_release release;
             f.close();
           })
      .def("abandon", &AudioFile::abandon);
}

}  // namespace tonewood::python
