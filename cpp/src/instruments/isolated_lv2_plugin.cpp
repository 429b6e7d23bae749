#include "tonewood/instruments/isolated_lv2_plugin.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <thread>
#include <utility>

#include "plugin_isolation.hpp"
#include "tonewood/core/errors.hpp"

extern char** environ;

namespace tonewood::instruments {

using isolation::Command;
using isolation::Layout;
using isolation::Message;
using isolation::Received;
using isolation::Status;

namespace {

constexpr const char* kProgram = "tonewood-plugin-host";
// How long each side waits for the other's block without sleeping: a wake-up from sleep costs
// tens of microseconds, most blocks come back sooner.
constexpr int kSpinMicroseconds = 50;

bool executable(const std::filesystem::path& path) {
  return ::access(path.c_str(), X_OK) == 0 && !std::filesystem::is_directory(path);
}

std::string findProgram(const std::string& given) {
  if (!given.empty()) {
    if (!executable(given))
      throw InvalidArgumentError("the plugin host program '" + given + "' is not an executable");
    return given;
  }
  std::vector<std::filesystem::path> tried;
  if (const char* env = std::getenv("TONEWOOD_PLUGIN_HOST"); env && *env) tried.emplace_back(env);
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) tried.push_back(self.parent_path() / kProgram);
#ifdef TONEWOOD_INSTALL_BINDIR
  tried.push_back(std::filesystem::path(TONEWOOD_INSTALL_BINDIR) / kProgram);
#endif
  std::string list;
  for (const auto& p : tried) {
    if (executable(p)) return p.string();
    list += (list.empty() ? "" : ", ") + p.string();
  }
  throw InvalidArgumentError(std::string("isolated plugins need the program ") + kProgram +
                             ", which is not in " + list +
                             "; set TONEWOOD_PLUGIN_HOST to its path");
}

int descriptorAbove(int fd) {  // so that no inherited descriptor is 3..5 already
  const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 10);
  ::close(fd);
  return moved;
}

void zero(const graph::ProcessContext& c) noexcept {
  for (int ch = 0; ch < c.output.numChannels(); ++ch)
    std::fill_n(c.output.channel(ch), c.frames, 0.0f);
}

}  // namespace

struct IsolatedLv2Processor::Channels {
  int control = -1, audio = -1, memory = -1;
  void* base = nullptr;
  Layout layout;

  void unmap() noexcept {
    if (base) ::munmap(base, layout.total);
    base = nullptr;
  }
  void close() noexcept {
    unmap();
    for (int* fd : {&control, &audio, &memory})
      if (*fd >= 0) ::close(std::exchange(*fd, -1));
  }
};

IsolatedLv2Processor::IsolatedLv2Processor(const std::string& plugin, IsolationOptions options)
    : IsolatedLv2Processor(lv2Describe(plugin), std::move(options)) {}

IsolatedLv2Processor::IsolatedLv2Processor(Lv2PluginDescription d, IsolationOptions options)
    : Processor(
          "lv2", d.parameters,
          {d.info.audioInputs, d.info.audioOutputs, d.info.midiInputs > 0, d.info.midiOutputs > 0}),
      description_(std::move(d)),
      options_(std::move(options)),
      program_(findProgram(options_.hostProgram)),
      channels_(std::make_unique<Channels>()),
      values_(numParameters(), 0.0f) {
  requireInRange("timeout", options_.timeoutSeconds, 0.01, 86400.0, "s");
  for (std::size_t i = 0; i < values_.size(); ++i) values_[i] = parameter(i);
  start();
}

IsolatedLv2Processor::~IsolatedLv2Processor() {
  stop();
}

void IsolatedLv2Processor::start() {
  Channels& ch = *channels_;
  int control[2], audio[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, control) != 0)
    throw InvalidArgumentError(std::string("could not open a channel to the plugin host: ") +
                               std::strerror(errno));
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, audio) != 0) {
    ::close(control[0]), ::close(control[1]);
    throw InvalidArgumentError(std::string("could not open a channel to the plugin host: ") +
                               std::strerror(errno));
  }
  ch.control = control[0];
  ch.audio = audio[0];
  ch.memory = ::memfd_create("tonewood-plugin-block", MFD_CLOEXEC);
  const int childEnds[3] = {descriptorAbove(control[1]), descriptorAbove(audio[1]),
                            ch.memory >= 0 ? ::fcntl(ch.memory, F_DUPFD_CLOEXEC, 10) : -1};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, childEnds[0], isolation::kControlFd);
  posix_spawn_file_actions_adddup2(&actions, childEnds[1], isolation::kAudioFd);
  posix_spawn_file_actions_adddup2(&actions, childEnds[2], isolation::kMemoryFd);
  std::string uri = description_.info.uri, bundle = description_.bundle;
  char* argv[] = {program_.data(), uri.data(), bundle.data(), nullptr};
  pid_t pid = -1;
  const int spawned = ch.memory >= 0 && childEnds[2] >= 0
                          ? ::posix_spawn(&pid, program_.c_str(), &actions, nullptr, argv, environ)
                          : errno;
  posix_spawn_file_actions_destroy(&actions);
  for (int fd : childEnds)
    if (fd >= 0) ::close(fd);
  if (spawned != 0) {
    ch.close();
    throw InvalidArgumentError("could not start the plugin host '" + program_ +
                               "': " + std::strerror(spawned));
  }
  child_.store(pid, std::memory_order_release);
  failed_.store(false, std::memory_order_release);
  Message hello;
  const Received r = isolation::receiveMessage(ch.control, hello,
                                               static_cast<int>(options_.timeoutSeconds * 1000.0));
  if (r != Received::Ok) {
    fail(r == Received::TimedOut);
    throw PluginCrashedError(failure_);
  }
  if (hello.code != static_cast<std::uint32_t>(Status::Ok)) {
    stop();
    throw InvalidArgumentError(hello.text);
  }
}

