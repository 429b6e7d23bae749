#include "tonewood/timeline/track_strip.hpp"

#include <cmath>

#include "tonewood/core/errors.hpp"
#include "tonewood/dsp/pan_law.hpp"

namespace tonewood::timeline {

namespace {

std::vector<ParamInfo> stripParams(float volumeDb, float pan) {
  ParamInfo p = ParamInfo::make("pan", "Pan", "", -1.0f, 1.0f, pan);
  p.symmetricSkew = true;
  return {ParamInfo::make("volume_db", "Volume", "dB", static_cast<float>(TrackStrip::kMinVolumeDb),
                          static_cast<float>(TrackStrip::kMaxVolumeDb), volumeDb),
          p, ParamInfo::toggle("mute", "Mute", false),
          ParamInfo::toggle("invert", "Invert Polarity", false)};
}

// A stereo balance: each side's gain under the -3 dB law over its gain in the centre.
dsp::PanGains balance(double position) noexcept {
  const dsp::PanGains g = dsp::panGains(position, dsp::PanLaw::ConstantPower);
  const dsp::PanGains centre = dsp::panGains(0.0, dsp::PanLaw::ConstantPower);
  return {g.left / centre.left, g.right / centre.right};
}

}  // namespace

TrackStrip::TrackStrip(float volumeDb, float pan)
    : Processor("track strip", stripParams(volumeDb, pan), {2, 2}),
      lanes_(std::make_unique<Lanes>()) {
  requireInRange("track volume", volumeDb, kMinVolumeDb, kMaxVolumeDb, "dB");
  requireInRange("track pan", pan, -1.0, 1.0, "");
}

TrackStrip::~TrackStrip() = default;

void TrackStrip::setAutomation(ScheduledLane volume, ScheduledLane pan) {
  lanes_.publish(std::make_unique<Lanes>(Lanes{std::move(volume), std::move(pan)}));
}

void TrackStrip::prepareToPlay(const ProcessSpec&) {
  lanes_.acquire();
  primed_ = false;
}

void TrackStrip::resetState() noexcept {
  primed_ = false;
  retarget(false);
}

void TrackStrip::retarget(bool glide) noexcept {
  const float volume = std::pow(10.0f, value(kVolumeDb) / 20.0f);
  const dsp::PanGains g = balance(value(kPan));
  fader_[0].set(volume * g.left, glide);
  fader_[1].set(volume * g.right, glide);
  const float sign = value(kMute) >= 0.5f ? 0.0f : value(kInvert) >= 0.5f ? -1.0f : 1.0f;
  switch_[0].set(sign, glide);
  switch_[1].set(sign, glide);
}

void TrackStrip::parameterChanged(std::size_t, float) noexcept {
  retarget(primed_);
}

void TrackStrip::render(const graph::ProcessContext& c) noexcept {
  primed_ = true;  // from now on changes glide; before any audio they apply at once
  lanes_.acquire();
  Lanes& lanes = *lanes_.current();
  const float* in[2] = {c.input.channel(0), c.input.channel(1)};
  float* out[2] = {c.output.channel(0), c.output.channel(1)};
  if (lanes.volume.empty() && lanes.pan.empty()) {
    fader_[0].apply(in[0], out[0], c.frames);
    fader_[1].apply(in[1], out[1], c.frames);
  } else {
    const graph::TransportPosition& t = *c.transport;
    const double volumeDb = value(kVolumeDb), pan = value(kPan);
    for (int i = 0; i < c.frames; ++i) {
      // Stopped, the lanes hold their value at the transport's position.
      const std::int64_t frame = t.playing ? t.frame + i : t.frame;
      const double db = lanes.volume.empty() ? volumeDb : lanes.volume.valueAt(frame);
      const dsp::PanGains g = balance(lanes.pan.empty() ? pan : lanes.pan.valueAt(frame));
      const double volume = std::pow(10.0, db / 20.0);
      out[0][i] = static_cast<float>(static_cast<double>(in[0][i]) * volume * g.left);
      out[1][i] = static_cast<float>(static_cast<double>(in[1][i]) * volume * g.right);
    }
  }
  switch_[0].apply(out[0], out[0], c.frames);
  switch_[1].apply(out[1], out[1], c.frames);
}

}  // namespace tonewood::timeline
