#include "tonewood/graph/engine.hpp"

#include <algorithm>
#include <climits>
#include <cstring>
#include <map>
#include <set>
#include <tuple>

#include "render_plan.hpp"
#include "tonewood/core/denormals.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/dsp/vector_ops.hpp"

namespace tonewood::graph {

// ---------------------------------------------------------------------------------------------
// The pieces of a plan.

bool PendingEvents::add(std::int64_t frame, const Event& event) noexcept {
  if (count_ == items_.size()) return false;
  std::size_t at = count_;
  while (at > 0 && items_[at - 1].frame > frame) {
    items_[at] = items_[at - 1];
    --at;
  }
  items_[at] = {frame, event};
  ++count_;
  return true;
}

void PendingEvents::takeUntil(std::int64_t start, std::int64_t end, EventBuffer& out) noexcept {
  std::size_t taken = 0;
  while (taken < count_ && items_[taken].frame < end) {
    Event e = items_[taken].event;
    e.frame = static_cast<std::uint32_t>(std::max<std::int64_t>(0, items_[taken].frame - start));
    out.add(e);
    ++taken;
  }
  if (taken == 0) return;
  std::move(items_.begin() + static_cast<std::ptrdiff_t>(taken),
            items_.begin() + static_cast<std::ptrdiff_t>(count_), items_.begin());
  count_ -= taken;
}

NodeSlot::NodeSlot(NodeId nodeId, std::string nodeName, std::shared_ptr<Processor> p,
                   const EngineOptions& options)
    : id(nodeId),
      name(std::move(nodeName)),
      processor(std::move(p)),
      input(processor->numInputChannels(), options.maxBlockSize),
      output(processor->numOutputChannels(), options.maxBlockSize),
      // Nodes that take no MIDI only ever receive parameter changes.
      inEvents(processor->acceptsEvents() ? options.eventsPerBlock : 64,
               processor->acceptsEvents() ? 1 << 14 : 0),
      outEvents(processor->producesEvents() ? options.eventsPerBlock : 1,
                processor->producesEvents() ? 1 << 14 : 0),
      pending(processor->acceptsEvents() ? 4096 : 256),
      scratch(static_cast<std::size_t>(options.maxBlockSize)) {}

DelayLine::DelayLine(int maxDelay, int maxBlock) : maxDelay_(maxDelay) {
  std::size_t size = 1;
  while (size < static_cast<std::size_t>(maxDelay) + static_cast<std::size_t>(maxBlock)) size <<= 1;
  ring_.assign(size, 0.0f);
  mask_ = static_cast<std::int64_t>(size) - 1;
}

void DelayLine::write(std::int64_t frame, const float* in, int n) noexcept {
  for (int i = 0; i < n; ++i) ring_[static_cast<std::size_t>((frame + i) & mask_)] = in[i];
}

void DelayLine::read(std::int64_t frame, float* out, int n, bool add) const noexcept {
  if (add) {
    for (int i = 0; i < n; ++i) out[i] += ring_[static_cast<std::size_t>((frame + i) & mask_)];
  } else {
    for (int i = 0; i < n; ++i) out[i] = ring_[static_cast<std::size_t>((frame + i) & mask_)];
  }
}

void DelayLine::clear() noexcept {
  std::fill(ring_.begin(), ring_.end(), 0.0f);
}

NodeSlot* RenderPlan::slotOf(NodeId id) const noexcept {
  auto it = std::lower_bound(byId.begin(), byId.end(), id,
                             [](const auto& entry, NodeId key) { return entry.first < key; });
  return it != byId.end() && it->first == id ? it->second : nullptr;
}

// ---------------------------------------------------------------------------------------------
// The control thread's side: slots and delay lines by key, reused by every new plan.

using DelayKey = std::tuple<NodeId, int, NodeId, int, bool>;

struct EngineControlState {
  std::map<NodeId, std::shared_ptr<NodeSlot>> slots;
  std::map<DelayKey, std::shared_ptr<DelayLine>> delays;
};

namespace {

ProcessSpec specFor(const EngineOptions& o, const Processor& p) {
  return ProcessSpec{o.sampleRate, o.maxBlockSize, p.numOutputChannels()};
}

}  // namespace

Engine::Engine(EngineOptions options)
    : options_(options),
      graph_(options.inputChannels, options.outputChannels),
      transport_(options.sampleRate),
      control_(std::make_unique<EngineControlState>()) {
  requireInRange("sample rate", options.sampleRate, 1000.0, 768000.0, "Hz");
  requireInRange("block size", options.maxBlockSize, 1, 1 << 16, "frames");
  requireInRange("threads", options.threads, 1, 64, "threads");
  requireInRange("events per block", static_cast<double>(options.eventsPerBlock), 1.0, 1 << 20,
                 "events");
  spec_ = ProcessSpec{options.sampleRate, options.maxBlockSize, options.outputChannels};
  if (options.threads > 1) pool_ = std::make_unique<WorkerPool>(options.threads);
  rebuild();
}

Engine::~Engine() {
  for (const auto& [id, slot] : control_->slots)
    slot->processor->hosts_.fetch_sub(1, std::memory_order_acq_rel);
}

NodeId Engine::add(std::shared_ptr<Processor> processor, std::string name) {
  if (!processor) throw InvalidArgumentError("cannot add a null processor to the engine");
  if (processor->isHosted())
    throw InvalidArgumentError("this " + processor->typeName() +
                               " is already a node of an engine; one processor runs in one "
                               "engine at a time (make another, or remove it there first)");
  Graph next = graph_;
  const NodeId id = next.add(processor, std::move(name));
  processor->prepare(specFor(options_, *processor));
  processor->hosts_.fetch_add(1, std::memory_order_acq_rel);
  control_->slots[id] =
      std::make_shared<NodeSlot>(id, next.node(id).name, std::move(processor), options_);
  graph_ = std::move(next);
  rebuild();
  return id;
}

void Engine::remove(NodeId id) {
  graph_.remove(id);
  control_->slots.at(id)->processor->hosts_.fetch_sub(1, std::memory_order_acq_rel);
  control_->slots.erase(id);
  rebuild();
}

void Engine::connect(NodeId source, NodeId destination) {
  graph_.connect(source, destination);
  rebuild();
}

void Engine::connect(NodeId source, int sourceChannel, NodeId destination, int destinationChannel,
                     int feedbackDelayFrames) {
  if (feedbackDelayFrames > 0) {
    if (source == Graph::kInput)
      throw InvalidArgumentError("a feedback connection must come from a node, not the input");
    requireInRange("feedback delay", feedbackDelayFrames, options_.maxBlockSize, 1 << 24,
                   "frames (at least the engine's block size)");
  }
  graph_.connect(source, sourceChannel, destination, destinationChannel, feedbackDelayFrames);
  rebuild();
}

void Engine::connectEvents(NodeId source, NodeId destination) {
  graph_.connectEvents(source, destination);
  rebuild();
}

bool Engine::disconnect(NodeId source, NodeId destination) {
  const bool removed = graph_.disconnect(source, destination);
  if (removed) rebuild();
  return removed;
}

bool Engine::disconnect(NodeId source, int sourceChannel, NodeId destination,
                        int destinationChannel) {
  const bool removed = graph_.disconnect(source, sourceChannel, destination, destinationChannel);
  if (removed) rebuild();
  return removed;
}

void Engine::beginBatch() {
  ++batchDepth_;
}

void Engine::endBatch() {
  if (batchDepth_ == 0) throw InvalidArgumentError("endBatch without beginBatch");
  if (--batchDepth_ == 0) rebuild();
}

void Engine::setThreads(int threads) {
  requireInRange("threads", threads, 1, 64, "threads");
  if (threads == this->threads()) return;
  if (isLive()) throw InvalidArgumentError("stop the engine before changing its thread count");
  pool_ = threads > 1 ? std::make_unique<WorkerPool>(threads) : nullptr;
  options_.threads = threads;
}

bool Engine::setRealtimePriority(int priority) noexcept {
  return pool_ ? pool_->setRealtimePriority(priority) : true;
}

// ---------------------------------------------------------------------------------------------
// Compiling.

void Engine::rebuild() {
  if (batchDepth_ > 0) return;
  const std::vector<NodeId> order = graph_.order();
  const auto& audio = graph_.audioConnections();
  const auto& events = graph_.eventConnections();

  // Latency: a node hears its inputs once the slowest has arrived.
  std::map<NodeId, int> inLatency, outLatency;
  for (NodeId id : order) {
    int in = 0;
    for (const AudioConnection& c : audio)
      if (c.destination == id && c.feedbackDelayFrames == 0)
        in = std::max(in, outLatency[c.source]);
    inLatency[id] = in;
    const auto& node = graph_.node(id);
    outLatency[id] = in + (node.processor ? node.processor->latencyFrames() : 0);
  }

  auto plan = std::make_unique<RenderPlan>();
  plan->latency = inLatency[Graph::kOutput];
  plan->silence.assign(static_cast<std::size_t>(options_.maxBlockSize), 0.0f);
  plan->scratch.assign(static_cast<std::size_t>(options_.maxBlockSize), 0.0f);
  std::map<DelayKey, std::shared_ptr<DelayLine>> delays;
  auto delayFor = [&](const AudioConnection& c, int frames) {
    const DelayKey key{c.source, c.sourceChannel, c.destination, c.destinationChannel,
                       c.feedbackDelayFrames > 0};
    auto old = control_->delays.find(key);
    std::shared_ptr<DelayLine> line =
        old != control_->delays.end() && old->second->maxDelay() >= frames
            ? old->second
            : std::make_shared<DelayLine>(frames, options_.maxBlockSize);
    delays[key] = line;
    plan->delays.push_back(line);
    return line.get();
  };
  // Where each node leaves each output channel: its own buffer, or (processing in place) the
  // buffer its single source left that channel in.
  std::map<NodeId, std::vector<float*>> outputsOf;
  auto sourceFor = [&](const AudioConnection& c) {
    ChannelSource s;
    if (c.source != Graph::kInput && c.feedbackDelayFrames == 0)
      s.data = outputsOf.at(c.source)[static_cast<std::size_t>(c.sourceChannel)];
    s.channel = c.sourceChannel;
    if (c.feedbackDelayFrames > 0) {
      s.delay = delayFor(c, c.feedbackDelayFrames);
      s.delayFrames = c.feedbackDelayFrames;
      s.feedback = true;
    } else if (const int d = inLatency[c.destination] - outLatency[c.source]; d > 0) {
      s.delay = delayFor(c, d);
      s.delayFrames = d;
    }
    return s;
  };

  // A channel may be processed in place when a processor allows it and its source channel comes
  // from one other node, undelayed, and is heard by nothing else.
  std::map<std::pair<NodeId, int>, int> listeners;
  for (const AudioConnection& c : audio) ++listeners[{c.source, c.sourceChannel}];
  auto inPlaceSource = [&](NodeId id, int channel) -> const AudioConnection* {
    const AudioConnection* only = nullptr;
    for (const AudioConnection& c : audio)
      if (c.destination == id && c.destinationChannel == channel) {
        if (only) return nullptr;
        only = &c;
      }
    if (!only || only->source == Graph::kInput || only->feedbackDelayFrames > 0 ||
        inLatency[id] != outLatency[only->source] ||
        listeners[{only->source, only->sourceChannel}] != 1)
      return nullptr;
    return only;
  };

  std::map<NodeId, int> stepOf;
  for (NodeId id : order) {
    if (id == Graph::kInput || id == Graph::kOutput) continue;
    NodeSlot* slot = control_->slots.at(id).get();
    PlanStep step;
    step.slot = slot;
    const Processor& processor = *slot->processor;
    auto& outputs = outputsOf[id];
    for (int ch = 0; ch < processor.numOutputChannels(); ++ch) {
      float* own = slot->output.channel(ch);
      if (processor.processesInPlace() &&
          processor.numInputChannels() == processor.numOutputChannels())
        if (const AudioConnection* c = inPlaceSource(id, ch))
          own = outputsOf.at(c->source)[static_cast<std::size_t>(c->sourceChannel)];
      outputs.push_back(own);
      step.outputs[ch] = own;
    }
    step.inputs.resize(static_cast<std::size_t>(slot->processor->numInputChannels()));
    for (const AudioConnection& c : audio)
      if (c.destination == id) {
        step.inputs[static_cast<std::size_t>(c.destinationChannel)].push_back(sourceFor(c));
        step.inputConnected = true;
      }
    for (const EventConnection& c : events)
      if (c.destination == id) step.eventSources.push_back(control_->slots.at(c.source).get());
    stepOf[id] = static_cast<int>(plan->steps.size());
    plan->steps.push_back(std::move(step));
    plan->slots.push_back(control_->slots.at(id));
    plan->byId.emplace_back(id, slot);
  }
  plan->output.resize(static_cast<std::size_t>(options_.outputChannels));
  for (const AudioConnection& c : audio)
    if (c.destination == Graph::kOutput)
      plan->output[static_cast<std::size_t>(c.destinationChannel)].push_back(sourceFor(c));
  for (const AudioConnection& c : audio)
    if (c.feedbackDelayFrames > 0)
      plan->steps[static_cast<std::size_t>(stepOf.at(c.source))].feedbackWrites.emplace_back(
          delays.at({c.source, c.sourceChannel, c.destination, c.destinationChannel, true}).get(),
          c.sourceChannel);
  std::sort(plan->byId.begin(), plan->byId.end());

  // What each step waits for, and who waits for it (feedback connections do not count).
  const std::size_t n = plan->steps.size();
  std::vector<std::set<int>> waitsFor(n), heardBy(n);
  auto depend = [&](NodeId from, NodeId to) {
    if (!stepOf.count(from) || !stepOf.count(to)) return;
    const int a = stepOf[from], b = stepOf[to];
    waitsFor[static_cast<std::size_t>(b)].insert(a);
    heardBy[static_cast<std::size_t>(a)].insert(b);
  };
  for (const AudioConnection& c : audio)
    if (c.feedbackDelayFrames == 0) depend(c.source, c.destination);
  for (const EventConnection& c : events) depend(c.source, c.destination);

  // Chains: a step that only hears one step, which only it hears, runs right after it on the
  // same thread. Then levels: a chain runs once every chain it waits for has run.
  std::vector<int> taskOf(n, -1), levelOf;
  std::vector<std::vector<int>> tasks;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& before = waitsFor[i];
    if (before.size() == 1) {
      const int j = *before.begin();
      const auto& task = tasks[static_cast<std::size_t>(taskOf[static_cast<std::size_t>(j)])];
      if (heardBy[static_cast<std::size_t>(j)].size() == 1 && task.back() == j) {
        taskOf[i] = taskOf[static_cast<std::size_t>(j)];
        tasks[static_cast<std::size_t>(taskOf[i])].push_back(static_cast<int>(i));
        continue;
      }
    }
    int level = 0;
    for (int j : before)
      level = std::max(level,
                       levelOf[static_cast<std::size_t>(taskOf[static_cast<std::size_t>(j)])] + 1);
    taskOf[i] = static_cast<int>(tasks.size());
    tasks.push_back({static_cast<int>(i)});
    levelOf.push_back(level);
  }
  std::vector<int> byLevel(tasks.size());
  for (std::size_t t = 0; t < tasks.size(); ++t) byLevel[t] = static_cast<int>(t);
  std::stable_sort(byLevel.begin(), byLevel.end(), [&](int a, int b) {
    return levelOf[static_cast<std::size_t>(a)] < levelOf[static_cast<std::size_t>(b)];
  });
  int previousLevel = -1;
  for (std::size_t k = 0; k < byLevel.size(); ++k) {
    const int level = levelOf[static_cast<std::size_t>(byLevel[k])];
    if (level != previousLevel) plan->levels.emplace_back(static_cast<int>(k), 0);
    previousLevel = level;
    ++plan->levels.back().second;
    plan->tasks.push_back(std::move(tasks[static_cast<std::size_t>(byLevel[k])]));
  }

