#include "tonewood/timeline/project_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "project_processors.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/core/file_replacement.hpp"
#include "tonewood/io/audio_file_writer.hpp"

namespace tonewood::timeline {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using Ordered = nlohmann::ordered_json;
constexpr const char* kFormat = "tonewood.project";

// MIDI clips are kept as Standard MIDI File bytes, base64, so nothing in them is lost.
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string toBase64(const std::vector<std::uint8_t>& bytes) {
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);  // bytes in this group
    std::uint32_t v = static_cast<std::uint32_t>(bytes[i]) << 16;
    if (n > 1) v |= static_cast<std::uint32_t>(bytes[i + 1]) << 8;
    if (n > 2) v |= bytes[i + 2];
    for (std::size_t k = 0; k < 4; ++k) out += k <= n ? kBase64[(v >> (18 - 6 * k)) & 63] : '=';
  }
  return out;
}

std::vector<std::uint8_t> fromBase64(const std::string& text, const std::string& where) {
  std::vector<std::uint8_t> out;
  std::uint32_t v = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    const char* at = std::strchr(kBase64, c);
    if (c == '\0' || !at) throw InvalidArgumentError(where + ": is not base64 text");
    v = (v << 6) | static_cast<std::uint32_t>(at - kBase64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((v >> bits) & 0xFF));
    }
  }
  return out;
}

Ordered positionJson(const Position& p) {
  Ordered j;
  j[p.unit == Position::Unit::Beats ? "beats" : "seconds"] = p.value;
  return j;
}

Ordered pointsJson(const AutomationLane& lane) {
  Ordered points = Ordered::array();
  for (const AutomationPoint& p : lane.points())
    points.push_back({{"time", positionJson(p.time)},
                      {"value", p.value},
                      {"curve", automationCurveName(p.curve)},
                      {"tension", p.tension}});
  return points;
}

Ordered optionalSeconds(double v) {
  return v < 0.0 ? Ordered(nullptr) : Ordered(v);
}

// --- saving ------------------------------------------------------------------------------------

class Saver {
 public:
  Saver(const std::string& path, const ProjectSaveOptions& options)
      : folder_(fs::absolute(path).parent_path()), options_(options) {
    std::string stem = fs::path(path).filename().string();
    if (stem.size() > 5 && stem.ends_with(".json")) stem.resize(stem.size() - 5);
    media_ = folder_ / (stem + ".media");
  }

  std::string relative(const std::string& path) const {
    return fs::proximate(fs::absolute(path), folder_).generic_string();
  }

  // A file the project refers to: where it is, or its copy among the media when collecting.
  std::string mediaFile(const std::string& path) {
    if (!options_.collectMedia) return relative(path);
    const fs::path copy = media_ / fs::path(path).filename();
    if (fs::absolute(path) != fs::absolute(copy)) {
      fs::create_directories(media_);
      fs::copy_file(path, copy, fs::copy_options::overwrite_existing);
    }
    return relative(copy.string());
  }

  // Audio held as an array: written once per source, as 32-bit float WAV (lossless).
  std::string arrayFile(const AudioSource& source, const std::string& fallbackName) {
    auto it = written_.find(&source);
    if (it != written_.end()) return it->second;
    std::string base = source.name().empty() ? fallbackName : source.name();
    for (char& c : base)
      if (c == '/' || c == '\\' || c == '\0') c = '_';
    fs::path file = media_ / (base + ".wav");
    for (int n = 2; taken_.count(file.string()); ++n)
      file = media_ / (base + " " + std::to_string(n) + ".wav");
    taken_.insert(file.string());
    fs::create_directories(media_);
    AudioBuffer& audio = const_cast<AudioBuffer&>(source.audio());  // only read
    io::writeAudioFile(file.string(), audio.view(), source.sampleRate(), "FLOAT");
    return written_[&source] = relative(file.string());
  }

  Ordered fader(const Track& t) {
    Ordered j;
    j["volume_db"] = t.volumeDb();
    j["pan"] = t.pan();
    j["mute"] = t.mute();
    j["solo"] = t.solo();
    j["invert"] = t.invert();
    Ordered automation;
    for (const AutomationLane* lane : {&t.volumeLane(), &t.panLane()})
      automation[lane->parameter()] = pointsJson(*lane);
    Ordered parameters = Ordered::array();
    for (const ParameterLane& l : t.parameterLanes())
      parameters.push_back({{"insert", l.insert < 0 ? Ordered(nullptr) : Ordered(l.insert)},
                            {"parameter", l.parameter},
                            {"points", pointsJson(l.lane)}});
    automation["parameters"] = parameters;
    j["automation"] = automation;
    Ordered inserts = Ordered::array();
    for (std::size_t k = 0; k < t.inserts().size(); ++k) {
      const Insert& i = t.inserts()[k];
      inserts.push_back(
          {{"bypass", i.bypass},
           {"mix", i.mix},
           {"processor", processorToJson(*i.processor,
                                         "track '" + t.name() + "' insert " + std::to_string(k + 1),
                                         [this](const std::string& p) { return mediaFile(p); })}});
    }
    j["inserts"] = inserts;
    return j;
  }