void IsolatedLv2Processor::stop() noexcept {
  channels_->close();  // the child sees its channels close and leaves
  const int pid = child_.exchange(-1, std::memory_order_acq_rel);
  if (pid <= 0) return;
  for (int i = 0; i < 200; ++i) {  // two seconds to leave by itself
    if (::waitpid(pid, nullptr, WNOHANG) != 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
}

void IsolatedLv2Processor::close() {
  if (isHosted())
    throw InvalidArgumentError("the LV2 plugin '" + description_.info.uri +
                               "' is a node of an engine; remove it before closing it");
  std::lock_guard lock(controlMutex_);
  stop();
  unprepare();
}

void IsolatedLv2Processor::fail(bool hung) const noexcept {
  const int pid = child_.exchange(-1, std::memory_order_acq_rel);
  if (pid <= 0) {  // another thread is composing the failure: wait for it (briefly)
    for (int i = 0; i < 100000 && !failed_.load(std::memory_order_acquire); ++i)
      std::this_thread::yield();
    return;
  }
  if (hung) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  const char* uri = description_.info.uri.c_str();
  if (hung)
    std::snprintf(failure_, sizeof failure_,
                  "the LV2 plugin '%s' stopped answering for more than %g s in its own process, "
                  "which was stopped",
                  uri, options_.timeoutSeconds);
  else if (WIFSIGNALED(status))
    std::snprintf(failure_, sizeof failure_,
                  "the LV2 plugin '%s' crashed in its own process (%s, signal %d)", uri,
                  ::sigdescr_np(WTERMSIG(status)), WTERMSIG(status));
  else
    std::snprintf(failure_, sizeof failure_,
                  "the LV2 plugin's process for '%s' ended unexpectedly (exit status %d)", uri,
                  WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  failed_.store(true, std::memory_order_release);
}

const char* IsolatedLv2Processor::failure() const noexcept {
  return failed_.load(std::memory_order_acquire) ? failure_ : nullptr;
}

IsolatedLv2Processor::Reply IsolatedLv2Processor::request(int command, const std::string& text,
                                                          int integer, double real) const {
  std::lock_guard lock(controlMutex_);
  if (failed_.load(std::memory_order_acquire)) throw PluginCrashedError(failure_);
  if (childPid() < 0)
    throw InvalidArgumentError("the isolated LV2 plugin '" + description_.info.uri +
                               "' was closed; rendering it (or adding it to an engine) starts it "
                               "again");
  Message m;
  m.code = static_cast<std::uint32_t>(command);
  m.integer = integer;
  m.real = real;
  m.text = text;
  m.values.resize(numParameters());
  for (std::size_t i = 0; i < m.values.size(); ++i) m.values[i] = parameter(i);
  Received r = Received::Closed;
  if (isolation::sendMessage(channels_->control, m))
    r = isolation::receiveMessage(channels_->control, m,
                                  static_cast<int>(options_.timeoutSeconds * 1000.0));
  if (r != Received::Ok) {
    fail(r == Received::TimedOut);
    throw PluginCrashedError(failure_);
  }
  switch (static_cast<Status>(m.code)) {
    case Status::Ok:
      return {std::move(m.text), m.integer, std::move(m.values)};
    case Status::OutOfRange:
      throw OutOfRangeError(m.text);
    case Status::InvalidArgument:
      throw InvalidArgumentError(m.text);
    default:
      throw Error(m.text);
  }
}

void IsolatedLv2Processor::adopt(const std::vector<float>& values) {
  for (std::size_t i = 0; i < values.size() && i < numParameters(); ++i)
    if (parameter(i) != values[i]) setParameter(i, values[i]);
}

void IsolatedLv2Processor::prepareToPlay(const ProcessSpec& spec) {
  if (failed_.load(std::memory_order_acquire) || childPid() < 0) {
    stop();  // a fresh child for a crashed one: the parameters are kept here
    start();
  }
  Channels& ch = *channels_;
  ch.unmap();
  ch.layout =
      Layout::of(numParameters(), numInputChannels(), numOutputChannels(), spec.maxBlockSize);
  if (::ftruncate(ch.memory, static_cast<off_t>(ch.layout.total)) != 0)
    throw CapacityError("could not size the memory shared with the plugin host (" +
                        std::to_string(ch.layout.total) + " bytes): " + std::strerror(errno));
  void* base = ::mmap(nullptr, ch.layout.total, PROT_READ | PROT_WRITE, MAP_SHARED, ch.memory, 0);
  if (base == MAP_FAILED)
    throw CapacityError(std::string("could not map the memory shared with the plugin host: ") +
                        std::strerror(errno));
  ch.base = base;
  new (base) isolation::BlockHeader();
  latency_ =
      request(static_cast<int>(Command::Prepare), {}, spec.maxBlockSize, spec.sampleRate).integer;
}

void IsolatedLv2Processor::resetState() noexcept {
  try {
    request(static_cast<int>(Command::Reset));
  } catch (const Error&) {
    // a crash is kept in failure(); a reset has nothing else to report
  }
}

void IsolatedLv2Processor::parameterChanged(std::size_t index, float value) noexcept {
  if (index < values_.size()) values_[index] = value;
}

void IsolatedLv2Processor::render(const graph::ProcessContext& c) noexcept {
  Channels& ch = *channels_;
  if (failed_.load(std::memory_order_acquire) || !ch.base) return zero(c);
  const Layout& l = ch.layout;
  auto& header = *static_cast<isolation::BlockHeader*>(ch.base);
  header.frames = c.frames;
  header.realtime = c.realtime ? 1 : 0;
  header.inputConnected = c.inputConnected ? 1 : 0;
  header.engineFrame = c.engineFrame;
  header.transport = *c.transport;
  std::copy(values_.begin(), values_.end(), l.values_(ch.base));
  std::uint32_t n = 0;
  graph::Event* in = l.eventsIn_(ch.base);
  for (const graph::Event& e : *c.events)
    if (e.kind == graph::EventKind::Midi && n < isolation::kMaxEvents) in[n++] = e;
  header.eventsIn = n;
  header.eventsOut = 0;
  for (int i = 0; i < l.inputs; ++i)
    std::copy_n(c.input.channel(i), c.frames, l.audioIn_(ch.base, i));
  char go = 1;
  const int timeoutMs = static_cast<int>(
      1000.0 * (c.realtime ? std::min(options_.timeoutSeconds, 0.5) : options_.timeoutSeconds));
  Received r = Received::Closed;
  if (isolation::sendAll(ch.audio, &go, 1))
    r = isolation::spinForByte(ch.audio, go, kSpinMicroseconds)
            ? Received::Ok
            : isolation::receiveAll(ch.audio, &go, 1, timeoutMs);
  if (r != Received::Ok) {
    fail(r == Received::TimedOut);
    return zero(c);
  }
  for (int i = 0; i < l.outputs; ++i)
    std::copy_n(l.audioOut_(ch.base, i), c.frames, c.output.channel(i));
  if (c.outputEvents) {
    const graph::Event* out = l.eventsOut_(ch.base);
    for (std::uint32_t i = 0; i < header.eventsOut && i < isolation::kMaxEvents; ++i)
      c.outputEvents->add(out[i]);
  }
}

std::string IsolatedLv2Processor::saveExtraState() const {
  return request(static_cast<int>(Command::SaveExtra)).text;
}

void IsolatedLv2Processor::restoreExtraState(const std::string& json) {
  request(static_cast<int>(Command::RestoreExtra), json);
}

std::vector<Lv2Preset> IsolatedLv2Processor::presets() {
  std::vector<Lv2Preset> out;
  std::istringstream lines(request(static_cast<int>(Command::Presets)).text);
  for (std::string line; std::getline(lines, line);) {
    const std::size_t tab = line.find('\t');
    if (tab != std::string::npos) out.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  return out;
}

void IsolatedLv2Processor::loadPreset(const std::string& uriOrLabel) {
  adopt(request(static_cast<int>(Command::LoadPreset), uriOrLabel).values);
}

void IsolatedLv2Processor::saveStateBundle(const std::string& directory, const std::string& label) {
  request(static_cast<int>(Command::SaveBundle),
          std::filesystem::absolute(directory).string() + "\n" + label);
}

void IsolatedLv2Processor::loadStateBundle(const std::string& directory) {
  adopt(
      request(static_cast<int>(Command::LoadBundle), std::filesystem::absolute(directory).string())
          .values);
}

}  // namespace tonewood::instruments
