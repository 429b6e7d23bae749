// Standard MIDI Files: any bytes either parse or raise MidiFileError; what parses must serialise
// and read back to the same file (the reader accepts only what the writer can write).
#include <cstdint>
#include <cstdlib>

#include "tonewood/core/errors.hpp"
#include "tonewood/midi/midi_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using tonewood::midi::MidiFile;
  MidiFile file;
  try {
    file = MidiFile::parse(data, size, "fuzz");
  } catch (const tonewood::MidiFileError&) {
    return 0;
  }
  const auto bytes = file.serialize();
  const MidiFile again = MidiFile::parse(bytes.data(), bytes.size(), "again");
  if (!(again == file)) std::abort();  // a lossy round trip is a bug
  return 0;
}