  Ordered track(const Track& t) {
    Ordered j;
    j["name"] = t.name();
    j["kind"] = trackKindName(t.kind());
    j.update(fader(t));
    j["output"] = t.output();
    Ordered sends = Ordered::array();
    for (const Send& s : t.sends())
      sends.push_back({{"bus", s.bus}, {"level_db", s.levelDb}, {"pre_fader", s.preFader}});
    j["sends"] = sends;
    if (t.kind() == TrackKind::Instrument)
      j["instrument"] =
          t.instrument() ? processorToJson(*t.instrument(), "track '" + t.name() + "' instrument",
                                           [this](const std::string& p) { return mediaFile(p); })
                         : Ordered(nullptr);
    Ordered clips = Ordered::array();
    for (const AudioClip& c : t.audioClips()) {
      Ordered clip;
      clip["name"] = c.name;
      clip["source"] = c.source->path().empty()
                           ? arrayFile(*c.source, t.name() + " clip " + std::to_string(c.id))
                           : mediaFile(c.source->path());
      clip["start"] = positionJson(c.start);
      clip["offset_seconds"] = c.offsetSeconds;
      clip["length_seconds"] = optionalSeconds(c.lengthSeconds);
      clip["loop_seconds"] = optionalSeconds(c.loopSeconds);
      clip["loop"] = c.loop;
      clip["reverse"] = c.reverse;
      clip["gain_db"] = c.gainDb;
      clip["source_bpm"] = c.sourceBpm;
      clip["fade_in"] = {{"seconds", c.fadeIn.seconds},
                         {"shape", dsp::fadeShapeName(c.fadeIn.shape)}};
      clip["fade_out"] = {{"seconds", c.fadeOut.seconds},
                          {"shape", dsp::fadeShapeName(c.fadeOut.shape)}};
      clips.push_back(clip);
    }
    if (t.kind() == TrackKind::Audio) j["audio_clips"] = clips;
    Ordered midi = Ordered::array();
    for (const MidiClip& c : t.midiClips())
      midi.push_back({{"name", c.name},
                      {"start", positionJson(c.start)},
                      {"smf_base64", toBase64(c.file.serialize())}});
    if (t.kind() == TrackKind::Instrument) j["midi_clips"] = midi;
    return j;
  }

 private:
  fs::path folder_, media_;
  ProjectSaveOptions options_;
  std::map<const AudioSource*, std::string> written_;
  std::set<std::string> taken_;
};

Ordered rangeJson(const std::optional<Range>& r) {
  if (!r) return nullptr;
  return {{"start", positionJson(r->start)}, {"end", positionJson(r->end)}};
}

// --- loading -----------------------------------------------------------------------------------

// A value in the file with its key path, for messages that say where the problem is.
class Node {
 public:
  Node(const Json& j, std::string path, const std::string& file, std::vector<std::string>& warnings)
      : j_(j), path_(std::move(path)), file_(file), warnings_(warnings) {}

  [[noreturn]] void fail(const std::string& problem) const {
    throw InvalidArgumentError(file_ + ": " + (path_.empty() ? "the project" : path_) + ": " +
                               problem);
  }
  const std::string& path() const noexcept { return path_; }
  const Json& json() const noexcept { return j_; }
  bool isNull() const noexcept { return j_.is_null(); }

