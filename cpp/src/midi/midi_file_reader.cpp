// Standard MIDI File parsing. Every length is checked against the bytes that remain before
// anything is allocated, so no field can ask for more than the file holds. Memory still grows
// with the file: an event can be as short as 2 bytes and is held as a MidiEvent of about 40, so
// a file costs up to ~20 times its size. Files over 256 MiB (MIDI files are rarely over a few
// megabytes) are refused, which bounds a read at about 5 GiB.
#include <algorithm>
#include <fstream>
#include <iterator>

#include "tonewood/core/errors.hpp"
#include "tonewood/core/file_access.hpp"
#include "tonewood/midi/midi_file.hpp"

namespace tonewood::midi {

namespace {

constexpr std::int64_t kMaxFileBytes = std::int64_t{256} << 20;

class Reader {
 public:
  Reader(const std::uint8_t* data, std::size_t size, const std::string& name)
      : data_(data), size_(static_cast<std::int64_t>(size)), name_(name) {}

  std::int64_t offset() const noexcept { return at_; }
  std::int64_t remaining() const noexcept { return size_ - at_; }
  [[noreturn]] void fail(const std::string& problem, std::int64_t where = -2) const {
    throw MidiFileError(name_, where == -2 ? at_ : where, problem);
  }
  void need(std::int64_t n, const char* what) const {
    if (n > remaining())
      fail(std::string(what) + " needs " + std::to_string(n) + " bytes, only " +
           std::to_string(remaining()) + " remain (truncated file)");
  }
  std::uint8_t byte(const char* what) {
    need(1, what);
    return data_[at_++];
  }
  std::uint32_t big(int n, const char* what) {
    need(n, what);
    std::uint32_t v = 0;
    for (int i = 0; i < n; ++i) v = v << 8 | data_[at_++];
    return v;
  }
  // A variable-length quantity: at most four bytes (28 bits), as the format allows.
  std::int64_t vlq(const char* what) {
    const std::int64_t start = at_;
    std::int64_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const std::uint8_t b = byte(what);
      v = v << 7 | (b & 0x7F);
      if (!(b & 0x80)) return v;
    }
    fail(std::string(what) + " is longer than 4 bytes", start);
  }
  const std::uint8_t* take(std::int64_t n, const char* what) {
    need(n, what);
    const std::uint8_t* p = data_ + at_;
    at_ += n;
    return p;
  }

 private:
  const std::uint8_t* data_;
  std::int64_t size_;
  const std::string& name_;
  std::int64_t at_ = 0;
};

MidiTrack readTrack(Reader& r, std::int64_t end) {
  MidiTrack track;
  track.events.reserve(
      static_cast<std::size_t>((end - r.offset()) / 3));  // events are >= 2 bytes; most 3-4
  std::int64_t tick = 0;
  std::uint8_t running = 0;
  while (r.offset() < end) {
    tick += r.vlq("a delta time");
    const std::int64_t eventStart = r.offset();
    const std::uint8_t first = r.byte("an event");
    // Running status: a data byte first means "the previous channel status again". It is kept
    // across meta and SysEx events, as readers commonly allow.
    const bool runningOn = first < 0x80;
    if (runningOn && running == 0)
      r.fail("a data byte with no running status to continue", eventStart);
    const std::uint8_t status = runningOn ? running : first;
    if (status == 0xFF) {
      const std::uint8_t type = r.byte("a meta event type");
      const std::int64_t length = r.vlq("a meta event length");
      const std::uint8_t* p = r.take(length, "a meta event");
      if (type == meta::kEndOfTrack) {
        track.endTick = tick;
        if (r.offset() < end) r.take(end - r.offset(), "the rest of the track");  // ignored
        return track;
      }
      MidiEvent e;
      e.tick = tick;
      e.kind = EventKind::Meta;
      e.metaType = type;
      e.data.assign(p, p + length);
      track.events.push_back(std::move(e));
    } else if (status == 0xF0 || status == 0xF7) {
      const std::int64_t length = r.vlq("a SysEx length");
      const std::uint8_t* p = r.take(length, "a SysEx event");
      MidiEvent e;
      e.tick = tick;
      e.kind = status == 0xF0 ? EventKind::SysEx : EventKind::Escape;
      e.data.assign(p, p + length);
      track.events.push_back(std::move(e));
    } else if (status >= 0xF0) {
      r.fail("status byte " + std::to_string(status) + " has no place in a MIDI file track",
             eventStart);
    } else {
      running = status;
      const int n = dataBytesAfter(status) == 1 ? 1 : 2;  // channel messages carry 1 or 2
      MidiEvent& e = track.events.emplace_back();
      e.tick = tick;
      e.bytes[0] = status;
      e.bytes[1] = first;
      for (int i = runningOn ? 1 : 0; i < n; ++i) {
        const std::uint8_t b = r.byte("a channel message");
        if (b > 0x7F)
          r.fail("a channel message is cut short by status byte " + std::to_string(b),
                 r.offset() - 1);
        e.bytes[1 + i] = b;
      }
    }
  }
  track.endTick = tick;  // no end-of-track event: it ends after its last event
  return track;
}

}  // namespace

