#pragma once

#include <memory>
#include <string>

#include "tonewood/graph/processor.hpp"
#include "tonewood/instruments/midi_rendering.hpp"
#include "tonewood/midi/midi_file.hpp"

/// A MIDI file played on an instrument, to an audio file: what `render` and `plugins render`
/// share.
namespace tonewood::cli {

/// Renders `song` on `instrument` with `options` (progress on a terminal unless `quiet`) and
/// writes `output` (`subtype` empty: the format's default). Returns the seconds written.
double renderMidiToFile(const midi::MidiFile& song, std::shared_ptr<graph::Processor> instrument,
                        const instruments::MidiRenderOptions& options, const std::string& output,
                        const std::string& subtype, bool quiet);

}  // namespace tonewood::cli
