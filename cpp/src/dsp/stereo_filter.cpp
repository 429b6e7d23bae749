#include "tonewood/dsp/stereo_filter.hpp"

#include <array>
#include <cstring>

namespace tonewood::dsp {

namespace {

using Matrix = std::array<std::array<double, 2>, 2>;
using Vector = std::array<double, 2>;

Matrix times(const Matrix& a, const Matrix& b) noexcept {
  Matrix m{};
  for (int r = 0; r < 2; ++r)
    for (int c = 0; c < 2; ++c) m[r][c] = a[r][0] * b[0][c] + a[r][1] * b[1][c];
  return m;
}

Vector times(const Matrix& a, const Vector& v) noexcept {
  return {a[0][0] * v[0] + a[0][1] * v[1], a[1][0] * v[0] + a[1][1] * v[1]};
}

}  // namespace

void StereoFilter::reset() noexcept {
  side_[0] = side_[1] = Side{};
  taken_ = 0;
}

void StereoFilter::configure(const FilterSettings& s) noexcept {
  const SvfCoefficients c = designSvfMorph(s.morph, s.cutoffHz, s.q, sampleRate_);
  if (c.g == coefficients_.g && c.k == coefficients_.k && c.m0 == coefficients_.m0 &&
      c.m1 == coefficients_.m1 && c.m2 == coefficients_.m2)
    return;
  if (taken_ > 0) {  // the group so far runs out under the old map
    advance(map_, side_[0], taken_);
    advance(map_, side_[1], taken_);
    taken_ = 0;
  }
  coefficients_ = c;
  // One step of the trapezoidal SVF (state_variable_filter.hpp) as a linear map of its memories
  // s and input x: s' = A s + B x, y = C s + D x, with A = I + P. In double from g and k, so
  // P stays exact where A is nearly the identity (low cutoffs).
  const double d = c.g * (c.g + c.k);
  const double a1 = 1.0 / (1.0 + d), a2 = c.g * a1, a3 = c.g * a2;
  const double m0 = c.m0, m1 = c.m1, m2 = c.m2;
  const Matrix p{{{-2.0 * d * a1, -2.0 * a2}, {2.0 * a2, -2.0 * a3}}};
  const Vector b{2.0 * a2, 2.0 * a3};
  const Vector cRow{m1 * a1 + m2 * a2, m2 - m1 * a2 - m2 * a3};
  const double dx = m0 + m1 * a2 + m2 * a3;
  // powers[j] = A^j - I, built as P_{j+1} = P_j + P (I + P_j).
  std::array<Matrix, kGroup + 1> powers{};
  for (int j = 0; j < kGroup; ++j) {
    const Matrix step = times(p, powers[j]);
    for (int r = 0; r < 2; ++r)
      for (int col = 0; col < 2; ++col)
        powers[j + 1][r][col] = powers[j][r][col] + p[r][col] + step[r][col];
  }
  auto power = [&](int j) {  // A^j
    Matrix m = powers[j];
    m[0][0] += 1.0;
    m[1][1] += 1.0;
    return m;
  };
  // A^j B and C A^j, for j = 0..3.
  std::array<Vector, kGroup> powerB{};
  std::array<Vector, kGroup> cPower{};
  for (int j = 0; j < kGroup; ++j) {
    const Matrix aj = power(j);
    powerB[j] = times(aj, b);
    cPower[j] = {cRow[0] * aj[0][0] + cRow[1] * aj[1][0], cRow[0] * aj[0][1] + cRow[1] * aj[1][1]};
  }
  Map map;
  for (int j = 0; j < kGroup; ++j) {
    map.out[0][j] = static_cast<float>(cPower[j][0]);
    map.out[1][j] = static_cast<float>(cPower[j][1]);
    for (int m = 0; m < kGroup; ++m) {
      const double h = m > j    ? 0.0
                       : m == j ? dx
                                : cRow[0] * powerB[j - 1 - m][0] + cRow[1] * powerB[j - 1 - m][1];
      map.out[2 + m][j] = static_cast<float>(h);
    }
  }
  for (int taken = 1; taken <= kGroup; ++taken)
    for (int r = 0; r < 2; ++r) {
      float* row = map.advance[taken - 1][r];
      row[0] = static_cast<float>(powers[taken][r][0]);
      row[1] = static_cast<float>(powers[taken][r][1]);
      for (int m = 0; m < taken; ++m) row[2 + m] = static_cast<float>(powerB[taken - 1 - m][r]);
    }
  map_ = map;
}

// Output j of the group from the inputs taken so far, in the order the vector path adds its
// terms (the terms it adds after them are zero), so both paths give the same float.
inline float StereoFilter::output(const Map& map, const Side& side, int j) noexcept {
  float y = map.out[0][j] * side.memory[0];
  y += map.out[1][j] * side.memory[1];
  for (int m = 0; m <= j; ++m) y += map.out[2 + m][j] * side.input[m];
  return y;
}

// The memories after `taken` inputs: one function for both paths, so they agree to the bit.
inline void StereoFilter::advance(const Map& map, Side& side, int taken) noexcept {
  const float(&rows)[2][kTerms] = map.advance[taken - 1];
  float next[2];
  for (int r = 0; r < 2; ++r) {
    float drive = 0.0f;
    for (int m = 0; m < taken; ++m) drive += rows[r][2 + m] * side.input[m];
    const float decay = rows[r][0] * side.memory[0] + rows[r][1] * side.memory[1];
    next[r] = (side.memory[r] + drive) + decay;
  }
  side.memory[0] = next[0];
  side.memory[1] = next[1];
}

void StereoFilter::processGroups(float* left, float* right, int groups) noexcept {
  // Four lanes, one per output of the group (GCC's vector extension: SSE on any x86-64).
  using Lanes = float __attribute__((vector_size(16)));
  Lanes out[kTerms];
  for (int t = 0; t < kTerms; ++t) std::memcpy(&out[t], map_.out[t], sizeof(Lanes));
  Side l = side_[0], r = side_[1];
  for (int g = 0; g < groups; ++g, left += kGroup, right += kGroup) {
    std::memcpy(l.input, left, sizeof l.input);
    std::memcpy(r.input, right, sizeof r.input);
    // Term by term in the order output() adds them, so each lane is the float it gives.
    Lanes yl = out[0] * l.memory[0], yr = out[0] * r.memory[0];
    yl += out[1] * l.memory[1];
    yr += out[1] * r.memory[1];
    for (int m = 0; m < kGroup; ++m) {
      yl += out[2 + m] * l.input[m];
      yr += out[2 + m] * r.input[m];
    }
    advance(map_, l, kGroup);
    advance(map_, r, kGroup);
    std::memcpy(left, &yl, sizeof yl);
    std::memcpy(right, &yr, sizeof yr);
  }
  side_[0] = l;
  side_[1] = r;
}

// One frame of a group, by the same arithmetic as processGroups; a full group carries on.
void StereoFilter::processFrame(float& left, float& right) noexcept {
  side_[0].input[taken_] = left;
  side_[1].input[taken_] = right;
  left = output(map_, side_[0], taken_);
  right = output(map_, side_[1], taken_);
  if (++taken_ == kGroup) {
    advance(map_, side_[0], kGroup);
    advance(map_, side_[1], kGroup);
    taken_ = 0;
  }
}

void StereoFilter::process(float* left, float* right, int frames) noexcept {
  int i = 0;
  for (; i < frames && taken_ > 0; ++i) processFrame(left[i], right[i]);  // an earlier call's group
  const int groups = (frames - i) / kGroup;
  processGroups(left + i, right + i, groups);
  for (i += groups * kGroup; i < frames; ++i)
    processFrame(left[i], right[i]);  // the next one's start
}

}  // namespace tonewood::dsp
