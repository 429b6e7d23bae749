#include "tonewood/timeline/session_graph.hpp"

#include <algorithm>
#include <map>

#include "tonewood/core/errors.hpp"
#include "tonewood/graph/nodes/dual_mono.hpp"
#include "tonewood/graph/nodes/gain.hpp"
#include "tonewood/timeline/automated_processor.hpp"
#include "tonewood/timeline/clip_player.hpp"
#include "tonewood/timeline/insert_mix.hpp"
#include "tonewood/timeline/track_strip.hpp"

namespace tonewood::timeline {

namespace {

using graph::NodeId;

// The clips on frames, in order. The session has checked they do not overlap.
std::vector<ScheduledClip> scheduleClips(const Track& track, const TempoMap& map, double rate) {
  std::vector<ScheduledClip> clips;
  for (const AudioClip& c : track.audioClips()) clips.push_back(ScheduledClip::of(c, map, rate));
  std::sort(clips.begin(), clips.end(),
            [](const ScheduledClip& a, const ScheduledClip& b) { return a.start < b.start; });
  return clips;
}

// The track's lanes on a processor (insert `insert`, -1 the instrument), on frames.
std::vector<AutomatedProcessor::Lane> lanesFor(const Session& session, const Track& track,
                                               int insert, const graph::Processor& processor) {
  std::vector<AutomatedProcessor::Lane> lanes;
  for (const ParameterLane& l : track.parameterLanes())
    if (l.insert == insert && !l.lane.empty())
      lanes.push_back({processor.parameterIndex(l.parameter),
                       ScheduledLane(l.lane, session.tempoMap(), session.sampleRate())});
  return lanes;
}

// Gives the fader its volume and pan lanes, on frames.
void giveFaderLanes(const Session& session, const Track& track, TrackStrip& fader) {
  fader.setAutomation(ScheduledLane(track.volumeLane(), session.tempoMap(), session.sampleRate()),
                      ScheduledLane(track.panLane(), session.tempoMap(), session.sampleRate()));
}

class Builder {
 public:
  /// An instrument already in the engine (of a graph being replaced): its node and holder.
  struct Kept {
    NodeId node;
    std::shared_ptr<AutomatedProcessor> holder;
  };
  /// A clip player already in the engine, by its track's name.
  struct KeptPlayer {
    NodeId node;
    std::shared_ptr<ClipPlayer> player;
  };
  /// `reuse`, `players`: the instruments and clip players that stay in their nodes rather than
  /// being added again.
  Builder(const Session& s, graph::Engine& e, std::map<const graph::Processor*, Kept> reuse = {},
          std::map<std::string, KeptPlayer> players = {})
      : session_(s),
        engine_(e),
        rate_(s.sampleRate()),
        reuse_(std::move(reuse)),
        players_(std::move(players)) {}

