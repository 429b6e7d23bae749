#include "tonewood/timeline/take_recording.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include "tonewood/core/errors.hpp"
#include "tonewood/graph/nodes/recorder.hpp"
#include "tonewood/timeline/midi_take_recorder.hpp"

namespace tonewood::timeline {

namespace {

namespace fs = std::filesystem;

std::string fileNameOf(const std::string& track) {
  std::string name;
  for (char c : track)
    name += std::isalnum(static_cast<unsigned char>(c)) ||
                    std::string_view("-_ .").find(c) != std::string_view::npos
                ? c
                : '_';
  const auto first = name.find_first_not_of(' '), last = name.find_last_not_of(' ');
  return first == std::string::npos ? "track" : name.substr(first, last - first + 1);
}

// The first "<track> take <n>.wav" not in the folder yet.
std::string newTakePath(const fs::path& folder, const std::string& track) {
  for (int n = 1; n < 100000; ++n) {
    const fs::path path = folder / (fileNameOf(track) + " take " + std::to_string(n) + ".wav");
    std::error_code error;
    if (!fs::exists(path, error)) return path.string();
  }
  throw InvalidArgumentError(folder.string() + " holds too many takes of track '" + track + "'");
}

void requireArmed(const Session& session, const graph::Engine& engine, const ArmedTrack& a) {
  const Track& track = session.track(a.track);  // InvalidArgumentError naming an unknown track
  const std::string what = "track '" + a.track + "'";
  if (a.midiSource != 0) {
    if (track.kind() != TrackKind::Instrument)
      throw InvalidArgumentError(what + " is an " + std::string(trackKindName(track.kind())) +
                                 " track; instrument tracks record MIDI");
    if (!engine.graph().contains(a.midiSource))
      throw InvalidArgumentError(what + " records MIDI from node " + std::to_string(a.midiSource) +
                                 ", which the engine does not have");
    return;
  }
  if (track.kind() != TrackKind::Audio)
    throw InvalidArgumentError(what + " is a " + std::string(trackKindName(track.kind())) +
                               " track; audio tracks record audio (arm an instrument track with "
                               "a MIDI source)");
  requireInRange(what + " input channels", static_cast<int>(a.inputs.size()), 1, 2, "channels");
  const int have = engine.options().inputChannels;
  for (int c : a.inputs)
    requireInRange(what + " input", c, 0, have - 1,
                   "(0-based; the engine has " + std::to_string(have) + " inputs)");
}

}  // namespace

TakeRecording::TakeRecording(Session& session, graph::Engine& engine, std::vector<ArmedTrack> armed,
                             TakeOptions options)
    : session_(session), engine_(engine), options_(std::move(options)) {
  if (armed.empty()) throw InvalidArgumentError("no track is armed: there is nothing to record");
  requireInRange("punch-in", static_cast<double>(options_.punchIn), 0.0, 9.2e18, "frames");
  if (options_.punchOut <= options_.punchIn)
    throw InvalidArgumentError("the punch-out (frame " + std::to_string(options_.punchOut) +
                               ") must come after the punch-in (frame " +
                               std::to_string(options_.punchIn) + ")");
  requireInRange("latency", static_cast<double>(options_.latencyFrames), 0.0,
                 10.0 * engine.options().sampleRate, "frames");
  for (std::size_t k = 0; k < armed.size(); ++k) {
    requireArmed(session, engine, armed[k]);
    for (std::size_t j = 0; j < k; ++j)
      if (armed[j].track == armed[k].track)
        throw InvalidArgumentError("track '" + armed[k].track + "' is armed twice");
  }
  const bool anyAudio = std::any_of(armed.begin(), armed.end(),
                                    [](const ArmedTrack& a) { return a.midiSource == 0; });
  if (anyAudio) {
    std::error_code error;
    fs::create_directories(options_.folder, error);
    if (error || !fs::is_directory(options_.folder))
      throw AudioFileError("cannot make the take folder '" + options_.folder +
                           "': " + (error ? error.message() : "it is not a directory"));
  }
  latency_ = options_.latencyFrames + engine.latencyFrames();
  try {
    for (ArmedTrack& a : armed) {
      Take take;
      take.armed = std::move(a);
      if (take.armed.midiSource != 0) {
        take.midi = std::make_shared<MidiTakeRecorder>();
        take.node = engine.add(take.midi, take.armed.track + " / MIDI take");
      } else {
        take.audio = std::make_shared<graph::Recorder>(static_cast<int>(take.armed.inputs.size()));
        take.node = engine.add(take.audio, take.armed.track + " / take");
      }
      try {
        if (take.midi) {
          engine.connectEvents(take.armed.midiSource, take.node);
          take.midi->start(options_.punchIn, options_.punchOut);
        } else {
          for (std::size_t k = 0; k < take.armed.inputs.size(); ++k)
            engine.connect(graph::Graph::kInput, take.armed.inputs[k], take.node,
                           static_cast<int>(k));
          take.path = newTakePath(options_.folder, take.armed.track);
          take.audio->startTake(take.path, "FLOAT", options_.punchIn, options_.punchOut);
        }
      } catch (...) {
        engine.remove(take.node);
        throw;
      }
      takes_.push_back(std::move(take));
    }
  } catch (...) {
    finish(false);
    throw;
  }
}

TakeRecording::~TakeRecording() {
  if (!finished_) {
    try {
      finish(false);
    } catch (...) {  // a destructor does not throw; the nodes are gone either way
    }
  }
}

void TakeRecording::removeNodes() noexcept {
  for (const Take& take : takes_)
    if (take.node != 0 && engine_.graph().contains(take.node)) {
      try {
        engine_.remove(take.node);
      } catch (...) {
      }
    }
}

std::vector<TakeResult> TakeRecording::finish(bool keep) {
  if (finished_) throw InvalidArgumentError("the recording has finished already");
  finished_ = true;
  std::vector<TakeResult> results;
  const double rate = session_.sampleRate();
  for (Take& take : takes_) {
    TakeResult r;
    r.track = take.armed.track;
    if (take.midi) {
      r.midi = true;
      take.midi->stop();
      r.lost = static_cast<std::int64_t>(take.midi->dropped());
      MidiTakeRecorder::Taken taken = take.midi->take(session_.tempoMap(), rate);
      if (keep && taken.firstFrame >= 0) {
        MidiClip clip;
        clip.name = take.armed.track + " take";
        clip.file = std::move(taken.file);
        const std::int64_t at = std::max<std::int64_t>(0, taken.firstFrame - latency_);
        clip.start = Position::beats(session_.tempoMap().beatAtFrame(at, rate));
        try {
          r.clip = session_.track(take.armed.track).addMidiClip(std::move(clip));
        } catch (const Error& e) {  // the track went, say: the take is reported, not lost quietly
          r.unplaced = e.what();
        }
      }
      results.push_back(std::move(r));
      continue;
    }
    r.frames = take.audio->stop();
    r.lost = take.audio->overruns();
    r.failure = take.audio->writeFailure();
    r.path = take.path;
    const std::int64_t begin = take.audio->takeStart();
    if (!keep || begin < 0 || r.frames == 0) {
      std::error_code ignored;
      fs::remove(take.path, ignored);
      r.path.clear();
      results.push_back(std::move(r));
      continue;
    }
    // Where it was played: earlier by the latency, trimmed at the timeline's start.
    const std::int64_t at = begin - latency_;
    try {
      AudioClip clip;
      clip.source = AudioSource::fromFile(take.path);
      clip.name = fs::path(take.path).stem().string();
      clip.start = Position::seconds(static_cast<double>(std::max<std::int64_t>(at, 0)) / rate);
      clip.offsetSeconds = static_cast<double>(std::max<std::int64_t>(-at, 0)) / rate;
      r.clip = session_.addAudioClip(take.armed.track, std::move(clip));
    } catch (const Error& e) {  // it overlaps a clip, say: the file stays for the user to place
      r.unplaced = e.what();
    }
    results.push_back(std::move(r));
  }
  removeNodes();
  return results;
}

}  // namespace tonewood::timeline
