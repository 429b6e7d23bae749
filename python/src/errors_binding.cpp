// C++ exceptions -> the Python classes in tonewood.errors (which add the familiar built-in bases:
// KeyError for unknown parameters, ValueError for ranges, OSError for files).
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "bindings.hpp"
#include "tonewood/core/errors.hpp"

namespace nb = nanobind;

namespace tonewood::python {

namespace {
void raise(const char* className, const char* message) {
  nb::object cls = nb::module_::import_("tonewood.errors").attr(className);
  PyErr_SetString(cls.ptr(), message);
}
}  // namespace

void bindErrors(nb::module_&) {
  nb::register_exception_translator([](const std::exception_ptr& p, void*) {
    try {
      std::rethrow_exception(p);
    } catch (const ParameterNotFoundError& e) {
      nb::object cls = nb::module_::import_("tonewood.errors").attr("ParameterNotFoundError");
      nb::object instance = cls(e.what(), e.id(), e.suggestions());
      PyErr_SetObject(cls.ptr(), instance.ptr());
    } catch (const OutOfRangeError& e) {
      raise("OutOfRangeError", e.what());
    } catch (const InvalidArgumentError& e) {
      raise("InvalidArgumentError", e.what());
    } catch (const CapacityError& e) {
      raise("CapacityError", e.what());
    } catch (const PresetError& e) {
      raise("PresetError", e.what());
    } catch (const AudioFileError& e) {
      raise("AudioFileError", e.what());
    } catch (const DeviceError& e) {
      raise("DeviceError", e.what());
    } catch (const PluginCrashedError& e) {
      raise("PluginCrashedError", e.what());
    } catch (const MediaMissingError& e) {
      nb::object cls = nb::module_::import_("tonewood.errors").attr("MediaMissingError");
      nb::object instance = cls(e.what(), e.missing());
      PyErr_SetObject(cls.ptr(), instance.ptr());
    } catch (const MidiFileError& e) {
      nb::object cls = nb::module_::import_("tonewood.errors").attr("MidiFileError");
      nb::object instance = cls(e.what(), e.offset());
      PyErr_SetObject(cls.ptr(), instance.ptr());
    } catch (const Error& e) {
      raise("Error", e.what());
    }
  });
}

}  // namespace tonewood::python
