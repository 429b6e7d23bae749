#pragma once

/// What a processor is prepared for. Every DSP unit follows the same lifecycle:
/// `prepare(const ProcessSpec&)` on the control thread (allocates; idempotent for an unchanged
/// spec), `reset() noexcept` to clear state while keeping parameters, and `process(...) noexcept`,
/// which is real-time safe.
namespace tonewood {

struct ProcessSpec {
  double sampleRate = 44100.0;  ///< Hz
  int maxBlockSize = 512;       ///< the largest block `process` will be given, in frames
  int numChannels = 2;          ///< output channels

  friend bool operator==(const ProcessSpec&, const ProcessSpec&) = default;
};

}  // namespace tonewood
