#include "tonewood/analysis/spectrum.hpp"

#include <fftw3.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>
#include <numbers>
#include <numeric>

#include "tonewood/core/errors.hpp"

namespace tonewood::analysis {

namespace {

// FFTW's planner is not thread-safe; executing a plan on new arrays is.
std::mutex& plannerMutex() {
  static std::mutex m;
  return m;
}

struct FloatDelete {
  void operator()(void* p) const noexcept { fftwf_free(p); }
};

/// One real-to-complex transform of a fixed size with its own aligned buffers.
class RealFft {
 public:
  explicit RealFft(int size)
      : size_(size),
        in_(static_cast<float*>(fftwf_malloc(sizeof(float) * static_cast<std::size_t>(size)))),
        out_(static_cast<fftwf_complex*>(
            fftwf_malloc(sizeof(fftwf_complex) * static_cast<std::size_t>(size / 2 + 1)))) {
    if (!in_ || !out_) throw std::bad_alloc();
    std::lock_guard lock(plannerMutex());
    plan_ = fftwf_plan_dft_r2c_1d(size, in_.get(), reinterpret_cast<fftwf_complex*>(out_.get()),
                                  FFTW_ESTIMATE);
    if (!plan_) throw Error("FFTW could not plan a transform of " + std::to_string(size));
  }
  ~RealFft() {
    std::lock_guard lock(plannerMutex());
    fftwf_destroy_plan(plan_);
  }
  RealFft(const RealFft&) = delete;
  RealFft& operator=(const RealFft&) = delete;

  float* input() noexcept { return in_.get(); }
  const std::complex<float>* run() noexcept {
    fftwf_execute(plan_);
    return reinterpret_cast<const std::complex<float>*>(out_.get());
  }

 private:
  int size_;
  std::unique_ptr<float, FloatDelete> in_;
  std::unique_ptr<void, FloatDelete> out_;
  fftwf_plan plan_ = nullptr;
};

/// Fills the FFT input with the windowed frame starting at `start` (may reach outside [0, n)).
void loadFrame(float* dst, const float* x, std::int64_t n, std::int64_t start,
               const std::vector<float>& w) {
  const auto size = static_cast<std::int64_t>(w.size());
  for (std::int64_t i = 0; i < size; ++i) {
    const std::int64_t at = start + i;
    dst[i] = at >= 0 && at < n ? x[at] * w[static_cast<std::size_t>(i)] : 0.0f;
  }
}

float amplitudeScale(const std::vector<float>& w) {
  return 2.0f / std::accumulate(w.begin(), w.end(), 0.0f);
}

}  // namespace

Window windowFromName(const std::string& name) {
  if (name == "rectangular") return Window::Rectangular;
  if (name == "hann") return Window::Hann;
  if (name == "hamming") return Window::Hamming;
  if (name == "blackman") return Window::Blackman;
  if (name == "blackman_harris") return Window::BlackmanHarris;
  if (name == "flat_top") return Window::FlatTop;
  throw InvalidArgumentError("unknown window '" + name +
                             "'; use rectangular, hann, hamming, blackman, blackman_harris or "
                             "flat_top");
}

std::vector<float> makeWindow(Window window, int size) {
  // Cosine-sum windows: w = a0 - a1 cos(x) + a2 cos(2x) - a3 cos(3x) + a4 cos(4x), x = 2 pi i / N.
  double a[5] = {1, 0, 0, 0, 0};
  switch (window) {
    case Window::Hann:
      a[0] = a[1] = 0.5;
      break;
    case Window::Hamming:
      a[0] = 25.0 / 46.0;
      a[1] = 21.0 / 46.0;
      break;
    case Window::Blackman:
      a[0] = 0.42;
      a[1] = 0.5;
      a[2] = 0.08;
      break;
    case Window::BlackmanHarris:
      a[0] = 0.35875;
      a[1] = 0.48829;
      a[2] = 0.14128;
      a[3] = 0.01168;
      break;
    case Window::FlatTop:
      a[0] = 0.21557895;
      a[1] = 0.41663158;
      a[2] = 0.277263158;
      a[3] = 0.083578947;
      a[4] = 0.006947368;
      break;
    case Window::Rectangular:
      break;
  }
  std::vector<float> w(static_cast<std::size_t>(size));
  for (int i = 0; i < size; ++i) {
    const double x = 2.0 * std::numbers::pi * i / size;
    w[static_cast<std::size_t>(i)] =
        static_cast<float>(a[0] - a[1] * std::cos(x) + a[2] * std::cos(2 * x) -
                           a[3] * std::cos(3 * x) + a[4] * std::cos(4 * x));
  }
  return w;
}

void requireFftSize(int fftSize) {
  requireInRange("FFT size", fftSize, 16, 1 << 20, "frames");
}

std::int64_t stftFrameCount(std::int64_t frames, int fftSize, int hop, bool center) {
  requireFftSize(fftSize);
  requireInRange("hop", hop, 1, 1 << 20, "frames");
  if (center) return frames / hop + 1;
  return frames < fftSize ? 0 : (frames - fftSize) / hop + 1;
}

void stft(const float* x, std::int64_t frames, int fftSize, int hop, Window window, bool center,
          std::complex<float>* out) {
  const std::int64_t count = stftFrameCount(frames, fftSize, hop, center);
  const std::vector<float> w = makeWindow(window, fftSize);
  const float scale = amplitudeScale(w);
  const int bins = fftSize / 2 + 1;
  RealFft fft(fftSize);
  const std::int64_t offset = center ? fftSize / 2 : 0;
  for (std::int64_t k = 0; k < count; ++k) {
    loadFrame(fft.input(), x, frames, k * hop - offset, w);
    const std::complex<float>* spectrum = fft.run();
    std::complex<float>* row = out + k * bins;
    for (int b = 0; b < bins; ++b) row[b] = spectrum[b] * scale;
  }
}

std::vector<float> averagedSpectrum(const float* x, std::int64_t frames, int fftSize,
                                    Window window) {
  requireFftSize(fftSize);
  const std::vector<float> w = makeWindow(window, fftSize);
  const float scale = amplitudeScale(w);
  const int bins = fftSize / 2 + 1;
  const int hop = std::max(1, fftSize / 2);
  std::vector<double> power(static_cast<std::size_t>(bins), 0.0);
  RealFft fft(fftSize);
  std::int64_t count = 0;
  for (std::int64_t start = 0; count == 0 || start + fftSize <= frames; start += hop) {
    loadFrame(fft.input(), x, frames, start, w);
    const std::complex<float>* spectrum = fft.run();
    for (int b = 0; b < bins; ++b) power[static_cast<std::size_t>(b)] += std::norm(spectrum[b]);
    ++count;
  }
  std::vector<float> amplitude(static_cast<std::size_t>(bins));
  for (int b = 0; b < bins; ++b)
    amplitude[static_cast<std::size_t>(b)] =
        static_cast<float>(
            std::sqrt(power[static_cast<std::size_t>(b)] / static_cast<double>(count))) *
        scale;
  return amplitude;
}

}  // namespace tonewood::analysis
