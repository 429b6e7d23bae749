#include "tonewood/synth/sample_exciter.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace tonewood::synth {

void SampleExciter::configure(const SynthSnapshot& s, double sampleRate) noexcept {
  for (auto& f : filter_) f.configure(s.sample.filter, sampleRate);
  envelope_.configure(s.sample.envelope, sampleRate);
  const double angle = std::clamp(s.sample.mix, 0.0, 1.0) * std::numbers::pi / 2.0;
  wet_ = static_cast<float>(s.sample.gain * std::sin(angle));
  dry_ = static_cast<float>(s.sample.gain * std::cos(angle));
  loop_ = s.sample.loop;
  if (data_) {
    const double frames = data_->audio.numFrames();
    start_ = std::clamp(s.sample.startPercent / 100.0, 0.0, 1.0) * frames;
    end_ = std::clamp(s.sample.endPercent / 100.0, 0.0, 1.0) * frames;
  }
  if (!s.sample.enabled) stop();
}

void SampleExciter::trigger(const SynthSnapshot& s, const SampleData* data, double speed,
                            double sampleRate) noexcept {
  data_ = s.sample.enabled ? data : nullptr;
  for (auto& f : filter_) f.reset();
  speed_ = speed;
  envelope_.trigger(s.sample.enabled && data_ != nullptr, s.sample.envelope, sampleRate);
  configure(s, sampleRate);
  position_ = start_;
}

void SampleExciter::render(float* const* wet, float* const* dry, int numChannels,
                           int frames) noexcept {
  if (!isActive()) return;
  const AudioBuffer& audio = data_->audio;
  const int last = audio.numFrames() - 1;
  const int sourceChannels = audio.numChannels();
  for (int i = 0; i < frames && envelope_.isActive(); ++i) {
    if (position_ >= end_ || position_ < start_) {
      if (!loop_ || end_ <= start_) {
        envelope_.stop();  // played to its end
        return;
      }
      position_ = start_ + std::fmod(position_ - start_, end_ - start_);
    }
    const float level = envelope_.next();
    const int index = static_cast<int>(position_);
    const auto fraction = static_cast<float>(position_ - index);
    auto at = [&](int c) {
      const float* x = audio.channel(std::min(c, sourceChannels - 1));
      return x[index] + fraction * (x[std::min(index + 1, last)] - x[index]);
    };
    if (numChannels == 1) {
      const float x = level * (sourceChannels > 1 ? 0.5f * (at(0) + at(1)) : at(0));
      const float y = filter_[0].tick(x);
      wet[0][i] += wet_ * y;
      dry[0][i] += dry_ * y;
    } else {
      for (int c = 0; c < 2; ++c) {
        const float y = filter_[c].tick(level * at(c));
        wet[c][i] += wet_ * y;
        dry[c][i] += dry_ * y;
      }
    }
    position_ += speed_;
  }
}

}  // namespace tonewood::synth
