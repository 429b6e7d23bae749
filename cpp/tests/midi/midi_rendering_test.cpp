// Rendering a MIDI file: dense files fit the synth's fixed event schedule, and every event is
// delivered.
#include "tonewood/engine/midi_rendering.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "tonewood/midi/tempo_map.hpp"

namespace tonewood::engine {
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
  synth::ResonatorSynth synth;
  synth.prepare(ProcessSpec{48000.0, 256, 2});
  usePluckedStringPatch(synth);
  MidiRenderOptions options;
  options.tailSeconds = 0.25;
  options.blockSize = 256;
  const AudioBuffer audio = renderMidi(song, synth, options);
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

TEST(MidiRendering, MessagesBecomeTheMatchingSynthEvents) {
  const auto bend = performanceEventFor(midi::Message::pitchBend(3, 8191), 7);
  ASSERT_TRUE(bend.has_value());
  EXPECT_EQ(bend->type, PerformanceEventType::PitchBend);
  EXPECT_FLOAT_EQ(bend->value, 1.0f);
  EXPECT_EQ(bend->channel, 3);
  EXPECT_EQ(bend->frame, 7);
  EXPECT_EQ(performanceEventFor(midi::Message::noteOn(0, 60, 0), 0)->type,
            PerformanceEventType::NoteOff);
  EXPECT_FALSE(performanceEventFor(midi::Message::simple(midi::MessageType::Clock), 0));
}

}  // namespace
}  // namespace tonewood::engine
