#include "tonewood/synth/resonator_param_layout.hpp"

#include <string>

#include "tonewood/dsp/note_values.hpp"

namespace tonewood::synth {

namespace {

using Labels = std::vector<std::string>;
const Labels kOffOn = {"Off", "On"};
const Labels kFilterTypes = {"None", "Lowpass", "Highpass", "Bandpass", "Notch", "Allpass"};

class LayoutBuilder {
 public:
  // Every parameter goes through here so that nothing is half-described.
  ParamInfo& add(std::string id, std::string name, std::string unit, float min, float max,
                 float defaultValue, float skew = 1.0f, float step = 0.0f, bool automatable = true,
                 Labels labels = {}) {
    ParamInfo p = ParamInfo::make(std::move(id), std::move(name), std::move(unit), min, max,
                                  defaultValue, skew, step);
    p.automatable = automatable;
    p.labels = std::move(labels);
    infos.push_back(std::move(p));
    return infos.back();
  }
  // 10..20000 Hz, skew 0.3: the frequency range shared by every cutoff.
  void frequency(std::string id, std::string name, float defaultValue, bool automatable = true) {
    add(std::move(id), std::move(name), "Hz", 10.0f, 20000.0f, defaultValue, 0.3f, 0.0f,
        automatable);
  }
  void toggle(std::string id, std::string name, bool automatable = true, float def = 0.0f) {
    add(std::move(id), std::move(name), "", 0.0f, 1.0f, def, 1.0f, 1.0f, automatable, kOffOn);
  }
  void integer(std::string id, std::string name, float min, float max, float def, bool automatable,
               Labels labels = {}) {
    add(std::move(id), std::move(name), "", min, max, def, 1.0f, 1.0f, automatable,
        std::move(labels));
  }
  void unit(std::string id, std::string name, float def = 0.0f, bool automatable = true) {
    add(std::move(id), std::move(name), "", 0.0f, 1.0f, def, 1.0f, 0.0f, automatable);
  }
  void bipolar(std::string id, std::string name, float def = 0.0f, bool automatable = true) {
    add(std::move(id), std::move(name), "", -1.0f, 1.0f, def, 1.0f, 0.0f, automatable);
  }
  void seconds(std::string id, std::string name, float def) {
    add(std::move(id), std::move(name), "s", 0.0f, 60.0f, def, 0.2f);
  }
  void exciterFilter(const std::string& prefix, const std::string& name) {
    add(prefix + "filterType", name + " Filter Type", "", 0.0f, 5.0f, 0.0f, 1.0f, 1.0f, true,
        kFilterTypes);
    frequency(prefix + "frequency", name + " Filter Frequency", 1000.0f);
    add(prefix + "_resonance", name + " Filter Resonance", "", 0.01f, 100.0f, 0.7071f, 0.4f);
  }
  void adsr(const std::string& prefix, const std::string& name) {
    toggle(prefix + "enabled", name + " Envelope On");
    seconds(prefix + "attack", name + " Attack", 0.0f);
    seconds(prefix + "decay", name + " Decay", 0.1f);
    add(prefix + "sustain", name + " Sustain", "%", 0.0f, 100.0f, 80.0f);
    seconds(prefix + "release", name + " Release", 0.1f);
  }

