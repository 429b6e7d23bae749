// The engine's cost. Run: build/.../cpp/bench/tonewood_bench --benchmark_filter=Graph
// - GraphChain/<nodes>/<frames>: a chain of gain nodes; "per_node_ns" is the time one node takes
//   in one block, its own multiply included, and "overhead_ns" what the graph adds to it (the
//   same multiplies done in a plain loop are subtracted).
// - GraphParallel/<nodes>/<frames>: that many gains side by side into the output.
// - GraphSynthTracks/<threads>: 16 synth tracks (MIDI player -> synth -> pan) summed, rendered
//   offline: "rtf" is seconds of audio per second, to compare 1 thread with 2.
#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "tonewood/graph/engine.hpp"
#include "tonewood/graph/nodes/gain.hpp"
#include "tonewood/graph/nodes/midi_player.hpp"
#include "tonewood/graph/nodes/pan.hpp"
#include "tonewood/instruments/resonator_processor.hpp"
#include "tonewood/synth/factory_presets.hpp"

namespace {

using tonewood::AudioBlockView;
using tonewood::AudioBuffer;
using tonewood::graph::Engine;
using tonewood::graph::Gain;
using tonewood::graph::Graph;
using tonewood::graph::NodeId;

// The plain-loop cost of the gains' multiplies (two channels, `frames` each), per node.
double plainMultiplyNs(int frames) {
  std::vector<float> a(static_cast<std::size_t>(frames), 0.5f), b(a.size());
  constexpr int kRuns = 200000;
  const auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < kRuns; ++r) {
    for (int c = 0; c < 2; ++c)
      for (int i = 0; i < frames; ++i)
        b[static_cast<std::size_t>(i)] = a[static_cast<std::size_t>(i)] * 0.9f;
    benchmark::DoNotOptimize(b.data());
    benchmark::ClobberMemory();
  }
  return std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start)
             .count() /
         kRuns;
}

void runBlocks(benchmark::State& state, Engine& engine, int frames, int nodes) {
  AudioBuffer in(2, frames), out(2, frames);
  in.channel(0)[0] = 1.0f;
  engine.transport().play();
  for (auto _ : state) {
    engine.process(in.view(), out.view(), true);
    benchmark::DoNotOptimize(out.channel(0));
  }
  state.counters["per_node_ns"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * nodes,
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert, benchmark::Counter::kIs1000);
}

void BM_GraphChain(benchmark::State& state) {
  const int nodes = static_cast<int>(state.range(0)), frames = static_cast<int>(state.range(1));
  Engine engine({48000.0, frames, 2, 2, 1});
  {
    tonewood::graph::EngineBatch batch(engine);
    NodeId previous = Graph::kInput;
    for (int k = 0; k < nodes; ++k) {
      const NodeId gain = engine.add(std::make_shared<Gain>(2, -0.01f));
      engine.connect(previous, gain);
      previous = gain;
    }
    engine.connect(previous, Graph::kOutput);
  }
  runBlocks(state, engine, frames, nodes);
  state.counters["plain_ns"] = plainMultiplyNs(frames);
}
BENCHMARK(BM_GraphChain)->Args({256, 64})->Args({256, 512})->Unit(benchmark::kMicrosecond);

void BM_GraphParallel(benchmark::State& state) {
  const int nodes = static_cast<int>(state.range(0)), frames = static_cast<int>(state.range(1));
  Engine engine({48000.0, frames, 2, 2, 1});
  {
    tonewood::graph::EngineBatch batch(engine);
    for (int k = 0; k < nodes; ++k) {
      const NodeId gain = engine.add(std::make_shared<Gain>(2, -0.01f));
      engine.connect(Graph::kInput, gain);
      engine.connect(gain, Graph::kOutput);
    }
  }
  runBlocks(state, engine, frames, nodes);
  state.counters["plain_ns"] = plainMultiplyNs(frames);
}
BENCHMARK(BM_GraphParallel)->Args({64, 64})->Args({64, 512})->Unit(benchmark::kMicrosecond);

tonewood::midi::MidiFile busyPhrase() {
  using tonewood::midi::Message;
  using tonewood::midi::MidiEvent;
  tonewood::midi::MidiFile song = tonewood::midi::MidiFile::withTicksPerBeat(480);
  song.tracks.resize(1);
  for (int i = 0; i < 400; ++i) {
    const int key = 40 + (i * 7) % 36;
    song.tracks[0].add(MidiEvent::channel(i * 120, Message::noteOn(0, key, 100)));
    song.tracks[0].add(MidiEvent::channel(i * 120 + 400, Message::noteOff(0, key)));
  }
  return song;
}

void BM_GraphSynthTracks(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  constexpr double kRate = 48000.0;
  constexpr int kFrames = 512, kTracks = 16;
  Engine engine({kRate, kFrames, 0, 2, threads});
  {
    tonewood::graph::EngineBatch batch(engine);
    for (int k = 0; k < kTracks; ++k) {
      auto synth = std::make_shared<tonewood::instruments::ResonatorProcessor>();
      tonewood::synth::Preset patch = tonewood::synth::pluckedString();
      tonewood::synth::applyPreset(synth->synth(), patch);
      for (int r = 1; r < 6; ++r) {  // a few more resonators, so each track has real work
        const std::string s = " wb0r" + std::to_string(r);
        synth->setParameter("enabled" + s, 1.0f);
        synth->setParameter("pitch" + s, 1.0f + 0.5f * static_cast<float>(r));
        synth->setParameter("decayTime" + s, 1.0f);
      }
      const NodeId player = engine.add(std::make_shared<tonewood::graph::MidiPlayer>(busyPhrase()));
      const NodeId synthNode = engine.add(synth);
      const NodeId pan = engine.add(
          std::make_shared<tonewood::graph::Pan>(2, -0.8f + 0.1f * static_cast<float>(k)));
      engine.connectEvents(player, synthNode);
      engine.connect(synthNode, pan);
      engine.connect(pan, Graph::kOutput);
    }
  }
  AudioBuffer out(2, kFrames);
  engine.transport().play();
  for (auto _ : state) {
    engine.process(AudioBlockView(), out.view(), false);
    benchmark::DoNotOptimize(out.channel(0));
  }
  state.counters["rtf"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * kFrames / kRate, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_GraphSynthTracks)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
