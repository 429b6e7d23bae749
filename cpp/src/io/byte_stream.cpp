#include "tonewood/io/byte_stream.hpp"

#include <algorithm>
#include <cstring>

namespace tonewood::io {

std::int64_t MemoryStream::seek(std::int64_t offset, int whence) {
  const std::int64_t base = whence == SEEK_CUR   ? position_
                            : whence == SEEK_END ? static_cast<std::int64_t>(bytes_.size())
                                                 : 0;
  std::int64_t target = 0;
  // A header can ask for any offset; one past what an int64 holds is an error, as lseek says.
  if (__builtin_add_overflow(base, offset, &target) || target < 0) return -1;
  position_ = target;
  return position_;
}

std::int64_t MemoryStream::read(void* into, std::int64_t count) {
  const auto available = static_cast<std::int64_t>(bytes_.size()) - position_;
  const std::int64_t n = std::clamp<std::int64_t>(count, 0, std::max<std::int64_t>(0, available));
  if (n > 0) std::memcpy(into, bytes_.data() + position_, static_cast<std::size_t>(n));
  position_ += n;
  return n;
}

std::int64_t MemoryStream::write(const void* from, std::int64_t count) {
  std::int64_t last = 0;
  if (count <= 0 || __builtin_add_overflow(position_, count, &last)) return 0;
  const auto end = static_cast<std::size_t>(last);
  if (end > bytes_.size()) bytes_.resize(end);
  std::memcpy(bytes_.data() + position_, from, static_cast<std::size_t>(count));
  position_ += count;
  return count;
}

}  // namespace tonewood::io
