#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <vector>

#include "tonewood/core/realtime_handoff.hpp"
#include "tonewood/graph/processor.hpp"
#include "tonewood/midi/midi_file.hpp"

namespace tonewood::graph {

/// MIDI messages placed on the beat grid (quarter notes of the transport), sent as events on
/// their exact frames while the transport plays: wherever its tempo, a tempo map or an Ableton
/// Link session it follows puts those beats, whatever the block size. A pattern plays once from
/// beat 0 or repeats every `loopBeats`. A message is sent once: a beat the transport passes again
/// without a jump (a Link session pulling the beat back by a hair) does not repeat it. A note-off
/// is sent only for a note the sequencer started; notes still sounding when the transport stops
/// or jumps, or the pattern changes, are ended there.
class BeatSequencer final : public Processor {
 public:
  struct Step {
    double beat = 0.0;  ///< from the pattern's start; within [0, loopBeats) when it loops
    std::array<std::uint8_t, 3> bytes{};
    std::uint8_t size = 0;
  };

  BeatSequencer();
  ~BeatSequencer() override;

  /// Control thread: the pattern from the next block on. OutOfRangeError for a negative, NaN or
  /// infinite beat or loop length, or (looping) a beat at or past the loop's end;
  /// InvalidArgumentError for a step that is not one channel message of 1 to 3 bytes.
  void setPattern(std::vector<Step> steps, double loopBeats = 0.0);

 private:
  struct Pattern {
    std::vector<Step> steps;  // by beat; at one beat, note-offs first
    double loopBeats = 0.0;
  };
  void prepareToPlay(const ProcessSpec& spec) override;
  void resetState() noexcept override;
  void render(const ProcessContext& context) noexcept override;
  void endNotes(EventBuffer& out, std::uint32_t frame) noexcept;
  void send(EventBuffer& out, std::uint32_t frame, const Step& step) noexcept;

  RealtimeHandoff<Pattern> pattern_;
  // Audio thread.
  bool wasPlaying_ = false;
  double doneUpTo_ = 0.0;                        // beats before this were sent
  std::array<std::bitset<128>, 16> sounding_{};  // notes on, by channel
};

/// A MIDI file's channel messages as sequencer steps, at their ticks in beats (quarter notes; the
/// file's own tempo map plays no part: the transport's tempo does). InvalidArgumentError for a
/// file timed in SMPTE frames, which has no beats.
std::vector<BeatSequencer::Step> beatStepsOf(const midi::MidiFile& file);

}  // namespace tonewood::graph
