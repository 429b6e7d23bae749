#pragma once

#include <functional>

namespace tonewood {

/// Reports the fraction of a long operation done, 0..1, from the thread doing the work.
/// An empty function means nobody is listening.
using ProgressCallback = std::function<void(double)>;

}  // namespace tonewood
