#pragma once

#include <cstdint>

#include "tonewood/core/audio_buffer.hpp"
#include "tonewood/device/midi_router.hpp"

/// What a device hands the code it runs in its audio callback, once per cycle.
namespace tonewood::device {

struct DeviceCycle {
  std::uint64_t startFrame = 0;  ///< the device clock at the cycle's first frame
  int frames = 0;
  int outputLatency = 0;  ///< frames from the outputs written now until they are heard
  /// When the cycle's first frame began by the device's own smoothed clock, in microseconds of
  /// std::chrono::steady_clock; -1 where the device gives no such time.
  std::int64_t steadyMicros = -1;
  AudioBlockView inputs;   ///< the client's audio input ports (capture)
  AudioBlockView outputs;  ///< its audio output ports (playback); the callback writes them all
  /// The cycle's MIDI: input ports hold what arrived (with offsets); events added to an output
  /// port here go out in this cycle.
  const MidiRouter::Setup* midi = nullptr;
};

/// Code a device runs on its audio thread. Real-time rules apply: no allocation, lock, throw,
/// or log in `processCycle`.
class AudioCallback {
 public:
  virtual ~AudioCallback() = default;
  virtual void processCycle(const DeviceCycle& cycle) noexcept = 0;
};

}  // namespace tonewood::device
