#include "support/synth_fixture.hpp"

#include "support/allocation_counter.hpp"

namespace tonewood::test {

SynthHarness::SynthHarness(double sampleRate, int blockSize) : sampleRate_(sampleRate) {
  synth_.prepare(ProcessSpec{sampleRate, blockSize, 2});
}

void SynthHarness::set(const std::string& id, float value) {
  auto& p = synth_.params();
  p.setValue(p.indexOf(id), value);
}

void SynthHarness::set(std::initializer_list<std::pair<const char*, float>> values) {
  for (const auto& [id, value] : values) set(id, value);
}

void SynthHarness::noteOn(int note, int velocity, std::int64_t frame) {
  synth_.schedule(makeNoteOn(note, velocityFromMidi(velocity), 0, frame));
}

void SynthHarness::noteOff(int note, std::int64_t frame) {
  synth_.schedule(makeNoteOff(note, 0.0f, 0, frame));
}

Rendered SynthHarness::render(std::size_t frames, int blockSize) {
  Rendered r{std::vector<float>(frames), std::vector<float>(frames)};
  float* channels[] = {r.left.data(), r.right.data()};
  synth_.render(AudioBlockView(channels, 2, static_cast<int>(frames)), blockSize);
  return r;
}

std::size_t SynthHarness::allocationsWhilePlaying(int blocks) {
  std::vector<float> left(256), right(256);
  float* channels[] = {left.data(), right.data()};
  for (int n = 0; n < 12; ++n) noteOn(40 + n, 100, n * 30);
  std::size_t allocations = 0;
  for (int i = 0; i < blocks; ++i) {
    AllocationCounter counter;
    synth_.process(AudioBlockView(channels, 2, 256));
    allocations += counter.allocations() + counter.deallocations();
  }
  return allocations;
}

void SynthHarness::useSingleResonator() {
  set({{"impExciter0 enabled", 1}, {"enabled wb0r0", 1}});
}

}  // namespace tonewood::test