  Node at(const std::string& key) const {
    if (!j_.is_object()) fail("must be an object");
    if (!j_.contains(key)) fail("needs \"" + key + "\"");
    return child(key);
  }
  bool has(const std::string& key) const { return j_.is_object() && j_.contains(key); }
  Node child(const std::string& key) const {
    return Node(j_.at(key), path_.empty() ? key : path_ + "." + key, file_, warnings_);
  }
  std::vector<Node> items() const {
    if (!j_.is_array()) fail("must be a list");
    std::vector<Node> out;
    for (std::size_t i = 0; i < j_.size(); ++i)
      out.emplace_back(j_[i], path_ + "[" + std::to_string(i) + "]", file_, warnings_);
    return out;
  }
  /// Reports keys outside `known` (kept as warnings: a newer tonewood may have written them).
  void only(std::initializer_list<const char*> known) const {
    if (!j_.is_object()) fail("must be an object");
    for (const auto& [key, value] : j_.items()) {
      bool found = false;
      for (const char* k : known) found = found || key == k;
      if (!found)
        warnings_.push_back(file_ + ": " + (path_.empty() ? "" : path_ + ".") + key +
                            " is not a key tonewood knows; it was ignored");
    }
  }
  double number() const {
    if (!j_.is_number()) fail("must be a number, got " + j_.dump());
    return j_.get<double>();
  }
  bool boolean() const {
    if (!j_.is_boolean()) fail("must be true or false, got " + j_.dump());
    return j_.get<bool>();
  }
  std::string text() const {
    if (!j_.is_string()) fail("must be text, got " + j_.dump());
    return j_.get<std::string>();
  }
  Position position() const {
    only({"beats", "seconds"});
    if (has("beats")) return Position::beats(child("beats").number());
    if (has("seconds")) return Position::seconds(child("seconds").number());
    fail("needs \"beats\" or \"seconds\"");
  }
  /// Runs an edit of the model; its error gains the key path.
  template <typename F>
  void apply(F&& edit) const {
    try {
      edit();
    } catch (const MediaMissingError&) {
      throw;
    } catch (const Error& e) {
      fail(e.what());
    }
  }

 private:
  const Json& j_;
  std::string path_;
  const std::string& file_;
  std::vector<std::string>& warnings_;
};

class Loader {
 public:
  Loader(const std::string& path, const ProjectLoadOptions& options)
      : file_(path), folder_(fs::absolute(path).parent_path()), options_(options) {}

  std::string resolve(const std::string& stored) const {
    auto it = options_.relink.find(stored);
    const std::string path = it != options_.relink.end() ? it->second : stored;
    return fs::path(path).is_absolute() ? path : (folder_ / path).lexically_normal().string();
  }

  // Every file the project refers to, checked before anything is built.
  void requireMedia(const Json& root) const {
    std::vector<std::string> missing;
    auto check = [&](const Json& stored) {
      if (!stored.is_string()) return;
      const std::string s = stored.get<std::string>();
      if (!fs::exists(resolve(s)) && std::find(missing.begin(), missing.end(), s) == missing.end())
        missing.push_back(s);
    };
    if (!root.contains("tracks") || !root["tracks"].is_array()) return;
    for (const Json& t : root["tracks"]) {
      if (!t.is_object()) continue;
      for (const Json& c : t.value("audio_clips", Json::array()))
        if (c.is_object() && c.contains("source")) check(c["source"]);
      if (t.contains("instrument") && t["instrument"].is_object())
        for (const Json& f : t["instrument"].value("fonts", Json::array())) check(f);
    }
    if (!missing.empty()) throw MediaMissingError(file_, missing);
  }

  void fader(const Node& n, Track& t) {
    n.child("volume_db").apply([&] { t.setVolumeDb(n.child("volume_db").number()); });
    n.child("pan").apply([&] { t.setPan(n.child("pan").number()); });
    t.setMute(n.child("mute").boolean());
    t.setSolo(n.child("solo").boolean());
    t.setInvert(n.child("invert").boolean());
    const Node automation = n.at("automation");
    automation.only({"volume", "pan", "parameters"});
    for (AutomationLane* lane : {&t.volumeLane(), &t.panLane()})
      if (automation.has(lane->parameter())) points(automation.child(lane->parameter()), *lane);
    for (const Node& i : n.at("inserts").items()) {
      i.only({"bypass", "mix", "processor"});
      auto effect = processorFromJson(i.at("processor").json(), file_ + ": " + i.path(),
                                      [this](const std::string& s) { return resolve(s); });
      i.apply([&] {
        t.addInsert(effect);
        t.setBypass(static_cast<int>(t.inserts().size()) - 1, i.at("bypass").boolean());
        if (i.has("mix"))
          t.setMix(static_cast<int>(t.inserts().size()) - 1, i.child("mix").number());
      });
    }
  }

  void points(const Node& list, AutomationLane& lane) {
    for (const Node& p : list.items()) {
      p.only({"time", "value", "curve", "tension"});
      p.apply([&] {
        lane.addPoint({p.at("time").position(), p.at("value").number(),
                       automationCurveFromName(p.at("curve").text()),
                       p.has("tension") ? p.child("tension").number() : 0.0});
      });
    }
  }

