#pragma once

#include <cstddef>

/// Counts heap allocations made by the current thread while an AllocationCounter is alive.
/// The test binary replaces the global operator new/delete (allocation_counter.cpp) to do it.
namespace tonewood::test {

class AllocationCounter {
 public:
  AllocationCounter() noexcept;
  ~AllocationCounter();
  AllocationCounter(const AllocationCounter&) = delete;
  AllocationCounter& operator=(const AllocationCounter&) = delete;
  /// Allocations (and frees) since construction on this thread.
  std::size_t allocations() const noexcept;
  std::size_t deallocations() const noexcept;

 private:
  std::size_t startAllocations_, startDeallocations_;
  bool wasCounting_;
};

}  // namespace tonewood::test
