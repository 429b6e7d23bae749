#include "tonewood/timeline/session.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include "tonewood/core/errors.hpp"
#include "tonewood/graph/engine.hpp"
#include "tonewood/graph/nodes/gain.hpp"
#include "tonewood/timeline/clip_player.hpp"
#include "tonewood/timeline/track_strip.hpp"

namespace tonewood::timeline {

Session::Session(double sampleRate, double bpm)
    : sampleRate_(sampleRate),
      tempoMap_(bpm),
      master_(std::make_unique<Track>(kMaster, TrackKind::Bus)) {
  requireInRange("session sample rate", sampleRate, 8000.0, 384000.0, "Hz");
}

Session::Session(const Session& other)
    : sampleRate_(other.sampleRate_),
      tempoMap_(other.tempoMap_),
      master_(std::make_unique<Track>(*other.master_)),
      markers_(other.markers_),
      loop_(other.loop_),
      selection_(other.selection_) {
  for (const auto& t : other.tracks_) tracks_.push_back(std::make_unique<Track>(*t));
}

Session& Session::operator=(const Session& other) {
  if (this != &other) *this = Session(other);
  return *this;
}

std::size_t Session::indexOf(const std::string& name) const {
  for (std::size_t k = 0; k < tracks_.size(); ++k)
    if (tracks_[k]->name() == name) return k;
  return tracks_.size();
}

Track& Session::addTrack(const std::string& name, TrackKind kind) {
  if (name == kMaster || indexOf(name) < tracks_.size())
    throw InvalidArgumentError("the session already has a track named '" + name + "'");
  tracks_.push_back(std::make_unique<Track>(name, kind));
  return *tracks_.back();
}

void Session::removeTrack(const std::string& name) {
  const std::size_t k = indexOf(name);
  if (k == tracks_.size()) track(name);  // throws, listing the names
  for (const auto& t : tracks_) {
    if (t->output() == name)
      throw InvalidArgumentError("track '" + t->name() + "' routes to '" + name +
                                 "'; route it elsewhere before removing the bus");
    for (const Send& s : t->sends())
      if (s.bus == name)
        throw InvalidArgumentError("track '" + t->name() + "' sends to '" + name +
                                   "'; remove the send before removing the bus");
  }
  tracks_.erase(tracks_.begin() + static_cast<std::ptrdiff_t>(k));
}

Track& Session::track(const std::string& name) {
  return const_cast<Track&>(static_cast<const Session&>(*this).track(name));
}

const Track& Session::track(const std::string& name) const {
  if (name == kMaster) return *master_;
  const std::size_t k = indexOf(name);
  if (k < tracks_.size()) return *tracks_[k];
  std::string names;
  for (const auto& t : tracks_) names += (names.empty() ? "" : ", ") + t->name();
  throw InvalidArgumentError("the session has no track named '" + name + "'; it has " +
                             (names.empty() ? std::string("none but the master") : names));
}

std::uint64_t Session::addAudioClip(const std::string& name, AudioClip clip) {
  return track(name).addAudioClip(std::move(clip), tempoMap_);
}

void Session::replaceAudioClip(const std::string& name, std::uint64_t id, AudioClip clip) {
  Track& t = track(name);
  t.replaceAudioClip(t.audioClipIndex(id), std::move(clip), tempoMap_);
}

void Session::addMarker(const std::string& name, Position at) {
  requirePosition("marker '" + name + "'", at);
  for (Marker& m : markers_)
    if (m.name == name) {
      m.at = at;
      return;
    }
  markers_.push_back({name, at});
}

void Session::removeMarker(const std::string& name) {
  auto it = std::find_if(markers_.begin(), markers_.end(),
                         [&](const Marker& m) { return m.name == name; });
  if (it == markers_.end()) throw InvalidArgumentError("the session has no marker '" + name + "'");
  markers_.erase(it);
}

void Session::requireRange(const char* what, const std::optional<Range>& range) const {
  if (!range) return;
  requirePosition(std::string(what) + " start", range->start);
  requirePosition(std::string(what) + " end", range->end);
  if (range->end.secondsOn(tempoMap_) <= range->start.secondsOn(tempoMap_))
    throw InvalidArgumentError(std::string(what) + " ends (" + range->end.describe() +
                               ") before it starts (" + range->start.describe() + ")");
}

void Session::setLoop(std::optional<Range> loop) {
  requireRange("the loop", loop);
  loop_ = loop;
}

void Session::setSelection(std::optional<Range> selection) {
  requireRange("the selection", selection);
  selection_ = selection;
}

double Session::durationSeconds() const noexcept {
  double end = 0.0;
  for (const auto& t : tracks_) end = std::max(end, t->endSeconds(tempoMap_));
  return end;
}

void Session::validate() const {
  std::map<std::string, const Track*> byName;
  for (const auto& t : tracks_) byName[t->name()] = t.get();
  auto requireBus = [&](const Track& t, const std::string& bus, const char* how) {
    auto it = byName.find(bus);
    if (it == byName.end())
      throw InvalidArgumentError("track '" + t.name() + "' " + how + " '" + bus +
                                 "', which is not a track of the session");
    if (it->second->kind() != TrackKind::Bus)
      throw InvalidArgumentError("track '" + t.name() + "' " + how + " '" + bus + "', a " +
                                 trackKindName(it->second->kind()) +
                                 " track; only buses take audio in");
  };
  for (const auto& t : tracks_) {
    if (!t->output().empty() && t->output() != kMaster) requireBus(*t, t->output(), "routes to");
    for (const Send& s : t->sends())
      if (s.bus != kMaster) requireBus(*t, s.bus, "sends to");
    t->requireNoOverlap(tempoMap_);
  }
  // Buses feeding buses: follow every edge and refuse a path that comes back.
  std::function<void(const Track&, std::vector<std::string>&)> visit =
      [&](const Track& t, std::vector<std::string>& path) {
        if (std::find(path.begin(), path.end(), t.name()) != path.end()) {
          std::string loop;
          for (const std::string& p : path) loop += "'" + p + "' -> ";
          throw InvalidArgumentError("the routing loops: " + loop + "'" + t.name() + "'");
        }
        path.push_back(t.name());
        std::vector<std::string> next;
        if (!t.output().empty() && t.output() != kMaster) next.push_back(t.output());
        for (const Send& s : t.sends())
          if (s.bus != kMaster) next.push_back(s.bus);
        for (const std::string& n : next) visit(*byName.at(n), path);
        path.pop_back();
      };
  for (const auto& t : tracks_) {
    std::vector<std::string> path;
    visit(*t, path);
  }
}

}  // namespace tonewood::timeline

