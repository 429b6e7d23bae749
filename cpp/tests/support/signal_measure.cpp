#include "support/signal_measure.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <stdexcept>

#include "tonewood/dsp/state_variable_filter.hpp"

namespace tonewood::test {

namespace {
std::complex<double> hannDft(const std::vector<float>& x, std::size_t start, std::size_t n,
                             double hz, double sampleRate) {
  if (start + n > x.size()) throw std::out_of_range("measurement window past the signal");
  std::complex<double> sum = 0.0;
  const double w = 2.0 * std::numbers::pi * hz / sampleRate;
  for (std::size_t i = 0; i < n; ++i) {
    const double window = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * i / n);
    sum += window * x[start + i] * std::polar(1.0, -w * static_cast<double>(i));
  }
  return sum;
}
}  // namespace

double measurePartialHz(const std::vector<float>& x, double sampleRate, double approxHz,
                        std::size_t start) {
  double estimate = approxHz;
  const double period = sampleRate / approxHz;
  const auto n = static_cast<std::size_t>(std::round(16.0 * period));
  const auto hop = static_cast<std::size_t>(std::round(8.0 * period));
  for (int pass = 0; pass < 3; ++pass) {
    const std::complex<double> a = hannDft(x, start, n, estimate, sampleRate);
    const std::complex<double> b = hannDft(x, start + hop, n, estimate, sampleRate);
    const double expected = 2.0 * std::numbers::pi * estimate * hop / sampleRate;
    double difference = std::arg(b / a) - std::remainder(expected, 2.0 * std::numbers::pi);
    difference = std::remainder(difference, 2.0 * std::numbers::pi);
    estimate += difference * sampleRate / (2.0 * std::numbers::pi * hop);
  }
  return estimate;
}

std::vector<float> isolatePartial(const std::vector<float>& x, double sampleRate, double hz) {
  const dsp::SvfCoefficients c = dsp::designSvf(dsp::SvfResponse::Bandpass, hz, 4.0, sampleRate);
  dsp::SvfState first, second;
  std::vector<float> y(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) y[i] = second.tick(c, first.tick(c, x[i]));
  return y;
}

double partialLevelDb(const std::vector<float>& x, double sampleRate, double hz,
                      std::size_t start) {
  const auto n = static_cast<std::size_t>(std::round(16.0 * sampleRate / hz));
  // A Hann window sums to n / 2; a sine of amplitude A gives |X| = A n / 4.
  return 20.0 * std::log10(std::abs(hannDft(x, start, n, hz, sampleRate)) * 4.0 / n);
}

double measureT60(const std::vector<float>& x, double sampleRate, double windowS, double fromDb,
                  double toDb) {
  const auto window = static_cast<std::size_t>(windowS * sampleRate);
  std::vector<double> envelope;
  for (std::size_t s = 0; s + window <= x.size(); s += window)
    envelope.push_back(rmsDb(x, s, window));
  if (envelope.empty()) throw std::invalid_argument("signal too short for T60");
  const auto top = std::max_element(envelope.begin(), envelope.end());
  const double maxDb = *top;
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  int count = 0;
  for (auto it = top; it != envelope.end(); ++it) {
    const double drop = maxDb - *it;
    if (drop < fromDb) continue;
    if (drop > toDb) break;
    const double t = static_cast<double>(it - envelope.begin()) * windowS;
    sx += t, sy += *it, sxx += t * t, sxy += t * *it, ++count;
  }
  if (count < 3) throw std::invalid_argument("envelope does not span the fit range");
  const double slope = (count * sxy - sx * sy) / (count * sxx - sx * sx);  // dB per second
  return -60.0 / slope;
}

double rmsDb(const std::vector<float>& x, std::size_t start, std::size_t count) {
  double sum = 0.0;
  const std::size_t end = std::min(x.size(), start + count);
  for (std::size_t i = start; i < end; ++i) sum += static_cast<double>(x[i]) * x[i];
  const double mean = sum / static_cast<double>(std::max<std::size_t>(1, end - start));
  return 10.0 * std::log10(std::max(mean, 1e-30));
}

double peakAbs(const std::vector<float>& x, std::size_t start, std::size_t count) {
  double peak = 0.0;
  const std::size_t end = count > x.size() ? x.size() : std::min(x.size(), start + count);
  for (std::size_t i = start; i < end; ++i)
    peak = std::max(peak, static_cast<double>(std::abs(x[i])));
  return peak;
}

std::vector<std::int64_t> soundStarts(const float* x, std::size_t count) {
  std::vector<std::int64_t> starts;
  bool silent = true;
  for (std::size_t i = 0; i < count; ++i) {
    const bool sound = x[i] != 0.0f;
    if (sound && silent) starts.push_back(static_cast<std::int64_t>(i));
    silent = !sound;
  }
  return starts;
}

}  // namespace tonewood::test
