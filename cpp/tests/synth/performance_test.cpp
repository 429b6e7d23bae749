// Pitch bend, RPN bend range, MPE, sustain pedal, pressure and timbre: what a player does.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "support/signal_measure.hpp"
#include "support/synth_fixture.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/core/units.hpp"

namespace tonewood::test {
namespace {

void string(SynthHarness& h) {
  h.useSingleResonator();
  h.set({{"decayTime wb0r0", 20},
         {"decayFilterCutoff wb0r0", 20000},
         {"impExciter0 pickPosition", 0}});
}

double centsAt(SynthHarness& h, double expectedHz) {
  const auto r = h.render(44100);
  const double measured =
      measurePartialHz(isolatePartial(r.left, 44100, expectedHz), 44100, expectedHz, 8820);
  return 1200.0 * std::log2(measured / expectedHz);
}

void schedule(SynthHarness& h, const PerformanceEvent& e) {
  h.synth().schedule(e);
}

TEST(PitchBend, FullBendRaisesThePitchByTheRange) {
  SynthHarness h;
  string(h);
  schedule(h, makePitchBend(1.0f, 0, 0));
  h.noteOn(57);  // 220 Hz, bent from the start
  EXPECT_NEAR(centsAt(h, 220.0 * std::exp2(2.0 / 12.0)), 0.0, 1.0);
}

TEST(PitchBend, BendingAHeldNoteRetunesItAndOtherChannelsStayPut) {
  SynthHarness h;
  string(h);
  h.noteOn(57);
  h.synth().schedule(makeNoteOn(64, 0.8f, 1, 0));
  h.render(4410);
  schedule(h, makePitchBend(-0.5f, 0, 0));  // channel 0 only: one semitone down
  const auto r = h.render(44100);
  const double down = 220.0 * std::exp2(-1.0 / 12.0);
  const double measured = measurePartialHz(isolatePartial(r.left, 44100, down), 44100, down, 4410);
  EXPECT_NEAR(1200.0 * std::log2(measured / down), 0.0, 1.0);
  const double other = midiNoteToHz(64);
  const double kept = measurePartialHz(isolatePartial(r.left, 44100, other), 44100, other, 4410);
  EXPECT_NEAR(1200.0 * std::log2(kept / other), 0.0, 1.0);
}

TEST(PitchBend, RpnZeroSetsAChannelsRange) {
  SynthHarness h;
  string(h);
  for (auto [cc, value] : {std::pair{101, 0}, {100, 0}, {6, 12}, {38, 0}})
    schedule(h, makeControlChange(cc, static_cast<float>(value) / 127.0f, 0, 0));
  schedule(h, makePitchBend(1.0f, 0, 0));
  h.noteOn(57);
  EXPECT_NEAR(centsAt(h, 440.0), 0.0, 1.0);
}

TEST(PitchBend, RangeSetterAppliesToEveryChannel) {
  SynthHarness h;
  string(h);
  h.synth().setPitchBendRange(7);
  schedule(h, makePitchBend(1.0f, 0, 0));
  h.noteOn(57);
  EXPECT_NEAR(centsAt(h, 220.0 * std::exp2(7.0 / 12.0)), 0.0, 1.0);
  EXPECT_THROW(h.synth().setPitchBendRange(200), OutOfRangeError);
}

TEST(Mpe, MemberChannelsBendOverFortyEightSemitonesAndTheMasterAddsItsOwn) {
  SynthHarness h;
  string(h);
  h.synth().setMpeEnabled(true);
  schedule(h, makePitchBend(0.25f, 3, 0));  // a quarter of 48: +12
  schedule(h, makePitchBend(-0.5f, 0, 0));  // master: half of 2: -1
  h.synth().schedule(makeNoteOn(57, 0.8f, 3, 0));
  EXPECT_NEAR(centsAt(h, 220.0 * std::exp2(11.0 / 12.0)), 0.0, 1.0);
}

TEST(Mpe, PressureAndTimbreReachTheirNoteOnly) {
  SynthHarness h;
  string(h);
  h.synth().setMpeEnabled(true);
  h.synth().schedule(makeNoteOn(57, 0.8f, 1, 0));
  h.synth().schedule(makeNoteOn(60, 0.8f, 2, 0));
  schedule(h, makeChannelPressure(0.7f, 1, 10));
  schedule(h, makeControlChange(74, 0.2f, 2, 10));
  schedule(h, makePolyPressure(60, 0.4f, 2, 20));
  h.render(256);
  for (int v = 0; v < synth::ResonatorSynth::kMaxVoices; ++v) {
    const auto& voice = h.synth().voice(v);
    if (!voice.isActive()) continue;
    if (voice.note() == 57) {
      EXPECT_FLOAT_EQ(voice.pressure(), 0.7f);
      EXPECT_FLOAT_EQ(voice.timbre(), 0.5f);
    } else {
      EXPECT_FLOAT_EQ(voice.pressure(), 0.4f);
      EXPECT_FLOAT_EQ(voice.timbre(), 0.2f);
    }
  }
}

// A gated noise exciter plays exactly as long as the key (or the pedal) holds the note.
double noiseAfterRelease(bool pedal, bool liftPedal) {
  SynthHarness h;
  h.set({{"noiseExciter0enabled", 1}, {"enabled wb0r0", 1}, {"decayTime wb0r0", 0.0f}});
  if (pedal) h.synth().schedule(makeControlChange(64, 1.0f, 0, 0));
  h.noteOn(60, 127, 0);
  h.noteOff(60, 4410);
  if (liftPedal) h.synth().schedule(makeControlChange(64, 0.0f, 0, 22050));
  const auto r = h.render(44100);
  return rmsDb(r.left, 8820, 8820);  // 0.2 .. 0.4 s: after the key, before the pedal lifts
}

TEST(SustainPedal, HoldsReleasedNotesUntilLifted) {
  EXPECT_LT(noiseAfterRelease(false, false), -200.0);
  EXPECT_GT(noiseAfterRelease(true, true), -40.0);
  SynthHarness h;
  h.set({{"noiseExciter0enabled", 1}, {"enabled wb0r0", 1}, {"decayTime wb0r0", 0.0f}});
  h.synth().schedule(makeControlChange(64, 1.0f, 0, 0));
  h.noteOn(60, 127, 0);
  h.noteOff(60, 100);
  h.synth().schedule(makeControlChange(64, 0.0f, 0, 22050));
  const auto r = h.render(44100);
  // Gate closed with the pedal: only the bank DC blocker's tail (pole 0.995) remains after it.
  EXPECT_LT(peakAbs(r.left, 22050 + 3000), 1e-4);
}

TEST(PerformanceEvents, BendsAndControllersAreBitIdenticalAcrossBlockSizes) {
  auto render = [](int blockSize) {
    SynthHarness h;
    string(h);
    h.set({{"noiseExciter0enabled", 1}, {"noiseExciterEnv0enabled", 1}});
    h.noteOn(50, 100, 3);
    h.noteOn(57, 90, 700);
    for (int k = 0; k < 20; ++k)
      h.synth().schedule(makePitchBend(std::sin(0.3f * static_cast<float>(k)), 0, 37 + 211 * k));
    h.synth().schedule(makeControlChange(64, 1.0f, 0, 1000));
    h.noteOff(50, 1500);
    h.synth().schedule(makeControlChange(64, 0.0f, 0, 3333));
    h.synth().schedule(makeProgramChange(5, 0, 10));
    return h.render(8000, blockSize);
  };
  const auto reference = render(512);
  for (int blockSize : {1, 7, 64}) {
    const auto r = render(blockSize);
    EXPECT_EQ(0, std::memcmp(r.left.data(), reference.left.data(), r.left.size() * sizeof(float)))
        << blockSize;
  }
}

}  // namespace
}  // namespace tonewood::test
