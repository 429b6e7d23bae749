#include "tonewood/effects/reverb.hpp"

#include <cmath>

namespace tonewood::effects {

Reverb::Reverb()
    : StereoEffect(
          "reverb",
          {ParamInfo::make("decay_s", "Decay (T60)", "s", 0.2f, 20.0f, 2.0f, 0.3f),
           ParamInfo::make("size", "Size", "", 0.0f, 1.0f, 0.5f, 1.0f),
           ParamInfo::make("density", "Density", "", 0.0f, 1.0f, 0.5f, 1.0f),
           ParamInfo::make("bandwidth_hz", "Bandwidth", "Hz", 1000.0f, 20000.0f, 4472.0f, 0.5f),
           ParamInfo::make("damping_hz", "Damping", "Hz", 1000.0f, 20000.0f, 4472.0f, 0.5f),
           ParamInfo::make("predelay_ms", "Predelay", "ms", 0.0f, 250.0f, 0.0f, 1.0f),
           ParamInfo::make("early_mix", "Early Reflections", "", 0.0f, 1.0f, 0.5f, 1.0f),
           ParamInfo::make("mix", "Mix", "", 0.0f, 1.0f, 0.25f, 1.0f)}) {}

void Reverb::configure(double tempoBpm) noexcept {
  (void)tempoBpm;
  // The unit's controls are 0..1 on log scales: T60 = 0.2 * 100^decay s, input low-pass
  // 1000 * 20^bandwidth Hz, tail low-pass 20000 * 0.05^damping Hz, predelay 250 ms * predelay.
  dsp::ReverbSettings s;
  s.enabled = true;
  s.decay = std::log(value(kDecayS) / 0.2) / std::log(100.0);
  s.size = value(kSize);
  s.density = value(kDensity);
  s.bandwidth = std::log(value(kBandwidthHz) / 1000.0) / std::log(20.0);
  s.damping = std::log(value(kDampingHz) / 20000.0) / std::log(0.05);
  s.predelay = value(kPredelayMs) / 250.0;
  s.earlyMix = value(kEarlyMix);
  s.mix = value(kMix);
  unit_.configure(s);
}

}  // namespace tonewood::effects
