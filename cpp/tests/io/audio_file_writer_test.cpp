#include "tonewood/io/audio_file_writer.hpp"

#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
#include <filesystem>

#include "tonewood/analysis/loudness.hpp"
#include "tonewood/core/errors.hpp"

namespace tonewood::io {
using analysis::integratedLoudness;
using analysis::peakLevel;
namespace {

namespace fs = std::filesystem;

fs::path scratchDir() {
  const fs::path dir = fs::temp_directory_path() / ("tonewood-io-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

AudioBuffer sine(double hz, double amplitude, int frames, double sr) {
  AudioBuffer b(2, frames);
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < frames; ++i)
      b.channel(c)[i] = static_cast<float>(amplitude * std::sin(2 * M_PI * hz * i / sr));
  return b;
}

TEST(AudioFileWriter, WavFlacAndAiffReadBackWithinOneLsb) {
  AudioBuffer b = sine(440, 0.5, 4800, 48000);
  for (const char* name : {"a.wav", "a.flac", "a.aiff"}) {
    const fs::path path = scratchDir() / name;
    writeAudioFile(path.string(), b.view(), 48000, "PCM_24");
    SF_INFO info{};
    SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
    ASSERT_NE(f, nullptr) << name;
    EXPECT_EQ(info.samplerate, 48000);
    EXPECT_EQ(info.channels, 2);
    EXPECT_EQ(info.frames, 4800);
    std::vector<float> data(9600);
    sf_readf_float(f, data.data(), 4800);
    sf_close(f);
    for (int i = 0; i < 4800; ++i) ASSERT_NEAR(data[2 * i + 1], b.channel(1)[i], 1.0 / 8388608.0);
  }
}

TEST(AudioFileWriter, BadInputIsRejectedAndLeavesNoFile) {
  AudioBuffer b = sine(440, 0.5, 100, 48000);
  const fs::path path = scratchDir() / "bad.xyz";
  EXPECT_THROW(writeAudioFile(path.string(), b.view(), 48000), InvalidArgumentError);
  EXPECT_THROW(writeAudioFile((scratchDir() / "b.wav").string(), b.view(), 48000, "PCM_7"),
               InvalidArgumentError);
  EXPECT_THROW(writeAudioFile((scratchDir() / "c.flac").string(), b.view(), 48000, "DOUBLE"),
               InvalidArgumentError);
  EXPECT_THROW(writeAudioFile("/nonexistent-dir/x.wav", b.view(), 48000), AudioFileError);
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(scratchDir() / "b.wav"));
  for (const auto& entry : fs::directory_iterator(scratchDir()))
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos);
}

TEST(Loudness, OneKilohertzSineFollowsTheBs1770Calibration) {
  // BS.1770 is calibrated so a 1 kHz sine reads its mean-square level in each channel, summed:
  // amplitude 0.5 -> 10 log10(0.125) = -9.03 LUFS mono, and +3.01 LU for two channels.
  AudioBuffer stereo = sine(1000, 0.5, 48000 * 3, 48000);
  EXPECT_NEAR(integratedLoudness(stereo.view(), 48000), -6.02, 0.05);
  float* left[] = {stereo.channel(0)};
  EXPECT_NEAR(integratedLoudness(AudioBlockView(left, 1, 48000 * 3), 48000), -9.03, 0.05);
  EXPECT_NEAR(peakLevel(stereo.view()), 0.5, 1e-4);
}

}  // namespace
}  // namespace tonewood::io
