// Renders the shared Resonarium presets the way Resonarium's reference figures were measured
// (44.1 kHz, 512-frame blocks, 16 silent blocks first; A = note 48 velocity 100 held 2 s,
// B = chord 48 52 55 60 64 67 72 76 held 2 s; 4 s rendered) and prints the RMS of the mid signal
// over 0.5..2.0 s, the spectral centroid of A, and the chord's real-time factor.
// Run: build/.../cpp/bench/tonewood_preset_levels [PRESET_DIR]
#include <chrono>
#include <cmath>
#include <complex>
#include <cstdio>
#include <filesystem>
#include <numbers>
#include <vector>

#include "tonewood/synth/preset_files.hpp"

namespace {

using tonewood::synth::ResonatorSynth;

struct Render {
  std::vector<float> mid;
  double seconds;
};

Render render(const std::string& preset, const std::vector<int>& notes) {
  ResonatorSynth synth;
  synth.prepare({44100.0, 512, 2});
  auto p = tonewood::synth::readPresetFile(preset, synth.params());
  tonewood::synth::applyPreset(synth, p);
  std::vector<float> left(4 * 44100), right(4 * 44100), scratchL(16 * 512), scratchR(16 * 512);
  float* silent[] = {scratchL.data(), scratchR.data()};
  synth.render(tonewood::AudioBlockView(silent, 2, 16 * 512), 512);
  for (int n : notes) {
    synth.schedule(tonewood::makeNoteOn(n, 100.0f / 127.0f, 0, 0));
    synth.schedule(tonewood::makeNoteOff(n, 0.0f, 0, 2 * 44100));
  }
  float* out[] = {left.data(), right.data()};
  const auto start = std::chrono::steady_clock::now();
  synth.render(tonewood::AudioBlockView(out, 2, 4 * 44100), 512);
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Render r{std::vector<float>(left.size()), took};
  for (std::size_t i = 0; i < left.size(); ++i) r.mid[i] = 0.5f * (left[i] + right[i]);
  return r;
}

double rmsDb(const std::vector<float>& x) {
  double sum = 0;
  for (std::size_t i = 22050; i < 88200; ++i) sum += static_cast<double>(x[i]) * x[i];
  return 10 * std::log10(sum / 66150.0 + 1e-30);
}

double centroidHz(const std::vector<float>& x) {
  // Magnitude-weighted mean frequency of 8192-point Hann frames over 0.5..2.0 s (direct DFT on a
  // coarse grid: enough for a centroid).
  double weighted = 0, total = 0;
  for (std::size_t start = 22050; start + 8192 <= 88200; start += 8192) {
    for (int k = 1; k < 4096; k += 4) {
      std::complex<double> sum = 0;
      for (int i = 0; i < 8192; i += 1) {
        const double w = 0.5 - 0.5 * std::cos(2 * std::numbers::pi * i / 8192);
        sum += w * x[start + static_cast<std::size_t>(i)] *
               std::polar(1.0, -2 * std::numbers::pi * k * i / 8192.0);
      }
      const double hz = k * 44100.0 / 8192.0;
      weighted += hz * std::abs(sum);
      total += std::abs(sum);
    }
  }
  return total > 0 ? weighted / total : 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path dir =
      argc > 1 ? argv[1] : std::filesystem::path("../shared/data/resonarium-presets");
  std::printf("%-22s %9s %9s %11s %10s\n", "preset", "A RMS dB", "B RMS dB", "A centroid",
              "B speed");
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".xml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    const Render a = render(f.string(), {48});
    const Render b = render(f.string(), {48, 52, 55, 60, 64, 67, 72, 76});
    std::printf("%-22s %9.2f %9.2f %9.1f Hz %9.2fx\n", f.stem().string().c_str(), rmsDb(a.mid),
                rmsDb(b.mid), centroidHz(a.mid), 4.0 / b.seconds);
  }
}
