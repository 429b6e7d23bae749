#include "tonewood/link/link_session.hpp"

#include <ifaddrs.h>
#include <net/if.h>
#include <sys/socket.h>

#include <ableton/Link.hpp>
#include <chrono>
#include <thread>

#include "link_session_impl.hpp"
#include "tonewood/core/errors.hpp"

namespace tonewood::link {

using std::chrono::microseconds;

void requireTempo(double bpm) {
  requireInRange("Link tempo", bpm, kMinTempo, kMaxTempo, "bpm");
}

void requireQuantum(double quantum) {
  requireInRange("Link quantum", quantum, kMinQuantum, kMaxQuantum, "beats");
}

namespace {

// Whether any interface with an IPv4 or IPv6 address is up: Link multicasts on those.
bool anInterfaceIsUp() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return true;  // cannot tell: let Link try
  bool up = false;
  for (const ifaddrs* a = list; a && !up; a = a->ifa_next)
    up = a->ifa_addr && (a->ifa_addr->sa_family == AF_INET || a->ifa_addr->sa_family == AF_INET6) &&
         (a->ifa_flags & IFF_UP);
  freeifaddrs(list);
  return up;
}

}  // namespace

// SessionState --------------------------------------------------------------------------------

struct SessionState::Native {
  ableton::Link::SessionState state;
};

SessionState::SessionState(std::unique_ptr<Native> state) : state_(std::move(state)) {}
SessionState::SessionState(const SessionState& other)
    : state_(std::make_unique<Native>(*other.state_)) {}
SessionState& SessionState::operator=(const SessionState& other) {
  if (this != &other) state_ = std::make_unique<Native>(*other.state_);
  return *this;
}
SessionState::~SessionState() = default;

double SessionState::tempo() const noexcept {
  return state_->state.tempo();
}

void SessionState::setTempo(double bpm, std::int64_t atMicros) {
  requireTempo(bpm);
  state_->state.setTempo(bpm, microseconds(atMicros));
}

double SessionState::beatAtTime(std::int64_t micros, double quantum) const {
  requireQuantum(quantum);
  return state_->state.beatAtTime(microseconds(micros), quantum);
}

double SessionState::phaseAtTime(std::int64_t micros, double quantum) const {
  requireQuantum(quantum);
  return state_->state.phaseAtTime(microseconds(micros), quantum);
}

std::int64_t SessionState::timeAtBeat(double beat, double quantum) const {
  requireQuantum(quantum);
  return state_->state.timeAtBeat(beat, quantum).count();
}

void SessionState::requestBeatAtTime(double beat, std::int64_t micros, double quantum) {
  requireQuantum(quantum);
  state_->state.requestBeatAtTime(beat, microseconds(micros), quantum);
}

void SessionState::forceBeatAtTime(double beat, std::int64_t micros, double quantum) {
  requireQuantum(quantum);
  state_->state.forceBeatAtTime(beat, microseconds(micros), quantum);
}

bool SessionState::isPlaying() const noexcept {
  return state_->state.isPlaying();
}

void SessionState::setIsPlaying(bool playing, std::int64_t atMicros) {
  state_->state.setIsPlaying(playing, microseconds(atMicros));
}

std::int64_t SessionState::timeForIsPlaying() const noexcept {
  return state_->state.timeForIsPlaying().count();
}

void SessionState::requestBeatAtStartPlayingTime(double beat, double quantum) {
  requireQuantum(quantum);
  state_->state.requestBeatAtStartPlayingTime(beat, quantum);
}

// LinkSession ---------------------------------------------------------------------------------

LinkSession::LinkSession(double bpm) {
  requireTempo(bpm);
  impl_ = std::make_unique<Impl>(bpm);
}

LinkSession::~LinkSession() {
  close();
}

void LinkSession::close() {
  if (impl_) impl_->close();
}

void LinkSession::enable(bool on) {
  if (on && !impl_->link.isEnabled() && !anInterfaceIsUp())
    throw DeviceError(
        "Link cannot be enabled: no network interface is up (Link finds its peers by multicast "
        "on the interfaces that are up; on one machine, bring up the loopback: ip link set lo "
        "up)");
  const bool joining = on && !impl_->link.isEnabled();
  impl_->link.enable(on);
  // Link takes the enabling up on its own thread, where it starts a fresh session timeline from
  // the old one; a change the app commits before that happened is lost to it. Give it the time.
  if (joining) std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

bool LinkSession::enabled() const {
  return impl_->link.isEnabled();
}

void LinkSession::enableStartStopSync(bool on) {
  impl_->link.enableStartStopSync(on);
}

bool LinkSession::startStopSyncEnabled() const {
  return impl_->link.isStartStopSyncEnabled();
}

std::size_t LinkSession::peers() const {
  return impl_->link.numPeers();
}

std::int64_t LinkSession::micros() const {
  return impl_->link.clock().micros().count();
}

SessionState LinkSession::captureAppSessionState() const {
  return SessionState(std::make_unique<SessionState::Native>(
      SessionState::Native{impl_->link.captureAppSessionState()}));
}

void LinkSession::commitAppSessionState(const SessionState& state) {
  impl_->link.commitAppSessionState(state.native().state);
}

void LinkSession::onPeers(std::function<void(std::size_t)> callback) {
  const std::lock_guard lock(impl_->mutex);
  impl_->peersCallback = std::move(callback);
}

void LinkSession::onTempo(std::function<void(double)> callback) {
  const std::lock_guard lock(impl_->mutex);
  impl_->tempoCallback = std::move(callback);
}

void LinkSession::onStartStop(std::function<void(bool)> callback) {
  const std::lock_guard lock(impl_->mutex);
  impl_->startStopCallback = std::move(callback);
}

}  // namespace tonewood::link
