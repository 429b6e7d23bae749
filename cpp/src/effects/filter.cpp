#include "tonewood/effects/filter.hpp"

namespace tonewood::effects {

Filter::Filter()
    : StereoEffect("filter",
                   {ParamInfo::make("cutoff_hz", "Cutoff", "Hz", 10.0f, 20000.0f, 1000.0f, 0.3f),
                    ParamInfo::make("resonance_q", "Resonance", "", 0.1f, 20.0f, 0.7071f, 0.4f),
                    ParamInfo::make("morph", "Morph (low-pass, band-pass, high-pass)", "", 0.0f,
                                    1.0f, 0.0f, 1.0f)}) {}

void Filter::configure(double tempoBpm) noexcept {
  (void)tempoBpm;
  dsp::FilterSettings s;
  s.enabled = true;
  s.cutoffHz = value(kCutoffHz);
  s.q = value(kResonanceQ);
  s.morph = value(kMorph);
  unit_.configure(s);
}

}  // namespace tonewood::effects
