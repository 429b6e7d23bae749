#include "tonewood/graph/nodes/midi_player.hpp"

#include <algorithm>
#include <utility>

#include "tonewood/midi/tempo_map.hpp"

namespace tonewood::graph {

MidiPlayer::MidiPlayer(const midi::MidiFile& file, TickPlacement placement)
    : Processor("midi player", {}, {0, 0, false, true}),
      file_(file),
      placement_(std::move(placement)) {}

std::int64_t MidiPlayer::lengthFrames(double sampleRate) const {
  return placement_ ? placement_(file_.lengthTicks(), sampleRate)
                    : midi::TempoMap::of(file_).sample(file_.lengthTicks(), sampleRate);
}

void MidiPlayer::prepareToPlay(const ProcessSpec& spec) {
  const midi::TempoMap tempo = midi::TempoMap::of(file_);
  auto frameOf = [&](std::int64_t tick) {
    return placement_ ? placement_(tick, spec.sampleRate) : tempo.sample(tick, spec.sampleRate);
  };
  events_.clear();
  bytes_.clear();
  for (const midi::MidiTrack& track : file_.tracks)
    for (const midi::MidiEvent& e : track.events) {
      const auto at = static_cast<std::uint32_t>(bytes_.size());
      if (e.kind == midi::EventKind::Message) {
        const int size = midi::dataBytesAfter(e.bytes[0]) + 1;
        bytes_.insert(bytes_.end(), e.bytes, e.bytes + size);
      } else if (e.kind == midi::EventKind::SysEx && !e.data.empty() && e.data.back() == 0xF7) {
        bytes_.push_back(0xF0);
        bytes_.insert(bytes_.end(), e.data.begin(), e.data.end());
      } else {
        continue;  // meta events and SysEx continuations are not sent
      }
      events_.push_back({frameOf(e.tick), at, static_cast<std::uint32_t>(bytes_.size()) - at});
    }
  // Tracks were appended one after another: a stable sort keeps each track's order and puts
  // simultaneous events of earlier tracks first.
  std::stable_sort(events_.begin(), events_.end(),
                   [](const Timed& a, const Timed& b) { return a.frame < b.frame; });
  resetState();
}

void MidiPlayer::resetState() noexcept {
  next_ = 0;
  sounding_.reset();
  pedal_.reset();
}

void MidiPlayer::track(const std::uint8_t* m) noexcept {
  const int channel = m[0] & 0x0F;
  switch (m[0] & 0xF0) {
    case 0x90:
      sounding_.set(static_cast<std::size_t>(channel * 128 + m[1]), m[2] > 0);
      break;
    case 0x80:
      sounding_.reset(static_cast<std::size_t>(channel * 128 + m[1]));
      break;
    case 0xB0:
      if (m[1] == 64) pedal_.set(static_cast<std::size_t>(channel), m[2] >= 64);
      break;
    default:
      break;
  }
}

void MidiPlayer::release(EventBuffer& out) noexcept {
  for (std::size_t i = 0; i < sounding_.size(); ++i)
    if (sounding_.test(i))
      out.add(Event::midi(0, static_cast<std::uint8_t>(0x80 | (i / 128)),
                          static_cast<std::uint8_t>(i % 128), 0));
  for (std::size_t ch = 0; ch < pedal_.size(); ++ch)
    if (pedal_.test(ch)) out.add(Event::midi(0, static_cast<std::uint8_t>(0xB0 | ch), 64, 0));
  sounding_.reset();
  pedal_.reset();
}

void MidiPlayer::render(const ProcessContext& c) noexcept {
  const TransportPosition& t = *c.transport;
  if (t.jumped) {
    release(*c.outputEvents);
    next_ = static_cast<std::size_t>(
        std::lower_bound(events_.begin(), events_.end(), t.frame,
                         [](const Timed& e, std::int64_t frame) { return e.frame < frame; }) -
        events_.begin());
  }
  if (!t.playing) return;
  const std::int64_t end = t.frame + c.frames;
  for (; next_ < events_.size() && events_[next_].frame < end; ++next_) {
    const Timed& e = events_[next_];
    const std::uint8_t* bytes = bytes_.data() + e.offset;
    const auto at = static_cast<std::uint32_t>(std::max<std::int64_t>(0, e.frame - t.frame));
    // A full block keeps the rest for the next one: late rather than lost.
    if (!c.outputEvents->addMidi(at, bytes, e.size)) break;
    if (bytes[0] < 0xF0) track(bytes);
  }
}

}  // namespace tonewood::graph
