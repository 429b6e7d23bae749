#include "support/allocation_counter.hpp"

#include <cstdlib>
#include <new>

namespace {
thread_local bool counting = false;
thread_local std::size_t allocationCount = 0;
thread_local std::size_t deallocationCount = 0;

void* allocate(std::size_t size, std::size_t alignment) {
  if (counting) ++allocationCount;
  if (size == 0) size = 1;
  void* p = alignment > alignof(std::max_align_t)
                ? std::aligned_alloc(alignment, (size + alignment - 1) / alignment * alignment)
                : std::malloc(size);
  if (!p) throw std::bad_alloc();
  return p;
}
void release(void* p) noexcept {
  if (counting && p) ++deallocationCount;
  std::free(p);
}
}  // namespace

void* operator new(std::size_t size) {
  return allocate(size, 0);
}
void* operator new[](std::size_t size) {
  return allocate(size, 0);
}
void* operator new(std::size_t size, std::align_val_t a) {
  return allocate(size, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t size, std::align_val_t a) {
  return allocate(size, static_cast<std::size_t>(a));
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return allocate(size, 0);
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void* p) noexcept {
  release(p);
}
void operator delete[](void* p) noexcept {
  release(p);
}
void operator delete(void* p, std::size_t) noexcept {
  release(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  release(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  release(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
  release(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  release(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  release(p);
}

namespace tonewood::test {

AllocationCounter::AllocationCounter() noexcept
    : startAllocations_(allocationCount),
      startDeallocations_(deallocationCount),
      wasCounting_(counting) {
  counting = true;
}
AllocationCounter::~AllocationCounter() {
  counting = wasCounting_;
}
std::size_t AllocationCounter::allocations() const noexcept {
  return allocationCount - startAllocations_;
}
std::size_t AllocationCounter::deallocations() const noexcept {
  return deallocationCount - startDeallocations_;
}

}  // namespace tonewood::test
