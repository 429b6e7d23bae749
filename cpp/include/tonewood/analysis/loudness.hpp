#pragma once

#include <vector>

#include "tonewood/core/audio_buffer.hpp"

/// Level and loudness measurements of a finished signal (EBU R128 / ITU-R BS.1770-4 through
/// libebur128). Channels 0 and 1 are left and right; 5.1 audio in L R C LFE Ls Rs order gets the
/// standard weights (LFE ignored). Any non-audio thread.
namespace tonewood::analysis {

/// Largest absolute sample over every channel (linear).
float peakLevel(const AudioBlockView& audio) noexcept;

/// Integrated loudness in LUFS. Returns -inf for silence or a signal shorter than one 400 ms
/// gating block. Throws OutOfRangeError for a sample rate outside [8000, 384000] Hz.
double integratedLoudness(const AudioBlockView& audio, double sampleRate);

/// The true peak over every channel (linear; 4x oversampled below 96 kHz, as BS.1770-4 Annex 2
/// asks). Throws as integratedLoudness does.
double truePeakLevel(const AudioBlockView& audio, double sampleRate);

/// Every R128 figure of one signal. Loudness values are LUFS (or LU for the range); -inf where
/// the signal is too short or silent. Peaks are linear.
struct LoudnessReport {
  double integrated = 0.0;
  double range = 0.0;         // loudness range (LRA), LU
  double maxMomentary = 0.0;  // highest 400 ms loudness
  double maxShortTerm = 0.0;  // highest 3 s loudness
  double samplePeak = 0.0;    // over all channels
  double truePeak = 0.0;      // over all channels, 4x oversampled (BS.1770-4 Annex 2)
  std::vector<double> channelTruePeaks;
  double seriesHop = 0.1;         // seconds between the values below
  std::vector<double> momentary;  // 400 ms loudness every seriesHop seconds
  std::vector<double> shortTerm;  // 3 s loudness every seriesHop seconds
};

/// Measures everything above in one pass. Throws as integratedLoudness does.
LoudnessReport measureLoudness(const AudioBlockView& audio, double sampleRate);

}  // namespace tonewood::analysis