  std::vector<ParamInfo> infos;
};

void addResonator(LayoutBuilder& b, int bank, int index) {
  const std::string s = " wb" + std::to_string(bank) + "r" + std::to_string(index);
  const std::string n =
      " (bank " + std::to_string(bank) + ", resonator " + std::to_string(index) + ")";
  b.toggle("enabled" + s, "Enabled" + n);
  b.add("pitch" + s, "Pitch" + n, "x", 0.1f, 10.0f, 1.0f, 0.7f);
  b.frequency("resonatorFrequency" + s, "Frequency" + n, 1000.0f);
  b.add("resonatorKeytrack" + s, "Keytrack" + n, "", 0.0f, 100.0f, 1.0f);
  b.add("decayTime" + s, "Decay Time" + n, "s", 0.0f, 60.0f, 3.0f, 0.2f);
  b.add("dispersion" + s, "Dispersion" + n, "%", 0.0f, 100.0f, 0.0f);
  b.frequency("decayFilterCutoff" + s, "Loop Filter Cutoff" + n, 3000.0f);
  b.add("decayFilterPitch" + s, "Loop Filter Pitch" + n, "st", -60.0f, 60.0f, 0.0f);
  b.add("decayFilterResonance" + s, "Loop Filter Resonance" + n, "", 0.0f, 100.0f, 0.0f, 0.25f);
  b.toggle("decayFilterKeytrack" + s, "Loop Filter Keytrack" + n, false);
  b.unit("svfMode" + s, "Loop Filter Mode" + n);
  b.integer("svfType" + s, "Loop Filter Type" + n, 0.0f, 2.0f, 0.0f, true,
            {"Lowpass", "Bandpass", "Highpass"});
  b.frequency("postFilterCutoff" + s, "Post Filter Cutoff" + n, 9000.0f);
  b.add("postFilterPitch" + s, "Post Filter Pitch" + n, "st", -60.0f, 60.0f, 0.0f);
  b.add("postFilterResonance" + s, "Post Filter Resonance" + n, "", 0.01f, 800.0f, 0.7071f, 0.2f);
  b.unit("postFilterMode" + s, "Post Filter Mode" + n);
  b.toggle("postFilterKeytrack" + s, "Post Filter Keytrack" + n, false);
  b.add("gain" + s, "Gain" + n, "dB", -100.0f, 0.0f, 0.0f, 4.0f);
}

void addBank(LayoutBuilder& b, int bank) {
  const std::string s = " wb" + std::to_string(bank);
  const std::string n = " (bank " + std::to_string(bank) + ")";
  b.add("noteOffset" + s, "Note Offset" + n, "st", -36.0f, 36.0f, 0.0f);
  b.toggle("useSemitones" + s, "Offset In Semitones" + n, false, 1.0f);
  b.integer("couplingMode" + s, "Coupling Mode" + n, 0.0f, 2.0f, 0.0f, true,
            {"Parallel", "Interlinked", "Cascade"});
  b.add("inputGain" + s, "Input Gain" + n, "dB", -48.0f, 48.0f, 0.0f);
  b.unit("inputMix" + s, "Input Mix" + n);
  b.add("outputGain" + s, "Output Gain" + n, "dB", -100.0f, 100.0f, 0.0f);
  b.bipolar("cascadeAmount" + s, "Cascade Amount" + n);
  b.frequency("cascadeFilterCutoff" + s, "Cascade Filter Cutoff" + n, 3000.0f);
  b.add("cascadeFilterResonance" + s, "Cascade Filter Resonance" + n, "", 0.01f, 800.0f, 0.7071f,
        0.4f);
  b.unit("cascadeFilterMode" + s, "Cascade Filter Mode" + n);
}

void addExciters(LayoutBuilder& b) {
  b.exciterFilter("impExciter0", "Impulse");
  b.toggle("impExciter0 enabled", "Impulse On");
  b.add("impExciter0 thickness", "Impulse Thickness", "samples", 1.0f, 10.0f, 1.0f, 1.0f, 1.0f);
  b.unit("impExciter0 pickPosition", "Impulse Pick Position", 0.5f);
  b.unit("impExciter0 level", "Impulse Level", 1.0f);

  b.exciterFilter("noiseExciter0", "Noise");
  b.adsr("noiseExciterEnv0", "Noise");
  b.toggle("noiseExciter0enabled", "Noise On");
  b.integer("noiseExciter0type", "Noise Type", 0.0f, 2.0f, 0.0f, false);
  b.unit("noiseExciter0density", "Noise Density", 0.5f);
  b.unit("noiseExciter0level", "Noise Level", 1.0f);

  b.exciterFilter("impTrainExciter0", "Sequence");
  b.adsr("impTrainExciterEnv0", "Sequence");
  b.toggle("impTrainExciter0enabled", "Sequence On");
  b.integer("impTrainExciter0mode", "Sequence Mode", 0.0f, 2.0f, 0.0f, true,
            {"Impulses", "Static", "Triangle"});
  b.add("impTrainExciter0rate", "Sequence Rate", "Hz", 0.1f, 1000.0f, 1.0f, 0.4f);
  b.toggle("impTrainExciter0sync", "Sequence Tempo Sync");
  b.add("impTrainExciter0impulseLength", "Sequence Impulse Length", "samples", 1.0f, 10.0f, 1.0f,
        1.0f, 1.0f);
  b.unit("impTrainExciter0staticDensity", "Sequence Static Density");
  b.unit("impTrainExciter0level", "Sequence Level", 1.0f);

  b.exciterFilter("extIn", "External Input");
  b.adsr("extIn", "External Input");
  b.toggle("extInEnable", "External Input On");
  b.add("extInGain", "External Input Gain", "dB", -100.0f, 24.0f, 0.0f, 4.0f);
  b.unit("extInMix", "External Input Mix", 1.0f);
  b.toggle("extInConstantNote", "External Input Constant Note", false);
  b.frequency("extInConstantNoteFrequency", "External Input Constant Note Frequency", 440.0f);

  b.exciterFilter("Sample", "Sample");
  b.adsr("Sample", "Sample");
  b.toggle("sampleEnable", "Sample On");
  b.unit("sampleGain", "Sample Gain", 1.0f);
  b.unit("sampleMix", "Sample Mix", 1.0f);
  b.toggle("sampleLoop", "Sample Loop", false);
  b.add("sampleStart", "Sample Start", "%", 0.0f, 100.0f, 0.0f);
  b.add("sampleEnd", "Sample End", "%", 0.0f, 100.0f, 100.0f);
}

// Tempo-synced note values, index 0..13 (13 = one bar).
const Labels kBeats(dsp::kNoteValueNames.begin(), dsp::kNoteValueNames.end());

void addGlobalAndEffects(LayoutBuilder& b) {
  b.add("masterGain", "Master Gain", "dB", -100.0f, 24.0f, 0.0f, 4.0f);
  b.integer("numVoices", "Voices", 1.0f, 16.0f, 16.0f, false);
  b.toggle("stereoResonators", "Stereo Resonators", false);
  b.toggle("polyEffectChain", "Per-Voice Effects", false);

  b.toggle("chorusEnable", "Chorus On");
  b.toggle("chorusSync", "Chorus Tempo Sync", false);
  b.integer("chorusBeat", "Chorus Beat", 0.0f, 13.0f, 13.0f, true, kBeats);
  b.add("chorusRate", "Chorus Rate", "Hz", 0.0f, 100.0f, 0.5f, 0.3f);
  b.unit("chorusDepth", "Chorus Depth", 0.5f);
  b.add("chorusDelay", "Chorus Delay", "s", 0.0f, 0.1f, 0.0f);
  b.bipolar("chorusFeedback", "Chorus Feedback");
  b.unit("chorusMix", "Chorus Mix", 0.5f);

  b.toggle("delayEnable", "Delay On", false);
  b.add("delayTimeL", "Delay Time Left", "s", 0.01f, 2.0f, 0.5f, 0.4f);
  b.add("delayTimeR", "Delay Time Right", "s", 0.01f, 2.0f, 0.5f, 0.4f);
  b.integer("delayBeatL", "Delay Beat Left", 0.0f, 13.0f, 13.0f, true, kBeats);
  b.integer("delayBeatR", "Delay Beat Right", 0.0f, 13.0f, 13.0f, true, kBeats);
  b.toggle("delayPingPong", "Delay Ping-Pong", false);
  b.toggle("delaySyncL", "Delay Sync Left", false);
  b.toggle("delaySyncR", "Delay Sync Right", false);
  b.unit("delayFeedback", "Delay Feedback", 0.5f);
  b.toggle("delayLock", "Delay Stereo Lock", false, 1.0f);
  b.unit("delayMix", "Delay Mix", 0.5f);

  b.toggle("distEnable", "Distortion On", false);
  b.integer("distType", "Distortion Type", 0.0f, 5.0f, 0.0f, false,
            {"Tanh", "Hard Clip", "Linear Fold", "Sine Fold", "Bitcrush", "Downsample"});
  b.add("distDrive", "Distortion Drive", "dB", -36.0f, 36.0f, 0.0f);
  b.add("distOutputGain", "Distortion Output Gain", "dB", -36.0f, 36.0f, 0.0f);
  b.unit("distMix", "Distortion Mix", 1.0f);
  b.integer("distPrePostFilter", "Distortion Filter Position", 0.0f, 2.0f, 0.0f, false,
            {"Off", "Pre", "Post"});
  b.frequency("distCutoff", "Distortion Filter Cutoff", 3000.0f);
  b.add("distResonance", "Distortion Filter Resonance", "", 0.01f, 15.0f, 0.7071f, 0.4f);
  b.unit("distFilterMode", "Distortion Filter Mode");

  b.toggle("ampEnable", "Amp On", false);
  b.integer("ampMode", "Amp Mode", 0.0f, 5.0f, 0.0f, false);
  for (const char* knob : {"A", "B", "C", "D"})
    b.unit(std::string("ampParam") + knob, std::string("Amp Knob ") + knob, 0.5f);

  for (const char* filter : {"Filter 1 ", "Filter 2 "}) {
    const std::string f = filter;
    b.toggle(f + "enable", f + "On", false);
    b.frequency(f + "cutoff", f + "Cutoff", 20000.0f);
    b.unit(f + "mode", f + "Mode");
    b.add(f + "resonance", f + "Resonance", "", 0.0f, 100.0f, 0.7071f);
  }

  b.toggle("compressorEnable", "Compressor On", false);
  b.add("compressorThreshold", "Compressor Threshold", "dB", -60.0f, 12.0f, 0.0f);
  b.add("compressorRatio", "Compressor Ratio", ":1", 1.0f, 9.0f, 1.0f);
  b.add("compressorAttack", "Compressor Attack", "ms", 1.0f, 1000.0f, 1.0f);
  b.add("compressorRelease", "Compressor Release", "ms", 1.0f, 1000.0f, 1.0f);

  b.toggle("phaserEnable", "Phaser On", false);
  b.toggle("phaserSync", "Phaser Tempo Sync", false);
  b.integer("phaserBeat", "Phaser Beat", 0.0f, 13.0f, 13.0f, true, kBeats);
  b.add("phaserRate", "Phaser Rate", "Hz", 0.0f, 99.99f, 0.5f, 0.3f);
  b.unit("phaserDepth", "Phaser Depth", 0.5f);
  b.frequency("phaserCentreFreq", "Phaser Centre Frequency", 3000.0f);
  b.bipolar("phaserFeedback", "Phaser Feedback");
  b.unit("phaserMix", "Phaser Mix", 0.5f);

  b.toggle("reverbEnable", "Reverb On", false);
  b.unit("reverbDampingFreq", "Reverb Damping", 0.2f);
  b.unit("reverbDensity", "Reverb Density", 0.5f);
  b.unit("reverbBandwidthFreq", "Reverb Bandwidth", 0.2f);
  b.unit("reverbDecay", "Reverb Decay", 0.5f);
  b.unit("reverbPredelay", "Reverb Predelay", 0.0f);
  b.unit("reverbSize", "Reverb Size", 0.5f);
  b.unit("reverbEarlyMix", "Reverb Early Mix", 0.5f);
  b.unit("reverbMix", "Reverb Mix", 0.5f);
}

// Numbered as gin's LFO, which Resonarium presets store.
const Labels kLfoWaves = {"Sine",      "Triangle",    "Saw Up",      "Saw Down",    "Square",
                          "Square+",   "S&H",         "Noise",       "Step Up 3",   "Step Up 4",
                          "Step Up 8", "Step Down 3", "Step Down 4", "Step Down 8", "Pyramid 3",
                          "Pyramid 5", "Pyramid 9"};

void addModulators(LayoutBuilder& b) {
  for (int i = 0; i < 4; ++i) {
    const std::string p = "lfo" + std::to_string(i);
    const std::string n = "LFO " + std::to_string(i + 1) + " ";
    b.toggle(p + "enable", n + "On");
    b.toggle(p + "sync", n + "Tempo Sync", false);
    b.toggle(p + "retrig", n + "Retrigger", false, 1.0f);
    b.integer(p + "wave", n + "Wave", 1.0f, 17.0f, 1.0f, false, kLfoWaves);
    b.add(p + "rate", n + "Rate", "Hz", 0.0f, 200.0f, 1.0f, 0.3f);
    b.integer(p + "beat", n + "Beat", 0.0f, 13.0f, 13.0f, false, kBeats);
    b.bipolar(p + "depth", n + "Depth", 1.0f);
    b.bipolar(p + "phase", n + "Phase");
    b.bipolar(p + "offset", n + "Offset");
    b.add(p + "fade", n + "Fade", "s", -60.0f, 60.0f, 0.0f, 0.2f).symmetricSkew = true;
    b.seconds(p + "delay", n + "Delay", 0.0f);
    b.unit(p + "stereo", n + "Stereo Offset");
  }
  for (int i = 0; i < 4; ++i) {
    const std::string p = "rnd" + std::to_string(i);
    const std::string n = "Random " + std::to_string(i + 1) + " ";
    b.toggle(p + "enable", n + "On");
    b.integer(p + "mode", n + "Mode", 0.0f, 1.0f, 0.0f, false, {"Smooth", "Stepped"});
    b.toggle(p + "sync", n + "Tempo Sync", false);
    b.add(p + "rate", n + "Rate", "Hz", 0.0f, 200.0f, 1.0f, 0.3f);
    b.integer(p + "beat", n + "Beat", 0.0f, 13.0f, 13.0f, false, kBeats);
    b.bipolar(p + "depth", n + "Depth", 1.0f);
    b.bipolar(p + "offset", n + "Offset");
    b.add(p + "smooth", n + "Smooth", "%", 0.0f, 100.0f, 100.0f);
    b.unit(p + "jitter", n + "Jitter");
    b.unit(p + "chaos", n + "Chaos", 1.0f);
    b.unit(p + "stereo", n + "Stereo Offset");
  }
  for (int i = 1; i <= 4; ++i) b.adsr("Env " + std::to_string(i), "Envelope " + std::to_string(i));
  for (int i = 0; i < 4; ++i) {
    const std::string p = "mseg" + std::to_string(i);
    const std::string n = "MSEG " + std::to_string(i + 1) + " ";
    b.toggle(p + "enable", n + "On");
    b.toggle(p + "sync", n + "Tempo Sync", false);
    b.add(p + "rate", n + "Rate", "Hz", 0.0f, 200.0f, 10.0f, 0.3f);
    b.integer(p + "beat", n + "Beat", 0.0f, 13.0f, 13.0f, false, kBeats);
    b.bipolar(p + "depth", n + "Depth", 1.0f);
    b.bipolar(p + "offset", n + "Offset");
    b.add(p + "fade", n + "Fade", "s", -60.0f, 60.0f, 0.0f, 0.2f).symmetricSkew = true;
    b.bipolar(p + "phase", n + "Phase");
    b.add(p + "xgrid", n + "Grid X", "", 1.0f, 32.0f, 8.0f, 1.0f, 1.0f);
    b.add(p + "ygrid", n + "Grid Y", "", 1.0f, 32.0f, 1.0f, 1.0f, 1.0f);
    b.toggle(p + "loop", n + "Loop", false, 1.0f);
  }
  for (int i = 1; i <= 6; ++i) b.unit("macro" + std::to_string(i), "Macro " + std::to_string(i));
}

void addInterfaceState(LayoutBuilder& b) {
  b.integer("soloParameter", "Solo Resonator", -1.0f, 32.0f, -1.0f, false);
  b.integer("uiActiveResonatorBank", "UI Active Bank", 0.0f, 3.0f, 0.0f, false);
  b.integer("uiActiveLfo", "UI Active LFO", 0.0f, 3.0f, 0.0f, false);
  b.integer("uiActiveRandLfo", "UI Active Random", 0.0f, 3.0f, 0.0f, false);
  b.integer("uiActiveMSEG", "UI Active MSEG", 0.0f, 3.0f, 0.0f, false);
  b.integer("uiActiveADSR", "UI Active Envelope", 0.0f, 3.0f, 0.0f, false);
  b.integer("uiActiveModWindow", "UI Active Modulation Page", 0.0f, 3.0f, 0.0f, false);
  b.toggle("uiBypassResonators", "UI Bypass Resonators", false);
}

std::vector<ParamInfo> buildLayout() {
  LayoutBuilder b;
  for (int bank = 0; bank < kNumBanks; ++bank) {
    for (int r = 0; r < kResonatorsPerBank; ++r) addResonator(b, bank, r);
    addBank(b, bank);
  }
  addExciters(b);
  addGlobalAndEffects(b);
  addModulators(b);
  addInterfaceState(b);
  return std::move(b.infos);
}

}  // namespace

const std::vector<ParamInfo>& resonatorParamInfos() {
  static const std::vector<ParamInfo> infos = buildLayout();
  return infos;
}

SynthParamIndices SynthParamIndices::lookUp(const ParamRegistry& registry) {
  auto at = [&](const std::string& id) { return registry.indexOf(id); };
  // Exciter filters and envelopes share one ID pattern behind a prefix.
  auto filterAt = [&](const std::string& p) -> ExciterFilterIndices {
    return {at(p + "filterType"), at(p + "frequency"), at(p + "_resonance")};
  };
  auto envelopeAt = [&](const std::string& p) -> AdsrIndices {
    return {at(p + "enabled"), at(p + "attack"), at(p + "decay"), at(p + "sustain"),
            at(p + "release")};
  };
  SynthParamIndices x{};
  for (int b = 0; b < kNumBanks; ++b) {
    const std::string s = " wb" + std::to_string(b);
    BankParamIndices& bank = x.banks[b];
    bank.noteOffset = at("noteOffset" + s);
    bank.useSemitones = at("useSemitones" + s);
    bank.couplingMode = at("couplingMode" + s);
    bank.inputGain = at("inputGain" + s);
    bank.inputMix = at("inputMix" + s);
    bank.outputGain = at("outputGain" + s);
    bank.cascadeAmount = at("cascadeAmount" + s);
    bank.cascadeCutoff = at("cascadeFilterCutoff" + s);
    bank.cascadeResonance = at("cascadeFilterResonance" + s);
    bank.cascadeMode = at("cascadeFilterMode" + s);
    for (int r = 0; r < kResonatorsPerBank; ++r) {
      const std::string rs = s + "r" + std::to_string(r);
      bank.resonators[r] = ResonatorParamIndices{at("enabled" + rs),
                                                 at("pitch" + rs),
                                                 at("resonatorFrequency" + rs),
                                                 at("resonatorKeytrack" + rs),
                                                 at("decayTime" + rs),
                                                 at("dispersion" + rs),
                                                 at("decayFilterCutoff" + rs),
                                                 at("decayFilterPitch" + rs),
                                                 at("decayFilterResonance" + rs),
                                                 at("decayFilterKeytrack" + rs),
                                                 at("svfMode" + rs),
                                                 at("svfType" + rs),
                                                 at("postFilterCutoff" + rs),
                                                 at("postFilterPitch" + rs),
                                                 at("postFilterResonance" + rs),
                                                 at("postFilterMode" + rs),
                                                 at("postFilterKeytrack" + rs),
                                                 at("gain" + rs)};
    }
  }
  x.impulse.filter = filterAt("impExciter0");
  x.impulse.enabled = at("impExciter0 enabled");
  x.impulse.thickness = at("impExciter0 thickness");
  x.impulse.pickPosition = at("impExciter0 pickPosition");
  x.impulse.level = at("impExciter0 level");
  x.noise.filter = filterAt("noiseExciter0");
  x.noise.envelope = envelopeAt("noiseExciterEnv0");
  x.noise.enabled = at("noiseExciter0enabled");
  x.noise.type = at("noiseExciter0type");
  x.noise.density = at("noiseExciter0density");
  x.noise.level = at("noiseExciter0level");
  x.sequence.filter = filterAt("impTrainExciter0");
  x.sequence.envelope = envelopeAt("impTrainExciterEnv0");
  x.sequence.enabled = at("impTrainExciter0enabled");
  x.sequence.mode = at("impTrainExciter0mode");
  x.sequence.rate = at("impTrainExciter0rate");
  x.sequence.sync = at("impTrainExciter0sync");
  x.sequence.impulseLength = at("impTrainExciter0impulseLength");
  x.sequence.staticDensity = at("impTrainExciter0staticDensity");
  x.sequence.level = at("impTrainExciter0level");
  for (int i = 0; i < 4; ++i) {
    const std::string l = "lfo" + std::to_string(i);
    x.lfos[i] = {at(l + "enable"), at(l + "sync"), at(l + "retrig"), at(l + "wave"),
                 at(l + "rate"),   at(l + "beat"), at(l + "depth"),  at(l + "phase"),
                 at(l + "offset"), at(l + "fade"), at(l + "delay"),  at(l + "stereo")};
    const std::string r = "rnd" + std::to_string(i);
    x.randoms[i] = {at(r + "enable"), at(r + "mode"),  at(r + "sync"),   at(r + "rate"),
                    at(r + "beat"),   at(r + "depth"), at(r + "offset"), at(r + "smooth"),
                    at(r + "jitter"), at(r + "chaos"), at(r + "stereo")};
    const std::string m = "mseg" + std::to_string(i);
    x.msegs[i] = {at(m + "enable"), at(m + "sync"),   at(m + "rate"), at(m + "beat"),
                  at(m + "depth"),  at(m + "offset"), at(m + "fade"), at(m + "phase"),
                  at(m + "xgrid"),  at(m + "ygrid"),  at(m + "loop")};
    x.envelopes[i] = envelopeAt("Env " + std::to_string(i + 1));
  }
  for (int i = 0; i < 6; ++i) x.macros[i] = at("macro" + std::to_string(i + 1));
  EffectParamIndices& e = x.effects;
  e.filter1 = {at("Filter 1 enable"), at("Filter 1 cutoff"), at("Filter 1 mode"),
               at("Filter 1 resonance")};
  e.filter2 = {at("Filter 2 enable"), at("Filter 2 cutoff"), at("Filter 2 mode"),
               at("Filter 2 resonance")};
  e.chorusEnable = at("chorusEnable"), e.chorusSync = at("chorusSync"),
  e.chorusBeat = at("chorusBeat");
  e.chorusRate = at("chorusRate"), e.chorusDepth = at("chorusDepth"),
  e.chorusDelay = at("chorusDelay");
  e.chorusFeedback = at("chorusFeedback"), e.chorusMix = at("chorusMix");
  e.phaserEnable = at("phaserEnable"), e.phaserSync = at("phaserSync"),
  e.phaserBeat = at("phaserBeat");
  e.phaserRate = at("phaserRate"), e.phaserDepth = at("phaserDepth");
  e.phaserCentre = at("phaserCentreFreq"), e.phaserFeedback = at("phaserFeedback");
  e.phaserMix = at("phaserMix");
  e.distEnable = at("distEnable"), e.distType = at("distType"), e.distDrive = at("distDrive");
  e.distOutput = at("distOutputGain"), e.distMix = at("distMix");
  e.distFilterPosition = at("distPrePostFilter"), e.distCutoff = at("distCutoff");
  e.distResonance = at("distResonance"), e.distFilterMode = at("distFilterMode");
  e.ampEnable = at("ampEnable"), e.ampMode = at("ampMode"), e.ampA = at("ampParamA");
  e.ampB = at("ampParamB"), e.ampC = at("ampParamC"), e.ampD = at("ampParamD");
  e.delayEnable = at("delayEnable"), e.delayTimeL = at("delayTimeL"),
  e.delayTimeR = at("delayTimeR");
  e.delayBeatL = at("delayBeatL"), e.delayBeatR = at("delayBeatR");
  e.delayPingPong = at("delayPingPong"), e.delaySyncL = at("delaySyncL");
  e.delaySyncR = at("delaySyncR"), e.delayFeedback = at("delayFeedback");
  e.delayLock = at("delayLock"), e.delayMix = at("delayMix");
  e.compEnable = at("compressorEnable"), e.compThreshold = at("compressorThreshold");
  e.compRatio = at("compressorRatio"), e.compAttack = at("compressorAttack");
  e.compRelease = at("compressorRelease");
  e.reverbEnable = at("reverbEnable"), e.reverbDamping = at("reverbDampingFreq");
  e.reverbDensity = at("reverbDensity"), e.reverbBandwidth = at("reverbBandwidthFreq");
  e.reverbDecay = at("reverbDecay"), e.reverbPredelay = at("reverbPredelay");
  e.reverbSize = at("reverbSize"), e.reverbEarly = at("reverbEarlyMix"),
  e.reverbMix = at("reverbMix");
  e.polyEffectChain = at("polyEffectChain");
  x.externalInput.filter = filterAt("extIn");
  x.externalInput.envelope = envelopeAt("extIn");
  x.externalInput.enabled = at("extInEnable");
  x.externalInput.gain = at("extInGain");
  x.externalInput.mix = at("extInMix");
  x.externalInput.constantNote = at("extInConstantNote");
  x.externalInput.constantNoteFrequency = at("extInConstantNoteFrequency");
  x.sample.filter = filterAt("Sample");
  x.sample.envelope = envelopeAt("Sample");
  x.sample.enabled = at("sampleEnable");
  x.sample.gain = at("sampleGain");
  x.sample.mix = at("sampleMix");
  x.sample.loop = at("sampleLoop");
  x.sample.start = at("sampleStart");
  x.sample.end = at("sampleEnd");
  x.masterGain = at("masterGain");
  x.numVoices = at("numVoices");
  x.stereoResonators = at("stereoResonators");
  return x;
}

}  // namespace tonewood::synth
