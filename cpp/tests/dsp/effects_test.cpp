// The effects, measured on signals: static curves, echo times, decay, notches, distortion.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <numbers>
#include <string>
#include <utility>
#include <vector>

#include "support/allocation_counter.hpp"
#include "support/signal_measure.hpp"
#include "support/synth_fixture.hpp"
#include "tonewood/dsp/airwindows_amp.hpp"
#include "tonewood/dsp/chorus.hpp"
#include "tonewood/dsp/distortion.hpp"
#include "tonewood/dsp/phaser.hpp"
#include "tonewood/dsp/plate_reverb.hpp"
#include "tonewood/dsp/reverb.hpp"
#include "tonewood/dsp/stereo_delay.hpp"

namespace tonewood::test {
namespace {

constexpr double kRate = 48000.0;

std::vector<float> sine(double hz, double amplitude, int frames) {
  std::vector<float> x(static_cast<std::size_t>(frames));
  for (int i = 0; i < frames; ++i)
    x[static_cast<std::size_t>(i)] =
        static_cast<float>(amplitude * std::sin(2 * std::numbers::pi * hz * i / kRate));
  return x;
}

TEST(Compressor, FollowsItsStaticCurve) {
  for (double inputDb : {-30.0, -20.0, -8.0, 0.0}) {
    dsp::Compressor c;
    c.prepare(kRate);
    c.configure({true, -20.0, 4.0, 1.0, 50.0});
    // A square wave has a constant magnitude, so the detector settles on exactly its level.
    const auto a = static_cast<float>(std::pow(10.0, inputDb / 20.0));
    std::vector<float> l(48000), r(48000);
    for (std::size_t i = 0; i < l.size(); ++i) l[i] = r[i] = (i / 50) % 2 ? a : -a;
    c.process(l.data(), r.data(), 48000);
    const double outDb = 20 * std::log10(std::abs(l.back()));
    EXPECT_NEAR(outDb - inputDb, dsp::Compressor::staticGainDb(inputDb, -20.0, 4.0), 0.1)
        << inputDb;
  }
  EXPECT_DOUBLE_EQ(dsp::Compressor::staticGainDb(-8.0, -20.0, 4.0), -9.0);
}

TEST(Compressor, AttackTimeSetsHowFastGainFalls) {
  dsp::Compressor c;
  c.prepare(kRate);
  c.configure({true, -40.0, 9.0, 10.0, 500.0});
  // Settle the detector at the threshold, then step the input up by 40 dB.
  std::vector<float> quiet(48000, 0.01f), quietR = quiet;
  c.process(quiet.data(), quietR.data(), 48000);
  std::vector<float> l(4800, 1.0f), r(4800, 1.0f);
  c.process(l.data(), r.data(), 4800);
  // After one attack time constant the detector covers 1 - 1/e of the 40 dB step.
  const double gainAfterTau = 20 * std::log10(l[480]);
  const double full = dsp::Compressor::staticGainDb(0.0, -40.0, 9.0);
  EXPECT_NEAR(gainAfterTau / full, 1.0 - std::exp(-1.0), 0.03);
}

TEST(StereoDelay, EchoesAtItsTimeWithItsFeedback) {
  dsp::StereoDelay d;
  d.prepare(kRate);
  d.configure({true, 0.25, 0.25, 0.5, 1.0, false});
  std::vector<float> l(48000, 0.0f), r(48000, 0.0f);
  l[0] = r[0] = 1.0f;
  d.process(l.data(), r.data(), 48000);
  EXPECT_NEAR(l[12000], 1.0f, 1e-4);
  EXPECT_NEAR(l[24000], 0.5f, 1e-4);
  EXPECT_NEAR(l[36000], 0.25f, 1e-4);
  EXPECT_LT(std::abs(l[6000]), 1e-6);
}

TEST(StereoDelay, PingPongAlternatesSides) {
  dsp::StereoDelay d;
  d.prepare(kRate);
  d.configure({true, 0.1, 0.1, 0.5, 1.0, true});
  std::vector<float> l(24000, 0.0f), r(24000, 0.0f);
  l[0] = r[0] = 1.0f;
  d.process(l.data(), r.data(), 24000);
  EXPECT_GT(std::abs(l[4800]), 0.9f);
  EXPECT_LT(std::abs(r[4800]), 1e-6f);
  EXPECT_GT(std::abs(r[9600]), 0.45f);
  EXPECT_LT(std::abs(l[9600]), 1e-6f);
}

TEST(Reverb, DecaysWithItsT60) {
  for (double decay : {0.3, 0.5}) {
    dsp::Reverb rv;
    rv.prepare(kRate);
    dsp::ReverbSettings s;
    s.enabled = true, s.decay = decay, s.mix = 1.0, s.earlyMix = 0.0, s.damping = 0.0,
    s.bandwidth = 1.0;
    rv.configure(s);
    const double t60 = dsp::Reverb::t60Seconds(decay);
    const int frames = static_cast<int>(kRate * (t60 + 0.5));
    std::vector<float> l(static_cast<std::size_t>(frames), 0.0f), r = l;
    l[0] = r[0] = 1.0f;
    rv.process(l.data(), r.data(), frames);
    EXPECT_NEAR(measureT60(l, kRate, 0.05, 5.0, 35.0), t60, 0.15 * t60) << decay;
    double cross = 0, ll = 0, rr = 0;
    for (int i = 0; i < frames; ++i) cross += l[i] * r[i], ll += l[i] * l[i], rr += r[i] * r[i];
    EXPECT_LT(std::abs(cross / std::sqrt(ll * rr)), 0.5);  // a wide, decorrelated tail
  }
}

/// 20000 frames: white noise on the left, a click every `period` frames on the right.
std::pair<std::vector<float>, std::vector<float>> noiseAndClicks(std::uint32_t seed, int period) {
  std::vector<float> l(20000), r(20000);
  for (std::size_t i = 0; i < l.size(); ++i) {
    seed = seed * 1664525u + 1013904223u;
    l[i] = static_cast<float>(seed >> 8) / 16777216.0f - 0.5f;
    r[i] = i % static_cast<std::size_t>(period) == 0 ? 1.0f : 0.0f;
  }
  return {l, r};
}

/// Renders with `render(block, &allocations)` at block sizes 1, 7, 13 and 462: every output must
/// be bit-identical to the one-sample run, which must not allocate.
template <typename Render>
void expectTheSameForEveryBlockSizeWithoutAllocating(Render render, const std::string& what) {
  std::size_t allocations = 1;
  const auto reference = render(1, &allocations);
  EXPECT_EQ(allocations, 0u) << what;
  for (int block : {7, 13, 462}) {
    const auto other = render(block, nullptr);
    const std::size_t bytes = reference.first.size() * sizeof(float);
    EXPECT_EQ(0, std::memcmp(reference.first.data(), other.first.data(), bytes))
        << what << ", block " << block;
    EXPECT_EQ(0, std::memcmp(reference.second.data(), other.second.data(), bytes))
        << what << ", block " << block;
  }
}

TEST(Reverb, BlockSizeDoesNotChangeASampleEvenWhileTheSizeGlides) {
  // Steady lines run in stretches bounded by the block and the shortest line; a size change
  // glides sample by sample. Wherever the stretches fall, the output must be the same.
  auto render = [](int block) {
    dsp::Reverb rv;
    rv.prepare(kRate);
    dsp::ReverbSettings s;
    s.enabled = true, s.decay = 0.6, s.mix = 0.5, s.size = 0.2;
    rv.configure(s);
    auto [l, r] = noiseAndClicks(7u, 100);
    for (int at = 0; at < 20000; at += block) {
      if (at == 6006) {  // a multiple of 1, 7, 13 and 462: the same moment for every block size
        s.size = 0.9;
        rv.configure(s);
      }
      rv.process(l.data() + at, r.data() + at, std::min(block, 20000 - at));
    }
    return std::make_pair(l, r);
  };
  const auto reference = render(1);
  for (int block : {7, 13, 462}) {
    const auto other = render(block);
    EXPECT_EQ(0, std::memcmp(reference.first.data(), other.first.data(), 20000 * sizeof(float)))
        << block;
    EXPECT_EQ(0, std::memcmp(reference.second.data(), other.second.data(), 20000 * sizeof(float)))
        << block;
  }
}

dsp::ReverbSettings plate(double decay, double mix) {
  dsp::ReverbSettings s;
  s.enabled = true, s.decay = decay, s.mix = mix, s.earlyMix = 1.0, s.damping = 0.0,
  s.bandwidth = 1.0, s.size = 0.8;
  return s;
}

TEST(PlateReverb, MixZeroIsTheDryAndTheTankRingsLongerWithMoreDecay) {
  auto impulse = [](const dsp::ReverbSettings& s, int frames) {
    dsp::PlateReverb rv;
    rv.prepare(kRate);
    rv.configure(s);
    std::vector<float> l(static_cast<std::size_t>(frames), 0.0f), r = l;
    l[0] = r[0] = 1.0f;
    rv.process(l.data(), r.data(), frames);
    return l;
  };
  const auto dry = impulse(plate(0.5, 0.0), 4800);
  EXPECT_EQ(dry[0], 1.0f);
  EXPECT_EQ(*std::max_element(dry.begin() + 1, dry.end()), 0.0f);

  const int frames = static_cast<int>(kRate * 6);
  double previous = 0.0;
  for (double decay : {0.2, 0.5, 0.8}) {
    const auto wet = impulse(plate(decay, 1.0), frames);
    const double t60 = measureT60(wet, kRate, 0.05, 5.0, 35.0);
    EXPECT_GT(t60, previous * 1.3) << decay;  // each step of decay lengthens the tail clearly
    EXPECT_LT(t60, 5.0) << decay;             // and it still dies away
    EXPECT_LT(rmsDb(wet, frames - 4800, 4800), rmsDb(wet, 0, 4800) - 60.0) << decay;
    previous = t60;
  }
}

TEST(PlateReverb, PredelayHoldsTheTankBack) {
  for (double predelay : {0.0, 0.25, 1.0}) {  // 0, 50 and 200 ms
    dsp::PlateReverb rv;
    rv.prepare(kRate);
    auto s = plate(0.5, 1.0);
    s.predelay = predelay;
    rv.configure(s);
    std::vector<float> l(24000, 0.0f), r = l;
    l[0] = r[0] = 1.0f;
    rv.process(l.data(), r.data(), 24000);
    const auto first =
        std::find_if(l.begin(), l.end(), [](float x) { return std::abs(x) > 1e-4f; });
    // The diffusers and the first tank allpass and delay add a fixed lead of 20 ms or more.
    const double at = static_cast<double>(first - l.begin()) / kRate;
    EXPECT_GT(at, 0.2 * predelay + 0.02) << predelay;
    EXPECT_LT(at, 0.2 * predelay + 0.2) << predelay;
  }
}

TEST(PlateReverb, BlockSizeDoesNotChangeASampleAndProcessingDoesNotAllocate) {
  auto render = [](int block, std::size_t* allocations) {
    dsp::PlateReverb rv;
    rv.prepare(kRate);
    auto s = plate(0.7, 0.4);
    s.earlyMix = 0.6, s.predelay = 0.1, s.damping = 0.4, s.bandwidth = 0.7;
    rv.configure(s);
    auto [l, r] = noiseAndClicks(11u, 300);
    AllocationCounter counter;
    for (int at = 0; at < 20000; at += block) {
      if (at == 6006) {  // every knob moves at once, mid-block for most block sizes
        s.decay = 0.3, s.mix = 0.8, s.predelay = 0.4, s.damping = 0.9, s.bandwidth = 0.2;
        s.earlyMix = 0.2, s.size = 0.3;
        rv.configure(s);
      }
      rv.process(l.data() + at, r.data() + at, std::min(block, 20000 - at));
    }
    if (allocations) *allocations = counter.allocations() + counter.deallocations();
    for (float x : l) EXPECT_TRUE(std::isfinite(x));
    return std::make_pair(l, r);
  };
  expectTheSameForEveryBlockSizeWithoutAllocating(render, "plate reverb");
}

TEST(AirwindowsAmp, MixZeroIsTheInputAtTheOutputLevelAndFullMixSaturates) {
  for (int mode : {0, 3}) {  // Lead, Big
    dsp::AirwindowsAmp amp;
    amp.prepare(kRate);
    dsp::AmpSettings s;
    s.enabled = true, s.mode = mode, s.a = 0.9, s.b = 0.6, s.c = 0.7, s.d = 0.0;
    amp.configure(s);
    auto l = sine(220, 0.5, 4800), r = l;
    const auto in = l;
    amp.process(l.data(), r.data(), 4800);
    for (int i = 0; i < 4800; ++i)  // the originals mix dry back in at the output level
      ASSERT_NEAR(l[static_cast<std::size_t>(i)], 0.7 * in[static_cast<std::size_t>(i)], 1e-6)
          << mode << " " << i;
    s.d = 1.0;
    amp.configure(s);
    amp.reset();
    auto hot = sine(220, 0.5, 48000), hotR = hot;
    amp.process(hot.data(), hotR.data(), 48000);
    EXPECT_LT(peakAbs(hot), 1.5) << mode;  // sine clips keep a driven amp bounded
    EXPECT_GT(rmsDb(hot, 24000, 24000), -30.0) << mode;
    // Driven hard, a pure tone comes out rich in harmonics: its second and third partials
    // stand within 40 dB of the fundamental (a clean amp would leave them at nothing).
    const double fundamental = partialLevelDb(hot, kRate, 220.0, 24000);
    EXPECT_GT(std::max(partialLevelDb(hot, kRate, 440.0, 24000),
                       partialLevelDb(hot, kRate, 660.0, 24000)),
              fundamental - 40.0)
        << mode;
  }
}

TEST(AirwindowsAmp, BlockSizeDoesNotChangeASampleAndProcessingDoesNotAllocate) {
  for (int mode : {0, 3}) {
    auto render = [mode](int block, std::size_t* allocations) {
      dsp::AirwindowsAmp amp;
      amp.prepare(kRate);
      dsp::AmpSettings s;
      s.enabled = true, s.mode = mode, s.a = 0.6, s.b = 0.5, s.c = 0.8, s.d = 0.9;
      amp.configure(s);
      auto [l, r] = noiseAndClicks(5u, 400);
      AllocationCounter counter;
      for (int at = 0; at < 20000; at += block) {
        if (at == 6006) {
          s.a = 0.9, s.b = 0.2;
          amp.configure(s);
        }
        amp.process(l.data() + at, r.data() + at, std::min(block, 20000 - at));
      }
      if (allocations) *allocations = counter.allocations() + counter.deallocations();
      return std::make_pair(l, r);
    };
    expectTheSameForEveryBlockSizeWithoutAllocating(render, "amp mode " + std::to_string(mode));
  }
}

TEST(AirwindowsAmp, AmpsRunTogetherGiveEachAmpsOwnSamplesWithoutAllocating) {
  // A chord's per-voice amps share vector lanes; every voice must still get exactly what its amp
  // alone would give, whatever its knobs, its history (different starts) and the rate.
  for (double rate : {44100.0, 96000.0}) {
    for (int mode : {0, 3}) {
      for (int count = 1; count <= dsp::AirwindowsAmp::kMaxTogether; ++count) {
        std::array<dsp::AirwindowsAmp, dsp::AirwindowsAmp::kMaxTogether> alone, together;
        std::array<std::vector<float>, dsp::AirwindowsAmp::kMaxTogether> la, ra, lt, rt;
        for (int k = 0; k < count; ++k) {
          dsp::AmpSettings s;
          s.enabled = true, s.mode = mode, s.a = 0.3 + 0.2 * k, s.b = 0.9 - 0.2 * k;
          s.c = 0.5 + 0.1 * k, s.d = k == 2 ? 1.0 : 0.8;
          for (auto* amps : {&alone, &together}) {
            (*amps)[k].prepare(rate);
            (*amps)[k].configure(s);
          }
          auto [l, r] = noiseAndClicks(11u + static_cast<unsigned>(k), 300);
          la[k] = lt[k] = l;
          ra[k] = rt[k] = r;
        }
        // Amp k has already played 37 k samples of its own when the shared blocks begin, so the
        // amps are at different points of their cycles.
        for (int k = 0; k < count; ++k) {
          auto [warmL, warmR] = noiseAndClicks(3u, 50);
          auto warmL2 = warmL, warmR2 = warmR;
          alone[k].process(warmL.data(), warmR.data(), 37 * k);
          together[k].process(warmL2.data(), warmR2.data(), 37 * k);
        }
        AllocationCounter counter;
        for (int at = 0; at + 64 <= 12000; at += 64) {
          dsp::AirwindowsAmp* amps[dsp::AirwindowsAmp::kMaxTogether];
          float *left[dsp::AirwindowsAmp::kMaxTogether], *right[dsp::AirwindowsAmp::kMaxTogether];
          for (int k = 0; k < count; ++k) {
            amps[k] = &together[k];
            left[k] = lt[k].data() + at;
            right[k] = rt[k].data() + at;
          }
          dsp::AirwindowsAmp::processTogether(amps, count, left, right, 64);
        }
        EXPECT_EQ(counter.allocations() + counter.deallocations(), 0u);
        for (int k = 0; k < count; ++k) {
          for (int at = 0; at + 64 <= 12000; at += 64)
            alone[k].process(la[k].data() + at, ra[k].data() + at, 64);
          EXPECT_EQ(la[k], lt[k]) << "rate " << rate << ", mode " << mode << ", " << count
                                  << " amps, amp " << k;
          EXPECT_EQ(ra[k], rt[k]) << "rate " << rate << ", mode " << mode << ", amp " << k;
        }
      }
    }
  }
}

TEST(Phaser, NotchesWhereTheStagesReachAnOddMultipleOfPi) {
  dsp::Phaser p;
  p.prepare(kRate);
  // Depth 0 holds the sweep: all six stages break at 1 kHz, 90 degrees each: 540 degrees in all.
  p.configure({true, 0.5, 0.0, 1000.0, 0.0, 0.5});
  auto l = sine(1000, 0.5, 48000), r = l;
  auto reference = l;
  p.process(l.data(), r.data(), 48000);
  EXPECT_LT(rmsDb(l, 24000, 24000), rmsDb(reference, 24000, 24000) - 30.0);
  // Where the stages add up to -360 degrees (12 atan(f / 1 kHz) = 2 pi: 577 Hz) wet and dry agree.
  auto l2 = sine(577, 0.5, 48000), r2 = l2;
  dsp::Phaser q;
  q.prepare(kRate);
  q.configure({true, 0.5, 0.0, 1000.0, 0.0, 0.5});
  q.process(l2.data(), r2.data(), 48000);
  EXPECT_NEAR(rmsDb(l2, 24000, 24000), rmsDb(reference, 24000, 24000), 0.5);
}

TEST(Phaser, DepthSwingsAlongTheLogScaleFromTwentyHertzToTwentyKilohertz) {
  // 1 kHz sits at 0.566 of the scale (ln 50 / ln 1000); depth 0.5 swings a quarter of it, to
  // 0.816: 20 Hz * 1000^0.816 = 5.62 kHz. The sweep barely moves at 0.0001 Hz, and the right
  // channel's LFO starts at its crest (a quarter cycle ahead), so its notch sits at 5.62 kHz while
  // the left one, at the LFO's zero crossing, sits on the centre.
  const auto notchDepthDb = [](int channel, double hz) {
    dsp::Phaser p;
    p.prepare(kRate);
    p.configure({true, 0.0001, 0.5, 1000.0, 0.0, 0.5});
    auto l = sine(hz, 0.5, 24000), r = l;
    const auto reference = l;
    p.process(l.data(), r.data(), 24000);
    return rmsDb(channel == 0 ? l : r, 12000, 12000) - rmsDb(reference, 12000, 12000);
  };
  EXPECT_LT(notchDepthDb(0, 1000), -30.0);
  EXPECT_LT(notchDepthDb(1, 5623), -30.0);
  EXPECT_GT(notchDepthDb(1, 1000), -6.0);
}

TEST(Chorus, KeepsTheLevelAndWidensTheImage) {
  dsp::Chorus ch;
  ch.prepare(kRate);
  ch.configure({true, 1.5, 1.0, 0.0, 0.0, 0.5});
  auto l = sine(440, 0.5, 48000), r = l;
  const auto reference = l;
  ch.process(l.data(), r.data(), 48000);
  EXPECT_NEAR(rmsDb(l, 4800, 43200), rmsDb(reference, 4800, 43200), 3.0);
  double diff = 0;
  for (std::size_t i = 4800; i < l.size(); ++i) diff += std::abs(l[i] - r[i]);
  EXPECT_GT(diff / 43200.0, 0.01);  // the sides differ
}

TEST(Distortion, ShapersAreBoundedAndDriveAddsHarmonics) {
  for (int type = 0; type <= 3; ++type)
    for (float x = -20.0f; x <= 20.0f; x += 0.01f)
      ASSERT_LE(std::abs(dsp::Distortion::shape(type, x)), 1.0f + 1e-6f) << type << " " << x;
  auto thirdHarmonicDb = [](double driveDb) {
    dsp::Distortion d;
    d.prepare(kRate);
    dsp::DistortionSettings s;
    s.enabled = true, s.type = 0, s.driveDb = driveDb;
    d.configure(s);
    auto l = sine(500, 0.5, 48000), r = l;
    d.process(l.data(), r.data(), 48000);
    return partialLevelDb(l, kRate, 1500, 4800) - partialLevelDb(l, kRate, 500, 4800);
  };
  EXPECT_GT(thirdHarmonicDb(24.0), thirdHarmonicDb(0.0) + 20.0);
}

TEST(Distortion, FoldsFollowResonarium) {
  // Linear fold: a triangle through the origin with peaks at x = +-1 (times 4k).
  EXPECT_NEAR(dsp::Distortion::shape(2, 0.0f), 0.0f, 1e-6f);
  EXPECT_NEAR(dsp::Distortion::shape(2, 1.0f), 1.0f, 1e-6f);
  EXPECT_NEAR(dsp::Distortion::shape(2, 2.0f), 0.0f, 1e-6f);
  EXPECT_NEAR(dsp::Distortion::shape(2, 0.5f), 0.5f, 1e-6f);
  // Below -3 the original's fmod keeps the sign and the fold leaves -1..1; ours continues.
  EXPECT_NEAR(dsp::Distortion::shape(2, -3.5f, true), 1.5f, 1e-6f);
  EXPECT_NEAR(dsp::Distortion::shape(2, -3.5f), 0.5f, 1e-6f);
  EXPECT_NEAR(dsp::Distortion::shape(2, -5.0f), -1.0f, 1e-6f);
  // Sine fold: sin(2 pi (0.5 - x / 4)) = sin(pi x / 2).
  EXPECT_NEAR(dsp::Distortion::shape(3, 1.0f), 1.0f, 1e-5f);
  EXPECT_NEAR(dsp::Distortion::shape(3, 0.5f), std::sin(0.25f * 3.14159265f), 1e-5f);
}

TEST(Distortion, BitcrushAndDownsampleReadTheDriveAsACount) {
  dsp::Distortion d;
  d.prepare(kRate);
  dsp::DistortionSettings s;
  s.enabled = true, s.type = 4, s.driveDb = 4.7;  // 4 levels over -1..1: steps of 0.5
  d.configure(s);
  auto l = sine(100, 0.9, 4800), r = l;
  d.process(l.data(), r.data(), 4800);
  std::vector<float> levels;
  for (float x : l)
    if (std::find(levels.begin(), levels.end(), x) == levels.end()) levels.push_back(x);
  std::sort(levels.begin(), levels.end());
  EXPECT_EQ(levels, (std::vector<float>{-1.0f, -0.5f, 0.0f, 0.5f, 1.0f}));
  s.type = 5, s.driveDb = 8.0;  // hold 8 samples
  dsp::Distortion h;
  h.prepare(kRate);
  h.configure(s);
  auto l2 = sine(100, 0.9, 4800), r2 = l2;
  const auto source = l2;
  h.process(l2.data(), r2.data(), 4800);
  for (std::size_t i = 7; i < 4800; ++i) EXPECT_EQ(l2[i], source[(i + 1) / 8 * 8 - 1]) << i;
}

TEST(Amp, EveryModeStaysBoundedAndGainAddsDrive) {
  for (int mode = 0; mode <= 5; ++mode) {
    dsp::AmpSimulator amp;
    amp.prepare(kRate);
    amp.configure({true, mode, 1.0, 0.5, 0.5, 0.8});
    auto l = sine(220, 1.0, 24000), r = l;
    amp.process(l.data(), r.data(), 24000);
    for (float x : l) ASSERT_TRUE(std::isfinite(x) && std::abs(x) < 4.0f) << mode;
  }
  // The gain knob drives the stage harder: the third harmonic rises against the fundamental.
  auto thirdHarmonicDb = [](double gainKnob) {
    dsp::AmpSimulator amp;
    amp.prepare(kRate);
    amp.configure({true, 2, gainKnob, 0.5, 0.5, 0.5});
    auto l = sine(220, 0.1, 48000), r = l;
    amp.process(l.data(), r.data(), 48000);
    return partialLevelDb(l, kRate, 660, 9600) - partialLevelDb(l, kRate, 220, 9600);
  };
  EXPECT_GT(thirdHarmonicDb(1.0), thirdHarmonicDb(0.0) + 10.0);
}

TEST(EffectsChain, EveryEffectOnStaysBitIdenticalAcrossBlockSizesAndAllocationFree) {
  auto render = [](int blockSize, std::size_t* allocations) {
    SynthHarness h;
    h.useSingleResonator();
    h.set({{"Filter 1 enable", 1},
           {"Filter 1 cutoff", 5000},
           {"chorusEnable", 1},
           {"phaserEnable", 1},
           {"distEnable", 1},
           {"distType", 2},
           {"distDrive", 6},
           {"ampEnable", 1},
           {"ampMode", 2},
           {"delayEnable", 1},
           {"delayTimeL", 0.05f},
           {"delayPingPong", 1},
           {"compressorEnable", 1},
           {"compressorThreshold", -20},
           {"compressorRatio", 4},
           {"reverbEnable", 1},
           {"Filter 2 enable", 1},
           {"Filter 2 mode", 1},
           {"Filter 2 cutoff", 40}});
    h.noteOn(50, 100, 7);
    h.noteOn(57, 100, 999);
    std::vector<float> left(8192), right(8192);
    float* channels[] = {left.data(), right.data()};
    AllocationCounter counter;
    h.synth().render(AudioBlockView(channels, 2, 8192), blockSize);
    if (allocations) *allocations = counter.allocations() + counter.deallocations();
    return left;
  };
  std::size_t allocations = 1;
  const auto reference = render(512, &allocations);
  EXPECT_EQ(allocations, 0u);
  double energy = 0;
  for (float x : reference) {
    ASSERT_TRUE(std::isfinite(x));
    energy += x * x;
  }
  EXPECT_GT(energy, 0.1);
  for (int blockSize : {1, 7, 64}) {
    const auto r = render(blockSize, nullptr);
    EXPECT_EQ(0, std::memcmp(r.data(), reference.data(), r.size() * sizeof(float))) << blockSize;
  }
}

}  // namespace
}  // namespace tonewood::test

