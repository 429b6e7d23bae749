// tonewood-plugin-host: the child process an isolated plugin runs in. IsolatedLv2Processor
// starts it with the control channel, the audio channel and the shared memory on descriptors
// 3, 4 and 5 and the plugin (URI and bundle folder) as arguments. It hosts the plugin with the
// ordinary Lv2Processor, one request at a time, until the parent closes the channels or dies.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "plugin_isolation.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/instruments/lv2_plugin.hpp"

namespace tonewood::instruments::isolation {
namespace {

class Child {
 public:
  explicit Child(std::shared_ptr<Lv2Processor> plugin) : plugin_(std::move(plugin)) {}
  ~Child() { unmap(); }

  /// Serves both channels until either closes.
  int serve() {
    for (;;) {
      char next = 0;  // the next block usually comes at once: take it without sleeping
      const bool spun = spinForByte(kAudioFd, next, 50);
      if (spun) {
        processBlock();
        if (!sendAll(kAudioFd, &next, 1)) return 0;
      }
      // A control request between blocks is answered even while blocks come back to back.
      pollfd fds[2] = {{kControlFd, POLLIN, 0}, {kAudioFd, POLLIN, 0}};
      if (::poll(fds, spun ? 1 : 2, spun ? 0 : -1) <= 0) continue;
      if (fds[1].revents) {
        char go = 0;
        if (receiveAll(kAudioFd, &go, 1, -1) != Received::Ok) return 0;
        processBlock();
        if (!sendAll(kAudioFd, &go, 1)) return 0;
      }
      if (fds[0].revents) {
        Message request;
        if (receiveMessage(kControlFd, request, -1) != Received::Ok) return 0;
        if (!sendMessage(kControlFd, answer(request))) return 0;
      }
    }
  }

 private:
  Message answer(const Message& request) {
    Message reply;
    try {
      takeValues(request.values);
      reply.text = run(static_cast<Command>(request.code), request, reply.integer);
    } catch (const OutOfRangeError& e) {
      reply.code = static_cast<std::uint32_t>(Status::OutOfRange);
      reply.text = e.what();
    } catch (const InvalidArgumentError& e) {
      reply.code = static_cast<std::uint32_t>(Status::InvalidArgument);
      reply.text = e.what();
    } catch (const std::exception& e) {
      reply.code = static_cast<std::uint32_t>(Status::Other);
      reply.text = e.what();
    }
    reply.values.resize(plugin_->numParameters());
    for (std::size_t i = 0; i < reply.values.size(); ++i) reply.values[i] = plugin_->parameter(i);
    return reply;
  }

  std::string run(Command command, const Message& request, std::int32_t& integer) {
    switch (command) {
      case Command::Prepare: {
        unmap();
        layout_ = Layout::of(plugin_->numParameters(), plugin_->numInputChannels(),
                             plugin_->numOutputChannels(), request.integer);
        void* base =
            ::mmap(nullptr, layout_.total, PROT_READ | PROT_WRITE, MAP_SHARED, kMemoryFd, 0);
        if (base == MAP_FAILED) throw Error("the plugin host could not map the shared memory");
        base_ = base;
        events_ = std::make_unique<graph::EventBuffer>(kMaxEvents);
        outEvents_ = std::make_unique<graph::EventBuffer>(kMaxEvents);
        plugin_->prepare({request.real, request.integer, plugin_->numOutputChannels()});
        integer = plugin_->latencyFrames();
        return {};
      }
      case Command::Reset:
        plugin_->reset();
        return {};
      case Command::SaveExtra: {
        const nlohmann::json state = nlohmann::json::parse(plugin_->saveState());
        return state.contains("extra") ? state["extra"].dump() : "null";
      }
      case Command::RestoreExtra: {
        nlohmann::json state = nlohmann::json::parse(plugin_->saveState());
        state.erase("extra");
        if (request.text != "null") state["extra"] = nlohmann::json::parse(request.text);
        plugin_->restoreState(state.dump());
        return {};
      }
      case Command::Presets: {
        std::string lines;
        for (const Lv2Preset& p : plugin_->presets()) lines += p.uri + "\t" + p.label + "\n";
        return lines;
      }
      case Command::LoadPreset:
        plugin_->loadPreset(request.text);
        return {};
      case Command::SaveBundle: {
        const std::size_t cut = request.text.find('\n');
        plugin_->saveStateBundle(request.text.substr(0, cut),
                                 cut == std::string::npos ? "" : request.text.substr(cut + 1));
        return {};
      }
      case Command::LoadBundle:
        plugin_->loadStateBundle(request.text);
        return {};
    }
    throw InvalidArgumentError("the plugin host got an unknown request");
  }

