#pragma once

/// Attack-decay-sustain-release envelope with linear segments, counted in samples so every stage
/// lasts exactly its length whatever the block size. Segment times are for a full-scale change:
/// a release from level 0.5 takes half the release time. Times in seconds, sustain 0..1.
namespace tonewood::dsp {

class Adsr {
 public:
  enum class Stage { Idle, Attack, Decay, Sustain, Release };

  /// Sets segment times and sustain level; they apply from the next segment on.
  /// Audio or control thread, not concurrently with `next`.
  void setParameters(double sampleRate, double attackS, double decayS, double sustain,
                     double releaseS) noexcept;
  void noteOn() noexcept;   ///< (re)starts the attack from the current level
  void noteOff() noexcept;  ///< enters release from the current level
  void reset() noexcept {
    stage_ = Stage::Idle;
    level_ = 0.0f;
    remaining_ = 0;
  }

  Stage stage() const noexcept { return stage_; }
  bool isActive() const noexcept { return stage_ != Stage::Idle; }
  float level() const noexcept { return level_; }

  /// Advances one sample and returns the new level. Audio thread.
  float next() noexcept {
    if (remaining_ > 0) {
      level_ += step_;
      if (--remaining_ == 0) finishSegment();
    }
    return level_;
  }

 private:
  void begin(Stage stage, float target, double fullScaleSeconds) noexcept;
  void finishSegment() noexcept;

  Stage stage_ = Stage::Idle;
  float level_ = 0.0f, target_ = 0.0f, step_ = 0.0f;
  int remaining_ = 0;
  double sampleRate_ = 44100.0;
  double attackS_ = 0.0, decayS_ = 0.0, releaseS_ = 0.0;
  float sustain_ = 1.0f;
};

}  // namespace tonewood::dsp
