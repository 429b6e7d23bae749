#include "tonewood/dsp/effect_settings.hpp"

#include "tonewood/dsp/note_values.hpp"

namespace tonewood::dsp {

ChorusSettings atTempo(ChorusSettings s, double tempoBpm) noexcept {
  s.rateHz = sourceRateHz(s.sync, s.rateHz, s.beat, tempoBpm);
  return s;
}

PhaserSettings atTempo(PhaserSettings s, double tempoBpm) noexcept {
  s.rateHz = sourceRateHz(s.sync, s.rateHz, s.beat, tempoBpm);
  return s;
}

DelaySettings atTempo(DelaySettings s, double tempoBpm) noexcept {
  const double beatS = 60.0 / tempoBpm;
  if (s.syncLeft) s.timeLeftS = beatS * syncedBeats(s.beatLeft);
  if (s.syncRight) s.timeRightS = beatS * syncedBeats(s.beatRight);
  if (s.lock) s.timeRightS = s.timeLeftS;
  return s;
}

}  // namespace tonewood::dsp
