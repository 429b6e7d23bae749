#pragma once

#include <cstdio>
#include <string>

#include "tonewood/midi/midi_file.hpp"

namespace tonewood::cli {

/// Reads a MIDI file and prints what reading had to be lenient about to stderr.
inline midi::MidiFile readMidiFile(const std::string& path) {
  midi::MidiFile file = midi::MidiFile::read(path);
  for (const std::string& w : file.warnings)
    std::fprintf(stderr, "tonewood: warning: %s: %s\n", path.c_str(), w.c_str());
  return file;
}

}  // namespace tonewood::cli