  control_->delays = std::move(delays);
  latency_.store(plan->latency, std::memory_order_release);
  plan_.publish(std::move(plan));
  if (!isLive()) plan_.acquire();  // nothing renders now: take it at once
  plan_.collect();
}

// ---------------------------------------------------------------------------------------------
// Rendering.

void Engine::schedule(NodeId node, const Event& event, std::int64_t frame) {
  const auto& n = graph_.node(node);
  if (!n.processor) throw InvalidArgumentError("events go to nodes, not to the graph's " + n.name);
  if (event.kind == EventKind::SysEx)
    throw InvalidArgumentError("SysEx cannot be scheduled; send it through a MIDI input");
  if (event.kind == EventKind::Param) {
    if (event.param >= n.processor->numParameters())
      throw OutOfRangeError("parameter index of " + graph_.describe(node) + " must be within [0, " +
                            std::to_string(n.processor->numParameters() - 1) + "], got " +
                            std::to_string(event.param));
  } else if (!n.processor->acceptsEvents()) {
    throw InvalidArgumentError(graph_.describe(node) + " takes no MIDI");
  }
  std::lock_guard lock(scheduleMutex_);
  if (!scheduled_.push({node, frame, event}))
    throw CapacityError("too many events wait for the audio thread (4096); render or wait first");
}

