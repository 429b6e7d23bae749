#include "tonewood/graph/worker_pool.hpp"

#include <pthread.h>
#include <sched.h>

#include "tonewood/core/denormals.hpp"
#include "tonewood/core/errors.hpp"

namespace tonewood::graph {

namespace {

inline void pause() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

// How long a worker keeps checking for the next job before it sleeps: long enough to span the
// gaps between the levels of one block, short enough not to burn a core between blocks.
constexpr int kSpins = 2000;

}  // namespace

WorkerPool::WorkerPool(int threads) {
  requireInRange("threads", threads, 1, 64, "threads");
  // Workers start from the generation as it is now, before any job: one handed out before a
  // worker got going is still seen as new.
  const std::uint32_t start = generation_.load();
  for (int i = 1; i < threads; ++i) workers_.emplace_back([this, start] { workerLoop(start); });
}

WorkerPool::~WorkerPool() {
  stopping_.store(true, std::memory_order_release);
  generation_.fetch_add(1, std::memory_order_release);
  generation_.notify_all();
  for (auto& t : workers_) t.join();
}

void WorkerPool::work() noexcept {
  for (int i = next_.fetch_add(1, std::memory_order_acq_rel); i < count_;
       i = next_.fetch_add(1, std::memory_order_acq_rel))
    job_(context_, i);
}

void WorkerPool::run(int count, Job job, void* context) noexcept {
  if (workers_.empty() || count <= 1) {
    for (int i = 0; i < count; ++i) job(context, i);
    return;
  }
  // Every worker finished the previous job before the last run returned, so nobody reads these
  // while they change.
  job_ = job;
  context_ = context;
  count_ = count;
  next_.store(0, std::memory_order_relaxed);
  finished_.store(0, std::memory_order_relaxed);
  generation_.fetch_add(1, std::memory_order_release);
  generation_.notify_all();
  work();
  // The items are done when every worker has left the job (each takes items until none are
  // left), so waiting for the workers is waiting for the items.
  const int workers = static_cast<int>(workers_.size());
  while (finished_.load(std::memory_order_acquire) < workers) pause();
}

void WorkerPool::workerLoop(std::uint32_t seen) noexcept {
  // The same floating-point mode as the audio thread, so results do not depend on which thread
  // computed them.
  ScopedFlushDenormals noDenormals;
  for (;;) {
    int spins = 0;
    while (generation_.load(std::memory_order_acquire) == seen) {
      if (++spins < kSpins) {
        pause();
      } else {
        generation_.wait(seen, std::memory_order_acquire);
      }
    }
    seen = generation_.load(std::memory_order_acquire);
    if (stopping_.load(std::memory_order_acquire)) return;
    work();
    finished_.fetch_add(1, std::memory_order_acq_rel);
  }
}

bool WorkerPool::setRealtimePriority(int priority) noexcept {
  bool all = true;
  sched_param param{};
  param.sched_priority = priority;
  for (auto& t : workers_)
    all = pthread_setschedparam(t.native_handle(), SCHED_FIFO, &param) == 0 && all;
  return all;
}

}  // namespace tonewood::graph
