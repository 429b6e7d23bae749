#pragma once

/// What the processor we run on can do, for kernels built for more than baseline x86-64 and
/// picked at run time. Any thread.
namespace tonewood {

/// True when the CPU runs AVX2 instructions (false off x86).
bool cpuHasAvx2() noexcept;

}  // namespace tonewood
