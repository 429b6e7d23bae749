#include "tonewood/io/pcm_file_source.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <future>
#include <vector>

#include "tonewood/core/errors.hpp"
#include "tonewood/io/pcm_decoding.hpp"

namespace tonewood::io {

namespace {
constexpr std::int64_t kChunkBytes = 256 * 1024;       // stays in L2 between pread and decode
constexpr std::int64_t kSplitBytes = 8 * 1024 * 1024;  // below this a second thread costs more
}  // namespace

PcmFileSource::PcmFileSource(const std::string& path, PcmLayout layout, std::int64_t dataOffset,
                             std::int64_t frames)
    : layout_(layout), dataOffset_(dataOffset), frames_(frames) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw AudioFileError("cannot read '" + path + "': " + std::strerror(errno));
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
}

PcmFileSource::~PcmFileSource() {
  if (fd_ >= 0) ::close(fd_);
}

std::int64_t PcmFileSource::read(std::int64_t start, std::int64_t count, float* const* out) {
  return readFrames(start, count, out);
}

std::int64_t PcmFileSource::read(std::int64_t start, std::int64_t count, double* const* out) {
  return readFrames(start, count, out);
}

template <typename T>
std::int64_t PcmFileSource::readFrames(std::int64_t start, std::int64_t count, T* const* out) {
  count = std::clamp<std::int64_t>(std::min(count, frames_ - start), 0, count);
  if (count * layout_.frameBytes() < kSplitBytes) return readSpan(start, count, out);
  // Two halves at once: each thread decodes into (and so first touches) its own part of the
  // output. The second half runs here, the first on a helper thread.
  const std::int64_t half = count / 2;
  std::vector<T*> rows(out, out + layout_.channels);
  for (T*& row : rows) row += half;
  auto first = std::async(std::launch::async, [&] { return readSpan(start, half, out); });
  const std::int64_t second = readSpan(start + half, count - half, rows.data());
  const std::int64_t got = first.get();
  return got < half ? got : half + second;
}

template <typename T>
std::int64_t PcmFileSource::readSpan(std::int64_t start, std::int64_t count, T* const* out) const {
  const std::int64_t frameBytes = layout_.frameBytes();
  const std::int64_t chunkFrames = std::max<std::int64_t>(1, kChunkBytes / frameBytes);
  std::vector<std::byte> chunk(static_cast<std::size_t>(chunkFrames * frameBytes));
  std::vector<T*> rows(out, out + layout_.channels);
  std::int64_t done = 0;
  while (done < count) {
    const std::int64_t want = std::min(chunkFrames, count - done);
    const std::int64_t bytes = want * frameBytes;
    std::int64_t got = 0;
    while (got < bytes) {
      const ssize_t n =
          ::pread(fd_, chunk.data() + got, static_cast<std::size_t>(bytes - got),
                  static_cast<off_t>(dataOffset_ + (start + done) * frameBytes + got));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // the file ends early (shortened since it was opened) or fails
      got += n;
    }
    const std::int64_t frames = got / frameBytes;
    decodePcm(chunk.data(), layout_, frames, rows.data());
    for (T*& row : rows) row += frames;
    done += frames;
    if (frames < want) break;
  }
  return done;
}

}  // namespace tonewood::io
