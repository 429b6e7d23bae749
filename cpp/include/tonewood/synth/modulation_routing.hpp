#pragma once

#include <string>
#include <vector>

/// The modulation matrix's data: routes from sources to parameters, and MSEG shapes. Plain
/// values, edited on the control thread.
namespace tonewood::synth {

/// One modulation-matrix entry: `source` ("lfo1", "mrnd2", "macro3", "vel", ...) moves
/// `destination` (a parameter ID) by `depth` (in normalised units), through `curve`.
struct ModulationRoute {
  std::string source;
  std::string destination;
  float depth = 0.0f;
  bool enabled = true;
  std::string curve = "linear";
  bool bipolar = false;
  friend bool operator==(const ModulationRoute&, const ModulationRoute&) = default;
};

/// A multi-segment envelope shape: points (time 0..1, value 0..1, curve) and its loop range.
/// The default is Resonarium's: a triangle 0 -> 1 -> 0.
struct MsegShape {
  struct Point {
    float time = 0.0f, value = 0.0f, curve = 0.0f;
    friend bool operator==(const Point&, const Point&) = default;
  };
  int startIndex = 0, endIndex = 2;
  std::vector<Point> points = {{0.0f, 0.0f, 5.5f}, {0.5f, 1.0f, 5.5f}, {1.0f, 0.0f, 5.5f}};
  friend bool operator==(const MsegShape&, const MsegShape&) = default;
};

inline constexpr int kNumMsegs = 4;

}  // namespace tonewood::synth
