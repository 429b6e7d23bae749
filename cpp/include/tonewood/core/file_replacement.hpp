#pragma once

#include <string>

namespace tonewood {

/// Writes a file completely or not at all: write to `temporaryPath()` (beside the target, so the
/// rename stays on one file system), then `commit()` renames it over the target. Destroyed
/// without a commit, it removes the temporary, so a failure leaves neither a partial file nor a
/// damaged original. Control thread.
class FileReplacement {
 public:
  explicit FileReplacement(std::string target);
  ~FileReplacement();
  FileReplacement(const FileReplacement&) = delete;
  FileReplacement& operator=(const FileReplacement&) = delete;

  const std::string& temporaryPath() const noexcept { return temporary_; }
  /// Moves the finished temporary over the target. Throws Error naming the target on failure.
  void commit();

 private:
  std::string target_, temporary_;
  bool committed_ = false;
};

}  // namespace tonewood