MidiFile MidiFile::parse(const std::uint8_t* data, std::size_t size, const std::string& name) {
  Reader r(data, size, name);
  if (size < 14 || std::string(reinterpret_cast<const char*>(data), 4) != "MThd")
    r.fail("not a Standard MIDI File (no MThd header)", 0);
  r.take(4, "the header");
  const std::uint32_t headerLength = r.big(4, "the header length");
  if (headerLength < 6) r.fail("header length " + std::to_string(headerLength) + " is below 6", 4);
  MidiFile file;
  const std::int64_t headerEnd = r.offset() + headerLength;
  file.format = static_cast<int>(r.big(2, "the format"));
  if (file.format > 2) r.fail("format " + std::to_string(file.format) + " is not 0, 1 or 2", 8);
  const std::uint32_t declaredTracks = r.big(2, "the track count");
  file.division = static_cast<std::uint16_t>(r.big(2, "the division"));
  if (file.division == 0) r.fail("division 0 ticks per beat", 12);
  r.take(headerEnd - r.offset(), "the header");
  // Tracks are read as many as the header declares, as mido reads them; other chunks among them
  // are kept. What follows the last declared track is kept as bytes, unread.
  while (file.tracks.size() < declaredTracks && r.remaining() >= 8) {
    const std::int64_t chunkStart = r.offset();
    // Another header starts another file, even before this one's tracks are all there.
    if (std::equal(data + chunkStart, data + chunkStart + 4,
                   reinterpret_cast<const std::uint8_t*>("MThd")))
      break;
    const std::uint8_t* id = r.take(4, "a chunk id");
    const std::int64_t length = r.big(4, "a chunk length");
    if (length > r.remaining())
      r.fail("chunk length " + std::to_string(length) + " runs past the end of the file (" +
                 std::to_string(r.remaining()) + " bytes remain)",
             chunkStart + 4);
    if (std::string(reinterpret_cast<const char*>(id), 4) == "MTrk") {
      file.tracks.push_back(readTrack(r, r.offset() + length));
    } else {
      ExtraChunk chunk;
      std::copy(id, id + 4, chunk.id.begin());
      const std::uint8_t* p = r.take(length, "a chunk");
      chunk.data.assign(p, p + length);
      chunk.beforeTrack = file.tracks.size();
      file.extraChunks.push_back(std::move(chunk));
    }
  }
  // Chunks of other kinds right after the last track are the file's too (the writer puts kept
  // chunks there); an MThd or MTrk, or bytes that are no chunk, start what is not read.
  while (r.remaining() >= 8) {
    const std::int64_t at = r.offset();
    const std::string id(reinterpret_cast<const char*>(data + at), 4);
    const std::int64_t length = (std::int64_t{data[at + 4]} << 24) | (data[at + 5] << 16) |
                                (data[at + 6] << 8) | data[at + 7];
    if (id == "MThd" || id == "MTrk" || length > r.remaining() - 8) break;
    r.take(8, "a chunk header");
    ExtraChunk chunk;
    std::copy(id.begin(), id.end(), chunk.id.begin());
    const std::uint8_t* p = r.take(length, "a chunk");
    chunk.data.assign(p, p + length);
    chunk.beforeTrack = file.tracks.size();
    file.extraChunks.push_back(std::move(chunk));
  }
  if (file.tracks.size() < declaredTracks)
    file.warnings.push_back("the header promises " + std::to_string(declaredTracks) +
                            " tracks, the file holds " + std::to_string(file.tracks.size()) +
                            "; read what is there");
  if (r.remaining() > 0) {
    const std::int64_t at = r.offset();
    const std::uint8_t* p = r.take(r.remaining(), "the rest");
    file.trailingBytes.assign(p, p + (static_cast<std::int64_t>(size) - at));
    const bool anotherFile = file.trailingBytes.size() >= 4 &&
                             std::equal(p, p + 4, reinterpret_cast<const std::uint8_t*>("MThd"));
    file.warnings.push_back(std::to_string(file.trailingBytes.size()) + " bytes after the " +
                            std::to_string(declaredTracks) + " declared track" +
                            (declaredTracks == 1 ? "" : "s") + " (from byte " + std::to_string(at) +
                            (anotherFile ? ", another MThd" : "") +
                            ") are kept as they are, not read");
  }
  if (file.format == 0 && file.tracks.size() > 1) {
    file.warnings.push_back("a format 0 file holds one track, this one " +
                            std::to_string(file.tracks.size()) + "; read as format 1");
    file.format = 1;
  }
  return file;
}

MidiFile MidiFile::read(const std::string& path) {
  if (const std::string why = unreadableFileReason(path); !why.empty())
    throw MidiFileError(path, -1, "cannot read: " + why);
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw MidiFileError(path, -1, "cannot open the file");
  const std::int64_t size = in.tellg();
  if (size > kMaxFileBytes)
    throw MidiFileError(
        path, -1,
        "the file is " + std::to_string(size) + " bytes; MIDI files over 256 MiB are not read");
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
  in.seekg(0);
  if (!in.read(reinterpret_cast<char*>(bytes.data()), size))
    throw MidiFileError(path, -1, "reading the file failed");
  return parse(bytes.data(), bytes.size(), path);
}

}  // namespace tonewood::midi