void Engine::scheduleParameter(NodeId node, std::string_view id, float value, std::int64_t frame) {
  const auto& n = graph_.node(node);
  if (!n.processor)
    throw InvalidArgumentError("parameters belong to nodes, not the graph's " + n.name);
  const std::size_t index = n.processor->parameterIndex(id);
  const ParamInfo& info = n.processor->parameterInfo(index);
  requireInRange(info.id, value, info.min, info.max, info.unit);
  schedule(node, Event::parameter(0, index, value), frame);
}

void Engine::takeScheduled(RenderPlan& plan) noexcept {
  Scheduled s;
  while (scheduled_.pop(s)) {
    NodeSlot* slot = plan.slotOf(s.node);
    if (!slot || !slot->pending.add(s.frame, s.event))
      droppedScheduled_.fetch_add(1, std::memory_order_relaxed);
  }
}

std::size_t Engine::droppedEvents() const noexcept {
  std::size_t dropped = droppedScheduled_.load(std::memory_order_relaxed);
  for (const auto& [id, slot] : control_->slots)
    dropped += slot->inEvents.dropped() + slot->outEvents.dropped();
  return dropped;
}

namespace {

struct PieceContext {
  RenderPlan* plan;
  const AudioBlockView* input;
  const TransportPosition* transport;
  std::int64_t clock;
  int frames;
  bool realtime;
  int firstTask;
};

const float* sourceChannel(const PieceContext& c, const ChannelSource& s) noexcept {
  if (s.data) return s.data;
  if (s.channel < c.input->numChannels()) return c.input->channel(s.channel);
  return c.plan->silence.data();
}

// The audio of one source, delayed where it needs to be, in `scratch` or where it already is.
const float* sourceAudio(const PieceContext& c, const ChannelSource& s, float* scratch) noexcept {
  if (s.feedback) {
    s.delay->read(c.clock - s.delayFrames, scratch, c.frames, false);
    return scratch;
  }
  const float* from = sourceChannel(c, s);
  if (!s.delay) return from;
  s.delay->write(c.clock, from, c.frames);
  s.delay->read(c.clock - s.delayFrames, scratch, c.frames, false);
  return scratch;
}

// Sums `sources` into `into` (overwriting), in connection order; returns where the channel's
// audio is, which is the source itself when a single undelayed source needs no copy. `scratch`
// holds delayed sources on their way (room for a block).
const float* gather(const PieceContext& c, const std::vector<ChannelSource>& sources, float* into,
                    float* scratch) noexcept {
  const int n = c.frames;
  const std::size_t count = sources.size();
  if (count == 0) return c.plan->silence.data();
  if (count == 1 && !sources[0].delay) return sourceChannel(c, sources[0]);
  // Sources are added two at a time, each pass rounding as two single additions would, so the
  // sum is the same as adding them one by one.
  const float* first = sourceAudio(c, sources[0], into);
  std::size_t next = 1;
  if (count >= 2) {
    dsp::sumOf(first, sourceAudio(c, sources[1], scratch), into, n);  // (first may be `into`)
    next = 2;
  } else if (first != into) {
    std::memcpy(into, first, static_cast<std::size_t>(n) * sizeof(float));
  }
  for (; next + 1 < count; next += 2) {
    const float* a = sourceAudio(c, sources[next], scratch);
    if (a == scratch) {  // the second may need the scratch too
      dsp::addTo(a, into, n);
      dsp::addTo(sourceAudio(c, sources[next + 1], scratch), into, n);
    } else {
      dsp::addTwoTo(a, sourceAudio(c, sources[next + 1], scratch), into, n);
    }
  }
  if (next < count) dsp::addTo(sourceAudio(c, sources[next], scratch), into, n);
  return into;
}

void runStep(const PieceContext& c, PlanStep& step) noexcept {
  NodeSlot& slot = *step.slot;
  Processor& processor = *slot.processor;
  const int n = c.frames;
  float* ins[kMaxChannels];
  for (int ch = 0; ch < processor.numInputChannels(); ++ch)
    ins[ch] = const_cast<float*>(gather(c, step.inputs[static_cast<std::size_t>(ch)],
                                        slot.input.channel(ch), slot.scratch.data()));
  float* const* outs = step.outputs;

  slot.inEvents.clear();
  for (const NodeSlot* source : step.eventSources)
    for (const Event& e : source->outEvents) slot.inEvents.addFrom(source->outEvents, e, e.frame);
  slot.pending.takeUntil(c.clock, c.clock + n, slot.inEvents);
  if (processor.producesEvents()) slot.outEvents.clear();

  ProcessContext context;
  context.frames = n;
  context.input = AudioBlockView(ins, processor.numInputChannels(), n);
  context.output = AudioBlockView(outs, processor.numOutputChannels(), n);
  context.events = &slot.inEvents;
  context.outputEvents = &slot.outEvents;
  context.transport = c.transport;
  context.engineFrame = c.clock;
  context.realtime = c.realtime;
  context.inputConnected = step.inputConnected;
  processor.process(context);
  for (const auto& [line, channel] : step.feedbackWrites) line->write(c.clock, outs[channel], n);
}

void runTask(void* context, int index) noexcept {
  const auto& c = *static_cast<const PieceContext*>(context);
  for (int step : c.plan->tasks[static_cast<std::size_t>(c.firstTask + index)])
    runStep(c, c.plan->steps[static_cast<std::size_t>(step)]);
}

}  // namespace

