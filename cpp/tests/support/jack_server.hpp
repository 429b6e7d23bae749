#pragma once

#include <fcntl.h>
#include <jack/jack.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

/// A private JACK server with the dummy driver for one test: started under a unique name (so a
/// stale server or its /dev/shm files never get in the way), stopped by its PID. It runs with
/// real-time scheduling where the system allows it (as root), so its cycles and its clients'
/// stay on time while other tests load the machine; elsewhere without.
namespace tonewood::test {

class JackServer {
 public:
  explicit JackServer(int sampleRate = 48000, int period = 256)
      : name_("tonewood-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++)) {
    if (::geteuid() == 0) {
      try {
        start(sampleRate, period, true);
        return;
      } catch (const std::runtime_error&) {
        // No real-time scheduling in this container after all: run without it.
      }
    }
    start(sampleRate, period, false);
  }
  ~JackServer() { stop(); }
  JackServer(const JackServer&) = delete;
  JackServer& operator=(const JackServer&) = delete;

  const std::string& name() const { return name_; }

 private:
  void start(int sampleRate, int period, bool realtime) {
    const std::string rate = std::to_string(sampleRate), frames = std::to_string(period);
    std::vector<std::string> args = {"jackd", realtime ? "--realtime" : "--no-realtime",
                                     "-n",    name_,
                                     "-d",    "dummy",
                                     "-r",    rate,
                                     "-p",    frames};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::setenv("JACK_NO_AUDIO_RESERVATION", "1", 1);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    const int failed = posix_spawnp(&pid_, "jackd", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (failed)
      throw std::runtime_error("cannot start jackd (install it with scripts/install-deps)");
    // Ready when a client can open. (jack_wait -w gives up early when several servers start at
    // once, as under ctest -j, so we poll ourselves.)
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!accepts()) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = 0;
        throw std::runtime_error("jackd '" + name_ + "' exited while starting");
      }
      if (std::chrono::steady_clock::now() > deadline) {
        stop();
        throw std::runtime_error("jackd '" + name_ + "' did not come up within 10 s");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  static int& counter() {
    static int n = 0;
    return n;
  }
  bool accepts() const {
    jack_set_error_function([](const char*) {});  // "cannot connect" is expected while starting
    jack_set_info_function([](const char*) {});
    jack_status_t status{};
    jack_client_t* probe = jack_client_open(
        "tonewood-probe", static_cast<jack_options_t>(JackNoStartServer | JackServerName), &status,
        name_.c_str());
    if (!probe) return false;
    jack_client_close(probe);
    return true;
  }
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = 0;
  }

  std::string name_;
  pid_t pid_ = 0;
};

}  // namespace tonewood::test
