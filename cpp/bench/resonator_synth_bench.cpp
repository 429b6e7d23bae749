// Real-time factors of the resonator synth (seconds of audio per second of CPU, one thread,
// 44.1 kHz, 512-frame blocks). Run: build/.../cpp/bench/tonewood_bench
// The "rtf" counter is the figure to compare with Resonarium's own build. stereo:1 runs both loops
// of every resonator (stereoResonators on), the work a stereo resonator always costs in Resonarium.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "tonewood/synth/resonator_synth.hpp"

namespace {

using tonewood::synth::ResonatorSynth;

void configure(ResonatorSynth& synth, int resonators, bool stereo) {
  auto& p = synth.params();
  auto set = [&](const std::string& id, float v) { p.setValue(p.indexOf(id), v); };
  set("stereoResonators", stereo ? 1.0f : 0.0f);
  set("impExciter0 enabled", 1);
  set("noiseExciter0enabled", 1);
  set("noiseExciterEnv0enabled", 1);
  for (int i = 0; i < resonators; ++i) {
    const std::string suffix = " wb" + std::to_string(i / 8) + "r" + std::to_string(i % 8);
    set("enabled" + suffix, 1);
    set("decayTime" + suffix, 60);  // keep every voice ringing for the whole measurement
    set("pitch" + suffix, 1.0f + 0.37f * static_cast<float>(i % 8));
  }
}

void BM_Resonator(benchmark::State& state) {
  const int voices = static_cast<int>(state.range(0));
  const int resonators = static_cast<int>(state.range(1));
  const bool stereo = state.range(2) != 0;
  constexpr double kSampleRate = 44100.0;
  constexpr int kBlock = 512;
  ResonatorSynth synth;
  synth.prepare({kSampleRate, kBlock, 2});
  configure(synth, resonators, stereo);
  for (int v = 0; v < voices; ++v) synth.schedule(tonewood::makeNoteOn(36 + 3 * v, 0.8f, 0, 0));
  std::vector<float> left(kBlock), right(kBlock);
  float* channels[] = {left.data(), right.data()};
  const tonewood::AudioBlockView block(channels, 2, kBlock);
  for (auto _ : state) {
    synth.process(block);
    benchmark::DoNotOptimize(left.data());
  }
  if (synth.activeVoiceCount() != voices) state.SkipWithError("voices stopped early");
  state.counters["rtf"] =
      benchmark::Counter(kBlock / kSampleRate, benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK(BM_Resonator)
    ->ArgNames({"voices", "resonators", "stereo"})
    ->Args({1, 1, 0})
    ->Args({8, 8, 0})
    ->Args({16, 8, 0})
    ->Args({16, 32, 0})
    ->Args({1, 1, 1})
    ->Args({8, 8, 1})
    ->Args({16, 8, 1})
    ->Args({16, 32, 1})
    ->MinTime(2.0)
    ->Unit(benchmark::kMicrosecond);

}  // namespace

namespace {

// One resonator design (filters, loop gain, tuning compensation): what a voice pays on every
// control tick for each resonator whose modulated settings moved.
void BM_DesignResonator(benchmark::State& state) {
  tonewood::synth::ResonatorSettings settings;
  settings.loopType = tonewood::synth::LoopFilterType::Lowpass;
  settings.loopQ = 1.5;
  settings.dispersion = 0.3;
  double f = 220.0;
  for (auto _ : state) {
    settings.frequencyHz = f;
    f = f < 880.0 ? f * 1.0001 : 220.0;  // a slow glide, like a modulated pitch
    benchmark::DoNotOptimize(tonewood::synth::designResonator(settings, 44100.0, 8.0, 8000.0));
  }
}
BENCHMARK(BM_DesignResonator);

}  // namespace
BENCHMARK_MAIN();
