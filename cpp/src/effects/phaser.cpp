#include "tonewood/effects/phaser.hpp"

#include "tonewood/effects/note_value_labels.hpp"

namespace tonewood::effects {

Phaser::Phaser()
    : StereoEffect("phaser",
                   {ParamInfo::make("rate_hz", "Rate", "Hz", 0.01f, 20.0f, 0.5f, 0.3f),
                    ParamInfo::make("depth", "Depth", "", 0.0f, 1.0f, 0.5f, 1.0f),
                    ParamInfo::make("centre_hz", "Centre", "Hz", 10.0f, 20000.0f, 3000.0f, 0.3f),
                    ParamInfo::make("feedback", "Feedback", "", -0.9f, 0.9f, 0.0f, 1.0f),
                    ParamInfo::make("mix", "Mix", "", 0.0f, 1.0f, 0.5f, 1.0f),
                    ParamInfo::toggle("sync", "Tempo Sync", false),
                    ParamInfo::choice("note_value", "Note Value", noteValues(), 8)}) {}

void Phaser::configure(double tempoBpm) noexcept {
  dsp::PhaserSettings s;
  s.enabled = true;
  s.rateHz = value(kRateHz);
  s.depth = value(kDepth);
  s.centreHz = value(kCentreHz);
  s.feedback = value(kFeedback);
  s.mix = value(kMix);
  s.sync = value(kSync) >= 0.5f;
  s.beat = static_cast<int>(value(kNoteValue));
  unit_.configure(dsp::atTempo(s, tempoBpm));
}

bool Phaser::followsTempo() const noexcept {
  return value(kSync) >= 0.5f;
}

}  // namespace tonewood::effects
