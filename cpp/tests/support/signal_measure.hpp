#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

/// Measurements on rendered audio, for tests that check what the sound does.
namespace tonewood::test {

/// Frequency of the partial near `approxHz`, from the phase advance of a Hann-windowed DFT
/// between two frames (phase-vocoder estimate; accurate to well under 0.1 cent for a steady
/// partial). Uses 16 periods from `start`, frames 8 periods apart, refined twice.
double measurePartialHz(const std::vector<float>& x, double sampleRate, double approxHz,
                        std::size_t start);

/// The signal through a 4th-order band-pass (two unity-peak SVF band-passes, Q 4) centred on
/// `hz`. Filtering cannot move a partial's frequency, but it keeps a strongly damped partial's
/// estimate free of leakage from louder neighbours.
std::vector<float> isolatePartial(const std::vector<float>& x, double sampleRate, double hz);

/// Level in dB of the partial at `hz`: Hann-windowed DFT over 16 periods from `start`,
/// scaled so a unit-amplitude sine reads 0 dB.
double partialLevelDb(const std::vector<float>& x, double sampleRate, double hz, std::size_t start);

/// T60 in seconds from the RMS envelope (windows of `windowS`): a least-squares line through the
/// envelope in dB between `fromDb` and `toDb` below its maximum, extrapolated to -60 dB.
double measureT60(const std::vector<float>& x, double sampleRate, double windowS = 0.02,
                  double fromDb = 5.0, double toDb = 35.0);

/// RMS over [start, start + count) in dBFS.
double rmsDb(const std::vector<float>& x, std::size_t start, std::size_t count);
double peakAbs(const std::vector<float>& x, std::size_t start = 0,
               std::size_t count = ~std::size_t{0});

/// Frames where sound starts after silence (a non-zero sample after a zero one, or first).
std::vector<std::int64_t> soundStarts(const float* x, std::size_t count);

}  // namespace tonewood::test
