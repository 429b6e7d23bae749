#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "tonewood/synth/resonator_synth.hpp"

/// Helpers to drive the resonator synth from tests in a few lines.
namespace tonewood::test {

/// Stereo render result.
struct Rendered {
  std::vector<float> left, right;
};

/// A prepared synth at `sampleRate` with parameters set by ID.
class SynthHarness {
 public:
  explicit SynthHarness(double sampleRate = 44100.0, int blockSize = 512);
  synth::ResonatorSynth& synth() noexcept { return synth_; }
  void set(const std::string& id, float value);
  void set(std::initializer_list<std::pair<const char*, float>> values);
  void noteOn(int note, int velocity = 100, std::int64_t frame = 0);
  void noteOff(int note, std::int64_t frame = 0);
  /// Renders `frames` in host blocks of `blockSize`.
  Rendered render(std::size_t frames, int blockSize = 512);
  double sampleRate() const noexcept { return sampleRate_; }

  /// Allocations plus frees the audio thread made while processing `blocks` blocks of 256
  /// frames after twelve overlapping notes (40..51) start.
  std::size_t allocationsWhilePlaying(int blocks = 100);

  /// Impulse exciter on and resonator wb0r0 on: the smallest playable patch.
  void useSingleResonator();

 private:
  synth::ResonatorSynth synth_;
  double sampleRate_;
};

}  // namespace tonewood::test
