#include "tonewood/effects/distortion.hpp"

namespace tonewood::effects {

Distortion::Distortion()
    : StereoEffect(
          "distortion",
          {ParamInfo::choice(
               "type", "Type",
               {"tanh", "hard clip", "linear fold", "sine fold", "bitcrush", "downsample"}, 0),
           ParamInfo::make("drive_db", "Drive", "dB", -36.0f, 36.0f, 0.0f, 1.0f),
           ParamInfo::make("output_db", "Output", "dB", -36.0f, 36.0f, 0.0f, 1.0f),
           ParamInfo::make("mix", "Mix", "", 0.0f, 1.0f, 1.0f, 1.0f),
           ParamInfo::choice("filter", "Filter Position", {"off", "pre", "post"}, 0),
           ParamInfo::make("cutoff_hz", "Filter Cutoff", "Hz", 10.0f, 20000.0f, 3000.0f, 0.3f),
           ParamInfo::make("resonance_q", "Filter Resonance", "", 0.01f, 15.0f, 0.7071f, 0.4f),
           ParamInfo::make("filter_morph", "Filter Morph", "", 0.0f, 1.0f, 0.0f, 1.0f)}) {}

void Distortion::configure(double tempoBpm) noexcept {
  (void)tempoBpm;
  dsp::DistortionSettings s;
  s.enabled = true;
  s.type = static_cast<int>(value(kType));
  s.driveDb = value(kDriveDb);
  s.outputDb = value(kOutputDb);
  s.mix = value(kMix);
  s.filterPosition = static_cast<int>(value(kFilter));
  s.cutoffHz = value(kCutoffHz);
  s.q = value(kResonanceQ);
  s.filterMorph = value(kFilterMorph);
  unit_.configure(s);
}

}  // namespace tonewood::effects
