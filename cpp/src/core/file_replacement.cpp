#include "tonewood/core/file_replacement.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "tonewood/core/errors.hpp"

namespace tonewood {

FileReplacement::FileReplacement(std::string target) : target_(std::move(target)) {
  const std::filesystem::path path(target_);
  temporary_ =
      (path.parent_path() / ("." + path.filename().string() + ".tmp-" + std::to_string(::getpid())))
          .string();
}

FileReplacement::~FileReplacement() {
  if (!committed_) std::remove(temporary_.c_str());
}

void FileReplacement::commit() {
  if (std::rename(temporary_.c_str(), target_.c_str()) != 0)
    throw Error("cannot write '" + target_ + "': " + std::strerror(errno));
  committed_ = true;
}

}  // namespace tonewood
