#include "tonewood/effects/delay.hpp"

#include "tonewood/effects/note_value_labels.hpp"

namespace tonewood::effects {

Delay::Delay()
    : StereoEffect("delay",
                   {ParamInfo::make("time_left_s", "Time Left", "s", 0.001f, 4.0f, 0.5f, 0.4f),
                    ParamInfo::make("time_right_s", "Time Right", "s", 0.001f, 4.0f, 0.5f, 0.4f),
                    ParamInfo::make("feedback", "Feedback", "", 0.0f, 0.99f, 0.5f, 1.0f),
                    ParamInfo::make("mix", "Mix", "", 0.0f, 1.0f, 0.5f, 1.0f),
                    ParamInfo::toggle("ping_pong", "Ping-Pong", false),
                    ParamInfo::toggle("lock", "Stereo Lock", false),
                    ParamInfo::toggle("sync_left", "Sync Left", false),
                    ParamInfo::toggle("sync_right", "Sync Right", false),
                    ParamInfo::choice("note_value_left", "Note Value Left", noteValues(), 8),
                    ParamInfo::choice("note_value_right", "Note Value Right", noteValues(), 8)}) {}

void Delay::configure(double tempoBpm) noexcept {
  dsp::DelaySettings s;
  s.enabled = true;
  s.timeLeftS = value(kTimeLeftS);
  s.timeRightS = value(kTimeRightS);
  s.feedback = value(kFeedback);
  s.mix = value(kMix);
  s.pingPong = value(kPingPong) >= 0.5f;
  s.lock = value(kLock) >= 0.5f;
  s.syncLeft = value(kSyncLeft) >= 0.5f;
  s.syncRight = value(kSyncRight) >= 0.5f;
  s.beatLeft = static_cast<int>(value(kNoteValueLeft));
  s.beatRight = static_cast<int>(value(kNoteValueRight));
  unit_.configure(dsp::atTempo(s, tempoBpm));
}

bool Delay::followsTempo() const noexcept {
  return value(kSyncLeft) >= 0.5f || value(kSyncRight) >= 0.5f;
}

}  // namespace tonewood::effects
