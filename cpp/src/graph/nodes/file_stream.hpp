#pragma once

// A file streamed from disk for a live audio thread: a disk thread reads ahead into a
// RequestRing, each seek a request of its own, so the audio thread can ask for another position
// at any time and drop what was read for the old one. The file's first half second is kept in
// memory, so starting (or restarting, as loops do) from its head never waits for the disk: the
// disk thread meanwhile goes to where the head ends. Offline, the rendering thread reads the
// file itself (readBlocking). Private to the nodes.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tonewood/core/audio_buffer.hpp"
#include "tonewood/core/request_ring.hpp"
#include "tonewood/io/resampling_file_reader.hpp"

namespace tonewood::graph {

class FileStream {
 public:
  /// Opens the file twice (the disk thread's reader and the offline one) and starts the disk
  /// thread. `aheadFrames` of audio are kept ready. Control thread.
  FileStream(const std::string& path, double engineRate, int maxBlock, int aheadFrames);
  ~FileStream();
  int channels() const noexcept { return channels_; }
  std::int64_t frames() const noexcept { return frames_; }

  /// Audio thread: frames [position, position + n) of the source (a looping read ends at the
  /// source's end and the next starts from 0) into planar `out` at offset `at`; returns false
  /// when some were not ready (they are silence).
  bool read(std::int64_t position, bool loop, float* const* out, int at, int n) noexcept;
  /// Offline thread: the same, read from the file directly.
  void readBlocking(std::int64_t position, bool loop, float* const* out, int at, int n);

 private:
  void diskLoop();

  /// Requests the ring from `position` on (a new generation; what it held goes).
  void seekRing(std::int64_t position) noexcept;

  int channels_;
  std::int64_t frames_;
  AudioBuffer head_;  // the source's first frames, at the engine's rate
  std::int64_t headFrames_ = 0;
  io::ResamplingFileReader offline_;
  std::unique_ptr<io::ResamplingFileReader> disk_;
  RequestRing ring_;
  int chunkFrames_;
  // Audio thread.
  std::uint32_t generation_ = 0;
  std::int64_t ringNext_ = 0;  // the source frame the ring's next frame holds
  // Seek requests, audio -> disk: the position is written before its generation.
  std::atomic<std::int64_t> seekPosition_{0};
  std::atomic<std::uint32_t> seekGeneration_{0};
  std::atomic<bool> loop_{false};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace tonewood::graph
