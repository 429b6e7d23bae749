#pragma once

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

/// Threads that help the audio thread with independent work. The caller hands out a job of
/// `count` items; the workers and the caller take items until none are left; the call returns
/// when every item is done. Nothing in `run` allocates or locks: items are taken with an atomic
/// counter, and sleeping workers are woken through the atomic's futex (the way Ardour's and
/// Tracktion's graph threads are woken by a semaphore).
namespace tonewood::graph {

class WorkerPool {
 public:
  using Job = void (*)(void* context, int item) noexcept;

  /// `threads` in all, the caller included: threads - 1 workers are started. Control thread.
  explicit WorkerPool(int threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  int threads() const noexcept { return static_cast<int>(workers_.size()) + 1; }

  /// Runs job(context, i) for every i in [0, count) and returns when all are done. Audio
  /// thread (one caller at a time).
  void run(int count, Job job, void* context) noexcept;

  /// Asks the workers to run at real-time priority `priority` (SCHED_FIFO), as the audio
  /// thread does; false when the system refuses (no privileges). Control thread.
  bool setRealtimePriority(int priority) noexcept;

 private:
  void work() noexcept;
  void workerLoop(std::uint32_t seen) noexcept;

  std::vector<std::thread> workers_;
  Job job_ = nullptr;
  void* context_ = nullptr;
  int count_ = 0;
  std::atomic<std::uint32_t> generation_{0};
  std::atomic<int> next_{0};
  std::atomic<int> finished_{0};  // workers done with the current job
  std::atomic<bool> stopping_{false};
};

}  // namespace tonewood::graph
