#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

/// A whole file mapped read-only into memory (mmap). Pages are read from disk when first
/// touched, so opening a huge file costs nothing until its bytes are used. Not copyable; the
/// mapping is released when the object goes. Control threads (opening does I/O).
namespace tonewood::io {

class FileMapping {
 public:
  /// Maps `path`. Throws AudioFileError naming it when it cannot be opened or mapped. An empty
  /// file maps to zero bytes.
  explicit FileMapping(const std::string& path);
  ~FileMapping();
  FileMapping(const FileMapping&) = delete;
  FileMapping& operator=(const FileMapping&) = delete;

  const std::byte* data() const noexcept { return data_; }
  std::int64_t size() const noexcept { return size_; }

  /// Prepares [offset, offset + bytes) for reading: whatever is not cached is read from disk in
  /// large requests, and a large range has all its pages mapped in one call. (The mapping is
  /// marked for random access, so a page fault alone reads only its own page.)
  void willRead(std::int64_t offset, std::int64_t bytes) const noexcept;

 private:
  const std::byte* data_ = nullptr;
  std::int64_t size_ = 0;
};

}  // namespace tonewood::io
