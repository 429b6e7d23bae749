#include "file_stream.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>

#include "tonewood/core/audio_buffer.hpp"

namespace tonewood::graph {

namespace {
constexpr int kChunkFrames = 4096;
constexpr auto kDiskNap = std::chrono::milliseconds(5);
constexpr double kHeadSeconds = 0.5;  // far longer than a seek of the disk thread takes
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
  headFrames_ =
      std::min<std::int64_t>(frames_, static_cast<std::int64_t>(kHeadSeconds * engineRate));
  head_ = AudioBuffer(channels_, static_cast<int>(headFrames_));
  float* rows[kMaxChannels];
  for (int c = 0; c < channels_; ++c) rows[c] = head_.channel(c);
  readBlocking(0, false, rows, 0, static_cast<int>(headFrames_));
  // The disk thread starts filling where the head ends, generation 0.
  disk_->seek(headFrames_);
  ringNext_ = headFrames_;
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
      if (!loop_.load(std::memory_order_acquire) || headFrames_ >= frames_) {
        std::this_thread::sleep_for(kDiskNap);
        continue;
      }
      // A looping source goes on after its head (played from memory) without a seek of its own.
      disk_->seek(headFrames_);
    }
    const int got = disk_->read(rows.data(), chunkFrames_);
    for (int i = 0; i < got; ++i)
      for (int c = 0; c < channels_; ++c)
        interleaved[static_cast<std::size_t>(i * channels_ + c)] =
            planar[static_cast<std::size_t>(c)][static_cast<std::size_t>(i)];
    if (ring_.write(generation, offset, interleaved.data(), got)) offset += got;
  }
}

void FileStream::seekRing(std::int64_t position) noexcept {
  ++generation_;
  seekPosition_.store(position, std::memory_order_relaxed);
  seekGeneration_.store(generation_, std::memory_order_release);
  ring_.restart(generation_);  // what was read for the old place goes
  ringNext_ = position;
}

bool FileStream::read(std::int64_t position, bool loop, float* const* out, int at, int n) noexcept {
  loop_.store(loop, std::memory_order_release);
  if (position < headFrames_) {
    // From memory; the ring meanwhile gets ready for where the head ends.
    if (ringNext_ != headFrames_) seekRing(headFrames_);
    const int k = static_cast<int>(std::min<std::int64_t>(n, headFrames_ - position));
    for (int c = 0; c < channels_; ++c)
      std::memcpy(out[c] + at, head_.channel(c) + position,
                  static_cast<std::size_t>(k) * sizeof(float));
    position += k;
    at += k;
    n -= k;
    if (n == 0) return true;
  }
  if (position != ringNext_) seekRing(position);
  ringNext_ = position + n;
  // A looping source's ring goes on after its end from where the head ends (see diskLoop).
  if (loop && ringNext_ >= frames_) ringNext_ = headFrames_;
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
