#include "tonewood/core/file_replacement.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "tonewood/core/errors.hpp"

namespace tonewood {

namespace {
std::atomic<unsigned> temporaryCount{0};
}

FileReplacement::FileReplacement(std::string target) : target_(std::move(target)) {
  namespace fs = std::filesystem;
  std::error_code ec;
  // Follow a symlink so that the rename replaces the file it points at, not the link.
  fs::path destination(target_);
  if (fs::is_symlink(fs::symlink_status(destination, ec))) {
    const fs::path resolved = fs::weakly_canonical(destination, ec);
    if (!ec) destination = resolved;
  }
  destination_ = destination.string();

  struct stat existing {};
  const bool exists = ::stat(destination_.c_str(), &existing) == 0;
  if (exists && S_ISDIR(existing.st_mode))
    throw Error("cannot write '" + target_ + "': it is a directory");

  const fs::path folder = destination.parent_path();
  const std::string stem =
      "." + destination.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-";
  for (;;) {
    temporary_ = (folder / (stem + std::to_string(temporaryCount.fetch_add(1)))).string();
    // 0666 before the umask: a new file gets the permissions any other new file would.
    const int fd = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      if (exists) ::fchmod(fd, existing.st_mode & 07777);
      ::close(fd);
      return;
    }
    if (errno != EEXIST) {
      const int reason = errno;
      temporary_.clear();
      throw Error(failure(reason));
    }
  }
}

FileReplacement::~FileReplacement() {
  if (!committed_ && !temporary_.empty()) std::remove(temporary_.c_str());
}

void FileReplacement::commit() {
  if (std::rename(temporary_.c_str(), destination_.c_str()) != 0) throw Error(failure(errno));
  committed_ = true;
}

std::string FileReplacement::failure(int errorNumber) const {
  return "cannot write '" + target_ +
         "': " + (errorNumber != 0 ? std::string(std::strerror(errorNumber)) : "the write failed");
}

}  // namespace tonewood
