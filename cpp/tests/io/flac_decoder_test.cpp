// libFLAC straight to planar rows: the same bits libsndfile gives, for any order of reads and
// seeks, and corruption reported rather than skipped.
#include "tonewood/io/flac_decoder.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "support/audio_file_fixture.hpp"
#include "tonewood/core/errors.hpp"

namespace tonewood::io {
namespace {

template <typename T>
std::vector<std::vector<T>> decodeRange(FlacDecoder& flac, std::int64_t start, std::int64_t count,
                                        std::int64_t* got = nullptr) {
  std::vector<std::vector<T>> rows(static_cast<std::size_t>(flac.channels()),
                                   std::vector<T>(static_cast<std::size_t>(count)));
  std::vector<T*> pointers;
  for (auto& row : rows) pointers.push_back(row.data());
  const std::int64_t n = flac.read(start, count, pointers.data());
  if (got) *got = n;
  return rows;
}

class FlacDepths : public ::testing::TestWithParam<const char*> {};

TEST_P(FlacDepths, WholeFileMatchesLibsndfile) {
  TempDir dir;
  const std::string path = dir.file("a.flac");
  writeTestFile(path, "FLAC", GetParam(), 20000);
  auto flac = FlacDecoder::open(path);
  ASSERT_NE(flac, nullptr);
  EXPECT_EQ(flac->frames(), 20000);
  EXPECT_EQ(decodeRange<float>(*flac, 0, 20000), decodedByLibsndfile<float>(path));
  EXPECT_EQ(decodeRange<double>(*flac, 0, 20000), decodedByLibsndfile<double>(path));
}

INSTANTIATE_TEST_SUITE_P(AllDepths, FlacDepths, ::testing::Values("PCM_S8", "PCM_16", "PCM_24"));

TEST(FlacDecoder, RandomReadsAndSeeksGiveTheRightFrames) {
  TempDir dir;
  const std::string path = dir.file("a.flac");
  writeTestFile(path, "FLAC", "PCM_16", 50000);
  const auto whole = decodedByLibsndfile<float>(path);
  auto flac = FlacDecoder::open(path);
  ASSERT_NE(flac, nullptr);
  std::mt19937 random(3);
  for (int k = 0; k < 200; ++k) {
    const std::int64_t start = std::uniform_int_distribution<std::int64_t>(0, 49999)(random);
    const std::int64_t count = std::uniform_int_distribution<std::int64_t>(
        0, std::min<std::int64_t>(9000, 50000 - start))(random);
    std::int64_t got = 0;
    const auto rows = decodeRange<float>(*flac, start, count, &got);
    ASSERT_EQ(got, count) << "start " << start;
    for (int c = 0; c < 3; ++c)
      ASSERT_TRUE(std::equal(rows[c].begin(), rows[c].end(), whole[c].begin() + start))
          << "start " << start << " count " << count;
  }
}

TEST(FlacDecoder, CorruptAudioIsReportedNotSkipped) {
  TempDir dir;
  const std::string path = dir.file("a.flac");
  writeTestFile(path, "FLAC", "PCM_16", 50000);
  auto bytes = fileBytes(path);
  for (std::size_t i = bytes.size() / 2; i < bytes.size() / 2 + 64; ++i) bytes[i] ^= 0x5A;
  writeBytes(path, bytes);
  auto flac = FlacDecoder::open(path);
  ASSERT_NE(flac, nullptr);
  std::int64_t got = 0;
  decodeRange<float>(*flac, 0, 50000, &got);
  EXPECT_LT(got, 50000);
  // AudioFile turns the short read into an error naming the file.
  AudioFile file = AudioFile::openRead(path);
  std::vector<float> row(3 * 50000);
  float* rows[] = {row.data(), row.data() + 50000, row.data() + 100000};
  try {
    file.read<float>(rows, 50000);
    FAIL() << "no error";
  } catch (const AudioFileError& e) {
    EXPECT_NE(std::string(e.what()).find("ends early"), std::string::npos) << e.what();
  }
}

TEST(FlacDecoder, OtherFilesAreDeclined) {
  TempDir dir;
  const std::string path = dir.file("a.wav");
  writeTestFile(path, "WAV", "PCM_16", 100);
  EXPECT_EQ(FlacDecoder::open(path), nullptr);
  EXPECT_EQ(FlacDecoder::open(dir.file("missing.flac")), nullptr);
}

}  // namespace
}  // namespace tonewood::io
