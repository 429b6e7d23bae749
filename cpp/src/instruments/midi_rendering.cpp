#include "tonewood/instruments/midi_rendering.hpp"

#include <algorithm>
#include <climits>
#include <cmath>

#include "tonewood/core/errors.hpp"
#include "tonewood/graph/engine.hpp"
#include "tonewood/graph/nodes/midi_player.hpp"
#include "tonewood/midi/file_transforms.hpp"
#include "tonewood/midi/message_transform.hpp"

namespace tonewood::instruments {

AudioBuffer renderMidi(const midi::MidiFile& file, std::shared_ptr<graph::Processor> instrument,
                       const MidiRenderOptions& options, const ProgressCallback& progress) {
  requireInRange("tail", options.tailSeconds, 0.0, 3600.0, "s");
  if (!instrument || !instrument->acceptsEvents() || instrument->numOutputChannels() == 0)
    throw InvalidArgumentError(
        "a MIDI file plays on an instrument: a processor that takes "
        "events and gives audio");
  graph::EngineOptions engineOptions;
  engineOptions.sampleRate = options.sampleRate;
  engineOptions.maxBlockSize = options.blockSize;
  engineOptions.inputChannels = 0;
  engineOptions.outputChannels = instrument->numOutputChannels();
  engineOptions.eventsPerBlock = options.eventsPerBlock;
  graph::Engine engine(engineOptions);
  std::shared_ptr<graph::MidiPlayer> player;
  if (options.drums) {
    player = std::make_shared<graph::MidiPlayer>(file);
  } else {
    midi::MidiFile pitched = file;
    midi::MessageTransform withoutDrums;
    withoutDrums.channels = midi::MessageTransform::kAllButDrums;
    midi::transformMessages(pitched, withoutDrums);
    player = std::make_shared<graph::MidiPlayer>(pitched);
  }
  // An instrument with latency (a SoundFont's grid) is rendered that much longer and its first
  // frames taken off, so the result keeps the file's timing.
  const int latency = instrument->latencyFrames();
  const std::int64_t total = player->lengthFrames(options.sampleRate) +
                             std::llround(options.tailSeconds * options.sampleRate);
  if (total + latency > INT_MAX)
    throw OutOfRangeError("the rendering would last " + std::to_string(total) +
                          " frames; at most " + std::to_string(INT_MAX) + " fit one buffer");
  const graph::NodeId playerNode = engine.add(player, "midi file");
  const graph::NodeId instrumentNode = engine.add(std::move(instrument), "instrument");
  engine.connectEvents(playerNode, instrumentNode);
  engine.connect(instrumentNode, graph::Graph::kOutput);
  AudioBuffer rendered = engine.render(total + latency, progress);
  if (latency == 0) return rendered;
  AudioBuffer kept(rendered.numChannels(), static_cast<int>(total));
  for (int c = 0; c < kept.numChannels(); ++c)
    std::copy_n(rendered.channel(c) + latency, total, kept.channel(c));
  return kept;
}

}  // namespace tonewood::instruments