void Engine::renderPiece(RenderPlan& plan, const AudioBlockView& input,
                         const AudioBlockView& output, int frames, bool realtime) noexcept {
  PieceContext c{
      &plan,    &input, &transport_.current(), clock_.load(std::memory_order_relaxed), frames,
      realtime, 0};
  for (const auto& [first, count] : plan.levels) {
    c.firstTask = first;
    if (pool_)
      pool_->run(count, &runTask, &c);
    else
      for (int t = 0; t < count; ++t) runTask(&c, t);
  }
  for (int ch = 0; ch < output.numChannels(); ++ch) {
    float* out = output.channel(ch);
    if (static_cast<std::size_t>(ch) >= plan.output.size()) {
      std::fill_n(out, frames, 0.0f);
      continue;
    }
    const float* from =
        gather(c, plan.output[static_cast<std::size_t>(ch)], out, plan.scratch.data());
    if (from != out) std::memcpy(out, from, static_cast<std::size_t>(frames) * sizeof(float));
  }
}

void Engine::process(const AudioBlockView& input, const AudioBlockView& output, bool realtime,
                     const CycleTiming& timing) noexcept {
  ScopedFlushDenormals noDenormals;
  plan_.acquire();
  RenderPlan* plan = plan_.current();
  takeScheduled(*plan);
  const int frames = output.numFrames();
  CycleTiming cycle = timing;
  cycle.frames = frames;
  transport_.beginBlock(cycle);
  for (int pos = 0; pos < frames;) {
    const int n = transport_.pieceLength(std::min(frames - pos, options_.maxBlockSize));
    const AudioBlockView in =
        input.numChannels() > 0 ? input.subBlock(pos, n) : AudioBlockView(nullptr, 0, n);
    renderPiece(*plan, in, output.subBlock(pos, n), n, realtime);
    transport_.advance(n);
    clock_.fetch_add(n, std::memory_order_acq_rel);
    pos += n;
  }
}

