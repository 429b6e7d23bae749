#include "file_stream.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>

#include "tonewood/core/audio_buffer.hpp"

namespace tonewood::graph {

namespace {
constexpr int kChunkFrames = 4096;
constexpr auto kDiskNap = std::chrono::milliseconds(5);
}  // namespace

FileStream::FileStream(const std::string& path, double engineRate, int maxBlock, int aheadFrames)
    : channels_(0),
      frames_(0),
      offline_(path, engineRate),
      disk_(std::make_unique<io::ResamplingFileReader>(path, engineRate)),
      ring_(static_cast<std::size_t>(std::max(aheadFrames, 2 * kChunkFrames) + maxBlock),
            offline_.channels(), kChunkFrames),
      chunkFrames_(kChunkFrames) {
  channels_ = offline_.channels();
  frames_ = offline_.frames();
  expected_ = 0;  // the disk thread starts filling from the beginning, generation 0
  thread_ = std::thread([this] { diskLoop(); });
}

FileStream::~FileStream() {
  stopping_.store(true, std::memory_order_release);
  thread_.join();
}

void FileStream::diskLoop() {
  std::uint32_t generation = 0;
  std::int64_t offset = 0;
  std::vector<std::vector<float>> planar(
      static_cast<std::size_t>(channels_),
      std::vector<float>(static_cast<std::size_t>(chunkFrames_)));
  std::vector<float*> rows;
  for (auto& r : planar) rows.push_back(r.data());
  std::vector<float> interleaved(static_cast<std::size_t>(chunkFrames_ * channels_));
  while (!stopping_.load(std::memory_order_acquire)) {
    const std::uint32_t wanted = seekGeneration_.load(std::memory_order_acquire);
    if (wanted != generation) {
      generation = wanted;
      offset = 0;
      disk_->seek(seekPosition_.load(std::memory_order_relaxed));
    }
    if (!ring_.hasRoomFor(chunkFrames_)) {
      std::this_thread::sleep_for(kDiskNap);
      continue;
    }
    if (disk_->position() >= frames_) {
      if (!loop_.load(std::memory_order_acquire) || frames_ == 0) {
        std::this_thread::sleep_for(kDiskNap);
        continue;
      }
      disk_->seek(0);  // a looping source goes on from its start without a seek of its own
    }
    const int got = disk_->read(rows.data(), chunkFrames_);
    for (int i = 0; i < got; ++i)
      for (int c = 0; c < channels_; ++c)
        interleaved[static_cast<std::size_t>(i * channels_ + c)] =
            planar[static_cast<std::size_t>(c)][static_cast<std::size_t>(i)];
    if (ring_.write(generation, offset, interleaved.data(), got)) offset += got;
  }
}

bool FileStream::read(std::int64_t position, bool loop, float* const* out, int at, int n) noexcept {
  loop_.store(loop, std::memory_order_release);
  const bool continuous = position == expected_ || (loop && expected_ == frames_ && position == 0);
  if (!continuous) {
    ++generation_;
    seekPosition_.store(position, std::memory_order_relaxed);
    seekGeneration_.store(generation_, std::memory_order_release);
    ring_.restart(generation_);  // what was read for the old place goes
  }
  expected_ = position + n;
  const int done = ring_.read(n, [&](const float* frames, int k, int from) {
    for (int i = 0; i < k; ++i)
      for (int c = 0; c < channels_; ++c)
        out[c][at + from + i] = frames[static_cast<std::size_t>(i * channels_ + c)];
  });
  for (int c = 0; c < channels_; ++c) std::fill(out[c] + at + done, out[c] + at + n, 0.0f);
  return done == n;
}

void FileStream::readBlocking(std::int64_t position, bool loop, float* const* out, int at, int n) {
  (void)loop;  // the caller splits reads at the source's end
  if (offline_.position() != position) offline_.seek(position);
  float* rows[kMaxChannels];
  for (int c = 0; c < channels_; ++c) rows[c] = out[c] + at;
  int done = 0;
  while (done < n) {
    const int got = offline_.read(rows, n - done);
    if (got == 0) break;
    done += got;
    for (int c = 0; c < channels_; ++c) rows[c] += got;
  }
  for (int c = 0; c < channels_; ++c) std::fill(out[c] + at + done, out[c] + at + n, 0.0f);
}

}  // namespace tonewood::graph
