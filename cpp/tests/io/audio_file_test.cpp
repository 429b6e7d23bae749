// AudioFile over memory streams: exact integer round trips, truncation detection, the 4 GB
// limit of 32-bit containers, and errors that name the file.
#include "tonewood/io/audio_file.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "tonewood/core/errors.hpp"

namespace tonewood::io {
namespace {

std::vector<std::uint8_t> writeToMemory(const std::vector<float>& samples,
                                        const AudioWriteOptions& options) {
  auto stream = std::make_unique<MemoryStream>();
  MemoryStream* memory = stream.get();
  AudioFile file = AudioFile::openWrite(std::move(stream), "memory", 48000, 1, options);
  const float* rows[] = {samples.data()};
  file.write<float>(rows, static_cast<std::int64_t>(samples.size()));
  file.close();  // the header is complete only now
  return memory->bytes();
}

TEST(AudioFile, Pcm16RoundTripIsExactAtFullScale) {
  const std::vector<float> samples = {-1.0f, 1.0f - 1.0f / 32768.0f, 0.25f, 3.0f, -3.0f};
  AudioWriteOptions options;
  options.format = "WAV";
  options.subtype = "PCM_16";
  AudioFile in = AudioFile::openRead(
      std::make_unique<MemoryStream>(writeToMemory(samples, options)), "memory");
  EXPECT_EQ(in.format(), "WAV");
  EXPECT_EQ(in.subtype(), "PCM_16");
  ASSERT_EQ(in.frames(), 5);
  std::vector<std::int16_t> ints(5);
  std::int16_t* rows[] = {ints.data()};
  EXPECT_EQ(in.read<std::int16_t>(rows, 5), 5);
  EXPECT_EQ(ints, (std::vector<std::int16_t>{-32768, 32767, 8192, 32767, -32768}));
}

TEST(AudioFile, TruncatedFilesOfEveryPcmContainerAreAnErrorUnlessAllowed) {
  // libsndfile says so differently for each container (WAV/AIFF, RF64's ds64, W64's chunk size).
  for (const char* format : {"WAV", "RF64", "W64", "AIFF"}) {
    AudioWriteOptions options;
    options.format = format;
    options.subtype = "PCM_24";
    std::vector<std::uint8_t> bytes = writeToMemory(std::vector<float>(1000, 0.1f), options);
    const auto whole = AudioFile::openRead(std::make_unique<MemoryStream>(bytes), "whole");
    EXPECT_EQ(whole.frames(), 1000) << format;
    bytes.resize(bytes.size() - 1200 - (bytes.size() - 3000) % 3);  // 400 frames missing
    try {
      AudioFile::openRead(std::make_unique<MemoryStream>(bytes), "cut");
      ADD_FAILURE() << format << ": no error";
    } catch (const AudioFileError& e) {
      EXPECT_NE(std::string(e.what()).find("'cut' is truncated"), std::string::npos) << e.what();
    }
    AudioFile salvage = AudioFile::openRead(std::make_unique<MemoryStream>(bytes), "cut", true);
    EXPECT_NEAR(static_cast<double>(salvage.frames()), 600.0, 1.0) << format;
  }
}

TEST(AudioFile, ThirtyTwoBitContainersRefuseToGrowPastFourGigabytes) {
  AudioWriteOptions options;
  options.format = "WAV";
  options.subtype = "FLOAT";
  AudioFile file = AudioFile::openWrite(std::make_unique<MemoryStream>(), "big", 48000, 2, options);
  const float* rows[] = {nullptr, nullptr};  // never read: the size check comes first
  EXPECT_THROW(file.write<float>(rows, std::int64_t{1} << 29), AudioFileError);
  options.format = "W64";
  AudioFile w64 = AudioFile::openWrite(std::make_unique<MemoryStream>(), "big", 48000, 2, options);
  std::vector<float> one(1, 0.0f);
  const float* row[] = {one.data(), one.data()};
  EXPECT_NO_THROW(w64.write<float>(row, 1));
}

TEST(AudioFile, StreamsNeedANamedFormatAndBadCombinationsSaySo) {
  EXPECT_THROW(AudioFile::openWrite(std::make_unique<MemoryStream>(), "x", 48000, 1, {}),
               InvalidArgumentError);
  AudioWriteOptions options;
  options.format = "FLAC";
  options.subtype = "FLOAT";
  EXPECT_THROW(AudioFile::openWrite(std::make_unique<MemoryStream>(), "x", 48000, 1, options),
               InvalidArgumentError);
  options.subtype = "PCM_16";
  EXPECT_THROW(AudioFile::openWrite(std::make_unique<MemoryStream>(), "x", 0.5, 1, options),
               OutOfRangeError);
}

}  // namespace
}  // namespace tonewood::io
