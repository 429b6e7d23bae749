#include "tonewood/graph/nodes/beat_sequencer.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "tonewood/core/errors.hpp"
#include "tonewood/midi/message.hpp"

namespace tonewood::graph {

namespace {

bool isNoteOff(const BeatSequencer::Step& s) {
  const int kind = s.bytes[0] & 0xF0;
  return kind == 0x80 || (kind == 0x90 && s.size == 3 && s.bytes[2] == 0);
}

}  // namespace

BeatSequencer::BeatSequencer() : Processor("beat sequencer", {}, {0, 0, false, true}) {
  pattern_.publish(std::make_unique<Pattern>());
}

BeatSequencer::~BeatSequencer() = default;

void BeatSequencer::setPattern(std::vector<Step> steps, double loopBeats) {
  requireInRange("loop length", loopBeats, 0.0, 1e9, "beats");
  for (const Step& s : steps) {
    requireInRange("step beat", s.beat, 0.0, loopBeats > 0.0 ? std::nextafter(loopBeats, 0.0) : 1e9,
                   "beats");
    if (s.size < 1 || s.size > 3 || s.bytes[0] < 0x80 || s.bytes[0] >= 0xF0 ||
        s.size != 1 + midi::dataBytesAfter(s.bytes[0]) ||
        std::any_of(s.bytes.begin() + 1, s.bytes.begin() + s.size, [](auto b) { return b > 0x7F; }))
      throw InvalidArgumentError(
          "a sequencer step must be one channel message (status 0x80-0xEF "
          "and its data bytes), got " +
          std::to_string(s.size) + " bytes starting " + std::to_string(s.bytes[0]));
  }
  std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) {
    if (a.beat != b.beat) return a.beat < b.beat;
    return isNoteOff(a) && !isNoteOff(b);  // a note repeated on the beat sounds again
  });
  pattern_.publish(std::make_unique<Pattern>(Pattern{std::move(steps), loopBeats}));
}

void BeatSequencer::prepareToPlay(const ProcessSpec&) {
  resetState();
}

void BeatSequencer::resetState() noexcept {
  wasPlaying_ = false;
  doneUpTo_ = 0.0;
  for (auto& notes : sounding_) notes.reset();
}

void BeatSequencer::endNotes(EventBuffer& out, std::uint32_t frame) noexcept {
  for (std::uint8_t channel = 0; channel < 16; ++channel) {
    if (sounding_[channel].none()) continue;
    for (std::uint8_t note = 0; note < 128; ++note)
      if (sounding_[channel][note]) {
        const std::uint8_t off[3] = {static_cast<std::uint8_t>(0x80 | channel), note, 0};
        out.addMidi(frame, off, 3);
      }
    sounding_[channel].reset();
  }
}

void BeatSequencer::send(EventBuffer& out, std::uint32_t frame, const Step& step) noexcept {
  const int kind = step.bytes[0] & 0xF0;
  const int channel = step.bytes[0] & 0x0F;
  if (kind == 0x90 || kind == 0x80) {
    const bool on = !isNoteOff(step);
    // A note-off ends only what this sequencer started (a looped note's off wraps before its
    // first on).
    if (!on && !sounding_[channel][step.bytes[1]]) return;
    sounding_[channel][step.bytes[1]] = on;
  }
  out.addMidi(frame, step.bytes.data(), step.size);
}

void BeatSequencer::render(const ProcessContext& c) noexcept {
  if (pattern_.acquire() && pattern_.current()) {
    // A new pattern: what sounds of the old one ends here.
    endNotes(*c.outputEvents, 0);
  }
  const TransportPosition& t = *c.transport;
  EventBuffer& out = *c.outputEvents;
  if (!t.playing) {
    if (wasPlaying_) endNotes(out, 0);
    wasPlaying_ = false;
    return;
  }
  const double from = t.beatAt(t.frame);
  if (t.jumped || !wasPlaying_) {
    if (wasPlaying_) endNotes(out, 0);
    doneUpTo_ = from;
  }
  wasPlaying_ = true;
  const double to = t.beatAt(t.frame + c.frames);
  const double start = std::max(from, doneUpTo_);  // never send a beat twice
  const Pattern* p = pattern_.current();
  if (!p || p->steps.empty() || to <= start) return;
  doneUpTo_ = to;
  auto sendWithin = [&](double offset, double lo, double hi) {
    // Steps whose beat + offset lies in [lo, hi).
    auto it = std::lower_bound(p->steps.begin(), p->steps.end(), lo - offset,
                               [](const Step& s, double b) { return s.beat < b; });
    for (; it != p->steps.end() && it->beat + offset < hi; ++it)
      send(out, static_cast<std::uint32_t>(firstFrameAtBeat(t, c.frames, it->beat + offset)), *it);
  };
  if (p->loopBeats <= 0.0) {
    sendWithin(0.0, start, to);
    return;
  }
  const double loop = p->loopBeats;
  for (double k = std::floor(start / loop); k * loop < to; k += 1.0)
    sendWithin(k * loop, std::max(start, k * loop), std::min(to, (k + 1.0) * loop));
}

std::vector<BeatSequencer::Step> beatStepsOf(const midi::MidiFile& file) {
  if (file.isSmpte())
    throw InvalidArgumentError(
        "a MIDI file timed in SMPTE frames has no beats to place on the beat grid");
  std::vector<BeatSequencer::Step> steps;
  const double perBeat = file.ticksPerBeat();
  for (const midi::MidiTrack& track : file.tracks)
    for (const midi::MidiEvent& e : track.events) {
      if (e.kind != midi::EventKind::Message) continue;
      BeatSequencer::Step step;
      step.beat = static_cast<double>(e.tick) / perBeat;
      step.size = static_cast<std::uint8_t>(1 + midi::dataBytesAfter(e.bytes[0]));
      std::copy_n(e.bytes, step.size, step.bytes.begin());
      steps.push_back(step);
    }
  return steps;
}

}  // namespace tonewood::graph
