#pragma once

#include <functional>
#include <memory>
#include <string>

#include "tonewood/graph/processor.hpp"
#include "tonewood/midi/midi_file.hpp"
#include "tonewood/timeline/session.hpp"

namespace tonewood::timeline {

/// Makes the instrument for an imported track, given the track's name.
using InstrumentMaker = std::function<std::shared_ptr<graph::Processor>(const std::string& name)>;

/// A session from a MIDI file: its tempo map and time signatures, and one instrument track per
/// file track that holds channel messages, named after the track (or "track N"), with the track's
/// events as one MIDI clip at beat 0 and the instrument `makeInstrument` gives. Throws
/// InvalidArgumentError for a file timed in SMPTE frames or with no channel messages.
Session sessionFromMidi(const midi::MidiFile& file, double sampleRate,
                        const InstrumentMaker& makeInstrument);

}  // namespace tonewood::timeline