  // Lanes on the inserts' and instrument's parameters: read once both are in place.
  void parameterLanes(const Node& n, Track& t) {
    const Node automation = n.at("automation");
    if (!automation.has("parameters")) return;
    for (const Node& l : automation.child("parameters").items()) {
      l.only({"insert", "parameter", "points"});
      AutomationLane* lane = nullptr;
      l.apply([&] {
        const int insert = l.at("insert").isNull() ? -1 : static_cast<int>(l.at("insert").number());
        lane = &t.parameterLane(insert, l.at("parameter").text());
      });
      points(l.at("points"), *lane);
    }
  }

  void track(const Node& n, Session& session) {
    n.only({"name", "kind", "volume_db", "pan", "mute", "solo", "invert", "automation", "inserts",
            "output", "sends", "instrument", "audio_clips", "midi_clips"});
    TrackKind kind{};
    n.at("kind").apply([&] { kind = trackKindFromName(n.at("kind").text()); });
    Track* t = nullptr;
    n.at("name").apply([&] { t = &session.addTrack(n.at("name").text(), kind); });
    fader(n, *t);
    t->setOutput(n.at("output").text());
    for (const Node& s : n.at("sends").items()) {
      s.only({"bus", "level_db", "pre_fader"});
      s.apply([&] {
        t->setSend(s.at("bus").text(), s.at("level_db").number(), s.at("pre_fader").boolean());
      });
    }
    if (n.has("instrument") && !n.child("instrument").isNull()) {
      const Node i = n.child("instrument");
      auto instrument = processorFromJson(i.json(), file_ + ": " + i.path(),
                                          [this](const std::string& s) { return resolve(s); });
      i.apply([&] { t->setInstrument(instrument); });
    }
    parameterLanes(n, *t);
    if (n.has("audio_clips"))
      for (const Node& c : n.child("audio_clips").items())
        session.addAudioClip(t->name(), audioClip(c));
    if (n.has("midi_clips"))
      for (const Node& c : n.child("midi_clips").items()) {
        c.only({"name", "start", "smf_base64"});
        MidiClip clip;
        clip.name = c.at("name").text();
        clip.start = c.at("start").position();
        const std::vector<std::uint8_t> bytes =
            fromBase64(c.at("smf_base64").text(), file_ + ": " + c.path());
        c.apply([&] {
          clip.file = midi::MidiFile::parse(bytes.data(), bytes.size(), file_ + ": " + c.path());
          t->addMidiClip(std::move(clip));
        });
      }
  }

  AudioClip audioClip(const Node& c) {
    c.only({"name", "source", "start", "offset_seconds", "length_seconds", "loop_seconds", "loop",
            "reverse", "gain_db", "fade_in", "fade_out", "source_bpm"});
    AudioClip clip;
    clip.name = c.at("name").text();
    const std::string stored = c.at("source").text();
    auto& source = sources_[stored];
    if (!source) c.at("source").apply([&] { source = AudioSource::fromFile(resolve(stored)); });
    clip.source = source;
    clip.start = c.at("start").position();
    clip.offsetSeconds = c.at("offset_seconds").number();
    clip.lengthSeconds = c.at("length_seconds").isNull() ? -1.0 : c.at("length_seconds").number();
    clip.loopSeconds = c.at("loop_seconds").isNull() ? -1.0 : c.at("loop_seconds").number();
    clip.loop = c.at("loop").boolean();
    clip.reverse = c.at("reverse").boolean();
    clip.gainDb = c.at("gain_db").number();
    clip.sourceBpm = c.has("source_bpm") ? c.child("source_bpm").number() : 0.0;
    for (auto [key, fade] :
         {std::pair{"fade_in", &clip.fadeIn}, std::pair{"fade_out", &clip.fadeOut}}) {
      const Node f = c.at(key);
      f.only({"seconds", "shape"});
      fade->seconds = f.at("seconds").number();
      f.at("shape").apply([&] { fade->shape = dsp::fadeShapeFromName(f.at("shape").text()); });
    }
    c.apply([&] { clip.validate(); });
    return clip;
  }

  std::optional<Range> range(const Node& n) {
    if (n.isNull()) return std::nullopt;
    n.only({"start", "end"});
    return Range{n.at("start").position(), n.at("end").position()};
  }

