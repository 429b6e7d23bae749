// `tonewood render-note`: one note on the resonator synth to an audio file.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "commands.hpp"
#include "param_settings.hpp"
#include "tonewood/analysis/loudness.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/instruments/resonator_loading.hpp"
#include "tonewood/io/audio_file_writer.hpp"
#include "tonewood/io/audio_format.hpp"
#include "tonewood/synth/factory_presets.hpp"
#include "tonewood/synth/resonator_synth.hpp"

namespace tonewood::cli {

namespace {

struct RenderNoteOptions {
  int note = 60;
  int velocity = 100;
  double seconds = 4.0;
  double holdSeconds = -1.0;  // < 0: held to the end
  double sampleRate = 48000.0;
  int blockSize = 512;
  std::vector<std::string> settings;
  std::string preset;
  std::string output = "out.wav";
  std::string subtype;  ///< empty: the output format's default
  bool blank = false;   ///< start with everything off instead of the default patch
};

void renderNote(const RenderNoteOptions& o) {
  requireInRange("--seconds", o.seconds, 0.001, 3600.0, "s");
  requireInRange("--note", o.note, 0, 127, "(MIDI note number)");
  // Velocity 0 is a note off in MIDI: the file would be silence.
  requireInRange("--velocity", o.velocity, 1, 127, "(MIDI velocity)");
  synth::ResonatorSynth synth;
  synth.prepare(ProcessSpec{o.sampleRate, o.blockSize, 2});
  if (!o.preset.empty()) {
    const synth::Preset preset = instruments::loadPreset(synth, o.preset);
    for (const std::string& w : preset.warnings)
      std::fprintf(stderr, "tonewood: warning: %s: %s\n", o.preset.c_str(), w.c_str());
  } else if (!o.blank) {
    synth::Preset patch = synth::pluckedString();
    synth::applyPreset(synth, patch);
  }
  for (const std::string& s : o.settings) applySetting(synth.params(), s);
  const auto frames = static_cast<std::int64_t>(std::llround(o.seconds * o.sampleRate));
  synth.schedule(makeNoteOn(o.note, velocityFromMidi(o.velocity), 0, 0));
  if (o.holdSeconds >= 0.0)
    synth.schedule(makeNoteOff(o.note, 0.0f, 0, std::llround(o.holdSeconds * o.sampleRate)));
  AudioBuffer audio(2, static_cast<int>(frames));
  synth.render(audio.view(), o.blockSize);
  const io::WriteFormat written = io::resolveWriteFormat("", o.subtype, o.output);
  io::writeAudioFile(o.output, audio.view(), o.sampleRate, written.subtype);

  const float peak = analysis::peakLevel(audio.view());
  const double lufs = analysis::integratedLoudness(audio.view(), o.sampleRate);
  std::printf("wrote %s: note %d, velocity %d, %.3f s at %.0f Hz, %s\n", o.output.c_str(), o.note,
              o.velocity, o.seconds, o.sampleRate, written.subtype.c_str());
  if (peak == 0.0f) {
    std::printf(
        "peak: silence. No exciter reaches an enabled resonator in this patch; try\n"
        "  --set \"impExciter0 enabled=1\" --set \"enabled wb0r0=1\"\n");
    return;
  }
  std::printf("peak: %.2f dBFS, loudness: %.1f LUFS\n", 20.0 * std::log10(peak), lufs);
}

}  // namespace

void addRenderNoteCommand(CLI::App& app) {
  auto o = std::make_shared<RenderNoteOptions>();
  auto* cmd = app.add_subcommand("render-note", "Render one note on the resonator synth");
  cmd->add_option("--note", o->note, "MIDI note number 0..127")->capture_default_str();
  cmd->add_option("--velocity", o->velocity, "MIDI velocity 1..127")->capture_default_str();
  cmd->add_option("--seconds", o->seconds, "Length of the file in seconds")->capture_default_str();
  cmd->add_option("--hold", o->holdSeconds,
                  "Release the note after this many seconds (default: held to the end)");
  cmd->add_option("--sample-rate", o->sampleRate, "Sample rate in Hz")->capture_default_str();
  cmd->add_option("--block-size", o->blockSize,
                  "Processing block in frames (does not change "
                  "the result)")
      ->capture_default_str();
  cmd->add_option("--preset", o->preset,
                  "Start from a preset: tonewood JSON or Resonarium XML (--set applies after it)");
  cmd->add_flag("--blank", o->blank,
                "Start with every exciter and resonator off (default without --preset: a "
                "plucked string)");
  cmd->add_option("--set", o->settings,
                  "Set a parameter, \"ID=VALUE\" in natural units (repeatable), e.g. "
                  "--set \"decayTime wb0r0=5\"");
  cmd->add_option("-o,--output", o->output,
                  "Output file; the format follows the extension (.wav, .flac, .aif, .ogg, "
                  ".opus, .mp3, ...)")
      ->capture_default_str();
  cmd->add_option("--subtype", o->subtype,
                  "e.g. PCM_16, PCM_24, FLOAT (default: the format's, PCM_24 for WAV)");
  cmd->callback([o] { renderNote(*o); });
}

}  // namespace tonewood::cli
