#include "plugin_isolation.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>

namespace tonewood::instruments::isolation {

namespace {

std::size_t aligned(std::size_t n) {
  return (n + 63) & ~std::size_t{63};
}

struct Frame {  // a message's fixed part on the wire
  std::uint32_t code;
  std::int32_t integer;
  double real;
  std::uint32_t values, textBytes;
};

}  // namespace

Layout Layout::of(std::size_t parameters, int inputs, int outputs, int maxBlock) {
  Layout l;
  l.inputs = inputs;
  l.outputs = outputs;
  l.maxBlock = maxBlock;
  std::size_t at = aligned(sizeof(BlockHeader));
  l.values = at;
  at += aligned(parameters * sizeof(float));
  l.eventsIn = at;
  at += aligned(kMaxEvents * sizeof(graph::Event));
  l.eventsOut = at;
  at += aligned(kMaxEvents * sizeof(graph::Event));
  l.audioIn = at;
  at += aligned(static_cast<std::size_t>(inputs) * maxBlock * sizeof(float));
  l.audioOut = at;
  at += aligned(static_cast<std::size_t>(outputs) * maxBlock * sizeof(float));
  l.total = at;
  return l;
}

bool sendAll(int fd, const void* data, std::size_t size) noexcept {
  const auto* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::send(fd, p, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

Received receiveAll(int fd, void* data, std::size_t size, int timeoutMs) noexcept {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs < 0 ? 0 : timeoutMs);
  auto* p = static_cast<char*>(data);
  while (size > 0) {
    int wait = -1;
    if (timeoutMs >= 0) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      wait = left > 0 ? static_cast<int>(left) : 0;
    }
    pollfd pfd{fd, POLLIN, 0};
    const int ready = ::poll(&pfd, 1, wait);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return Received::Closed;
    if (ready == 0) return Received::TimedOut;
    const ssize_t n = ::recv(fd, p, size, 0);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) return Received::Closed;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return Received::Ok;
}

bool spinForByte(int fd, char& byte, int spinMicroseconds) noexcept {
  using Clock = std::chrono::steady_clock;
  const auto until = Clock::now() + std::chrono::microseconds(spinMicroseconds);
  do {
    if (::recv(fd, &byte, 1, MSG_DONTWAIT) == 1) return true;
  } while (Clock::now() < until);
  return false;
}

bool sendMessage(int fd, const Message& m) {
  const Frame frame{m.code, m.integer, m.real, static_cast<std::uint32_t>(m.values.size()),
                    static_cast<std::uint32_t>(m.text.size())};
  return sendAll(fd, &frame, sizeof frame) &&
         sendAll(fd, m.values.data(), m.values.size() * sizeof(float)) &&
         sendAll(fd, m.text.data(), m.text.size());
}

Received receiveMessage(int fd, Message& m, int timeoutMs) {
  Frame frame{};
  Received r = receiveAll(fd, &frame, sizeof frame, timeoutMs);
  if (r != Received::Ok) return r;
  m.code = frame.code;
  m.integer = frame.integer;
  m.real = frame.real;
  m.values.resize(frame.values);
  m.text.resize(frame.textBytes);
  r = receiveAll(fd, m.values.data(), m.values.size() * sizeof(float), timeoutMs);
  if (r != Received::Ok) return r;
  return receiveAll(fd, m.text.data(), m.text.size(), timeoutMs);
}

}  // namespace tonewood::instruments::isolation
