#include "tonewood/timeline/midi_clip.hpp"

#include "tonewood/core/errors.hpp"

namespace tonewood::timeline {

void MidiClip::validate() const {
  const std::string what = "MIDI clip '" + name + "'";
  requirePosition(what + " start", start);
  if (file.isSmpte())
    throw InvalidArgumentError(what + " is timed in SMPTE frames; a clip needs beats (PPQ)");
}

double MidiClip::lengthBeats() const noexcept {
  const int ppq = file.ticksPerBeat();
  return ppq > 0 ? static_cast<double>(file.lengthTicks()) / ppq : 0.0;
}

graph::MidiPlayer::TickPlacement MidiClip::placement(const TempoMap& map) const {
  const double first = start.beatsOn(map), ppq = file.ticksPerBeat();
  return [map, first, ppq](std::int64_t tick, double sampleRate) {
    return map.frameAt(first + static_cast<double>(tick) / ppq, sampleRate);
  };
}

}  // namespace tonewood::timeline
