// Atomic replacement keeps what the user had: symlinks, permissions, the umask; writers of one
// path never share a temporary; errors name the user's path and the system's reason.
#include "tonewood/core/file_replacement.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "support/audio_file_fixture.hpp"
#include "tonewood/core/errors.hpp"

namespace tonewood::test {
namespace {

namespace fs = std::filesystem;
using io::TempDir;

void replaceWith(const std::string& path, const std::string& text) {
  FileReplacement file(path);
  std::ofstream(file.temporaryPath(), std::ios::binary) << text;
  file.commit();
}

std::string contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

unsigned modeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

std::vector<std::string> leftovers(const std::string& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.path().filename().string().find(".tmp-") != std::string::npos)
      names.push_back(entry.path().string());
  return names;
}

TEST(FileReplacement, WritingThroughASymlinkReplacesItsTargetAndKeepsTheLink) {
  TempDir dir;
  replaceWith(dir.file("real.txt"), "old");
  fs::create_symlink(dir.file("real.txt"), dir.file("link.txt"));
  replaceWith(dir.file("link.txt"), "new");
  EXPECT_TRUE(fs::is_symlink(dir.file("link.txt")));
  EXPECT_EQ(contents(dir.file("real.txt")), "new");
}

TEST(FileReplacement, AnExistingFileKeepsItsPermissionsAndANewOneFollowsTheUmask) {
  TempDir dir;
  replaceWith(dir.file("kept.txt"), "a");
  ::chmod(dir.file("kept.txt").c_str(), 0640);
  replaceWith(dir.file("kept.txt"), "b");
  EXPECT_EQ(modeOf(dir.file("kept.txt")), 0640u);

  for (mode_t mask : {022u, 077u}) {
    const mode_t before = ::umask(mask);
    const std::string path = dir.file("new-" + std::to_string(mask) + ".txt");
    replaceWith(path, "c");
    ::umask(before);
    EXPECT_EQ(modeOf(path), 0666u & ~mask) << mask;
  }
}

TEST(FileReplacement, ConcurrentWritersEachUseTheirOwnTemporaryAndOneWinsWhole) {
  TempDir dir;
  const std::string path = dir.file("shared.txt");
  std::vector<std::thread> writers;
  for (char c : {'a', 'b', 'c', 'd'})
    writers.emplace_back([&path, c] {
      for (int round = 0; round < 50; ++round) replaceWith(path, std::string(100000, c));
    });
  for (auto& w : writers) w.join();
  const std::string text = contents(path);
  ASSERT_EQ(text.size(), 100000u);
  EXPECT_EQ(text.find_first_not_of(text[0]), std::string::npos);  // one writer's bytes only
  EXPECT_TRUE(leftovers(dir.file("")).empty());
}

TEST(FileReplacement, FailuresNameTheUsersPathAndTheReasonAndLeaveNothingBehind) {
  TempDir dir;
  fs::create_directory(dir.file("folder"));
  try {
    FileReplacement file(dir.file("folder"));
    FAIL() << "a directory was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot write '" + dir.file("folder") + "': it is a directory");
  }
  try {
    FileReplacement file(dir.file("missing/x.txt"));
    FAIL() << "a missing folder was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot write '" + dir.file("missing/x.txt") + "': No such file or directory");
  }
  {
    FileReplacement abandoned(dir.file("never.txt"));  // no commit: the temporary goes
    EXPECT_TRUE(fs::exists(abandoned.temporaryPath()));
  }
  EXPECT_FALSE(fs::exists(dir.file("never.txt")));
  EXPECT_TRUE(leftovers(dir.file("")).empty());
  if (::geteuid() != 0) {  // root writes anywhere; the permission case needs an ordinary user
    fs::create_directory(dir.file("locked"));
    ::chmod(dir.file("locked").c_str(), 0500);
    EXPECT_THROW(FileReplacement(dir.file("locked/x.txt")), Error);
  }
}

}  // namespace
}  // namespace tonewood::test
