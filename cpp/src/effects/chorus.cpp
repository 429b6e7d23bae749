#include "tonewood/effects/chorus.hpp"

#include "tonewood/effects/note_value_labels.hpp"

namespace tonewood::effects {

Chorus::Chorus()
    : StereoEffect("chorus",
                   {ParamInfo::make("rate_hz", "Rate", "Hz", 0.01f, 20.0f, 0.5f, 0.3f),
                    ParamInfo::make("depth", "Depth", "", 0.0f, 1.0f, 0.5f, 1.0f),
                    ParamInfo::make("delay_ms", "Delay", "ms", 0.0f, 100.0f, 0.0f, 1.0f),
                    ParamInfo::make("feedback", "Feedback", "", -0.95f, 0.95f, 0.0f, 1.0f),
                    ParamInfo::make("mix", "Mix", "", 0.0f, 1.0f, 0.5f, 1.0f),
                    ParamInfo::toggle("sync", "Tempo Sync", false),
                    ParamInfo::choice("note_value", "Note Value", noteValues(), 8)}) {}

void Chorus::configure(double tempoBpm) noexcept {
  dsp::ChorusSettings s;
  s.enabled = true;
  s.rateHz = value(kRateHz);
  s.depth = value(kDepth);
  s.delayS = value(kDelayMs) / 1000.0;
  s.feedback = value(kFeedback);
  s.mix = value(kMix);
  s.sync = value(kSync) >= 0.5f;
  s.beat = static_cast<int>(value(kNoteValue));
  unit_.configure(dsp::atTempo(s, tempoBpm));
}

bool Chorus::followsTempo() const noexcept {
  return value(kSync) >= 0.5f;
}

}  // namespace tonewood::effects
