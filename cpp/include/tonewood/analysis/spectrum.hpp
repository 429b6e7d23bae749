#pragma once

#include <complex>
#include <cstdint>
#include <string>
#include <vector>

/// Spectra and short-time Fourier transforms through FFTW (single precision).
namespace tonewood::analysis {

/// Analysis windows (periodic forms). FlatTop reads sine amplitudes to within 0.01 dB wherever
/// they fall between bins; BlackmanHarris (4-term) has side lobes below -92 dB.
enum class Window { Rectangular, Hann, Hamming, Blackman, BlackmanHarris, FlatTop };

/// "rectangular", "hann", "hamming", "blackman", "blackman_harris" or "flat_top". Throws
/// InvalidArgumentError listing them.
Window windowFromName(const std::string& name);

std::vector<float> makeWindow(Window window, int size);

/// FFT sizes are any length in [16, 2^20] frames (FFTW is fastest on products of small
/// primes). Throws OutOfRangeError otherwise.
void requireFftSize(int fftSize);

/// Frames of a signal of `frames` samples cut into windows of `fftSize` every `hop`: with
/// `center`, frame k is centred on sample k * hop (the signal is zero-padded by fftSize / 2 on
/// both sides), else it starts there and only whole windows count.
std::int64_t stftFrameCount(std::int64_t frames, int fftSize, int hop, bool center);

/// The STFT of one channel: stftFrameCount(...) rows of fftSize / 2 + 1 bins, row-major into
/// `out`. Bins are scaled so a sine of amplitude A centred on a bin reads A (the window's
/// coherent gain is divided out). Throws OutOfRangeError for a bad size or hop.
void stft(const float* x, std::int64_t frames, int fftSize, int hop, Window window, bool center,
          std::complex<float>* out);

/// Welch's averaged amplitude spectrum of one channel (fftSize / 2 + 1 bins, same scaling:
/// sqrt of the mean power per bin over half-overlapping frames). A signal shorter than fftSize
/// is zero-padded to one frame.
std::vector<float> averagedSpectrum(const float* x, std::int64_t frames, int fftSize,
                                    Window window);

}  // namespace tonewood::analysis
