#pragma once

#include "tonewood/dsp/stereo_delay.hpp"
#include "tonewood/effects/stereo_effect.hpp"

namespace tonewood::effects {

/// Stereo feedback delay: a time per side (up to 4 s, gliding over 50 ms when changed),
/// feedback, a dry/wet mix, ping-pong, a lock that gives the right side the left side's time,
/// and per-side sync to a note value at the transport's tempo.
class Delay final : public StereoEffect<dsp::StereoDelay> {
 public:
  static constexpr std::size_t kTimeLeftS = 0, kTimeRightS = 1, kFeedback = 2, kMix = 3,
                               kPingPong = 4, kLock = 5, kSyncLeft = 6, kSyncRight = 7,
                               kNoteValueLeft = 8, kNoteValueRight = 9;
  Delay();

 private:
  void configure(double tempoBpm) noexcept override;
  bool followsTempo() const noexcept override;
};

}  // namespace tonewood::effects
