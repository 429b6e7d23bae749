#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <numbers>

#include "support/signal_measure.hpp"
#include "support/synth_fixture.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/instruments/resonator_loading.hpp"
#include "tonewood/io/audio_file_writer.hpp"
#include "tonewood/synth/preset_files.hpp"

namespace tonewood::test {
namespace {

namespace fs = std::filesystem;

fs::path scratch() {
  const fs::path dir =
      fs::temp_directory_path() / ("tonewood-sample-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

// Half a second of a 1 kHz sine at 22.05 kHz: the synth must resample it to its own rate.
fs::path writeTone() {
  const fs::path path = scratch() / "tone.wav";
  AudioBuffer tone(1, 11025);
  for (int i = 0; i < 11025; ++i)
    tone.channel(0)[i] =
        static_cast<float>(0.5 * std::sin(2 * std::numbers::pi * 1000.0 * i / 22050.0));
  io::writeAudioFile(path.string(), tone.view(), 22050, "FLOAT");
  return path;
}

void dryTone(SynthHarness& h) {
  instruments::loadSample(h.synth(), writeTone().string());
  h.set({{"sampleEnable", 1}, {"sampleMix", 0}});  // all dry: the voice plays the file itself
}

std::size_t lastAudible(const std::vector<float>& x) {
  std::size_t last = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (std::abs(x[i]) > 1e-3f) last = i;
  return last;
}

TEST(SampleExciter, PlaysTheFileResampledToTheEngineRate) {
  SynthHarness h;
  dryTone(h);
  h.noteOn(60, 127);
  const auto r = h.render(44100);
  EXPECT_NEAR(static_cast<double>(lastAudible(r.left)), 22050.0, 40.0);  // 0.5 s at 44.1 kHz
  const double hz = measurePartialHz(r.left, 44100, 1000.0, 2000);
  EXPECT_NEAR(1200 * std::log2(hz / 1000.0), 0.0, 0.5);
  EXPECT_NEAR(rmsDb(r.left, 2000, 16000), 20 * std::log10(0.5 / std::sqrt(2.0)), 0.1);
}

TEST(SampleExciter, StartAndEndSelectPartOfTheFile) {
  SynthHarness h;
  dryTone(h);
  h.set({{"sampleStart", 25}, {"sampleEnd", 75}});
  h.noteOn(60, 127);
  const auto r = h.render(44100);
  EXPECT_NEAR(static_cast<double>(lastAudible(r.left)), 11025.0, 40.0);
}

TEST(SampleExciter, LoopsWhileHeld) {
  SynthHarness h;
  dryTone(h);
  h.set("sampleLoop", 1);
  h.noteOn(60, 127);
  const auto r = h.render(2 * 44100);
  EXPECT_GT(rmsDb(r.left, 66150, 22050), -10.0);
}

TEST(SampleExciter, KeyTrackingTransposesFromTheRootNote) {
  SynthHarness h;
  dryTone(h);
  h.synth().setSampleKeyTracking(60);
  h.noteOn(72, 127);
  const auto r = h.render(22050);
  const double hz = measurePartialHz(r.left, 44100, 2000.0, 1000);
  EXPECT_NEAR(1200 * std::log2(hz / 2000.0), 0.0, 0.5);
  EXPECT_NEAR(static_cast<double>(lastAudible(r.left)), 11025.0, 40.0);  // twice as fast
  EXPECT_THROW(h.synth().setSampleKeyTracking(200), OutOfRangeError);
}

TEST(SampleExciter, WetShareExcitesTheResonators) {
  SynthHarness h;
  instruments::loadSample(h.synth(), writeTone().string());
  h.set({{"sampleEnable", 1}, {"sampleMix", 1}, {"enabled wb0r0", 1}, {"decayTime wb0r0", 3}});
  h.noteOn(84, 127);  // 1046 Hz: close to the tone
  const auto r = h.render(44100);
  EXPECT_GT(rmsDb(r.left, 33075, 11025), -60.0);  // rings on after the sample ends
}

TEST(SampleExciter, PresetsCarryTheSamplePathAndAMissingFileIsAWarning) {
  const fs::path tone = writeTone();
  synth::Preset preset;
  preset.samplePath = tone.filename().string();  // relative to the preset's folder
  preset.parameters = {{"sampleEnable", 1.0f}};
  const fs::path presetPath = tone.parent_path() / "with-sample.json";
  synth::writePresetFile(preset, presetPath.string());
  synth::ResonatorSynth synth;
  synth.prepare({44100, 512, 2});
  auto loaded = instruments::loadPreset(synth, presetPath.string());
  EXPECT_TRUE(loaded.warnings.empty());
  EXPECT_EQ(synth.samplePath(), tone.string());

  preset.samplePath = "no-such-file.wav";
  synth::writePresetFile(preset, presetPath.string());
  loaded = instruments::loadPreset(synth, presetPath.string());
  ASSERT_EQ(loaded.warnings.size(), 1u);
  EXPECT_NE(loaded.warnings[0].find("no-such-file.wav"), std::string::npos);
  EXPECT_EQ(synth.samplePath(), "no-such-file.wav");
  EXPECT_THROW(instruments::loadSample(synth, (tone.parent_path() / "missing.wav").string()),
               AudioFileError);
}

}  // namespace
}  // namespace tonewood::test
