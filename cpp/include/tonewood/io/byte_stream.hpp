#pragma once

#include <cstdint>
#include <cstdio>
#include <vector>

/// A seekable stream of bytes that an AudioFile can read from or write to instead of a path:
/// memory, or (in the Python bindings) any file-like object.
namespace tonewood::io {

class ByteStream {
 public:
  virtual ~ByteStream() = default;
  /// Total length in bytes.
  virtual std::int64_t size() = 0;
  /// Moves the position (`whence` as for fseek: SEEK_SET, SEEK_CUR, SEEK_END); returns it, or -1
  /// (and stays) when the new position would be negative or past what an int64 holds.
  virtual std::int64_t seek(std::int64_t offset, int whence) = 0;
  virtual std::int64_t tell() = 0;
  /// Reads up to `count` bytes; returns how many arrived (0 at the end).
  virtual std::int64_t read(void* into, std::int64_t count) = 0;
  /// Writes `count` bytes at the position; returns how many were taken.
  virtual std::int64_t write(const void* from, std::int64_t count) = 0;
};

/// A stream over bytes held in memory; writing grows it. Control thread.
class MemoryStream final : public ByteStream {
 public:
  MemoryStream() = default;
  explicit MemoryStream(std::vector<std::uint8_t> bytes) : bytes_(std::move(bytes)) {}

  const std::vector<std::uint8_t>& bytes() const noexcept { return bytes_; }
  std::vector<std::uint8_t> release() noexcept { return std::move(bytes_); }

  std::int64_t size() override { return static_cast<std::int64_t>(bytes_.size()); }
  std::int64_t tell() override { return position_; }
  std::int64_t seek(std::int64_t offset, int whence) override;
  std::int64_t read(void* into, std::int64_t count) override;
  std::int64_t write(const void* from, std::int64_t count) override;

 private:
  std::vector<std::uint8_t> bytes_;
  std::int64_t position_ = 0;
};

}  // namespace tonewood::io
