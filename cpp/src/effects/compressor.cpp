#include "tonewood/effects/compressor.hpp"

namespace tonewood::effects {

Compressor::Compressor()
    : StereoEffect("compressor",
                   {ParamInfo::make("threshold_db", "Threshold", "dB", -60.0f, 12.0f, -12.0f, 1.0f),
                    ParamInfo::make("ratio", "Ratio", "", 1.0f, 20.0f, 4.0f, 0.5f),
                    ParamInfo::make("attack_ms", "Attack", "ms", 0.1f, 1000.0f, 5.0f, 0.3f),
                    ParamInfo::make("release_ms", "Release", "ms", 1.0f, 5000.0f, 100.0f, 0.3f)}) {}

void Compressor::configure(double tempoBpm) noexcept {
  (void)tempoBpm;
  dsp::CompressorSettings s;
  s.enabled = true;
  s.thresholdDb = value(kThresholdDb);
  s.ratio = value(kRatio);
  s.attackMs = value(kAttackMs);
  s.releaseMs = value(kReleaseMs);
  unit_.configure(s);
}

}  // namespace tonewood::effects
