#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

/// Ableton Link: a session that shares tempo, a beat grid and start/stop with every Link app on
/// the network (Ableton's `ableton-link` library underneath). Link finds its peers by multicast on
/// every network interface that is up. Control thread unless stated.
namespace tonewood::link {

/// Link's tempo range, in beats per minute.
inline constexpr double kMinTempo = 20.0, kMaxTempo = 999.0;
/// The quanta tonewood accepts, in beats (Link's own only has to be positive).
inline constexpr double kMinQuantum = 1.0 / 64.0, kMaxQuantum = 1024.0;

/// OutOfRangeError unless `bpm` is within Link's tempo range.
void requireTempo(double bpm);
/// OutOfRangeError unless `quantum` is within [kMinQuantum, kMaxQuantum] beats.
void requireQuantum(double quantum);

/// A snapshot of the session's timeline and start/stop state, as the app captured it: read it,
/// change it, and commit it back for the change to reach the session. Times are microseconds of
/// Link's clock (LinkSession::micros).
class SessionState {
 public:
  SessionState(const SessionState&);
  SessionState& operator=(const SessionState&);
  ~SessionState();

  double tempo() const noexcept;
  /// From `atMicros` on; OutOfRangeError outside Link's tempo range.
  void setTempo(double bpm, std::int64_t atMicros);
  double beatAtTime(std::int64_t micros, double quantum) const;
  /// Where `micros` falls within the quantum: [0, quantum).
  double phaseAtTime(std::int64_t micros, double quantum) const;
  std::int64_t timeAtBeat(double beat, double quantum) const;
  /// Maps `beat` to `micros` (alone), or to the nearest time with the same phase (with peers),
  /// so the session's grid is kept.
  void requestBeatAtTime(double beat, std::int64_t micros, double quantum);
  /// Maps `beat` to `micros` for the whole session, peers included.
  void forceBeatAtTime(double beat, std::int64_t micros, double quantum);
  bool isPlaying() const noexcept;
  void setIsPlaying(bool playing, std::int64_t atMicros);
  /// When the session started or stopped playing.
  std::int64_t timeForIsPlaying() const noexcept;
  /// Maps `beat` to where playing started (with the quantum's phase).
  void requestBeatAtStartPlayingTime(double beat, double quantum);

  struct Native;
  explicit SessionState(std::unique_ptr<Native> state);
  const Native& native() const noexcept { return *state_; }

 private:
  std::unique_ptr<Native> state_;
};

/// One Link session. Disabled when made; enabling joins (or starts) the session on the network.
/// Its callbacks run on a thread of its own, in order, never on Link's network thread.
class LinkSession {
 public:
  /// OutOfRangeError outside Link's tempo range.
  explicit LinkSession(double bpm = 120.0);
  ~LinkSession();
  LinkSession(const LinkSession&) = delete;
  LinkSession& operator=(const LinkSession&) = delete;

  /// DeviceError when enabling with no network interface up (Link would wait for peers it can
  /// never reach; one machine needs its loopback up). Enabling returns once Link has taken it up
  /// on its own thread (about 50 ms), so changes committed right after are not lost.
  void enable(bool on);
  bool enabled() const;
  void enableStartStopSync(bool on);
  bool startStopSyncEnabled() const;
  /// Other apps in the session.
  std::size_t peers() const;
  /// Link's clock: microseconds of CLOCK_MONOTONIC_RAW.
  std::int64_t micros() const;

  SessionState captureAppSessionState() const;
  void commitAppSessionState(const SessionState& state);

  /// Called with the new count, tempo or playing state whenever it changes. Replaces the last
  /// callback given; an empty function removes it.
  void onPeers(std::function<void(std::size_t)> callback);
  void onTempo(std::function<void(double)> callback);
  void onStartStop(std::function<void(bool)> callback);

  /// Disables Link, stops the callback thread (waiting for a callback that runs) and lets go of
  /// the callbacks. The destructor does it too; call it first where a callback might wait for
  /// the caller.
  void close();

  struct Impl;
  Impl& impl() noexcept { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tonewood::link
