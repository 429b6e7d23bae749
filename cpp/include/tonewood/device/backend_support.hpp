#pragma once

/// Which device libraries this build of tonewood was compiled with. JACK and the ALSA sequencer
/// are optional at build time; using a backend that is missing raises a DeviceError that says
/// so, instead of failing to link or load.
namespace tonewood::device {

bool builtWithJack() noexcept;
bool builtWithAlsa() noexcept;

/// Throws DeviceError "tonewood was built without JACK support ..." when builtWithJack() is
/// false. Any thread.
void requireJack();
/// The same for the ALSA sequencer.
void requireAlsa();

}  // namespace tonewood::device
