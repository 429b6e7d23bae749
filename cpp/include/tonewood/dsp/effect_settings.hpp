#pragma once

/// Plain settings of every effect in the resonator synth's chain, in natural units. Filled from
/// the parameters on the control grid; the effects read them when configured.
namespace tonewood::dsp {

struct FilterSettings {
  bool enabled = false;
  double cutoffHz = 20000.0, morph = 0.0, q = 0.7071;  ///< morph: LP (0) -> BP (0.5) -> HP (1)
  friend bool operator==(const FilterSettings&, const FilterSettings&) = default;
};

struct ChorusSettings {
  bool enabled = false;
  double rateHz = 0.5, depth = 0.5, delayS = 0.0, feedback = 0.0, mix = 0.5;
  bool sync = false;
  int beat = 8;
  friend bool operator==(const ChorusSettings&, const ChorusSettings&) = default;
};

struct PhaserSettings {
  bool enabled = false;
  double rateHz = 0.5, depth = 0.5, centreHz = 3000.0, feedback = 0.0, mix = 0.5;
  bool sync = false;
  int beat = 8;
  friend bool operator==(const PhaserSettings&, const PhaserSettings&) = default;
};

struct DistortionSettings {
  bool enabled = false;
  int type = 0;  ///< tanh, hard clip, linear fold, sine fold, bitcrush, downsample
  double driveDb = 0.0, outputDb = 0.0, mix = 1.0;
  int filterPosition = 0;  ///< 0 off, 1 before the shaper, 2 after
  double cutoffHz = 3000.0, q = 0.7071, filterMorph = 0.0;
  /// Fold as the original does, sign quirk included (see `Distortion::shape`).
  bool resonariumFold = false;
  friend bool operator==(const DistortionSettings&, const DistortionSettings&) = default;
};

struct AmpSettings {
  bool enabled = false;
  int mode = 0;                               ///< clean, warm, crunch, fuzz, bass, radio
  double a = 0.5, b = 0.5, c = 0.5, d = 0.5;  ///< gain, bass, treble, level
  friend bool operator==(const AmpSettings&, const AmpSettings&) = default;
};

struct DelaySettings {
  bool enabled = false;
  double timeLeftS = 0.5, timeRightS = 0.5, feedback = 0.5, mix = 0.5;
  bool pingPong = false;
  bool lock = false;  ///< the right side uses the left side's time
  bool syncLeft = false, syncRight = false;
  int beatLeft = 8, beatRight = 8;
  friend bool operator==(const DelaySettings&, const DelaySettings&) = default;
};

struct CompressorSettings {
  bool enabled = false;
  double thresholdDb = 0.0, ratio = 1.0, attackMs = 1.0, releaseMs = 1.0;
  friend bool operator==(const CompressorSettings&, const CompressorSettings&) = default;
};

struct ReverbSettings {
  bool enabled = false;
  double damping = 0.5, density = 0.5, bandwidth = 0.5, decay = 0.5, predelay = 0.0, size = 0.5,
         earlyMix = 0.5, mix = 0.25;
  friend bool operator==(const ReverbSettings&, const ReverbSettings&) = default;
};

struct EffectsSettings {
  FilterSettings filter1, filter2;
  ChorusSettings chorus;
  PhaserSettings phaser;
  DistortionSettings distortion;
  AmpSettings amp;
  DelaySettings delay;
  CompressorSettings compressor;
  ReverbSettings reverb;
  bool any() const noexcept {
    return filter1.enabled || filter2.enabled || chorus.enabled || phaser.enabled ||
           distortion.enabled || amp.enabled || delay.enabled || compressor.enabled ||
           reverb.enabled;
  }
  friend bool operator==(const EffectsSettings&, const EffectsSettings&) = default;
};

/// Settings with tempo-synced rates and times resolved at `tempoBpm` (quarter notes per
/// minute): a synced chorus or phaser sweeps once per note value, a synced delay side waits one
/// note value, and a locked delay's right side takes the left side's time.
ChorusSettings atTempo(ChorusSettings s, double tempoBpm) noexcept;
PhaserSettings atTempo(PhaserSettings s, double tempoBpm) noexcept;
DelaySettings atTempo(DelaySettings s, double tempoBpm) noexcept;

}  // namespace tonewood::dsp
