#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

/// A circular buffer for delay effects, read at fractional delays by cubic (Catmull-Rom)
/// interpolation, which keeps modulated delays (chorus) smooth. Capacity is set in `prepare`.
namespace tonewood::dsp {

class DelayBuffer {
 public:
  /// Room for delays up to `maxDelaySamples`. Control thread (allocates).
  void prepare(int maxDelaySamples) {
    size_ = std::max(4, maxDelaySamples + 4);
    data_.assign(static_cast<std::size_t>(size_), 0.0f);
    write_ = 0;
  }
  void reset() noexcept { std::fill(data_.begin(), data_.end(), 0.0f); }
  int maxDelay() const noexcept { return size_ - 4; }

  void push(float x) noexcept {
    data_[static_cast<std::size_t>(write_)] = x;
    if (++write_ == size_) write_ = 0;
  }
  /// The sample written exactly `delay` (>= 1) samples before the next push: no interpolation.
  float readWhole(int delay) const noexcept { return at(delay); }

  /// What `readWhole(delay)` would give before each of the next `n` pushes, when `delay` >= n
  /// (those pushes are then never read back): out[i * stride] for i in 0..n-1.
  void readRun(int delay, int n, float* out, int stride) const noexcept {
    int i = write_ - delay;
    if (i < 0) i += size_;
    for (int k = 0; k < n; ++k) {
      out[k * stride] = data_[static_cast<std::size_t>(i)];
      if (++i == size_) i = 0;
    }
  }
  /// `n` pushes of in[k * stride].
  void pushRun(const float* in, int n, int stride) noexcept {
    for (int k = 0; k < n; ++k) push(in[k * stride]);
  }

  /// The sample written `delay` samples before the next push (delay >= 1, clamped to capacity).
  float read(float delay) const noexcept {
    const float d = std::clamp(delay, 1.0f, static_cast<float>(size_ - 3));
    const int whole = static_cast<int>(d);
    const float f = d - static_cast<float>(whole);
    const float y0 = at(whole - 1), y1 = at(whole), y2 = at(whole + 1), y3 = at(whole + 2);
    // Catmull-Rom through y1 (delay `whole`) and y2 (delay `whole + 1`).
    const float c1 = 0.5f * (y2 - y0);
    const float c2 = y0 - 2.5f * y1 + 2.0f * y2 - 0.5f * y3;
    const float c3 = 0.5f * (y3 - y0) + 1.5f * (y1 - y2);
    return ((c3 * f + c2) * f + c1) * f + y1;
  }

 private:
  float at(int delay) const noexcept {
    int i = write_ - delay;
    if (i < 0) i += size_;
    return data_[static_cast<std::size_t>(std::clamp(i, 0, size_ - 1))];
  }
  std::vector<float> data_;
  int size_ = 4, write_ = 0;
};

}  // namespace tonewood::dsp
