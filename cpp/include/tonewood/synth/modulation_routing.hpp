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

/// A multi-segment envelope shape: points (time 0..1, value -1..1, curve) and its loop range.
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
inline constexpr int kMaxMsegPoints = 256;
/// Segment curves: tension `curve - 5.5` within [-50, 50] (steeper than that is a step, and far
/// beyond it the exponential overflows).
inline constexpr float kMsegCurveMin = -44.5f, kMsegCurveMax = 55.5f;

/// What is wrong with `shape` in words ("MSEG point 3 value 1.5 is outside [0, 1]"), or empty
/// when it is playable: 2..256 points, times within [0, 1] that never fall, values within
/// [-1, 1] (gin's MSEGs are bipolar; Resonarium's presets hold negative points), finite curves
/// within [kMsegCurveMin, kMsegCurveMax], and loop indices that address its points in order. Every
/// way a shape arrives (presets, Python) is checked with this.
std::string msegProblem(const MsegShape& shape);

}  // namespace tonewood::synth