  SessionGraph::TrackNodes add(const Track& track, bool mutedBySolo) {
    SessionGraph::TrackNodes nodes;
    const std::string& name = track.name();
    nodes.name = name;
    NodeId last = 0;
    if (track.kind() == TrackKind::Bus) {
      nodes.input = last = add(std::make_shared<graph::Gain>(2), name + " / in");
    } else if (track.kind() == TrackKind::Audio) {
      if (!track.audioClips().empty()) {
        std::vector<ScheduledClip> clips = scheduleClips(track, session_.tempoMap(), rate_);
        auto kept = players_.find(name);
        if (kept != players_.end()) {
          kept->second.player->setClips(std::move(clips));
          added_.push_back(last = kept->second.node);
        } else {
          last = add(std::make_shared<ClipPlayer>(std::move(clips)), name + " / clips");
        }
        nodes.clips = last;
      }
    } else if (track.instrument()) {
      // Always held by an AutomatedProcessor, so a rebuild keeps its node and swaps its lanes.
      auto kept = reuse_.find(track.instrument().get());
      if (kept != reuse_.end()) {
        kept->second.holder->setLanes(lanesFor(session_, track, -1, *track.instrument()));
        added_.push_back(last = kept->second.node);
      } else {
        last = add(std::make_shared<AutomatedProcessor>(
                       track.instrument(), lanesFor(session_, track, -1, *track.instrument())),
                   name + " / instrument");
      }
      instruments_.push_back(last);
      nodes.instrument = last;
      nodes.instrumentLanes =
          std::dynamic_pointer_cast<AutomatedProcessor>(engine_.graph().node(last).processor);
      for (std::size_t k = 0; k < track.midiClips().size(); ++k) {
        const MidiClip& clip = track.midiClips()[k];
        const NodeId player =
            add(std::make_shared<graph::MidiPlayer>(clip.file, clip.placement(session_.tempoMap())),
                name + " / MIDI clip " + std::to_string(k + 1));
        engine_.connectEvents(player, last);
      }
    }
    auto strip = std::make_shared<TrackStrip>(static_cast<float>(track.volumeDb()),
                                              static_cast<float>(track.pan()));
    strip->setParameter(TrackStrip::kMute, track.mute() || mutedBySolo ? 1.0f : 0.0f);
    strip->setParameter(TrackStrip::kInvert, track.invert() ? 1.0f : 0.0f);
    giveFaderLanes(session_, track, *strip);
    nodes.strip = add(strip, name);
    nodes.fader = strip;
    if (last == 0) return nodes;  // nothing plays: the fader stays silent
    int k = 0;
    nodes.insertLanes.resize(track.inserts().size());
    for (const Insert& insert : track.inserts()) {
      ++k;
      if (insert.bypass) continue;
      std::shared_ptr<graph::Processor> effect =
          insert.twin ? std::make_shared<graph::DualMono>(insert.processor, insert.twin)
                      : insert.processor;
      effect = automated(track, k - 1, effect, nodes.insertLanes[static_cast<std::size_t>(k - 1)]);
      if (insert.mix < 1.0)
        effect = std::make_shared<InsertMix>(effect, static_cast<float>(insert.mix));
      const NodeId node = add(effect, name + " / insert " + std::to_string(k));
      engine_.connect(last, node);
      last = node;
    }
    nodes.preFader = last;
    engine_.connect(last, nodes.strip);
    return nodes;
  }

  void route(const Track& track, const SessionGraph::TrackNodes& from,
             const std::map<std::string, SessionGraph::TrackNodes>& buses,
             const SessionGraph::TrackNodes& master) {
    auto inputOf = [&](const std::string& bus) {
      return bus.empty() || bus == Session::kMaster ? master.input : buses.at(bus).input;
    };
    engine_.connect(from.strip, inputOf(track.output()));
    for (const Send& send : track.sends()) {
      const NodeId source = send.preFader ? from.preFader : from.strip;
      if (source == 0) continue;
      const NodeId level = add(std::make_shared<graph::Gain>(2, static_cast<float>(send.levelDb)),
                               track.name() + " / send to " + send.bus);
      engine_.connect(source, level);
      engine_.connect(level, inputOf(send.bus));
    }
  }

  const std::vector<NodeId>& added() const noexcept { return added_; }

  /// The processor held with its automation lanes when the track has any for it (the holder
  /// also goes to `holder`), else the processor itself.
  std::shared_ptr<graph::Processor> automated(const Track& track, int insert,
                                              std::shared_ptr<graph::Processor> processor,
                                              std::shared_ptr<AutomatedProcessor>& holder) const {
    std::vector<AutomatedProcessor::Lane> lanes = lanesFor(session_, track, insert, *processor);
    if (lanes.empty()) return processor;
    holder = std::make_shared<AutomatedProcessor>(std::move(processor), std::move(lanes));
    return holder;
  }
  const std::vector<NodeId>& instruments() const noexcept { return instruments_; }

 private:
  NodeId add(std::shared_ptr<graph::Processor> processor, const std::string& name) {
    added_.push_back(engine_.add(std::move(processor), name));
    return added_.back();
  }

