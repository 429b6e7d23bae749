#pragma once

#include <string>

namespace tonewood {

/// Writes a file completely or not at all: write to `temporaryPath()` (beside the destination,
/// so the rename stays on one file system), then `commit()` renames it over the destination.
/// Destroyed without a commit, it removes the temporary, so a failure leaves neither a partial
/// file nor a damaged original. What the user had is kept: a symlink is followed (its target is
/// replaced, the link stays), an existing file's permission bits carry over, and a new file gets
/// 0666 less the umask. Each writer gets its own temporary (created exclusively, named after the
/// target with a leading dot, the process and a counter), so concurrent writers of one path never
/// share one: the last to commit wins with an intact file. Errors name the user's path and the
/// operating system's reason, never the temporary. Control thread.
class FileReplacement {
 public:
  /// Creates the temporary. Throws Error when the target is a directory or its folder cannot
  /// take a new file (missing, not writable).
  explicit FileReplacement(std::string target);
  ~FileReplacement();
  FileReplacement(const FileReplacement&) = delete;
  FileReplacement& operator=(const FileReplacement&) = delete;

  const std::string& temporaryPath() const noexcept { return temporary_; }
  /// Moves the finished temporary over the destination. Throws Error naming the target.
  void commit();
  /// The message for a failed write of the target: "cannot write '<target>': <OS reason>", the
  /// reason from `errorNumber` (an errno value; 0 gives "the write failed").
  [[nodiscard]] std::string failure(int errorNumber) const;

 private:
  std::string target_, destination_, temporary_;
  bool committed_ = false;
};

}  // namespace tonewood
