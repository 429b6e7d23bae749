#include "tonewood/io/file_mapping.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "tonewood/core/errors.hpp"
#include "tonewood/core/file_access.hpp"

namespace tonewood::io {

namespace {

// Closes the descriptor on every path out of the constructor; the mapping outlives it.
struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

[[noreturn]] void fail(const std::string& path, const char* what) {
  throw AudioFileError("cannot " + std::string(what) + " '" + path + "': " + std::strerror(errno));
}

}  // namespace

FileMapping::FileMapping(const std::string& path) {
  if (const std::string why = unreadableFileReason(path); !why.empty())
    throw AudioFileError("cannot read '" + path + "': " + why);
  const Descriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) fail(path, "open");
  struct stat info {};
  if (::fstat(file.fd, &info) != 0) fail(path, "inspect");
  if (!S_ISREG(info.st_mode)) throw AudioFileError("cannot map '" + path + "': not a regular file");
  size_ = static_cast<std::int64_t>(info.st_size);
  if (size_ == 0) return;
  void* p = ::mmap(nullptr, static_cast<std::size_t>(size_), PROT_READ, MAP_PRIVATE, file.fd, 0);
  if (p == MAP_FAILED) fail(path, "map");
  data_ = static_cast<const std::byte*>(p);
  // Without this, every page fault reads a whole read-ahead window around it (often megabytes)
  // even when the caller wants 16 KiB from the middle; willRead() asks for bulk read-ahead.
  ::madvise(p, static_cast<std::size_t>(size_), MADV_RANDOM);
}

FileMapping::~FileMapping() {
  if (data_) ::munmap(const_cast<std::byte*>(data_), static_cast<std::size_t>(size_));
}

void FileMapping::willRead(std::int64_t offset, std::int64_t bytes) const noexcept {
  if (!data_ || bytes <= 0) return;
  // madvise wants a page-aligned start.
  const auto page = static_cast<std::int64_t>(::sysconf(_SC_PAGESIZE));
  const std::int64_t start = offset / page * page;
  const std::int64_t end = std::min(size_, offset + bytes);
  if (end <= start) return;
  void* from = const_cast<std::byte*>(data_) + start;
  const auto length = static_cast<std::size_t>(end - start);
  // Starts reading whatever of the range is not cached, in large requests.
  ::madvise(from, length, MADV_WILLNEED);
  // Big ranges: one call maps every page (kernels >= 5.14) instead of a fault per page.
  constexpr std::size_t kBulkBytes = 1 << 18;
  if (length >= kBulkBytes) ::madvise(from, length, MADV_POPULATE_READ);
}

}  // namespace tonewood::io
