#include "tonewood/timeline/track.hpp"

#include <algorithm>
#include <cmath>

#include "project_processors.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/timeline/track_strip.hpp"

namespace tonewood::timeline {

namespace {

constexpr double kMinSendDb = -120.0, kMaxSendDb = 24.0;

double startSeconds(const AudioClip& c, const TempoMap& map) {
  return c.start.secondsOn(map);
}

std::string clipName(const AudioClip& c) {
  return "'" + (c.name.empty() && c.source ? c.source->name() : c.name) + "'";
}

}  // namespace

TrackKind trackKindFromName(const std::string& name) {
  if (name == "audio") return TrackKind::Audio;
  if (name == "instrument") return TrackKind::Instrument;
  if (name == "bus") return TrackKind::Bus;
  throw InvalidArgumentError("unknown track kind '" + name + "'; use audio, instrument or bus");
}

const char* trackKindName(TrackKind kind) noexcept {
  switch (kind) {
    case TrackKind::Instrument:
      return "instrument";
    case TrackKind::Bus:
      return "bus";
    case TrackKind::Audio:
      break;
  }
  return "audio";
}

Track::Track(std::string name, TrackKind kind)
    : name_(std::move(name)),
      kind_(kind),
      volumeLane_("volume", TrackStrip::kMinVolumeDb, TrackStrip::kMaxVolumeDb, "dB"),
      panLane_("pan", -1.0, 1.0, "") {
  if (name_.empty()) throw InvalidArgumentError("a track needs a name");
}

std::string Track::what() const {
  return "track '" + name_ + "'";
}

void Track::setVolumeDb(double db) {
  requireInRange(what() + " volume", db, TrackStrip::kMinVolumeDb, TrackStrip::kMaxVolumeDb, "dB");
  volumeDb_ = db;
}

void Track::setPan(double position) {
  requireInRange(what() + " pan", position, -1.0, 1.0, "(-1 left .. +1 right)");
  pan_ = position;
}

void Track::setInstrument(std::shared_ptr<graph::Processor> instrument) {
  if (kind_ != TrackKind::Instrument)
    throw InvalidArgumentError(what() + " is a " + trackKindName(kind_) +
                               " track; only instrument tracks hold an instrument");
  if (instrument) {
    if (!instrument->acceptsEvents())
      throw InvalidArgumentError(what() + ": a " + instrument->typeName() +
                                 " takes no MIDI, so it cannot be the track's instrument");
    requireInRange(what() + " instrument outputs", instrument->numOutputChannels(), 1, 2,
                   "channels");
  }
  if (instrument != instrument_)  // another instrument: its parameters are others
    std::erase_if(parameterLanes_, [](const ParameterLane& l) { return l.insert < 0; });
  instrument_ = std::move(instrument);
}

const graph::Processor& Track::automated(int insert) const {
  if (insert < 0) {
    if (!instrument_) throw InvalidArgumentError(what() + " has no instrument to automate");
    return *instrument_;
  }
  requireIndex("insert", static_cast<std::size_t>(insert), inserts_.size());
  return *inserts_[static_cast<std::size_t>(insert)].processor;
}

double Track::parameterValue(int insert, const std::string& parameter) const {
  const graph::Processor& target = automated(insert);
  return target.parameter(target.parameterIndex(parameter));
}

AutomationLane& Track::parameterLane(int insert, const std::string& parameter) {
  const graph::Processor* target = &automated(insert);
  const ParamInfo& info = target->parameterInfo(target->parameterIndex(parameter));
  for (ParameterLane& l : parameterLanes_)
    if (l.insert == insert && l.parameter == parameter) return l.lane;
  parameterLanes_.push_back(
      {insert, parameter, AutomationLane(parameter, info.min, info.max, info.unit)});
  return parameterLanes_.back().lane;
}

void Track::requireIndex(const char* kind, std::size_t index, std::size_t size) const {
  if (index >= size)
    throw OutOfRangeError(what() + " has " + std::to_string(size) + " " + kind +
                          (size == 1 ? "" : "s") + ", so there is no " + kind + " " +
                          std::to_string(index));
}

void Track::addInsert(std::shared_ptr<graph::Processor> effect, int index) {
  if (!effect) throw InvalidArgumentError(what() + ": an insert needs an effect");
  const bool mono = effect->numInputChannels() == 1 && effect->numOutputChannels() == 1;
  if (!mono && (effect->numInputChannels() != 2 || effect->numOutputChannels() != 2))
    throw InvalidArgumentError(what() +
                               ": an insert takes 2 channels in and gives 2 out (or 1 "
                               "and 1: a mono effect runs twice, once per side); a " +
                               effect->typeName() + " has " +
                               std::to_string(effect->numInputChannels()) + " in and " +
                               std::to_string(effect->numOutputChannels()) + " out");
  for (const Insert& i : inserts_)
    if (i.processor == effect)
      throw InvalidArgumentError(what() + " already holds this " + effect->typeName());
  const int n = static_cast<int>(inserts_.size());
  if (index < 0) index = n;
  requireInRange(what() + " insert position", index, 0, n, "");
  std::shared_ptr<graph::Processor> twin;
  if (mono) {  // a second instance for the right channel, built as a project file would build it
    const std::string where = what() + " insert";
    const PathWriter keep = [](const std::string& path) { return path; };
    const PathReader open = [](const std::string& path) { return path; };
    twin = processorFromJson(processorToJson(*effect, where, keep), where, open);
  }
  inserts_.insert(inserts_.begin() + index, Insert{std::move(effect), false, 1.0, std::move(twin)});
  for (ParameterLane& l : parameterLanes_)
    if (l.insert >= index) ++l.insert;
}

void Track::removeInsert(int index) {
  requireIndex("insert", static_cast<std::size_t>(index), inserts_.size());
  inserts_.erase(inserts_.begin() + index);
  std::erase_if(parameterLanes_, [&](const ParameterLane& l) { return l.insert == index; });
  for (ParameterLane& l : parameterLanes_)
    if (l.insert > index) --l.insert;
}

void Track::setBypass(int index, bool bypass) {
  requireIndex("insert", static_cast<std::size_t>(index), inserts_.size());
  inserts_[static_cast<std::size_t>(index)].bypass = bypass;
}

void Track::setMix(int index, double mix) {
  requireIndex("insert", static_cast<std::size_t>(index), inserts_.size());
  requireInRange(what() + " insert " + std::to_string(index) + " mix", mix, 0.0, 1.0,
                 "(0 dry .. 1 wet)");
  inserts_[static_cast<std::size_t>(index)].mix = mix;
}

void Track::setSend(const std::string& bus, double levelDb, bool preFader) {
  if (bus.empty()) throw InvalidArgumentError(what() + ": a send needs a bus");
  if (bus == name_) throw InvalidArgumentError(what() + " cannot send to itself");
  requireInRange(what() + " send level to '" + bus + "'", levelDb, kMinSendDb, kMaxSendDb, "dB");
  for (Send& s : sends_)
    if (s.bus == bus) {
      s = {bus, levelDb, preFader};
      return;
    }
  sends_.push_back({bus, levelDb, preFader});
}

void Track::removeSend(const std::string& bus) {
  auto it = std::find_if(sends_.begin(), sends_.end(), [&](const Send& s) { return s.bus == bus; });
  if (it == sends_.end()) throw InvalidArgumentError(what() + " has no send to '" + bus + "'");
  sends_.erase(it);
}

std::uint64_t Track::addAudioClip(AudioClip clip, const TempoMap& map) {
  clip.id = nextClipId_;
  insertAudioClip(std::move(clip), map);
  return nextClipId_++;
}

void Track::insertAudioClip(AudioClip clip, const TempoMap& map) {
  if (kind_ != TrackKind::Audio)
    throw InvalidArgumentError(what() + " is a " + trackKindName(kind_) +
                               " track; audio clips go on audio tracks");
  clip.validate();
  const double start = startSeconds(clip, map), end = start + clip.timelineSeconds(map);
  for (const AudioClip& other : audioClips_) {
    const double a = startSeconds(other, map), b = a + other.timelineSeconds(map);
    if (start < b && a < end)
      throw InvalidArgumentError(what() + ": clip " + clipName(clip) + " (" + formatNumber(start) +
                                 " to " + formatNumber(end) + " s) overlaps clip " +
                                 clipName(other) + " (" + formatNumber(a) + " to " +
                                 formatNumber(b) + " s)");
  }
  auto at =
      std::upper_bound(audioClips_.begin(), audioClips_.end(), start,
                       [&](double s, const AudioClip& c) { return s < startSeconds(c, map); });
  audioClips_.insert(at, std::move(clip));
}

std::uint64_t Track::addMidiClip(MidiClip clip) {
  if (kind_ != TrackKind::Instrument)
    throw InvalidArgumentError(what() + " is a " + trackKindName(kind_) +
                               " track; MIDI clips go on instrument tracks");
  clip.validate();
  clip.id = nextClipId_++;
  midiClips_.push_back(std::move(clip));
  return midiClips_.back().id;
}

void Track::replaceMidiClip(std::uint64_t id, MidiClip clip) {
  const std::size_t index = midiClipIndex(id);
  clip.validate();
  clip.id = id;
  midiClips_[index] = std::move(clip);
}

std::size_t Track::audioClipIndex(std::uint64_t id) const {
  for (std::size_t k = 0; k < audioClips_.size(); ++k)
    if (audioClips_[k].id == id) return k;
  throw InvalidArgumentError(what() + " holds no audio clip " + std::to_string(id) +
                             " (it was removed)");
}

std::size_t Track::midiClipIndex(std::uint64_t id) const {
  for (std::size_t k = 0; k < midiClips_.size(); ++k)
    if (midiClips_[k].id == id) return k;
  throw InvalidArgumentError(what() + " holds no MIDI clip " + std::to_string(id) +
                             " (it was removed)");
}

void Track::removeAudioClip(std::size_t index) {
  requireIndex("audio clip", index, audioClips_.size());
  audioClips_.erase(audioClips_.begin() + static_cast<std::ptrdiff_t>(index));
}

void Track::removeMidiClip(std::size_t index) {
  requireIndex("MIDI clip", index, midiClips_.size());
  midiClips_.erase(midiClips_.begin() + static_cast<std::ptrdiff_t>(index));
}

void Track::replaceAudioClip(std::size_t index, AudioClip clip, const TempoMap& map) {
  requireIndex("audio clip", index, audioClips_.size());
  std::vector<AudioClip> kept = audioClips_;
  clip.id = audioClips_[index].id;
  removeAudioClip(index);
  try {
    insertAudioClip(std::move(clip), map);
  } catch (...) {
    audioClips_ = std::move(kept);
    throw;
  }
}

void Track::requireNoOverlap(const TempoMap& map) const {
  std::vector<AudioClip> sorted = audioClips_;
  std::sort(sorted.begin(), sorted.end(), [&](const AudioClip& a, const AudioClip& b) {
    return startSeconds(a, map) < startSeconds(b, map);
  });
  for (std::size_t k = 1; k < sorted.size(); ++k) {
    const double end = startSeconds(sorted[k - 1], map) + sorted[k - 1].timelineSeconds(map);
    if (startSeconds(sorted[k], map) < end)
      throw InvalidArgumentError(what() + ": clip " + clipName(sorted[k]) + " overlaps clip " +
                                 clipName(sorted[k - 1]) + " on this tempo map");
  }
}

double Track::endSeconds(const TempoMap& map) const noexcept {
  double end = 0.0;
  for (const AudioClip& c : audioClips_)
    end = std::max(end, startSeconds(c, map) + c.timelineSeconds(map));
  for (const MidiClip& c : midiClips_)
    end = std::max(end, map.secondsAt(c.start.beatsOn(map) + c.lengthBeats()));
  return end;
}

}  // namespace tonewood::timeline
