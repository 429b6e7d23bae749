// The synth as a graph instrument: MIDI reaches it on the exact frame, and a graph of synths,
// effects and a MIDI player renders the same whatever the block size and the thread count.
#include "tonewood/instruments/resonator_processor.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "support/allocation_counter.hpp"
#include "tonewood/effects/delay.hpp"
#include "tonewood/effects/reverb.hpp"
#include "tonewood/graph/engine.hpp"
#include "tonewood/graph/nodes/gain.hpp"
#include "tonewood/graph/nodes/midi_player.hpp"
#include "tonewood/graph/nodes/pan.hpp"
#include "tonewood/synth/factory_presets.hpp"

namespace tonewood::instruments {
namespace {

using graph::Engine;
using graph::Graph;
using graph::NodeId;

std::shared_ptr<ResonatorProcessor> pluckedString() {
  auto r = std::make_shared<ResonatorProcessor>();
  synth::Preset p = synth::pluckedString();
  synth::applyPreset(r->synth(), p);
  return r;
}

std::vector<float> left(const AudioBuffer& b) {
  return {b.channel(0), b.channel(0) + b.numFrames()};
}

TEST(ResonatorProcessor, AMidiEventInAGraphPlaysLikeANoteScheduledOnThatFrame) {
  Engine engine({48000.0, 256, 0, 2, 1});
  auto inGraph = pluckedString();
  const NodeId synthNode = engine.add(inGraph);
  engine.connect(synthNode, Graph::kOutput);
  engine.schedule(synthNode, graph::Event::midi(0, 0x90, 57, 127), 1234);
  const AudioBuffer viaGraph = engine.render(8000);

  auto alone = pluckedString();
  alone->prepare({48000.0, 256, 2});
  alone->schedule(makeNoteOn(57, 1.0f, 0, 1234));
  AudioBuffer direct(2, 8000);
  alone->renderAlone(direct.view(), 256);
  EXPECT_EQ(left(viaGraph), left(direct));
  EXPECT_GT(*std::max_element(direct.channel(0), direct.channel(0) + 8000), 0.01f);
}

midi::MidiFile phrase() {
  midi::MidiFile song = midi::MidiFile::withTicksPerBeat(480);
  song.tracks.resize(2);
  song.tracks[0].add(midi::MidiEvent::tempo(0, 500000));
  song.tracks[0].add(midi::MidiEvent::tempo(960, 400000));
  for (int i = 0; i < 12; ++i) {
    const int key = 48 + (i * 5) % 24;
    song.tracks[1].add(midi::MidiEvent::channel(i * 160, midi::Message::noteOn(i % 2, key, 90)));
    song.tracks[1].add(midi::MidiEvent::channel(i * 160 + 300, midi::Message::noteOff(i % 2, key)));
    song.tracks[1].add(
        midi::MidiEvent::channel(i * 160 + 80, midi::Message::pitchBend(0, (i % 5 - 2) * 1500)));
  }
  return song;
}

void buildTracks(Engine& engine) {
  graph::EngineBatch batch(engine);  // compiled once, when it ends
  const NodeId sum = engine.add(std::make_shared<graph::Gain>(2, -6.0f), "bus");
  for (int k = 0; k < 4; ++k) {
    auto synth = pluckedString();
    synth->setParameter("decayTime wb0r0", 1.0f + 0.5f * static_cast<float>(k));
    const NodeId player = engine.add(std::make_shared<graph::MidiPlayer>(phrase()));
    const NodeId synthNode = engine.add(synth);
    const NodeId pan =
        engine.add(std::make_shared<graph::Pan>(2, -0.6f + 0.4f * static_cast<float>(k)));
    engine.connectEvents(player, synthNode);
    if (k % 2) {
      const NodeId delay = engine.add(std::make_shared<effects::Delay>());
      engine.connect(synthNode, delay);
      engine.connect(delay, pan);
    } else {
      engine.connect(synthNode, pan);
    }
    engine.connect(pan, sum);
  }
  const NodeId reverb = engine.add(std::make_shared<effects::Reverb>());
  engine.connect(sum, reverb);
  engine.connect(reverb, Graph::kOutput);
  engine.scheduleParameter(reverb, "mix", 0.5f, 20001);
}

AudioBuffer renderTracks(int blockSize, int threads) {
  Engine engine({48000.0, blockSize, 0, 2, threads});
  buildTracks(engine);
  return engine.render(48000);
}

TEST(ResonatorProcessor, SynthsEffectsAndPlayersAreBitIdenticalForAnyBlockSizeAndThreads) {
  const AudioBuffer reference = renderTracks(64, 1);
  EXPECT_GT(*std::max_element(reference.channel(0), reference.channel(0) + 48000), 0.01f);
  for (int block : {1, 7, 64, 333, 4096})
    for (int threads : {1, 2, 4}) {
      if (block == 1 && threads > 1) continue;  // a block of one frame is not worth sharing
      const AudioBuffer out = renderTracks(block, threads);
      ASSERT_EQ(left(out), left(reference)) << block << " frames, " << threads << " threads";
      ASSERT_EQ(std::vector<float>(out.channel(1), out.channel(1) + 48000),
                std::vector<float>(reference.channel(1), reference.channel(1) + 48000));
    }
}

TEST(ResonatorProcessor, AGraphCycleWithSynthAndEffectsAllocatesNothing) {
  Engine engine({48000.0, 128, 0, 2, 2});
  const NodeId player = engine.add(std::make_shared<graph::MidiPlayer>(phrase()));
  const NodeId synthNode = engine.add(pluckedString());
  const NodeId reverb = engine.add(std::make_shared<effects::Reverb>());
  engine.connectEvents(player, synthNode);
  engine.connect(synthNode, reverb);
  engine.connect(reverb, Graph::kOutput);
  engine.transport().play();
  AudioBuffer out(2, 128);
  engine.process(AudioBlockView(), out.view(), true);  // first touches
  test::AllocationCounter counter;
  for (int b = 0; b < 300; ++b) engine.process(AudioBlockView(), out.view(), true);
  EXPECT_EQ(counter.allocations() + counter.deallocations(), 0u);
}

}  // namespace
}  // namespace tonewood::instruments