namespace tonewood::test {
namespace {

// Hard-clipping each voice alone lets their sum pass 1; one clipper on the sum cannot.
Rendered clippedChord(bool perVoice, int blockSize = 512) {
  SynthHarness h;
  h.useSingleResonator();
  h.set({{"decayTime wb0r0", 2},
         {"masterGain", 12},
         {"distEnable", 1},
         {"distType", 1},
         {"distDrive", 12},
         {"polyEffectChain", perVoice ? 1.0f : 0.0f}});
  for (int note : {48, 55, 60, 64}) h.noteOn(note, 127, 3);
  return h.render(8192, blockSize);
}

TEST(EffectsChain, PolyEffectChainGivesEveryVoiceItsOwnEffects) {
  const auto global = clippedChord(false);
  const auto perVoice = clippedChord(true);
  EXPECT_LE(peakAbs(global.left), 1.0 + 1e-6);
  EXPECT_GT(peakAbs(perVoice.left), 1.5);
}

TEST(EffectsChain, PerVoiceChainsAreBitIdenticalAcrossBlockSizesAndAllocationFree) {
  const auto reference = clippedChord(true, 512);
  for (int blockSize : {1, 7, 64}) {
    const auto r = clippedChord(true, blockSize);
    EXPECT_EQ(0, std::memcmp(r.left.data(), reference.left.data(), r.left.size() * sizeof(float)));
  }
  SynthHarness h;
  h.useSingleResonator();
  h.set({{"polyEffectChain", 1}, {"reverbEnable", 1}, {"delayEnable", 1}, {"chorusEnable", 1}});
  std::vector<float> left(256), right(256);
  float* channels[] = {left.data(), right.data()};
  for (int n = 0; n < 20; ++n) h.noteOn(40 + n, 100, n * 13);  // includes stealing
  std::size_t allocations = 0;
  for (int i = 0; i < 60; ++i) {
    AllocationCounter counter;
    h.synth().process(AudioBlockView(channels, 2, 256));
    allocations += counter.allocations() + counter.deallocations();
  }
  EXPECT_EQ(allocations, 0u);
}

}  // namespace
}  // namespace tonewood::test