namespace tonewood::timeline {

EditHistory::EditHistory(const Session& initial, std::size_t limit)
    : limit_(std::max<std::size_t>(1, limit)) {
  states_.push_back({initial, ""});
}

void EditHistory::record(const Session& now, std::string label) {
  states_.push_back({now, std::move(label)});
  undone_.clear();
  if (states_.size() > limit_ + 1) states_.erase(states_.begin());
}

std::vector<std::string> EditHistory::labels(const std::vector<State>& states, std::size_t from) {
  std::vector<std::string> out;
  for (std::size_t k = states.size(); k-- > from;) out.push_back(states[k].label);
  return out;
}

std::vector<std::string> EditHistory::undoLabels() const {
  return labels(states_, 1);  // the first state is where the history starts, not an edit
}

std::vector<std::string> EditHistory::redoLabels() const {
  return labels(undone_, 0);
}

std::string EditHistory::undo(Session& session) {
  if (!canUndo()) throw InvalidArgumentError("there is nothing to undo");
  undone_.push_back(std::move(states_.back()));
  states_.pop_back();
  session = states_.back().session;
  return undone_.back().label;
}

std::string EditHistory::redo(Session& session) {
  if (!canRedo()) throw InvalidArgumentError("there is nothing to redo");
  states_.push_back(std::move(undone_.back()));
  undone_.pop_back();
  session = states_.back().session;
  return states_.back().label;
}

}  // namespace tonewood::timeline
