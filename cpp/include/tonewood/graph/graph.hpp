#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tonewood/graph/processor.hpp"

/// The graph as the user edits it: nodes (processors with names) and connections between them,
/// audio channel to audio channel and event stream to event stream. It checks every edit (a
/// cycle, a channel that does not exist, events into a processor that takes none) and throws
/// before changing anything. The Engine compiles it into what the audio thread runs.
/// Control thread only.
namespace tonewood::graph {

using NodeId = std::uint32_t;

/// Audio from one channel of a node to one channel of another. A connection with a feedback
/// delay reads what the source produced that many frames ago, so it may close a loop.
struct AudioConnection {
  NodeId source = 0;
  int sourceChannel = 0;
  NodeId destination = 0;
  int destinationChannel = 0;
  int feedbackDelayFrames = 0;  ///< 0: an ordinary connection (no loops allowed)
  friend bool operator==(const AudioConnection&, const AudioConnection&) = default;
};

/// Every event a node produces goes to another node's event input.
struct EventConnection {
  NodeId source = 0;
  NodeId destination = 0;
  friend bool operator==(const EventConnection&, const EventConnection&) = default;
};

class Graph {
 public:
  /// The graph's own input (what the device or the caller feeds in) and output, as node IDs.
  static constexpr NodeId kInput = 1;
  static constexpr NodeId kOutput = 2;

  struct Node {
    NodeId id = 0;
    std::string name;
    std::shared_ptr<Processor> processor;  ///< null for kInput and kOutput
  };

  Graph(int inputChannels, int outputChannels);

  /// Adds a processor under a unique name ("" picks "<type> <n>"). Throws InvalidArgumentError
  /// for a null processor, a name in use, or a processor already in this graph.
  NodeId add(std::shared_ptr<Processor> processor, std::string name = "");
  /// Removes a node and its connections. Throws InvalidArgumentError for an unknown node or for
  /// kInput/kOutput.
  void remove(NodeId id);

  /// Connects every output channel of `source` to the same input channel of `destination`. A
  /// mono source feeds every input channel. Throws InvalidArgumentError naming both nodes when
  /// the channel counts differ otherwise, when either has no audio, or when the connection
  /// would close a loop.
  void connect(NodeId source, NodeId destination);
  /// One channel to one channel. `feedbackDelayFrames` > 0 makes a feedback connection (the
  /// Engine requires at least its block size).
  void connect(NodeId source, int sourceChannel, NodeId destination, int destinationChannel,
               int feedbackDelayFrames = 0);
  /// Events from `source` (which must produce them) to `destination` (which must take them).
  void connectEvents(NodeId source, NodeId destination);
  /// Removes every audio and event connection from `source` to `destination`; false when there
  /// was none.
  bool disconnect(NodeId source, NodeId destination);
  /// Removes one channel connection; false when there was none.
  bool disconnect(NodeId source, int sourceChannel, NodeId destination, int destinationChannel);

  bool contains(NodeId id) const noexcept;
  /// The node with this name; InvalidArgumentError listing the names otherwise.
  NodeId find(std::string_view name) const;
  const Node& node(NodeId id) const;
  /// Every node but kInput and kOutput, in the order they were added.
  std::vector<NodeId> nodeIds() const;
  const std::vector<AudioConnection>& audioConnections() const noexcept { return audio_; }
  const std::vector<EventConnection>& eventConnections() const noexcept { return events_; }
  int inputChannels() const noexcept { return inputChannels_; }
  int outputChannels() const noexcept { return outputChannels_; }
  /// Audio channels into and out of a node (kInput has outputs only, kOutput inputs only).
  int inputsOf(NodeId id) const;
  int outputsOf(NodeId id) const;

  /// The nodes in an order where each comes after everything it hears (feedback connections
  /// aside), kInput first and kOutput last.
  std::vector<NodeId> order() const;
  /// "'reverb 1' (reverb)": how errors name a node.
  std::string describe(NodeId id) const;

 private:
  const Node& checked(NodeId id) const;
  /// A path of ordinary connections from `from` to `to`, or empty.
  std::vector<NodeId> pathBetween(NodeId from, NodeId to) const;
  void requireNoLoop(NodeId source, NodeId destination) const;

  int inputChannels_, outputChannels_;
  std::vector<Node> nodes_;
  std::vector<AudioConnection> audio_;
  std::vector<EventConnection> events_;
  NodeId nextId_ = kOutput + 1;
};

}  // namespace tonewood::graph
