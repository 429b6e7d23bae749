#pragma once

#include <atomic>
#include <memory>

namespace tonewood {

/// Hands objects built on the control thread to the audio thread without locks or frees on the
/// audio thread. The control thread `publish`es a new object; the audio thread `acquire`s it at a
/// moment of its choosing, retiring the one it held; the control thread frees retired objects in
/// `collect` (publish calls it). The audio thread takes a new object only once the previous
/// retired one has been collected, so nothing is ever freed on the audio thread.
template <typename T>
class RealtimeHandoff {
 public:
  RealtimeHandoff() = default;
  explicit RealtimeHandoff(std::unique_ptr<T> initial) : current_(std::move(initial)) {}
  ~RealtimeHandoff() {
    delete pending_.exchange(nullptr);
    collect();
  }
  RealtimeHandoff(const RealtimeHandoff&) = delete;
  RealtimeHandoff& operator=(const RealtimeHandoff&) = delete;

  /// Control thread. A previously published object the audio thread never took is freed here.
  void publish(std::unique_ptr<T> next) {
    collect();
    delete pending_.exchange(next.release(), std::memory_order_acq_rel);
  }
  /// Control thread: frees what the audio thread has retired.
  void collect() noexcept { delete retired_.exchange(nullptr, std::memory_order_acq_rel); }

  /// Control thread: whether a published object still waits for the audio thread.
  bool hasPending() const noexcept { return pending_.load(std::memory_order_acquire) != nullptr; }

  /// Audio thread: takes the newest published object if the last retired one was collected.
  /// Returns true when the current object changed.
  bool acquire() noexcept {
    if (retired_.load(std::memory_order_acquire) != nullptr) return false;
    T* next = pending_.exchange(nullptr, std::memory_order_acq_rel);
    if (!next) return false;
    retired_.store(current_.release(), std::memory_order_release);
    current_.reset(next);
    return true;
  }
  /// Audio thread: the object in use (may be null if none was ever given).
  T* current() const noexcept { return current_.get(); }

 private:
  std::unique_ptr<T> current_;
  std::atomic<T*> pending_{nullptr};
  std::atomic<T*> retired_{nullptr};
};

}  // namespace tonewood