  const Session& session_;
  graph::Engine& engine_;
  double rate_;
  std::map<const graph::Processor*, Kept> reuse_;
  std::map<std::string, KeptPlayer> players_;
  std::vector<NodeId> added_, instruments_;
};

SessionGraph build(const Session& session, graph::Engine& engine, bool stems,
                   std::map<const graph::Processor*, Builder::Kept> reuse,
                   std::map<std::string, Builder::KeptPlayer> players) {
  session.validate();
  bool anySolo = false;
  for (std::size_t k = 0; k < session.trackCount(); ++k)
    anySolo = anySolo || (session.track(k).solo() && session.track(k).kind() != TrackKind::Bus);
  SessionGraph g;
  graph::EngineBatch batch(engine);
  Builder builder(session, engine, std::move(reuse), std::move(players));
  g.master = builder.add(session.master(), false);
  std::map<std::string, SessionGraph::TrackNodes> buses;
  for (std::size_t k = 0; k < session.trackCount(); ++k) {
    const Track& t = session.track(k);
    const bool silencedBySolo = anySolo && t.kind() != TrackKind::Bus && !t.solo();
    g.tracks.push_back(builder.add(t, silencedBySolo));
    if (t.kind() == TrackKind::Bus) buses[t.name()] = g.tracks.back();
  }
  for (std::size_t k = 0; k < session.trackCount(); ++k)
    builder.route(session.track(k), g.tracks[k], buses, g.master);
  engine.connect(g.master.strip, 0, graph::Graph::kOutput, 0);
  engine.connect(g.master.strip, 1, graph::Graph::kOutput, 1);
  if (stems)
    for (std::size_t k = 0; k < g.tracks.size(); ++k)
      for (int c = 0; c < 2; ++c)
        engine.connect(g.tracks[k].strip, c, graph::Graph::kOutput,
                       2 + 2 * static_cast<int>(k) + c);
  engine.transport().setTempoSource(std::make_shared<TempoMap>(session.tempoMap()));
  g.nodes = builder.added();
  g.instruments = builder.instruments();
  return g;
}

}  // namespace

SessionGraph buildSessionGraph(const Session& session, graph::Engine& engine, bool stems) {
  return build(session, engine, stems, {}, {});
}

bool refreshTrackLanes(const Session& session, const SessionGraph& graph,
                       const std::string& trackName) {
  const Track& track = trackName == Session::kMaster ? session.master() : session.track(trackName);
  const SessionGraph::TrackNodes* nodes = trackName == Session::kMaster ? &graph.master : nullptr;
  for (const SessionGraph::TrackNodes& t : graph.tracks)
    if (t.name == trackName) nodes = &t;
  if (!nodes || !nodes->fader) return false;
  giveFaderLanes(session, track, *nodes->fader);
  // Whether every lane with points has a holder to take it (a bypassed insert needs none).
  bool complete = true;
  for (const ParameterLane& l : track.parameterLanes()) {
    if (l.lane.empty()) continue;
    if (l.insert < 0) {
      complete = complete && nodes->instrumentLanes;
      continue;
    }
    if (nodes->preFader == 0) continue;  // nothing plays through the inserts: none was built
    const auto k = static_cast<std::size_t>(l.insert);
    complete = complete && (track.inserts()[k].bypass ||
                            (k < nodes->insertLanes.size() && nodes->insertLanes[k]));
  }
  if (nodes->instrumentLanes)
    nodes->instrumentLanes->setLanes(lanesFor(session, track, -1, *track.instrument()));
  for (std::size_t k = 0; k < nodes->insertLanes.size(); ++k)
    if (nodes->insertLanes[k])
      nodes->insertLanes[k]->setLanes(
          lanesFor(session, track, static_cast<int>(k), *nodes->insertLanes[k]->inner()));
  return complete;
}

std::size_t streamUnderruns(const SessionGraph& g, const graph::Engine& engine) {
  std::size_t sum = 0;
  for (const SessionGraph::TrackNodes& t : g.tracks)
    if (t.clips != 0 && engine.graph().contains(t.clips))
      if (auto player =
              std::dynamic_pointer_cast<ClipPlayer>(engine.graph().node(t.clips).processor))
        sum += player->underruns();
  return sum;
}

SessionGraph rebuildSessionGraph(const Session& session, graph::Engine& engine,
                                 const SessionGraph& previous) {
  session.validate();  // before anything goes: a bad edit leaves the old graph playing
  graph::EngineBatch batch(engine);
  // The instruments keep their nodes (their voices ring on), but let go of every note and the
  // sustain pedal first: the new MIDI players do not know what the old ones left sounding.
  std::map<const graph::Processor*, Builder::Kept> instruments;
  const std::int64_t now = engine.frame();
  for (NodeId node : previous.instruments) {
    if (!engine.graph().contains(node)) continue;
    auto holder =
        std::dynamic_pointer_cast<AutomatedProcessor>(engine.graph().node(node).processor);
    if (!holder) continue;
    instruments[holder->inner().get()] = {node, holder};
    for (std::uint8_t channel = 0; channel < 16; ++channel) {
      const auto status = static_cast<std::uint8_t>(0xB0 | channel);
      engine.schedule(node, graph::Event::midi(0, status, 64, 0), now);
      engine.schedule(node, graph::Event::midi(0, status, 123, 0), now);
    }
  }
  std::map<std::string, Builder::KeptPlayer> players;
  std::vector<NodeId> keep = previous.instruments;
  for (const SessionGraph::TrackNodes& t : previous.tracks) {
    if (t.clips == 0 || !engine.graph().contains(t.clips)) continue;
    if (auto player =
            std::dynamic_pointer_cast<ClipPlayer>(engine.graph().node(t.clips).processor)) {
      players[t.name] = {t.clips, player};
      keep.push_back(t.clips);
    }
  }
  for (NodeId node : previous.nodes)
    if (engine.graph().contains(node) && !std::count(keep.begin(), keep.end(), node))
      engine.remove(node);
  SessionGraph next = build(session, engine, false, instruments, players);
  for (const auto& [processor, kept] : instruments)  // instruments whose track went
    if (!std::count(next.instruments.begin(), next.instruments.end(), kept.node))
      engine.remove(kept.node);
  for (const auto& [name, kept] : players)  // clip players whose track went or has no clips
    if (!std::count(next.nodes.begin(), next.nodes.end(), kept.node)) engine.remove(kept.node);
  return next;
}

Bounce Session::bounce(std::int64_t startFrame, std::int64_t frames,
                       const BounceOptions& options) const {
  requireInRange("bounce start", static_cast<double>(startFrame), 0.0, 9.2e18, "frames");
  requireInRange("bounce length", static_cast<double>(frames), 1.0, 2147483647.0, "frames");
  const int outputs = 2 + (options.stems ? 2 * static_cast<int>(tracks_.size()) : 0);
  if (outputs > kMaxChannels)
    throw OutOfRangeError("stems of " + std::to_string(tracks_.size()) + " tracks need " +
                          std::to_string(outputs) + " channels; a bounce has at most " +
                          std::to_string(kMaxChannels) + " (63 tracks)");
  graph::EngineOptions o;
  o.sampleRate = sampleRate_;
  o.maxBlockSize = options.blockSize;
  o.outputChannels = outputs;
  o.threads = options.threads;
  graph::Engine engine(o);
  buildSessionGraph(*this, engine, options.stems);
  engine.reset();
  // The output lags the timeline by the inserts' latency: the frames wanted come that much later.
  const int latency = engine.latencyFrames();
  engine.transport().locate(Frames{startFrame});
  AudioBuffer all = engine.render(frames + latency, options.progress);
  Bounce b;
  auto cut = [&](int first) {
    AudioBuffer out(2, static_cast<int>(frames));
    for (int c = 0; c < 2; ++c)
      std::copy_n(all.channel(first + c) + latency, frames, out.channel(c));
    return out;
  };
  b.mix = cut(0);
  if (options.stems)
    for (std::size_t k = 0; k < tracks_.size(); ++k)
      b.stems.push_back(cut(2 + 2 * static_cast<int>(k)));
  return b;
}

}  // namespace tonewood::timeline
