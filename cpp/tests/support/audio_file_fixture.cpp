#include "support/audio_file_fixture.hpp"

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <iterator>
#include <random>

namespace tonewood::io {

namespace fs = std::filesystem;

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = fs::temp_directory_path() /
          ("tonewood-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

std::vector<std::uint8_t> fileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void writeBytes(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
}

std::vector<std::vector<float>> writeTestFile(const std::string& path, const std::string& format,
                                              const std::string& subtype, int frames) {
  std::mt19937 random(7);
  std::uniform_real_distribution<float> noise(-1.0f, 1.0f);
  std::vector<std::vector<float>> rows(3, std::vector<float>(static_cast<std::size_t>(frames)));
  for (auto& row : rows)
    for (float& x : row) x = noise(random);
  rows[0][0] = -1.0f;
  rows[1][1] = 0.99999f;
  AudioWriteOptions options;
  options.format = format;
  options.subtype = subtype;
  AudioFile out = AudioFile::openWrite(path, 44100, 3, options);
  const float* in[] = {rows[0].data(), rows[1].data(), rows[2].data()};
  out.write<float>(in, frames);
  out.close();
  return rows;
}

}  // namespace tonewood::io
