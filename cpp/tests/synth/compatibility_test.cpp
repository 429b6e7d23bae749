// Resonarium-compatibility mode builds resonators and runs exciter envelopes as the original does,
// so its presets keep their pitch and level; our default mode keeps the improvements. Both share
// how a keytracked post filter is placed.
#include <gtest/gtest.h>

#include <cmath>

#include "support/signal_measure.hpp"
#include "support/synth_fixture.hpp"

namespace tonewood::test {
namespace {

double cents(double hz, double reference) {
  return 1200.0 * std::log2(hz / reference);
}

// A sustained, fully dispersive string on note 60: the allpass is a sign inversion, so the loop
// rings at odd multiples of a frequency half as high as its length alone gives. The original
// tunes the loop as for no dispersion, where its allpass is a one-sample delay, so the inverted
// loop is also a sample short.
Rendered dispersiveString(bool compatibility) {
  SynthHarness h;
  h.useSingleResonator();
  h.synth().setResonariumCompatibility(compatibility);
  h.set({{"decayTime wb0r0", 60},
         {"decayFilterCutoff wb0r0", 20000},
         {"dispersion wb0r0", 100},
         {"impExciter0 pickPosition", 0}});
  h.noteOn(60);
  return h.render(44100);
}

TEST(ResonariumCompatibility, DispersionDetunesAnOctaveDownAsInTheOriginal) {
  const double f = 261.6255653;
  const double period = 44100.0 / f;
  const double low = 0.5 * f * period / (period - 1.0);  // 10.3 cents above f / 2
  const Rendered original = dispersiveString(true);
  EXPECT_NEAR(cents(measurePartialHz(original.left, 44100, low, 11025), low), 0.0, 1.0);
  EXPECT_NEAR(cents(measurePartialHz(original.left, 44100, 3.0 * low, 11025), 3.0 * low), 0.0, 1.0);
  // Ours compensates the allpass: the fundamental stays on the note.
  const Rendered ours = dispersiveString(false);
  EXPECT_NEAR(cents(measurePartialHz(ours.left, 44100, f, 11025), f), 0.0, 1.0);
  EXPECT_LT(partialLevelDb(ours.left, 44100, f / 2, 11025),
            partialLevelDb(ours.left, 44100, f, 11025) - 40.0);
}

// A sustained string with a flat loop on a high note, where a fraction of a sample is audible.
double highStringCents(bool compatibility) {
  SynthHarness h;
  h.useSingleResonator();
  h.synth().setResonariumCompatibility(compatibility);
  h.set({{"decayTime wb0r0", 60}, {"decayFilterCutoff wb0r0", 20000}});
  h.noteOn(96);
  const double f = 2093.004522;
  const auto r = h.render(22050);
  return cents(measurePartialHz(isolatePartial(r.left, 44100, f), 44100, f, 4410), f);
}

TEST(ResonariumCompatibility, HighNotesKeepTheOriginalsTuningRule) {
  // The original shortens every loop by a fixed 1.03 samples (for its allpass's unit delay and
  // its interpolator) and by the loop filter's phase delay at f: one sample plus 0.03 too many,
  // so a note 21 samples long sounds sharp by 1200 log2(P / (P - 0.03)) = 2.5 cents.
  const double period = 44100.0 / 2093.004522;
  EXPECT_NEAR(highStringCents(true), 1200.0 * std::log2(period / (period - 0.03)), 0.5);
  EXPECT_NEAR(highStringCents(false), 0.0, 0.5);  // ours solves the loop's phase exactly
}

// A bypassed resonator pitched a fifth up whose band-pass post filter (Q 50) tracks the key.
Rendered modalResonator(bool compatibility) {
  SynthHarness h;
  h.useSingleResonator();
  h.synth().setResonariumCompatibility(compatibility);
  h.set({{"decayTime wb0r0", 0},
         {"pitch wb0r0", 1.5f},
         {"postFilterKeytrack wb0r0", 1},
         {"postFilterMode wb0r0", 0.5f},
         {"postFilterResonance wb0r0", 50},
         {"impExciter0 pickPosition", 0}});
  h.noteOn(57, 127);  // full velocity: the default mode's velocity curve is then 1 too
  return h.render(22050);
}

TEST(ResonariumCompatibility, AKeytrackedPostFilterFollowsTheNoteInBothModes) {
  for (bool compatibility : {false, true}) {
    const Rendered r = modalResonator(compatibility);
    EXPECT_NEAR(cents(measurePartialHz(r.left, 44100, 220.0, 2205), 220.0), 0.0, 2.0)
        << (compatibility ? "compatibility" : "default");
    EXPECT_GT(partialLevelDb(r.left, 44100, 220.0, 2205),
              partialLevelDb(r.left, 44100, 330.0, 2205) + 20.0);
  }
}

TEST(ResonariumCompatibility, ThePostFilterBandPassPeaksAtQAsInTheOriginal) {
  // Same input, same filter: the original's band-pass output is Q (34 dB) above ours, and its
  // three empty banks each pass bank 0's output on to be summed again (12 dB).
  const double original = partialLevelDb(modalResonator(true).left, 44100, 220.0, 2205);
  const double ours = partialLevelDb(modalResonator(false).left, 44100, 220.0, 2205);
  EXPECT_NEAR(original - ours, 20.0 * std::log10(50.0) + 20.0 * std::log10(4.0), 0.1);
}

// Noise straight through a bypassed resonator; its ADSR (decay 50 ms to 50 %, release 0.2 s) is
// switched on or off.
Rendered noiseThroughBypass(bool compatibility, bool adsrOn) {
  SynthHarness h;
  h.synth().setResonariumCompatibility(compatibility);
  h.set({{"enabled wb0r0", 1},
         {"decayTime wb0r0", 0},
         {"noiseExciter0enabled", 1},
         {"noiseExciterEnv0enabled", adsrOn ? 1.0f : 0.0f},
         {"noiseExciterEnv0attack", 0},
         {"noiseExciterEnv0decay", 0.05f},
         {"noiseExciterEnv0sustain", 50},
         {"noiseExciterEnv0release", 0.2f}});
  h.noteOn(60, 127);
  h.noteOff(60, 22050);
  return h.render(44100);
}

TEST(ResonariumCompatibility, ExcitersAlwaysRunTheirEnvelopeAsInTheOriginal) {
  // The original's exciters apply their ADSR whatever its switch says.
  EXPECT_EQ(noiseThroughBypass(true, false).left, noiseThroughBypass(true, true).left);
  // Ours honours the switch: without the envelope the noise holds its full level (6 dB above
  // the 50 % sustain) and stops at the note-off instead of fading over 0.2 s.
  const Rendered off = noiseThroughBypass(false, false);
  const Rendered on = noiseThroughBypass(false, true);
  EXPECT_NEAR(rmsDb(off.left, 8820, 8820) - rmsDb(on.left, 8820, 8820), 20.0 * std::log10(2.0),
              0.05);
  const double held = rmsDb(on.left, 8820, 8820);
  EXPECT_LT(rmsDb(off.left, 22050 + 2205, 2205), held - 100.0);
  EXPECT_GT(rmsDb(on.left, 22050 + 2205, 2205), held - 12.0);
}

}  // namespace
}  // namespace tonewood::test
