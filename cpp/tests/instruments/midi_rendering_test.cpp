// Rendering a MIDI file: dense files fit the synth's fixed event schedule, and every event is
// delivered.
#include "tonewood/instruments/midi_rendering.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "tonewood/instruments/resonator_processor.hpp"
#include "tonewood/midi/tempo_map.hpp"
#include "tonewood/synth/factory_presets.hpp"

namespace tonewood::instruments {
namespace {

TEST(MidiRendering, DenseFilesArePlayedInWindowsWithoutOverflow) {
  // 12 000 events in two seconds: three times what the synth can hold pending at once.
  midi::MidiFile song = midi::MidiFile::withTicksPerBeat(960);
  song.tracks.resize(1);
  for (int i = 0; i < 6000; ++i) {
    const int key = 40 + i % 40;
    song.tracks[0].add(midi::MidiEvent::channel(i, midi::Message::noteOn(i % 16, key, 100)));
    song.tracks[0].add(midi::MidiEvent::channel(i + 1, midi::Message::noteOff(i % 16, key)));
  }
  auto resonator = std::make_shared<ResonatorProcessor>();
  synth::ResonatorSynth& synth = resonator->synth();
  synth::Preset patch = synth::pluckedString();
  synth::applyPreset(synth, patch);
  MidiRenderOptions options;
  options.sampleRate = 48000.0;
  options.tailSeconds = 0.25;
  options.blockSize = 256;
  const AudioBuffer audio = renderMidi(song, resonator, options);
  const midi::TempoMap tempo = midi::TempoMap::of(song);
  EXPECT_EQ(audio.numFrames(), tempo.sample(song.lengthTicks(), 48000) + 12000);
  EXPECT_EQ(synth.pendingEvents(), 0u);
  float peak = 0.0f;
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < audio.numFrames(); ++i)
      peak = std::max(peak, std::fabs(audio.channel(c)[i]));
  EXPECT_GT(peak, 0.01f);
  EXPECT_TRUE(std::isfinite(peak));
}

}  // namespace
}  // namespace tonewood::instruments
