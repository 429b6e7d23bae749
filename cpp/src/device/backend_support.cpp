#include "tonewood/device/backend_support.hpp"

#include "tonewood/core/errors.hpp"

namespace tonewood::device {

bool builtWithJack() noexcept {
#if TONEWOOD_HAVE_JACK
  return true;
#else
  return false;
#endif
}

bool builtWithAlsa() noexcept {
#if TONEWOOD_HAVE_ALSA
  return true;
#else
  return false;
#endif
}

void requireJack() {
  if (!builtWithJack())
    throw DeviceError(
        "tonewood was built without JACK support (install libjack-jackd2-dev and rebuild)");
}

void requireAlsa() {
  if (!builtWithAlsa())
    throw DeviceError(
        "tonewood was built without ALSA sequencer support (install libasound2-dev and rebuild)");
}

}  // namespace tonewood::device