void Engine::requireOffline(const char* what) const {
  if (isLive())
    throw InvalidArgumentError(std::string("cannot ") + what +
                               " while a device runs the engine; stop it first");
}

AudioBuffer Engine::render(std::int64_t frames, const ProgressCallback& progress,
                           const AudioBlockView* input) {
  requireInRange("frames", static_cast<double>(frames), 0.0, INT_MAX, "frames");
  AudioBuffer out(options_.outputChannels, static_cast<int>(frames));
  render(out.view(), progress, input);
  return out;
}

void Engine::render(const AudioBlockView& output, const ProgressCallback& progress,
                    const AudioBlockView* input) {
  requireOffline("render");
  if (batchDepth_ > 0)
    throw InvalidArgumentError("a batch of edits is open; end it before rendering");
  if (transport_.followsOutsideClock())
    throw InvalidArgumentError(
        "the transport follows an outside clock (Ableton Link, MIDI clock), which keeps real time: "
        "play the engine on a device, or stop following before rendering offline");
  if (output.numChannels() != options_.outputChannels)
    throw InvalidArgumentError("render needs " + std::to_string(options_.outputChannels) +
                               " output channels, got " + std::to_string(output.numChannels()));
  if (input && input->numFrames() < output.numFrames())
    throw InvalidArgumentError("the input has " + std::to_string(input->numFrames()) +
                               " frames; the render needs " + std::to_string(output.numFrames()));
  if (!transport_.playing()) transport_.play();
  constexpr int kChunk = 1 << 16;  // progress is reported this often
  const int total = output.numFrames();
  for (int pos = 0; pos < total;) {
    const int n = std::min(kChunk, total - pos);
    const AudioBlockView in = input ? input->subBlock(pos, n) : AudioBlockView(nullptr, 0, n);
    process(in, output.subBlock(pos, n), false);
    pos += n;
    for (const auto& [id, slot] : control_->slots)
      if (const char* why = slot->processor->failure()) throw PluginCrashedError(why);
    if (progress) progress(static_cast<double>(pos) / total);
  }
}

void Engine::reset() {
  requireOffline("reset");
  transport_.stop();
  transport_.locate(Frames{0});
  transport_.beginBlock();  // nothing else runs now: apply at once
  Scheduled s;
  while (scheduled_.pop(s)) {
  }
  for (const auto& [id, slot] : control_->slots) {
    slot->processor->reset();
    slot->pending.takeUntil(0, std::numeric_limits<std::int64_t>::max(), slot->inEvents);
    slot->inEvents.clear();
    slot->outEvents.clear();
  }
  for (const auto& [key, line] : control_->delays) line->clear();
  clock_.store(0, std::memory_order_release);
}

}  // namespace tonewood::graph
