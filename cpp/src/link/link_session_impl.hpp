#pragma once

// The inside of a LinkSession, shared by the session and the tempo source that follows it.

#include <ableton/Link.hpp>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <variant>

#include "tonewood/link/link_session.hpp"

namespace tonewood::link {

// Link calls its callbacks on its network thread, which must not wait for the app. They queue
// here, and a thread of the session's own delivers them in order.
struct LinkSession::Impl {
  struct Peers {
    std::size_t count;
  };
  struct Tempo {
    double bpm;
  };
  struct StartStop {
    bool playing;
  };
  using Change = std::variant<Peers, Tempo, StartStop>;

  std::mutex mutex;
  std::condition_variable wake;
  std::deque<Change> changes;
  bool closing = false;
  std::function<void(std::size_t)> peersCallback;
  std::function<void(double)> tempoCallback;
  std::function<void(bool)> startStopCallback;
  std::thread delivery;
  ableton::Link link;  // declared last: gone first, so its callbacks never outlive the queue

  explicit Impl(double bpm) : link(bpm) {
    delivery = std::thread([this] { deliver(); });
    link.setNumPeersCallback([this](std::size_t n) { post(Peers{n}); });
    link.setTempoCallback([this](double tempo) { post(Tempo{tempo}); });
    link.setStartStopCallback([this](bool playing) { post(StartStop{playing}); });
  }

  void post(Change change) {
    {
      const std::lock_guard lock(mutex);
      if (closing) return;
      changes.push_back(change);
    }
    wake.notify_one();
  }

  void deliver() {
    std::unique_lock lock(mutex);
    for (;;) {
      wake.wait(lock, [this] { return closing || !changes.empty(); });
      if (closing) return;
      const Change change = changes.front();
      changes.pop_front();
      // Copies, called without the lock: a callback may set callbacks or read the session.
      auto peers = peersCallback;
      auto tempo = tempoCallback;
      auto startStop = startStopCallback;
      lock.unlock();
      if (const auto* p = std::get_if<Peers>(&change); p && peers) peers(p->count);
      if (const auto* t = std::get_if<Tempo>(&change); t && tempo) tempo(t->bpm);
      if (const auto* s = std::get_if<StartStop>(&change); s && startStop) startStop(s->playing);
      lock.lock();
    }
  }

  void close() {
    link.enable(false);
    {
      const std::lock_guard lock(mutex);
      closing = true;
    }
    wake.notify_one();
    if (delivery.joinable()) delivery.join();
    // Let go of the callbacks: they may hold what holds this session (a Python closure does).
    peersCallback = nullptr;
    tempoCallback = nullptr;
    startStopCallback = nullptr;
  }
};

}  // namespace tonewood::link
