// The memory-mapped reader against libsndfile: every uncompressed layout decodes to the same
// bits; ranges, truncation and malformed headers give clear errors; AudioFile's mapped fast path
// keeps seek/tell and integer reads in step.
#include "tonewood/io/mapped_audio_file.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <vector>

#include "support/audio_file_fixture.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/io/audio_file.hpp"

namespace tonewood::io {
namespace {

template <typename T>
std::vector<std::vector<T>> decodedByMapping(const MappedAudioFile& file, std::int64_t start,
                                             std::int64_t count) {
  std::vector<std::vector<T>> rows(static_cast<std::size_t>(file.channels()),
                                   std::vector<T>(static_cast<std::size_t>(count)));
  std::vector<T*> pointers;
  for (auto& row : rows) pointers.push_back(row.data());
  file.read<T>(start, count, pointers.data());
  return rows;
}

struct Layout {
  const char* format;
  const char* subtype;
  const char* extension;
};

class MappedLayouts : public ::testing::TestWithParam<Layout> {};

TEST_P(MappedLayouts, DecodeBitForBitAsLibsndfile) {
  const Layout layout = GetParam();
  TempDir dir;
  const std::string path = dir.file(std::string("x.") + layout.extension);
  constexpr int kFrames = 5000;
  writeTestFile(path, layout.format, layout.subtype, kFrames);
  const MappedAudioFile mapped = MappedAudioFile::open(path);
  EXPECT_EQ(mapped.channels(), 3);
  EXPECT_EQ(mapped.frames(), kFrames);
  EXPECT_EQ(mapped.sampleRate(), 44100.0);
  EXPECT_EQ(mapped.layout().subtype(), layout.subtype);
  EXPECT_EQ(decodedByMapping<float>(mapped, 0, kFrames), decodedByLibsndfile<float>(path));
  EXPECT_EQ(decodedByMapping<double>(mapped, 0, kFrames), decodedByLibsndfile<double>(path));
  // A range from the middle is the same slice of the whole.
  const auto whole = decodedByLibsndfile<float>(path);
  const auto part = decodedByMapping<float>(mapped, 1234, 777);
  for (int c = 0; c < 3; ++c)
    EXPECT_TRUE(std::equal(part[c].begin(), part[c].end(), whole[c].begin() + 1234));
}

INSTANTIATE_TEST_SUITE_P(
    AllUncompressed, MappedLayouts,
    ::testing::Values(Layout{"WAV", "PCM_U8", "wav"}, Layout{"WAV", "PCM_16", "wav"},
                      Layout{"WAV", "PCM_24", "wav"}, Layout{"WAV", "PCM_32", "wav"},
                      Layout{"WAV", "FLOAT", "wav"}, Layout{"WAV", "DOUBLE", "wav"},
                      Layout{"WAVEX", "PCM_16", "wav"}, Layout{"WAVEX", "PCM_24", "wav"},
                      Layout{"WAVEX", "FLOAT", "wav"}, Layout{"RF64", "PCM_24", "rf64"},
                      Layout{"RF64", "FLOAT", "rf64"}, Layout{"AIFF", "PCM_S8", "aiff"},
                      Layout{"AIFF", "PCM_16", "aiff"}, Layout{"AIFF", "PCM_24", "aiff"},
                      Layout{"AIFF", "PCM_32", "aiff"}, Layout{"AIFF", "FLOAT", "aiff"},
                      Layout{"AIFF", "DOUBLE", "aiff"}),
    [](const auto& test) { return std::string(test.param.format) + "_" + test.param.subtype; });

// Big-endian fields for a hand-made AIFC file.
void putBig(std::vector<std::uint8_t>& bytes, std::uint64_t value, int n) {
  for (int i = n - 1; i >= 0; --i) bytes.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

/// An AIFF or AIFC file ("AIFF"/"AIFC") whose 22-byte COMM names `compression`, at 44100 or
/// 48000 Hz, holding `samples` (already in their stored byte order).
std::vector<std::uint8_t> handMadeAiff(const char* form, int channels, int frames, int bits,
                                       int rate, const char* compression,
                                       const std::vector<std::uint8_t>& samples) {
  std::vector<std::uint8_t> b = {'F', 'O', 'R', 'M'};
  putBig(b, 4 + 30 + 8 + 8 + samples.size(), 4);
  for (char c : std::string(form) + "COMM") b.push_back(static_cast<std::uint8_t>(c));
  putBig(b, 22, 4);
  putBig(b, static_cast<std::uint64_t>(channels), 2);
  putBig(b, static_cast<std::uint64_t>(frames), 4);
  putBig(b, static_cast<std::uint64_t>(bits), 2);
  putBig(b, 0x400E, 2);  // the rate as an 80-bit extended float: 2^15 * mantissa
  putBig(b, (rate == 44100 ? 0xAC44ULL : 0xBB80ULL) << 48, 8);
  for (char c : std::string(compression) + "SSND") b.push_back(static_cast<std::uint8_t>(c));
  putBig(b, 8 + samples.size(), 4);
  putBig(b, 0, 8);  // offset, block size
  b.insert(b.end(), samples.begin(), samples.end());
  return b;
}

TEST(MappedAudioFile, ReadsLittleEndianAifc) {
  // AIFC 'sowt': 16-bit samples stored little-endian inside a big-endian container.
  const std::int16_t samples[] = {-32768, 32767, 1, -2};  // two stereo frames
  std::vector<std::uint8_t> stored;
  for (std::int16_t s : samples) {
    stored.push_back(static_cast<std::uint8_t>(s & 0xFF));
    stored.push_back(static_cast<std::uint8_t>((s >> 8) & 0xFF));
  }
  TempDir dir;
  const std::string path = dir.file("sowt.aifc");
  writeBytes(path, handMadeAiff("AIFC", 2, 2, 16, 44100, "sowt", stored));
  const MappedAudioFile mapped = MappedAudioFile::open(path);
  EXPECT_EQ(mapped.sampleRate(), 44100.0);
  EXPECT_FALSE(mapped.layout().bigEndian);
  const auto rows = decodedByMapping<float>(mapped, 0, 2);
  EXPECT_EQ(rows[0], (std::vector<float>{-1.0f, 1.0f / 32768.0f}));
  EXPECT_EQ(rows[1], (std::vector<float>{32767.0f / 32768.0f, -2.0f / 32768.0f}));
  EXPECT_EQ(rows, decodedByLibsndfile<float>(path));
}

TEST(MappedAudioFile, PlainAiffNamingFl32ReadsAsFloatsLikeLibsndfile) {
  // A plain AIFF whose COMM chunk carries a compression type anyway: libsndfile honours it.
  const float samples[] = {0.5f, -0.25f, 0.125f, 1.0f};
  std::vector<std::uint8_t> stored;
  for (float x : samples) {
    std::uint32_t bits = 0;
    std::memcpy(&bits, &x, 4);
    putBig(stored, bits, 4);
  }
  TempDir dir;
  const std::string path = dir.file("fl32.aiff");
  writeBytes(path, handMadeAiff("AIFF", 1, 4, 32, 48000, "fl32", stored));
  const MappedAudioFile mapped = MappedAudioFile::open(path);
  EXPECT_EQ(mapped.sampleRate(), 48000.0);
  EXPECT_EQ(mapped.layout().subtype(), "FLOAT");
  const auto rows = decodedByMapping<float>(mapped, 0, 4);
  EXPECT_EQ(rows[0], std::vector<float>(std::begin(samples), std::end(samples)));
  EXPECT_EQ(rows, decodedByLibsndfile<float>(path));
}

TEST(MappedAudioFile, TwoDataChunksAreRefusedNamingBoth) {
  TempDir dir;
  const std::string path = dir.file("two.wav");
  writeTestFile(path, "WAV", "PCM_16", 10);
  auto bytes = fileBytes(path);
  // Append a second data chunk of 2 frames (3 channels of 16 bits) and fix the RIFF size.
  const std::size_t second = bytes.size();
  for (char c : std::string("data")) bytes.push_back(static_cast<std::uint8_t>(c));
  const std::uint8_t size[] = {12, 0, 0, 0};
  bytes.insert(bytes.end(), std::begin(size), std::end(size));
  bytes.insert(bytes.end(), 12, 0);
  const auto riff = static_cast<std::uint32_t>(bytes.size() - 8);
  std::memcpy(bytes.data() + 4, &riff, 4);
  writeBytes(path, bytes);
  try {
    MappedAudioFile::open(path);
    FAIL() << "no error";
  } catch (const AudioFileError& e) {
    EXPECT_NE(std::string(e.what()).find("two data chunks"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(std::to_string(second)), std::string::npos) << e.what();
  }
}

TEST(MappedAudioFile, TruncationIsAnErrorUnlessAllowed) {
  TempDir dir;
  const std::string path = dir.file("cut.wav");
  writeTestFile(path, "WAV", "PCM_24", 1000);
  auto bytes = fileBytes(path);
  bytes.resize(bytes.size() - 9 * 100 - 4);  // 100 whole frames and a bit
  writeBytes(path, bytes);
  try {
    MappedAudioFile::open(path);
    FAIL() << "no error";
  } catch (const AudioFileError& e) {
    EXPECT_NE(std::string(e.what()).find("'" + path + "' is truncated"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(MappedAudioFile::open(path, true).frames(), 899);
  EXPECT_FALSE(MappedAudioFile::tryOpen(path).has_value());
}

TEST(MappedAudioFile, OutOfRangeReadsNameTheRange) {
  TempDir dir;
  const std::string path = dir.file("a.wav");
  writeTestFile(path, "WAV", "PCM_16", 100);
  const MappedAudioFile mapped = MappedAudioFile::open(path);
  EXPECT_THROW(decodedByMapping<float>(mapped, 90, 11), OutOfRangeError);
  EXPECT_THROW(decodedByMapping<float>(mapped, -1, 5), OutOfRangeError);
  EXPECT_NO_THROW(decodedByMapping<float>(mapped, 100, 0));
}

TEST(MappedAudioFile, OtherFormatsAndMalformedHeadersAreClearErrors) {
  TempDir dir;
  const std::string flac = dir.file("a.flac");
  writeTestFile(flac, "FLAC", "PCM_16", 100);
  EXPECT_FALSE(MappedAudioFile::tryOpen(flac).has_value());
  try {
    MappedAudioFile::open(flac);
    FAIL() << "no error";
  } catch (const AudioFileError& e) {
    EXPECT_NE(std::string(e.what()).find("only uncompressed WAV"), std::string::npos) << e.what();
  }
  // A WAV whose fmt chunk claims zero channels.
  const std::string wav = dir.file("bad.wav");
  writeTestFile(wav, "WAV", "PCM_16", 100);
  auto bytes = fileBytes(wav);
  ASSERT_EQ(std::memcmp(bytes.data() + 12, "fmt ", 4), 0);
  bytes[22] = bytes[23] = 0;
  writeBytes(wav, bytes);
  try {
    MappedAudioFile::open(wav);
    FAIL() << "no error";
  } catch (const AudioFileError& e) {
    EXPECT_NE(std::string(e.what()).find("channel count 0"), std::string::npos) << e.what();
  }
  EXPECT_THROW(MappedAudioFile::open(dir.file("missing.wav")), AudioFileError);
  // Header fields past the end of a tiny file.
  const std::string tiny = dir.file("tiny.wav");
  writeBytes(tiny, {'R', 'I', 'F', 'F', 0,   0,  0, 0, 'W', 'A', 'V',
                    'E', 'f', 'm', 't', ' ', 16, 0, 0, 0,   1,   0});
  EXPECT_THROW(MappedAudioFile::open(tiny), AudioFileError);
}

TEST(MappedAudioFile, AudioFileFastPathKeepsPositionsInStep) {
  TempDir dir;
  const std::string path = dir.file("mix.wav");
  const auto rows = writeTestFile(path, "WAV", "PCM_16", 3000);
  AudioFile file = AudioFile::openRead(path);
  std::vector<float> f(3 * 1000);
  float* fr[] = {f.data(), f.data() + 1000, f.data() + 2000};
  EXPECT_EQ(file.read<float>(fr, 1000), 1000);  // from the mapping
  EXPECT_EQ(file.tell(), 1000);
  std::vector<std::int16_t> i(3 * 10);
  std::int16_t* ir[] = {i.data(), i.data() + 10, i.data() + 20};
  EXPECT_EQ(file.read<std::int16_t>(ir, 10), 10);  // from libsndfile, which must catch up
  const auto ints = decodedByLibsndfile<std::int16_t>(path);
  EXPECT_TRUE(std::equal(i.begin(), i.begin() + 10, ints[0].begin() + 1000));
  EXPECT_EQ(file.tell(), 1010);
  file.seek(2990);
  EXPECT_EQ(file.read<float>(fr, 1000), 10);
  const auto floats = decodedByLibsndfile<float>(path);
  EXPECT_EQ(f[1000 + 9], floats[1][2999]);
}

}  // namespace
}  // namespace tonewood::io
