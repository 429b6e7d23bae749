// The modulation matrix, measured on the sound: what each source does to its destination.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <cstring>
#include <numbers>

#include "support/signal_measure.hpp"
#include "support/synth_fixture.hpp"
#include "tonewood/core/errors.hpp"

namespace tonewood::test {
namespace {

using synth::ModulationRoute;

void sustainedString(SynthHarness& h) {
  h.useSingleResonator();
  h.set({{"decayTime wb0r0", 60},
         {"decayFilterCutoff wb0r0", 20000},
         {"impExciter0 pickPosition", 0}});
}

// RMS in 1 ms windows.
std::vector<double> envelope(const std::vector<float>& x, std::size_t window = 44) {
  std::vector<double> e;
  for (std::size_t s = 0; s + window <= x.size(); s += window) {
    double sum = 0;
    for (std::size_t i = s; i < s + window; ++i) sum += static_cast<double>(x[i]) * x[i];
    e.push_back(std::sqrt(sum / static_cast<double>(window)));
  }
  return e;
}

// The strongest modulation frequency of an envelope sampled every `stepS`, between 0.5 and 50 Hz.
double dominantHz(const std::vector<double>& e, double stepS) {
  double mean = 0;
  for (double v : e) mean += v;
  mean /= static_cast<double>(e.size());
  double best = 0, bestHz = 0;
  for (double hz = 0.5; hz <= 50; hz += 0.05) {
    std::complex<double> sum = 0;
    for (std::size_t i = 0; i < e.size(); ++i)
      sum += (e[i] - mean) *
             std::polar(1.0, -2 * std::numbers::pi * hz * stepS * static_cast<double>(i));
    if (std::abs(sum) > best) best = std::abs(sum), bestHz = hz;
  }
  return bestHz;
}

TEST(Modulation, AMacroMovesItsDestinationInNormalisedUnits) {
  SynthHarness h;
  h.useSingleResonator();
  h.set({{"decayTime wb0r0", 0.5f}, {"decayFilterCutoff wb0r0", 20000}, {"macro1", 0.5f}});
  h.synth().setModulations({{"macro1", "decayTime wb0r0", 0.2f, true, "linear", false}});
  h.noteOn(57);
  const auto r = h.render(3 * 44100);
  // normalised 0.5 s is (0.5 / 60)^0.2; plus 0.5 * 0.2; back through the skew.
  const double expected = 60.0 * std::pow(std::pow(0.5 / 60.0, 0.2) + 0.1, 5.0);
  EXPECT_NEAR(measureT60(r.left, 44100, 0.02, 3.0, 45.0), expected, 0.1 * expected);
}

TEST(Modulation, TheGlobalEffectsHearMonoSourcesAndNotPolyOnes) {
  // A dry reverb (mix 0) opened by a macro: its tail rings after the string is damped. A poly
  // source (velocity) cannot reach the global chain, which no voice owns, as in gin's matrix.
  auto tail = [](const std::vector<ModulationRoute>& routes) {
    SynthHarness h;
    h.useSingleResonator();
    h.set({{"decayTime wb0r0", 0.3f},
           {"reverbEnable", 1},
           {"reverbMix", 0},
           {"reverbDecay", 0.8f},
           {"macro1", 1}});
    h.synth().setModulations(routes);
    h.noteOn(57);
    h.noteOff(57, 4410);
    const auto r = h.render(2 * 44100);
    return rmsDb(r.left, 44100, 22050);  // 1.0..1.5 s: the string is long gone
  };
  const double dry = tail({});
  EXPECT_LT(dry, -100.0);
  EXPECT_GT(tail({{"macro1", "reverbMix", 1.0f, true, "linear", false}}), dry + 40.0);
  EXPECT_EQ(tail({{"vel", "reverbMix", 1.0f, true, "linear", false}}), dry);
}

TEST(Modulation, AnLfoMovesTheLevelAtItsRate) {
  SynthHarness h;
  sustainedString(h);
  h.set({{"lfo0enable", 1}, {"lfo0rate", 5}, {"lfo0wave", 1}});
  h.synth().setModulations({{"lfo1", "masterGain", 0.1f, true, "linear", true}});
  h.noteOn(57);
  const auto r = h.render(2 * 44100);
  const auto e = envelope(std::vector<float>(r.left.begin() + 4410, r.left.end()));
  EXPECT_NEAR(dominantHz(e, 0.001), 5.0, 0.1);
}

TEST(Modulation, TempoSyncedLfoFollowsTheTempo) {
  SynthHarness h;
  sustainedString(h);
  h.synth().setTempo(150);
  h.set({{"lfo0enable", 1}, {"lfo0sync", 1}, {"lfo0beat", 4}, {"lfo0wave", 1}});  // 1/16 notes
  h.synth().setModulations({{"mlfo1", "masterGain", 0.1f, true, "linear", true}});
  h.noteOn(57);
  const auto r = h.render(2 * 44100);
  const auto e = envelope(std::vector<float>(r.left.begin() + 4410, r.left.end()));
  EXPECT_NEAR(dominantHz(e, 0.001), 150.0 / 60.0 * 4.0, 0.1);  // four per beat: 10 Hz
}

TEST(Modulation, AnEnvelopeShapesItsDestinationOverTime) {
  SynthHarness h;
  sustainedString(h);
  h.set({{"masterGain", -100}, {"Env 1attack", 0.5f}, {"Env 1sustain", 100}});
  h.synth().setModulations({{"env1", "masterGain", 1.0f, true, "linear", false}});
  h.noteOn(57);
  const auto r = h.render(44100);
  // masterGain climbs from -100 dB to +24 dB over the attack: quiet at first, loud after.
  EXPECT_LT(rmsDb(r.left, 0, 2205), rmsDb(r.left, 30000, 2205) - 40.0);
}

TEST(Modulation, VelocityAsASource) {
  auto level = [](int velocity) {
    SynthHarness h;
    sustainedString(h);
    h.synth().setVelocitySensitivity(0);
    h.set("masterGain", -40);
    h.synth().setModulations({{"vel", "masterGain", 0.5f, true, "linear", false}});
    h.noteOn(57, velocity);
    const auto r = h.render(8820);
    return rmsDb(r.left, 4410, 4410);
  };
  EXPECT_GT(level(127), level(20) + 6.0);
}

TEST(Modulation, FastFilterModulationDoesNotClick) {
  auto render = [](bool modulated) {
    SynthHarness h;
    sustainedString(h);
    h.set(
        {{"decayFilterCutoff wb0r0", 2000}, {"lfo0enable", 1}, {"lfo0rate", 40}, {"lfo0wave", 5}});
    if (modulated)
      h.synth().setModulations({{"lfo1", "decayFilterCutoff wb0r0", 0.3f, true, "linear", true},
                                {"lfo1", "svfType wb0r0", 0.5f, true, "linear", true}});
    h.noteOn(45);
    return h.render(44100);
  };
  const auto still = render(false);
  const auto moving = render(true);
  // A square LFO switching cutoff and filter type 80 times a second: the ramped coefficients keep
  // every sample-to-sample step within what the unmodulated string itself does.
  auto largestStep = [](const std::vector<float>& x) {
    float worst = 0;
    for (std::size_t i = 4410; i < x.size(); ++i)
      worst = std::max(worst, std::abs(x[i] - x[i - 1]));
    return worst;
  };
  EXPECT_LT(largestStep(moving.left), 1.5f * largestStep(still.left));
  // Switching filter type changes the timbre and level, but nothing runs away.
  EXPECT_LT(peakAbs(moving.left), 3.0 * peakAbs(still.left));
}

Rendered modulatedPhrase(int blockSize) {
  SynthHarness h;
  sustainedString(h);
  h.set({{"lfo1enable", 1},
         {"lfo1rate", 7.3f},
         {"rnd0enable", 1},
         {"rnd0rate", 13},
         {"mseg0enable", 1},
         {"mseg0rate", 3},
         {"Env 2attack", 0.05f},
         {"noiseExciter0enabled", 1},
         {"noiseExciterEnv0enabled", 1}});
  h.synth().setModulations({{"lfo2", "decayFilterCutoff wb0r0", 0.2f, true, "sineInOut", true},
                            {"mrnd1", "pitch wb0r0", 0.05f, true, "linear", true},
                            {"rnd1", "postFilterCutoff wb0r0", 0.3f, true, "quadraticIn", false},
                            {"mseg1", "gain wb0r0", -0.2f, true, "linear", false},
                            {"env2", "dispersion wb0r0", 0.5f, true, "exponentialOut", false}});
  h.noteOn(50, 100, 11);
  h.noteOn(57, 90, 3001);
  h.noteOff(50, 9000);
  return h.render(15000, blockSize);
}

TEST(Modulation, IsBitIdenticalAcrossBlockSizes) {
  const auto reference = modulatedPhrase(512);
  for (int blockSize : {1, 7, 64}) {
    const auto r = modulatedPhrase(blockSize);
    EXPECT_EQ(0, std::memcmp(r.left.data(), reference.left.data(), r.left.size() * sizeof(float)))
        << blockSize;
  }
}

TEST(Modulation, ProcessStaysFreeOfAllocationsWithModulationActive) {
  SynthHarness h;
  sustainedString(h);
  h.set({{"lfo0enable", 1}, {"rnd0enable", 1}});
  h.synth().setModulations({{"lfo1", "decayFilterCutoff wb0r0", 0.2f, true, "linear", true},
                            {"mrnd1", "pitch wb0r0", 0.05f, true, "linear", true}});
  EXPECT_EQ(h.allocationsWhilePlaying(), 0u);
}

TEST(Modulation, BadRoutesAreRefusedAndChangeNothing) {
  synth::ResonatorSynth synth;
  synth.setModulations({{"macro2", "gain wb0r0", 0.5f, true, "linear", false}});
  EXPECT_THROW(synth.setModulations({{"lfo9", "gain wb0r0", 0.5f, true, "linear", false}}),
               InvalidArgumentError);
  EXPECT_THROW(synth.setModulations({{"lfo1", "numVoices", 0.5f, true, "linear", false}}),
               InvalidArgumentError);
  EXPECT_THROW(synth.setModulations({{"lfo1", "gain wb0r0", 1.5f, true, "linear", false}}),
               OutOfRangeError);
  EXPECT_THROW(synth.setModulations({{"lfo1", "gain wb0r0", 0.5f, true, "wobbly", false}}),
               InvalidArgumentError);
  ASSERT_EQ(synth.modulations().size(), 1u);
  EXPECT_EQ(synth.modulations()[0].source, "macro2");
}

TEST(Modulation, SourcesHaveStableIdsAndKinds) {
  const auto& sources = synth::modSources();
  EXPECT_EQ(sources.size(), static_cast<std::size_t>(synth::kNumModSources));
  for (const char* id : {"lfo1", "mlfo4", "rnd2", "mrnd1", "env3", "mseg1", "mmseg4", "macro6",
                         "vel", "note", "mpep", "mpet", "pb", "cc74"})
    EXPECT_TRUE(synth::findModSource(id).has_value()) << id;
  EXPECT_TRUE(sources[static_cast<std::size_t>(*synth::findModSource("mlfo1"))].bipolar);
  EXPECT_FALSE(sources[static_cast<std::size_t>(*synth::findModSource("mlfo1"))].poly);
}

TEST(Msegs, ShapesAreStraightAtResonariumsDefaultCurveAndBendOtherwise) {
  synth::MsegShape shape;  // 0 -> 1 -> 0, curve 5.5
  EXPECT_NEAR(synth::MsegModulator::shapeAt(shape, 0.25), 0.5, 1e-6);
  EXPECT_NEAR(synth::MsegModulator::shapeAt(shape, 0.75), 0.5, 1e-6);
  shape.points[1].curve = 9.5f;  // steeper at the end of the rise
  EXPECT_LT(synth::MsegModulator::shapeAt(shape, 0.25), 0.2);
  shape.points[1].curve = 1.5f;
  EXPECT_GT(synth::MsegModulator::shapeAt(shape, 0.25), 0.8);
}

}  // namespace
}  // namespace tonewood::test
