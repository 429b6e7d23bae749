#pragma once

#include <memory>
#include <vector>

#include "tonewood/graph/engine.hpp"

/// Runs one processor on planar audio through an engine (graph input -> processor -> output),
/// as a host would, in blocks of a chosen size.
namespace tonewood::test {

struct Planar {
  std::vector<std::vector<float>> channels;
  int frames() const { return channels.empty() ? 0 : static_cast<int>(channels[0].size()); }
};

inline Planar runProcessor(std::shared_ptr<graph::Processor> processor, const Planar& input,
                           int blockSize, double sampleRate = 48000.0, int threads = 1) {
  const int inputs = processor->numInputChannels(), outputs = processor->numOutputChannels();
  graph::Engine engine({sampleRate, blockSize, inputs, outputs, threads});
  const graph::NodeId node = engine.add(processor);
  if (inputs > 0) engine.connect(graph::Graph::kInput, node);
  engine.connect(node, graph::Graph::kOutput);
  std::vector<float*> rows;
  for (const auto& c : input.channels) rows.push_back(const_cast<float*>(c.data()));
  const AudioBlockView in(rows.data(), static_cast<int>(rows.size()), input.frames());
  const AudioBuffer out = engine.render(input.frames(), {}, &in);
  Planar result;
  for (int c = 0; c < outputs; ++c)
    result.channels.emplace_back(out.channel(c), out.channel(c) + out.numFrames());
  return result;
}

}  // namespace tonewood::test
