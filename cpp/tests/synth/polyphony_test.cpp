#include <gtest/gtest.h>

#include <set>

#include "support/synth_fixture.hpp"

namespace tonewood::test {
namespace {

std::set<int> activeNotes(const synth::ResonatorSynth& s) {
  std::set<int> notes;
  for (int v = 0; v < synth::ResonatorSynth::kMaxVoices; ++v)
    if (s.voice(v).isActive()) notes.insert(s.voice(v).note());
  return notes;
}

TEST(Polyphony, SeventeenthNoteStealsTheOldestVoice) {
  SynthHarness h;
  h.useSingleResonator();
  for (int i = 0; i < 17; ++i) h.noteOn(40 + i, 100, i * 10);
  h.render(1000);
  const std::set<int> notes = activeNotes(h.synth());
  EXPECT_EQ(notes.size(), 16u);
  EXPECT_FALSE(notes.count(40)) << "the first (oldest) note should have been stolen";
  for (int i = 1; i < 17; ++i) EXPECT_TRUE(notes.count(40 + i)) << 40 + i;
}

TEST(Polyphony, NumVoicesLimitsPolyphony) {
  SynthHarness h;
  h.useSingleResonator();
  h.set("numVoices", 4);
  for (int i = 0; i < 6; ++i) h.noteOn(50 + i, 100, i);
  h.render(256);
  EXPECT_EQ(h.synth().activeVoiceCount(), 4);
  EXPECT_EQ(activeNotes(h.synth()), (std::set<int>{52, 53, 54, 55}));
}

TEST(Polyphony, AReleasedVoiceFreesItselfWhenSilentAndAHeldOneDoesNot) {
  SynthHarness h;
  h.useSingleResonator();
  h.set("decayTime wb0r0", 0.3f);
  h.noteOn(60);
  h.noteOn(64);
  h.noteOff(60, 100);
  h.render(44100);  // 1 s: the released note has decayed by well over 60 dB... plus 3 checks
  h.render(22050);
  EXPECT_EQ(activeNotes(h.synth()), std::set<int>{64});
}

TEST(Polyphony, ARingingReleasedVoiceKeepsSounding) {
  SynthHarness h;
  h.useSingleResonator();
  h.set("decayTime wb0r0", 20);
  h.noteOn(60);
  h.noteOff(60, 10);
  h.render(3 * 44100);
  EXPECT_EQ(h.synth().activeVoiceCount(), 1);
}

}  // namespace
}  // namespace tonewood::test
