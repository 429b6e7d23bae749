#include "tonewood/graph/graph.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "tonewood/core/errors.hpp"

namespace tonewood::graph {

namespace {

std::string channels(int n) {
  return std::to_string(n) + (n == 1 ? " channel" : " channels");
}

}  // namespace

Graph::Graph(int inputChannels, int outputChannels)
    : inputChannels_(inputChannels), outputChannels_(outputChannels) {
  requireInRange("graph input channels", inputChannels, 0, kMaxChannels, "channels");
  requireInRange("graph output channels", outputChannels, 0, kMaxChannels, "channels");
  nodes_.push_back({kInput, "input", nullptr});
  nodes_.push_back({kOutput, "output", nullptr});
}

NodeId Graph::add(std::shared_ptr<Processor> processor, std::string name) {
  if (!processor) throw InvalidArgumentError("cannot add a null processor to the graph");
  for (const Node& n : nodes_)
    if (n.processor == processor)
      throw InvalidArgumentError("this " + processor->typeName() + " is already in the graph as " +
                                 describe(n.id));
  if (name.empty()) {
    for (int k = 1;; ++k) {
      name = processor->typeName() + " " + std::to_string(k);
      if (std::none_of(nodes_.begin(), nodes_.end(), [&](const Node& n) { return n.name == name; }))
        break;
    }
  } else if (std::any_of(nodes_.begin(), nodes_.end(),
                         [&](const Node& n) { return n.name == name; })) {
    throw InvalidArgumentError("a node named '" + name + "' is already in the graph");
  }
  const NodeId id = nextId_++;
  nodes_.push_back({id, std::move(name), std::move(processor)});
  return id;
}

void Graph::remove(NodeId id) {
  if (id == kInput || id == kOutput)
    throw InvalidArgumentError("the graph's input and output cannot be removed");
  checked(id);
  std::erase_if(audio_,
                [&](const AudioConnection& c) { return c.source == id || c.destination == id; });
  std::erase_if(events_,
                [&](const EventConnection& c) { return c.source == id || c.destination == id; });
  std::erase_if(nodes_, [&](const Node& n) { return n.id == id; });
}

const Graph::Node& Graph::checked(NodeId id) const {
  for (const Node& n : nodes_)
    if (n.id == id) return n;
  throw InvalidArgumentError("no node " + std::to_string(id) + " in the graph");
}

bool Graph::contains(NodeId id) const noexcept {
  return std::any_of(nodes_.begin(), nodes_.end(), [&](const Node& n) { return n.id == id; });
}

NodeId Graph::find(std::string_view name) const {
  std::string known;
  for (const Node& n : nodes_) {
    if (n.name == name) return n.id;
    known += (known.empty() ? "'" : ", '") + n.name + "'";
  }
  throw InvalidArgumentError("no node named '" + std::string(name) + "' (nodes: " + known + ")");
}

const Graph::Node& Graph::node(NodeId id) const {
  return checked(id);
}

std::vector<NodeId> Graph::nodeIds() const {
  std::vector<NodeId> ids;
  for (const Node& n : nodes_)
    if (n.processor) ids.push_back(n.id);
  return ids;
}

int Graph::inputsOf(NodeId id) const {
  const Node& n = checked(id);
  if (id == kInput) return 0;
  if (id == kOutput) return outputChannels_;
  return n.processor->numInputChannels();
}

int Graph::outputsOf(NodeId id) const {
  const Node& n = checked(id);
  if (id == kInput) return inputChannels_;
  if (id == kOutput) return 0;
  return n.processor->numOutputChannels();
}

std::string Graph::describe(NodeId id) const {
  const Node& n = checked(id);
  if (!n.processor) return "the graph's " + n.name;
  return "'" + n.name + "' (" + n.processor->typeName() + ")";
}

std::vector<NodeId> Graph::pathBetween(NodeId from, NodeId to) const {
  // Depth-first over ordinary audio and event connections, remembering how each node was
  // reached so the loop can be named.
  std::map<NodeId, NodeId> cameFrom;
  std::vector<NodeId> stack = {from};
  cameFrom[from] = from;
  while (!stack.empty()) {
    const NodeId at = stack.back();
    stack.pop_back();
    if (at == to) {
      std::vector<NodeId> path = {to};
      for (NodeId n = to; n != from;) path.push_back(n = cameFrom[n]);
      std::reverse(path.begin(), path.end());
      return path;
    }
    auto visit = [&](NodeId next) {
      if (cameFrom.emplace(next, at).second) stack.push_back(next);
    };
    for (const AudioConnection& c : audio_)
      if (c.source == at && c.feedbackDelayFrames == 0) visit(c.destination);
    for (const EventConnection& c : events_)
      if (c.source == at) visit(c.destination);
  }
  return {};
}

void Graph::requireNoLoop(NodeId source, NodeId destination) const {
  const std::vector<NodeId> path = pathBetween(destination, source);
  if (path.empty() && source != destination) return;
  std::string loop = describe(source);
  for (NodeId n : path) loop += " -> " + describe(n);
  if (path.empty()) loop += " -> " + describe(source);
  throw InvalidArgumentError("connecting " + describe(source) + " to " + describe(destination) +
                             " would close a loop with no delay (" + loop +
                             "); a feedback connection with a delay of at least the engine's "
                             "block size may close it");
}

void Graph::connect(NodeId source, NodeId destination) {
  const int outs = outputsOf(source), ins = inputsOf(destination);
  if (outs == 0 || ins == 0)
    throw InvalidArgumentError("cannot connect " + describe(source) + " (" + channels(outs) +
                               " out) to " + describe(destination) + " (" + channels(ins) +
                               " in): " + (outs == 0 ? "the source" : "the destination") +
                               " has no audio");
  if (outs != ins && outs != 1)
    throw InvalidArgumentError("cannot connect " + describe(source) + " (" + channels(outs) +
                               " out) to " + describe(destination) + " (" + channels(ins) +
                               " in): the counts differ; connect channel to channel instead");
  requireNoLoop(source, destination);
  for (int c = 0; c < ins; ++c) {
    const AudioConnection connection{source, outs == 1 ? 0 : c, destination, c, 0};
    if (std::find(audio_.begin(), audio_.end(), connection) == audio_.end())
      audio_.push_back(connection);
  }
}

void Graph::connect(NodeId source, int sourceChannel, NodeId destination, int destinationChannel,
                    int feedbackDelayFrames) {
  const int outs = outputsOf(source), ins = inputsOf(destination);
  if (sourceChannel < 0 || sourceChannel >= outs)
    throw OutOfRangeError("source channel of " + describe(source) + " must be within [0, " +
                          std::to_string(outs - 1) + "], got " + std::to_string(sourceChannel));
  if (destinationChannel < 0 || destinationChannel >= ins)
    throw OutOfRangeError("destination channel of " + describe(destination) +
                          " must be within [0, " + std::to_string(ins - 1) + "], got " +
                          std::to_string(destinationChannel));
  if (feedbackDelayFrames < 0)
    throw OutOfRangeError("feedback delay must be at least 0 frames, got " +
                          std::to_string(feedbackDelayFrames));
  if (feedbackDelayFrames == 0) requireNoLoop(source, destination);
  const AudioConnection connection{source, sourceChannel, destination, destinationChannel,
                                   feedbackDelayFrames};
  for (const AudioConnection& c : audio_)
    if (c.source == source && c.sourceChannel == sourceChannel && c.destination == destination &&
        c.destinationChannel == destinationChannel) {
      if (c == connection) return;
      throw InvalidArgumentError(describe(source) + " channel " + std::to_string(sourceChannel) +
                                 " is already connected to " + describe(destination) + " channel " +
                                 std::to_string(destinationChannel) +
                                 " with another delay; disconnect it first");
    }
  audio_.push_back(connection);
}

void Graph::connectEvents(NodeId source, NodeId destination) {
  const Node& s = checked(source);
  const Node& d = checked(destination);
  if (!s.processor || !s.processor->producesEvents())
    throw InvalidArgumentError("cannot connect events from " + describe(source) +
                               ": it produces none");
  if (!d.processor || !d.processor->acceptsEvents())
    throw InvalidArgumentError("cannot connect events to " + describe(destination) +
                               ": it takes none");
  requireNoLoop(source, destination);
  const EventConnection connection{source, destination};
  if (std::find(events_.begin(), events_.end(), connection) == events_.end())
    events_.push_back(connection);
}

bool Graph::disconnect(NodeId source, NodeId destination) {
  checked(source);
  checked(destination);
  const auto before = audio_.size() + events_.size();
  std::erase_if(audio_, [&](const AudioConnection& c) {
    return c.source == source && c.destination == destination;
  });
  std::erase_if(events_, [&](const EventConnection& c) {
    return c.source == source && c.destination == destination;
  });
  return audio_.size() + events_.size() != before;
}

bool Graph::disconnect(NodeId source, int sourceChannel, NodeId destination,
                       int destinationChannel) {
  checked(source);
  checked(destination);
  return std::erase_if(audio_, [&](const AudioConnection& c) {
           return c.source == source && c.sourceChannel == sourceChannel &&
                  c.destination == destination && c.destinationChannel == destinationChannel;
         }) > 0;
}

std::vector<NodeId> Graph::order() const {
  // Kahn's algorithm, taking nodes in the order they were added when several are ready, so the
  // order (and with it the order in which sums are formed) is stable.
  std::map<NodeId, int> waiting;
  for (const Node& n : nodes_) waiting[n.id] = 0;
  std::set<std::pair<NodeId, NodeId>> edges;
  for (const AudioConnection& c : audio_)
    if (c.feedbackDelayFrames == 0) edges.insert({c.source, c.destination});
  for (const EventConnection& c : events_) edges.insert({c.source, c.destination});
  for (const auto& [from, to] : edges) ++waiting[to];
  std::vector<NodeId> order;
  std::vector<bool> done(nodes_.size(), false);
  while (order.size() < nodes_.size()) {
    bool progressed = false;
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      const NodeId id = nodes_[i].id;
      if (done[i] || waiting[id] > 0) continue;
      if (id == kOutput && order.size() + 1 < nodes_.size()) continue;  // last, always
      done[i] = true;
      order.push_back(id);
      for (const auto& [from, to] : edges)
        if (from == id) --waiting[to];
      progressed = true;
      break;
    }
    if (!progressed) throw InvalidArgumentError("the graph has a loop with no delay");
  }
  return order;
}

}  // namespace tonewood::graph
