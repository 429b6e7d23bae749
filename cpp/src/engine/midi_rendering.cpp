#include "tonewood/engine/midi_rendering.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <vector>

#include "tonewood/core/errors.hpp"
#include "tonewood/midi/tempo_map.hpp"

namespace tonewood::engine {

std::optional<PerformanceEvent> performanceEventFor(const midi::Message& m, std::int64_t frame) {
  using midi::MessageType;
  const int ch = m.channel();
  switch (m.type()) {
    case MessageType::NoteOn:
      return m.velocity() == 0 ? makeNoteOff(m.note(), 0.0f, ch, frame)
                               : makeNoteOn(m.note(), velocityFromMidi(m.velocity()), ch, frame);
    case MessageType::NoteOff:
      return makeNoteOff(m.note(), velocityFromMidi(m.velocity()), ch, frame);
    case MessageType::PitchBend:
      return makePitchBend(pitchBendFrom14Bit(m.value() + 8192), ch, frame);
    case MessageType::ChannelPressure:
      return makeChannelPressure(static_cast<float>(m.value()) / 127.0f, ch, frame);
    case MessageType::PolyPressure:
      return makePolyPressure(m.note(), static_cast<float>(m.value()) / 127.0f, ch, frame);
    case MessageType::ControlChange:
      return makeControlChange(m.controller(), static_cast<float>(m.value()) / 127.0f, ch, frame);
    case MessageType::ProgramChange:
      return makeProgramChange(m.value(), ch, frame);
    default:
      return std::nullopt;
  }
}

void usePluckedStringPatch(synth::ResonatorSynth& synth) {
  ParamRegistry& params = synth.params();
  params.setValue(params.indexOf("impExciter0 enabled"), 1.0f);
  params.setValue(params.indexOf("enabled wb0r0"), 1.0f);
  params.setValue(params.indexOf("decayTime wb0r0"), 2.0f);
  params.setValue(params.indexOf("decayFilterCutoff wb0r0"), 6000.0f);
}

AudioBuffer renderMidi(const midi::MidiFile& file, synth::ResonatorSynth& synth,
                       const MidiRenderOptions& options, const ProgressCallback& progress) {
  requireInRange("tail", options.tailSeconds, 0.0, 3600.0, "s");
  const double rate = synth.spec().sampleRate;
  const midi::TempoMap tempo = midi::TempoMap::of(file);
  struct Timed {
    std::int64_t sample;
    midi::Message message;
  };
  std::vector<Timed> events;
  for (const midi::MidiTrack& track : file.tracks)
    for (const midi::MidiEvent& e : track.events)
      if (e.kind == midi::EventKind::Message)
        events.push_back({tempo.sample(e.tick, rate), e.message()});
  // Tracks were appended one after another: a stable sort keeps each track's order and puts
  // simultaneous events of earlier tracks first.
  std::stable_sort(events.begin(), events.end(),
                   [](const Timed& a, const Timed& b) { return a.sample < b.sample; });
  const std::int64_t end =
      std::max(tempo.sample(file.lengthTicks(), rate), events.empty() ? 0 : events.back().sample);
  const std::int64_t total = end + std::llround(options.tailSeconds * rate);
  if (total > INT_MAX)
    throw OutOfRangeError("the rendering would last " + std::to_string(total) +
                          " frames; at most " + std::to_string(INT_MAX) + " fit one buffer");
  AudioBuffer out(2, static_cast<int>(total));
  // Windows of at most 64k frames and at most 4000 events (the synth schedules 4096).
  constexpr std::int64_t kWindowFrames = 65536;
  constexpr std::size_t kWindowEvents = 4000;
  std::size_t next = 0;
  for (std::int64_t pos = 0; pos < total;) {
    std::int64_t stop = std::min(total, pos + kWindowFrames);
    std::size_t queued = 0;
    while (next < events.size() && events[next].sample < stop) {
      if (queued == kWindowEvents) {
        stop = std::max(pos + 1, events[next].sample);  // render up to it, queue the rest later
        break;
      }
      if (auto e = performanceEventFor(events[next].message, events[next].sample - pos)) {
        synth.schedule(*e);
        ++queued;
      }
      ++next;
    }
    float* rows[] = {out.channel(0) + pos, out.channel(1) + pos};
    synth.render(AudioBlockView(rows, 2, static_cast<int>(stop - pos)), options.blockSize);
    pos = stop;
    if (progress) progress(static_cast<double>(pos) / static_cast<double>(total));
  }
  return out;
}

}  // namespace tonewood::engine
