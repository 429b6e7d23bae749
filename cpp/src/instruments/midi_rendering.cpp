#include "tonewood/instruments/midi_rendering.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <vector>

#include "tonewood/core/errors.hpp"
#include "tonewood/midi/performance_events.hpp"
#include "tonewood/midi/tempo_map.hpp"

namespace tonewood::instruments {

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
      if (auto e = midi::performanceEventFor(events[next].message, events[next].sample - pos)) {
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

}  // namespace tonewood::instruments
