#pragma once

#include <string>
#include <vector>

#include "tonewood/core/audio_buffer.hpp"

/// Onsets, tempo and pitch through aubio. Multi-channel audio is analysed as its mono average.
/// Throws OutOfRangeError for a sample rate outside [1000, 768000] Hz, InvalidArgumentError for
/// an unknown method (the message lists the valid ones). Any non-audio thread.
namespace tonewood::analysis {

struct OnsetOptions {
  std::string method = "default";  // aubio's: default (hfc), energy, hfc, complex, phase,
                                   // wphase, specdiff, kl, mkl, specflux
  int fftSize = 1024;
  int hop = 256;
  double threshold = 0.3;  // peak-picking threshold (lower finds more)
  double minIntervalSeconds = 0.02;
  double silenceDb = -70.0;  // quieter frames never start an onset
};

/// Onset times in seconds, ascending.
std::vector<double> detectOnsets(const AudioBlockView& audio, double sampleRate,
                                 const OnsetOptions& options = {});

struct TempoEstimate {
  double bpm = 0.0;           // from the mean beat interval near the median (aubio's running
                              // estimate when fewer than four beats were found)
  double confidence = 0.0;    // aubio's, 0..1
  std::vector<double> beats;  // beat times in seconds
};

TempoEstimate estimateTempo(const AudioBlockView& audio, double sampleRate, int fftSize = 1024,
                            int hop = 512);

struct PitchTrack {
  double hop = 0.0;                 // seconds between values
  std::vector<double> times;        // seconds, the centre of each analysis frame
  std::vector<double> frequencies;  // Hz; 0 where unvoiced or below the confidence floor
  std::vector<double> confidences;  // 0..1, NaN for methods without one
};

/// method: yinfast (default), yin, yinfft, mcomb, fcomb, schmitt, specacf. yinfast and yin
/// are within 0.1 cent on a steady tone; aubio 0.4.9's yinfft reads a 220 Hz tone at 48 kHz about
/// 28 cents sharp, so it is not the default. Only yin, yinfast and specacf report a confidence
/// (the others give NaN and are not gated by minConfidence).
PitchTrack trackPitch(const AudioBlockView& audio, double sampleRate,
                      const std::string& method = "yinfast", int fftSize = 2048, int hop = 256,
                      double minConfidence = 0.5);

}  // namespace tonewood::analysis