  LoadedProject load() {
    std::ifstream in(file_, std::ios::binary);
    if (fs::is_directory(file_))
      throw InvalidArgumentError("'" + file_ + "' is a directory, not a project file");
    if (!in)
      throw InvalidArgumentError("cannot open the project '" + file_ +
                                 "': " + std::strerror(errno));
    std::stringstream text;
    text << in.rdbuf();
    Json root;
    try {
      root = Json::parse(text.str());
    } catch (const Json::exception& e) {
      throw InvalidArgumentError(file_ + ": is not JSON: " + e.what());
    }
    LoadedProject out{Session(48000.0), {}};
    const Node n(root, "", file_, out.warnings);
    n.only({"format", "version", "sample_rate", "tempo_map", "tracks", "master", "markers", "loop",
            "selection"});
    if (n.at("format").text() != kFormat) n.child("format").fail("is not \"tonewood.project\"");
    const double version = n.at("version").number();
    if (version > kProjectFormatVersion)
      n.child("version").fail(
          "is " + formatNumber(version) + "; this tonewood reads versions up to " +
          std::to_string(kProjectFormatVersion) + " (update tonewood to open it)");
    if (version < 1) n.child("version").fail("must be 1 or more");
    requireMedia(root);
    n.at("sample_rate").apply([&] { out.session = Session(n.at("sample_rate").number()); });
    Session& s = out.session;
    const Node map = n.at("tempo_map");
    map.only({"tempos", "meters"});
    for (const Node& p : map.at("tempos").items()) {
      p.only({"beat", "bpm", "curve"});
      const std::string curve = p.at("curve").text();
      if (curve != "step" && curve != "linear")
        p.child("curve").fail("must be \"step\" or \"linear\"");
      p.apply([&] {
        s.tempoMap().setTempo(p.at("beat").number(), p.at("bpm").number(),
                              curve == "linear" ? TempoCurve::Linear : TempoCurve::Step);
      });
    }
    for (const Node& m : map.at("meters").items()) {
      m.only({"bar", "numerator", "denominator"});
      m.apply([&] {
        s.tempoMap().setMeter(static_cast<std::int64_t>(m.at("bar").number()),
                              static_cast<int>(m.at("numerator").number()),
                              static_cast<int>(m.at("denominator").number()));
      });
    }
    for (const Node& t : n.at("tracks").items()) track(t, s);
    const Node master = n.at("master");
    master.only({"volume_db", "pan", "mute", "solo", "invert", "automation", "inserts"});
    fader(master, s.master());
    parameterLanes(master, s.master());
    for (const Node& m : n.at("markers").items()) {
      m.only({"name", "at"});
      m.apply([&] { s.addMarker(m.at("name").text(), m.at("at").position()); });
    }
    n.at("loop").apply([&] { s.setLoop(range(n.at("loop"))); });
    n.at("selection").apply([&] { s.setSelection(range(n.at("selection"))); });
    n.apply([&] { s.validate(); });
    return out;
  }

 private:
  std::string file_;
  fs::path folder_;
  ProjectLoadOptions options_;
  std::map<std::string, std::shared_ptr<const AudioSource>> sources_;
};

}  // namespace

void saveProject(const Session& session, const std::string& path,
                 const ProjectSaveOptions& options) {
  session.validate();
  Saver saver(path, options);
  Ordered root;
  root["format"] = kFormat;
  root["version"] = kProjectFormatVersion;
  root["sample_rate"] = session.sampleRate();
  Ordered tempos = Ordered::array(), meters = Ordered::array();
  for (const TempoPoint& p : session.tempoMap().tempos())
    tempos.push_back({{"beat", p.beat},
                      {"bpm", p.bpm},
                      {"curve", p.curve == TempoCurve::Linear ? "linear" : "step"}});
  for (const MeterPoint& m : session.tempoMap().meters())
    meters.push_back({{"bar", m.bar},
                      {"numerator", m.signature.numerator},
                      {"denominator", m.signature.denominator}});
  root["tempo_map"] = {{"tempos", tempos}, {"meters", meters}};
  Ordered tracks = Ordered::array();
  for (std::size_t k = 0; k < session.trackCount(); ++k)
    tracks.push_back(saver.track(session.track(k)));
  root["tracks"] = tracks;
  root["master"] = saver.fader(session.master());
  Ordered markers = Ordered::array();
  for (const Marker& m : session.markers())
    markers.push_back({{"name", m.name}, {"at", positionJson(m.at)}});
  root["markers"] = markers;
  root["loop"] = rangeJson(session.loop());
  root["selection"] = rangeJson(session.selection());
  const std::string text = root.dump(2) + "\n";
  FileReplacement out(path);
  {
    std::ofstream file(out.temporaryPath(), std::ios::binary | std::ios::trunc);
    file << text;
    file.flush();
    if (!file) throw Error(out.failure(errno));
  }
  out.commit();
}

LoadedProject loadProject(const std::string& path, const ProjectLoadOptions& options) {
  return Loader(path, options).load();
}

}  // namespace tonewood::timeline
