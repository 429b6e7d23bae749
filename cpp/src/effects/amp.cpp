#include "tonewood/effects/amp.hpp"

namespace tonewood::effects {

Amp::Amp()
    : StereoEffect("amp",
                   {ParamInfo::choice("mode", "Character",
                                      {"clean", "warm", "crunch", "fuzz", "bass", "radio"}, 0),
                    ParamInfo::make("gain_db", "Gain", "dB", 0.0f, 30.0f, 15.0f, 1.0f),
                    ParamInfo::make("bass_db", "Bass", "dB", -12.0f, 12.0f, 0.0f, 1.0f),
                    ParamInfo::make("treble_db", "Treble", "dB", -12.0f, 12.0f, 0.0f, 1.0f),
                    ParamInfo::make("level_db", "Level", "dB", -24.0f, 6.0f, -9.0f, 1.0f)}) {}

void Amp::configure(double tempoBpm) noexcept {
  (void)tempoBpm;
  // The stage's knobs are 0..1: gain 0..30 dB, shelves -12..+12 dB, level -24..+6 dB.
  dsp::AmpSettings s;
  s.enabled = true;
  s.mode = static_cast<int>(value(kMode));
  s.a = value(kGainDb) / 30.0;
  s.b = 0.5 + value(kBassDb) / 24.0;
  s.c = 0.5 + value(kTrebleDb) / 24.0;
  s.d = (value(kLevelDb) + 24.0) / 30.0;
  unit_.configure(s);
}

}  // namespace tonewood::effects
