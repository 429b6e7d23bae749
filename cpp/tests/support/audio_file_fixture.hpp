#pragma once

// Files on disk for the reader tests: a private temporary folder, raw bytes in and out, a
// noise file written by libsndfile, and what libsndfile alone decodes from a file.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "tonewood/io/audio_file.hpp"

namespace tonewood::io {

/// A folder of its own under the system's temporary directory, removed with its contents.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

std::vector<std::uint8_t> fileBytes(const std::string& path);
void writeBytes(const std::string& path, const std::vector<std::uint8_t>& bytes);

/// Writes three channels of seeded noise (with -1.0 and nearly +1.0 in it) at 44.1 kHz through
/// libsndfile and returns the rows written.
std::vector<std::vector<float>> writeTestFile(const std::string& path, const std::string& format,
                                              const std::string& subtype, int frames);

/// The whole file as libsndfile alone decodes it (read from memory, so no fast path is used).
template <typename T>
std::vector<std::vector<T>> decodedByLibsndfile(const std::string& path) {
  AudioFile file = AudioFile::openRead(std::make_unique<MemoryStream>(fileBytes(path)), path);
  std::vector<std::vector<T>> rows(static_cast<std::size_t>(file.channels()),
                                   std::vector<T>(static_cast<std::size_t>(file.frames())));
  std::vector<T*> pointers;
  for (auto& row : rows) pointers.push_back(row.data());
  file.read<T>(pointers.data(), file.frames());
  return rows;
}

}  // namespace tonewood::io