  void takeValues(const std::vector<float>& values) {
    for (std::size_t i = 0; i < values.size() && i < plugin_->numParameters(); ++i)
      if (plugin_->parameter(i) != values[i]) plugin_->setParameter(i, values[i]);
  }

  void processBlock() noexcept {
    if (!base_) return;
    auto& header = *static_cast<BlockHeader*>(base_);
    const float* values = layout_.values_(base_);
    for (std::size_t i = 0; i < plugin_->numParameters(); ++i)
      if (plugin_->parameter(i) != values[i]) {
        try {
          plugin_->setParameter(i, values[i]);
        } catch (const Error&) {
          // the parent checked every value against the same range
        }
      }
    events_->clear();
    outEvents_->clear();
    const graph::Event* in = layout_.eventsIn_(base_);
    for (std::uint32_t i = 0; i < header.eventsIn && i < kMaxEvents; ++i) events_->add(in[i]);
    float* inputs[kMaxChannels] = {};
    float* outputs[kMaxChannels] = {};
    for (int c = 0; c < layout_.inputs; ++c) inputs[c] = layout_.audioIn_(base_, c);
    for (int c = 0; c < layout_.outputs; ++c) outputs[c] = layout_.audioOut_(base_, c);
    graph::ProcessContext context;
    context.frames = header.frames;
    context.input = AudioBlockView(inputs, layout_.inputs, header.frames);
    context.output = AudioBlockView(outputs, layout_.outputs, header.frames);
    context.events = events_.get();
    context.outputEvents = outEvents_.get();
    context.transport = &header.transport;
    context.engineFrame = header.engineFrame;
    context.realtime = header.realtime != 0;
    context.inputConnected = header.inputConnected != 0;
    plugin_->process(context);
    graph::Event* out = layout_.eventsOut_(base_);
    std::uint32_t n = 0;
    for (const graph::Event& e : *outEvents_)
      if (e.kind == graph::EventKind::Midi && n < kMaxEvents) out[n++] = e;
    header.eventsOut = n;
  }

  void unmap() {
    if (base_) ::munmap(base_, layout_.total);
    base_ = nullptr;
  }

  std::shared_ptr<Lv2Processor> plugin_;
  Layout layout_;
  void* base_ = nullptr;
  std::unique_ptr<graph::EventBuffer> events_, outEvents_;
};

}  // namespace
}  // namespace tonewood::instruments::isolation

int main(int argc, char** argv) {
  using namespace tonewood::instruments;
  using namespace tonewood::instruments::isolation;
  // Gone with the parent, whatever happens to it.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  ::signal(SIGPIPE, SIG_IGN);
  ::dup2(STDERR_FILENO, STDOUT_FILENO);
  // No plugin UI is ever shown, but some Qt plugins abort at load without a display.
  ::setenv("QT_QPA_PLATFORM", "offscreen", 0);  // what plugins print is not the parent's output
  const rlimit noCore{0, 0};                    // a crashing plugin leaves no core files behind
  ::setrlimit(RLIMIT_CORE, &noCore);
  if (argc != 3 || ::fcntl(kControlFd, F_GETFD) < 0) {
    std::fprintf(stderr,
                 "tonewood-plugin-host runs a plugin for tonewood's isolated plugins "
                 "(LV2Plugin(..., isolated=True)); it is not meant to be started by hand\n");
    return 2;
  }
  Message hello;
  std::shared_ptr<Lv2Processor> plugin;
  try {
    try {
      plugin = std::make_shared<Lv2Processor>(argv[1]);
    } catch (const tonewood::InvalidArgumentError&) {
      if (argv[2][0] == '\0') throw;
      lv2LoadBundle(argv[2]);  // a bundle the parent loaded from outside the search path
      plugin = std::make_shared<Lv2Processor>(argv[1]);
    }
  } catch (const std::exception& e) {
    hello.code = static_cast<std::uint32_t>(Status::InvalidArgument);
    hello.text = e.what();
  }
  if (!sendMessage(kControlFd, hello) || !plugin) return 1;
  return Child(std::move(plugin)).serve();
}
