#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// Every modulation source the synth offers, with the stable IDs presets and scripts use
/// (Resonarium's where it has them). Poly sources have a value per voice; mono sources one value
/// for the whole synth. Bipolar sources move in -1..1, unipolar ones in 0..1.
namespace tonewood::synth {

enum class ModSourceKind {
  Macro,       ///< macro1..6: the macro parameters
  Velocity,    ///< vel
  Note,        ///< note: MIDI note / 127
  Pressure,    ///< mpep: channel or poly pressure
  Timbre,      ///< mpet: CC74
  PitchBend,   ///< pb: the channel's bend, -1..1
  Envelope,    ///< env1..4: the Env 1..4 ADSRs, per voice
  Lfo,         ///< lfo1..4: per voice (retriggered by notes)
  MonoLfo,     ///< mlfo1..4: one free-running LFO per slot
  Random,      ///< rnd1..4: per voice
  MonoRandom,  ///< mrnd1..4
  Mseg,        ///< mseg1..4: per voice
  MonoMseg,    ///< mmseg1..4
  Controller,  ///< cc0..cc119: the voice's channel controllers
};

struct ModSourceInfo {
  std::string id;    ///< "lfo1", "mrnd2", "macro3", "vel", "cc74", ...
  std::string name;  ///< display name
  ModSourceKind kind;
  int slot;  ///< which LFO, macro, controller... (0-based)
  bool poly;
  bool bipolar;
};

/// All sources, in a fixed order (an index into this list identifies a source). Any thread.
const std::vector<ModSourceInfo>& modSources();
/// Index of a source ID, or nothing.
std::optional<int> findModSource(std::string_view id);

}  // namespace tonewood::synth
