// Standard MIDI File writing: minimal variable-length quantities, optional running status
// (restated after every meta and SysEx event), end-of-track last.
#include <cerrno>
#include <fstream>

#include "tonewood/core/errors.hpp"
#include "tonewood/core/file_replacement.hpp"
#include "tonewood/midi/midi_file.hpp"

namespace tonewood::midi {

namespace {

void putBig(std::vector<std::uint8_t>& out, std::uint32_t v, int n) {
  for (int i = n - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

// `name` is what errors call the file being written.
void putVlq(std::vector<std::uint8_t>& out, std::int64_t v, const std::string& name) {
  if (v < 0 || v > 0x0FFFFFFF)
    throw MidiFileError(name, -1,
                        "a delta time or length of " + std::to_string(v) +
                            " does not fit a MIDI file (0..268435455)");
  std::uint8_t groups[4];
  int n = 0;
  do {
    groups[n++] = static_cast<std::uint8_t>(v & 0x7F);
    v >>= 7;
  } while (v > 0);
  while (n > 1) out.push_back(static_cast<std::uint8_t>(groups[--n] | 0x80));
  out.push_back(groups[0]);
}

void putTrack(std::vector<std::uint8_t>& out, const MidiTrack& track, bool runningStatus,
              const std::string& name) {
  out.insert(out.end(), {'M', 'T', 'r', 'k'});
  const std::size_t lengthAt = out.size();
  putBig(out, 0, 4);
  std::int64_t tick = 0;
  std::uint8_t running = 0;
  for (const MidiEvent& e : track.events) {
    if (e.tick < tick)
      throw MidiFileError(name, -1,
                          "track events are out of time order (tick " + std::to_string(e.tick) +
                              " after " + std::to_string(tick) + ")");
    putVlq(out, e.tick - tick, name);
    tick = e.tick;
    switch (e.kind) {
      case EventKind::Message: {
        const auto n = static_cast<std::size_t>(dataBytesAfter(e.bytes[0]) + 1);
        const bool skip = runningStatus && e.bytes[0] == running;
        out.insert(out.end(), e.bytes + (skip ? 1 : 0), e.bytes + n);
        running = e.bytes[0];
        break;
      }
      case EventKind::Meta:
        out.push_back(0xFF);
        out.push_back(e.metaType);
        putVlq(out, static_cast<std::int64_t>(e.data.size()), name);
        out.insert(out.end(), e.data.begin(), e.data.end());
        running = 0;
        break;
      case EventKind::SysEx:
      case EventKind::Escape:
        out.push_back(e.kind == EventKind::SysEx ? 0xF0 : 0xF7);
        putVlq(out, static_cast<std::int64_t>(e.data.size()), name);
        out.insert(out.end(), e.data.begin(), e.data.end());
        running = 0;
        break;
    }
  }
  putVlq(out, std::max(track.endTick, tick) - tick, name);
  out.insert(out.end(), {0xFF, meta::kEndOfTrack, 0x00});
  const auto length = static_cast<std::uint32_t>(out.size() - lengthAt - 4);
  for (int i = 0; i < 4; ++i) out[lengthAt + i] = static_cast<std::uint8_t>(length >> (24 - 8 * i));
}

void putChunk(std::vector<std::uint8_t>& out, const ExtraChunk& chunk) {
  out.insert(out.end(), chunk.id.begin(), chunk.id.end());
  putBig(out, static_cast<std::uint32_t>(chunk.data.size()), 4);
  out.insert(out.end(), chunk.data.begin(), chunk.data.end());
}

std::vector<std::uint8_t> encode(const MidiFile& file, bool runningStatus,
                                 const std::string& name) {
  const auto& tracks = file.tracks;
  if (file.format == 0 && tracks.size() > 1)
    throw MidiFileError(
        name, -1, "a format 0 file holds one track, this one has " + std::to_string(tracks.size()));
  if (tracks.size() > 0xFFFF) throw MidiFileError(name, -1, "more than 65535 tracks");
  std::size_t events = 0;
  for (const MidiTrack& t : tracks) events += t.events.size();
  std::vector<std::uint8_t> out = {'M', 'T', 'h', 'd'};
  out.reserve(64 + events * 4);
  putBig(out, 6, 4);
  putBig(out, static_cast<std::uint32_t>(file.format), 2);
  putBig(out, static_cast<std::uint32_t>(tracks.size()), 2);
  putBig(out, file.division, 2);
  const auto& chunks = file.extraChunks;
  std::size_t chunk = 0;
  for (std::size_t t = 0; t <= tracks.size(); ++t) {
    for (; chunk < chunks.size() && chunks[chunk].beforeTrack <= t; ++chunk)
      putChunk(out, chunks[chunk]);
    if (t < tracks.size()) putTrack(out, tracks[t], runningStatus, name);
  }
  for (; chunk < chunks.size(); ++chunk) putChunk(out, chunks[chunk]);
  out.insert(out.end(), file.trailingBytes.begin(), file.trailingBytes.end());
  return out;
}

}  // namespace

std::vector<std::uint8_t> MidiFile::serialize(bool runningStatus) const {
  return encode(*this, runningStatus, "(writing)");
}

void MidiFile::save(const std::string& path, bool runningStatus) const {
  const std::vector<std::uint8_t> bytes = encode(*this, runningStatus, path);
  FileReplacement replacement(path);
  {
    std::ofstream out(replacement.temporaryPath(), std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) throw Error(replacement.failure(errno));
  }
  replacement.commit();
}

}  // namespace tonewood::midi
