#pragma once

#include <string>

namespace tonewood {

/// Why `path` cannot be opened for reading as a file, in words for an error message ("it is a
/// directory", or the system's reason such as "No such file or directory"); empty when it can.
/// Every reader asks first, so that all of them say the same thing. Control thread.
std::string unreadableFileReason(const std::string& path);

}  // namespace tonewood
