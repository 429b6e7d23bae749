#pragma once

#include <cstddef>
#include <cstdint>

/// Several Airwindows amps run side by side: each amp's two channels are two lanes of a vector of
/// doubles, two amps to a 256-bit vector where the processor has AVX2, so the voices of a
/// per-voice effects chain share the instructions of the gain stages (a long chain of dependent
/// operations per sample: two amps take little longer than one). Each lane computes exactly
/// what one amp's channel computes alone (the same operations in the same order, no fused
/// multiply-adds), so a voice sounds the same whether its amp runs alone or beside others.
///
/// `AmpLanes` is the amps' state gathered lane by lane (per-amp values repeated in both of an
/// amp's lanes); the large histories (speaker comb, cabinet) stay with their amps and are
/// reached through pointers. Audio thread.
namespace tonewood::dsp {

struct AmpLanes {
  static constexpr int kWidth = 8, kMaxAmps = kWidth / 2, kStages = 11, kBiquads = 6;

  int amps = 0;  ///< lanes 0 .. 2 * amps - 1 are in use
  bool lead = true;
  int cycleEnd = 1, down = 0, side = 0, diagonal = 0;
  int count[kMaxAmps] = {}, cycle[kMaxAmps] = {};
  bool flip[kMaxAmps] = {};

  // The knobs' derived values, per lane.
  alignas(64) double startLevel[kWidth] = {}, eq[kWidth] = {}, bassFactor[kWidth] = {},
                     toneEq[kWidth] = {}, output[kWidth] = {}, wet[kWidth] = {}, bleed[kWidth] = {},
                     speakerEq[kWidth] = {}, bassFill[kWidth] = {}, bassTrim[kWidth] = {},
                     inputLevel[kWidth] = {};
  alignas(64) double a0[kBiquads][kWidth] = {}, a1[kBiquads][kWidth] = {},
                     a2[kBiquads][kWidth] = {}, b1[kBiquads][kWidth] = {},
                     b2[kBiquads][kWidth] = {};
  // Filter and stage state, per lane.
  alignas(64) double s1[kBiquads][kWidth] = {}, s2[kBiquads][kWidth] = {};
  alignas(64) double iir[kStages][kWidth] = {}, smooth[kStages][kWidth] = {};
  alignas(64) double last[kWidth] = {}, lowpass[kWidth] = {}, speakerA[kWidth] = {},
                     speakerB[kWidth] = {}, sub[kWidth] = {}, store[kWidth] = {},
                     smoothCabA[kWidth] = {}, smoothCabB[kWidth] = {}, lastCab[kWidth] = {};
  std::uint32_t noise[kWidth] = {};
  std::size_t cabAt[kWidth] = {};
  double* odd[kWidth] = {};
  double* even[kWidth] = {};
  double* cab[kWidth] = {};      ///< 2 * (kCabTaps + 1) samples of history
  double* lastRef[kWidth] = {};  ///< 9 interpolation points
  float* io[kWidth] = {};        ///< each lane's channel, processed in place
};

/// The cabinet's history holds this many taps (plus the newest sample), twice over.
inline constexpr std::size_t kCabTaps = 85;

/// Runs `frames` samples through the gathered amps; the AVX2 build only after a CPU check.
void runAmpLanesBaseline(AmpLanes& lanes, int frames) noexcept;
void runAmpLanesAvx2(AmpLanes& lanes, int frames) noexcept;

}  // namespace tonewood::dsp
