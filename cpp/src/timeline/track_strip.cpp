#include "tonewood/timeline/track_strip.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
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

// sqrt(2) sin(b) for b in [0, pi / 2]: the Taylor polynomial to b^13 / 13! (error below 1e-9,
// under a float's step), written out so the loop that calls it vectorises. sin 0 is exactly 0, so
// a side panned away is silent.
[[gnu::always_inline]] inline float sqrtTwoSine(float b) noexcept {
  const float b2 = b * b;
  float s = -1.0f / 6227020800.0f;
  s = s * b2 + 1.0f / 39916800.0f;
  s = s * b2 - 1.0f / 362880.0f;
  s = s * b2 + 1.0f / 5040.0f;
  s = s * b2 - 1.0f / 120.0f;
  s = s * b2 + 1.0f / 6.0f;
  s = s * b2 - 1.0f;
  return -std::numbers::sqrt2_v<float> * s * b;
}

// 10^(dB / 20) for dB in [-120, 24]: 2^x with x = dB log2(10) / 20, as 2^round(x) (built in the
// exponent's bits) times 2^f, |f| <= 1/2, by the Taylor polynomial of e^(f ln 2) to degree 7
// (error below 5e-9). x and its split are in double: x reaches 20, where a float's step would
// already cost 2e-7 of the gain.
[[gnu::always_inline]] inline float decibelsToGain(double db) noexcept {
  const double x = db * 0.16609640474436813;
  constexpr double kRounder = 6755399441055744.0;  // 1.5 * 2^52: adding it rounds to a whole number
  const double whole = (x + kRounder) - kRounder;
  const float u = static_cast<float>(x - whole) * std::numbers::ln2_v<float>;
  float e = 1.0f / 5040.0f;
  e = e * u + 1.0f / 720.0f;
  e = e * u + 1.0f / 120.0f;
  e = e * u + 1.0f / 24.0f;
  e = e * u + 1.0f / 6.0f;
  e = e * u + 0.5f;
  e = e * u + 1.0f;
  e = e * u + 1.0f;
  const std::int32_t exponent = (static_cast<std::int32_t>(whole) + 127) << 23;
  return e * std::bit_cast<float>(exponent);
}

// The automated fader on a block: each side times 10^(dB / 20) and the -3 dB balance of `pan`
// (left = sqrt 2 sin b with b = (1 - pan) pi / 4, right the same with 1 + pan: 1 in the centre),
// frame by frame, in float by polynomials the compiler vectorises (libm's pow, sin and cos would
// cost most of a song's render). `in` may be `out`.
TONEWOOD_SIMD_CLONES void applyAutomatedGains(const double* __restrict db,
                                              const double* __restrict pan, const float* inLeft,
                                              const float* inRight, float* outLeft, float* outRight,
                                              int n) noexcept {
  constexpr float kQuarterPi = std::numbers::pi_v<float> / 4.0f;
  for (int i = 0; i < n; ++i) {
    const float gain = decibelsToGain(db[i]);
    const float p = static_cast<float>(pan[i]);
    outLeft[i] = inLeft[i] * (gain * sqrtTwoSine((1.0f - p) * kQuarterPi));
    outRight[i] = inRight[i] * (gain * sqrtTwoSine((1.0f + p) * kQuarterPi));
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
  scratch_.assign(2 * static_cast<std::size_t>(spec.maxBlockSize), 0.0);
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
    applyAutomatedGains(db, pan, in[0], in[1], out[0], out[1], c.frames);
  }
  switch_[0].apply(out[0], out[0], c.frames);
  switch_[1].apply(out[1], out[1], c.frames);
}

}  // namespace tonewood::timeline
