#pragma once

#include <memory>
#include <vector>

#include "tonewood/core/realtime_handoff.hpp"
#include "tonewood/dsp/gain_ramp.hpp"
#include "tonewood/graph/processor.hpp"
#include "tonewood/timeline/automation.hpp"

namespace tonewood::timeline {

/// A track's fader section, stereo in and out: `volume_db` (-120..+24 dB), `pan` (-1..+1, a
/// balance: the centre leaves both sides as they are, under the -3 dB law), `mute` and `invert`.
/// Set by hand, a change glides over 64 frames. A volume or pan automation lane, when given,
/// drives that control on every frame of the timeline instead: the output is
/// in * 10^(dB / 20) * pan gain, computed in double (to 1e-14) and rounded once to float, so a
/// ramp comes out exact per sample whatever the block size.
class TrackStrip final : public graph::Processor {
 public:
  static constexpr std::size_t kVolumeDb = 0, kPan = 1, kMute = 2, kInvert = 3;
  static constexpr double kMinVolumeDb = -120.0, kMaxVolumeDb = 24.0;

  explicit TrackStrip(float volumeDb = 0.0f, float pan = 0.0f);
  ~TrackStrip() override;
  bool processesInPlace() const noexcept override { return true; }

  /// Lanes for volume (dB) and pan (empty lanes: none); heard from the next block. Control thread.
  void setAutomation(ScheduledLane volume, ScheduledLane pan);

 private:
  struct Lanes {
    ScheduledLane volume, pan;
  };
  void prepareToPlay(const ProcessSpec& spec) override;
  void resetState() noexcept override;
  void render(const graph::ProcessContext& context) noexcept override;
  void parameterChanged(std::size_t index, float value) noexcept override;
  void retarget(bool glide) noexcept;

  RealtimeHandoff<Lanes> lanes_;
  dsp::GainRamp fader_[2];       // by hand: volume and pan, per side
  dsp::GainRamp switch_[2];      // mute and polarity, per side
  std::vector<double> scratch_;  // a block's lane values: volume and pan (prepare sizes it)
  bool primed_ = false;
};

}  // namespace tonewood::timeline
