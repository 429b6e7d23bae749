#pragma once

/// A value that moves linearly to a new target over a fixed number of samples. Used for gains set
/// on the control grid, so a change never steps in the middle of the signal. Audio thread.
namespace tonewood::dsp {

class LinearRamp {
 public:
  void setTarget(float target, int samples) noexcept {
    target_ = target;
    if (samples <= 0 || target == value_) {
      value_ = target;
      remaining_ = 0;
      return;
    }
    step_ = (target - value_) / static_cast<float>(samples);
    remaining_ = samples;
  }
  void jumpTo(float value) noexcept { setTarget(value, 0); }
  bool isRamping() const noexcept { return remaining_ > 0; }
  float value() const noexcept { return value_; }

  float next() noexcept {
    if (remaining_ > 0) value_ = --remaining_ == 0 ? target_ : value_ + step_;
    return value_;
  }
  /// The next `n` values, as `next` would give them; a steady value is a plain fill, so the
  /// loops that use the values vectorise.
  void render(float* out, int n) noexcept {
    int i = 0;
    for (; i < n && remaining_ > 0; ++i) out[i] = next();
    for (; i < n; ++i) out[i] = value_;
  }

 private:
  float value_ = 0.0f, target_ = 0.0f, step_ = 0.0f;
  int remaining_ = 0;
};

}  // namespace tonewood::dsp
