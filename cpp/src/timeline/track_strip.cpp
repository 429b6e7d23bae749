#include "tonewood/timeline/track_strip.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "tonewood/core/errors.hpp"
#include "tonewood/core/simd_clones.hpp"
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

// sqrt(2) sin(b) for b in [0, pi / 2]: the Taylor polynomial to b^19 / 19! (error below 1e-15),
// written out so loops that call it vectorise.
[[gnu::always_inline]] inline double sqrtTwoSine(double b) noexcept {
  const double b2 = b * b;
  double s = 1.0 / 121645100408832000.0;
  s = s * b2 - 1.0 / 355687428096000.0;
  s = s * b2 + 1.0 / 1307674368000.0;
  s = s * b2 - 1.0 / 6227020800.0;
  s = s * b2 + 1.0 / 39916800.0;
  s = s * b2 - 1.0 / 362880.0;
  s = s * b2 + 1.0 / 5040.0;
  s = s * b2 - 1.0 / 120.0;
  s = s * b2 + 1.0 / 6.0;
  s = s * b2 - 1.0;
  return -std::numbers::sqrt2 * s * b;
}

// The automated fader's gains, frame by frame: 10^(dB / 20) times the -3 dB balance of `pan`,
// in double, by polynomials the compiler vectorises (libm's pow, sin and cos would cost most of a
// song's render). Relative error below 1e-14, far under a float's step.
TONEWOOD_SIMD_CLONES void automatedGains(const double* __restrict db, const double* __restrict pan,
                                         double* __restrict left, double* __restrict right,
                                         int n) noexcept {
  // 10^(dB/20) = e^(dB ln10 / 20) = (e^t)^32 with t = dB ln10 / 640, within [-0.44, 0.09].
  constexpr double kT = 2.302585092994046 / 640.0;
  constexpr double kQuarterPi = std::numbers::pi / 4.0;
  for (int i = 0; i < n; ++i) {
    const double t = db[i] * kT;
    // e^t by Horner, up to t^13 / 13! (written out: a loop here would stop the vectoriser).
    double e = 1.0 / 6227020800.0;
    e = e * t + 1.0 / 479001600.0;
    e = e * t + 1.0 / 39916800.0;
    e = e * t + 1.0 / 3628800.0;
    e = e * t + 1.0 / 362880.0;
    e = e * t + 1.0 / 40320.0;
    e = e * t + 1.0 / 5040.0;
    e = e * t + 1.0 / 720.0;
    e = e * t + 1.0 / 120.0;
    e = e * t + 1.0 / 24.0;
    e = e * t + 1.0 / 6.0;
    e = e * t + 0.5;
    e = e * t + 1.0;
    e = e * t + 1.0;
    e *= e, e *= e, e *= e, e *= e, e *= e;
    // The balance, the -3 dB law's sides over their value in the centre: left = sqrt 2 sin b
    // with b = (1 - pan) pi / 4, right the same with 1 + pan. Both within [0, pi / 2]; a side
    // panned away is sin 0, exactly silent.
    left[i] = e * sqrtTwoSine((1.0 - pan[i]) * kQuarterPi);
    right[i] = e * sqrtTwoSine((1.0 + pan[i]) * kQuarterPi);
  }
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

void TrackStrip::prepareToPlay(const ProcessSpec& spec) {
  scratch_.assign(4 * static_cast<std::size_t>(spec.maxBlockSize), 0.0);
  lanes_.acquire();
  primed_ = false;
}

void TrackStrip::resetState() noexcept {
  primed_ = false;
  retarget(false);
}

void TrackStrip::retarget(bool glide) noexcept {
  const float volume = std::pow(10.0f, value(kVolumeDb) / 20.0f);
  const dsp::PanGains g = dsp::balanceGains(value(kPan), dsp::PanLaw::ConstantPower);
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
    // Stopped, the lanes hold their value at the transport's position.
    const graph::TransportPosition& t = *c.transport;
    const std::size_t n = static_cast<std::size_t>(c.frames);
    double* db = scratch_.data();
    double* pan = db + n;
    double* left = pan + n;
    double* right = left + n;
    auto read = [&](ScheduledLane& lane, double steady, double* values) {
      if (lane.empty())
        std::fill_n(values, n, steady);
      else if (t.playing)
        lane.fill(t.frame, c.frames, values);
      else
        std::fill_n(values, n, lane.valueAt(t.frame));
    };
    read(lanes.volume, value(kVolumeDb), db);
    read(lanes.pan, value(kPan), pan);
    automatedGains(db, pan, left, right, c.frames);
    for (int i = 0; i < c.frames; ++i) {
      out[0][i] = static_cast<float>(static_cast<double>(in[0][i]) * left[i]);
      out[1][i] = static_cast<float>(static_cast<double>(in[1][i]) * right[i]);
    }
  }
  switch_[0].apply(out[0], out[0], c.frames);
  switch_[1].apply(out[1], out[1], c.frames);
}

}  // namespace tonewood::timeline
