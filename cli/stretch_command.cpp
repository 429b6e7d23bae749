// `tonewood stretch IN OUT`: change the length and/or pitch of a recording (Rubber Band R3).
#include <cstdio>
#include <memory>
#include <string>

#include "audio_io.hpp"
#include "commands.hpp"
#include "tonewood/io/time_stretch.hpp"

namespace tonewood::cli {

namespace {

struct StretchOptions {
  std::string input, output, engine = "finer", subtype;
  double ratio = 1.0, semitones = 0.0;
  bool formants = false, quiet = false;
};

void stretch(const StretchOptions& o) {
  const bool progress = progressWanted(o.quiet);
  io::AudioFileData in = loadAudio(o.input, progress);
  io::StretchOptions options;
  options.engine = io::stretchEngineFromName(o.engine);
  options.preserveFormants = o.formants;
  Progress p("stretching", progress);
  AudioBuffer out = io::timeStretch(in.audio.view(), in.sampleRate, o.ratio, o.semitones, options,
                                    [&p](double done) { p.update(done); });
  p.done();
  io::AudioWriteOptions w;
  w.subtype = o.subtype;
  saveAudio(o.output, out.view(), in.sampleRate, w, progress);
  std::printf("wrote %s: %.3f s -> %.3f s, %+.2f semitones\n", o.output.c_str(),
              in.audio.numFrames() / in.sampleRate, out.numFrames() / in.sampleRate, o.semitones);
}

}  // namespace

void addStretchCommand(CLI::App& app) {
  auto o = std::make_shared<StretchOptions>();
  auto* cmd = app.add_subcommand("stretch", "Time-stretch and pitch-shift an audio file");
  cmd->add_option("input", o->input, "Audio file to read")->required();
  cmd->add_option("output", o->output, "File to write")->required();
  cmd->add_option("--ratio", o->ratio, "Length factor, 0.05..20 (1.25 = 25 % longer)")
      ->capture_default_str();
  cmd->add_option("--semitones", o->semitones, "Pitch shift, -48..48 semitones")
      ->capture_default_str();
  cmd->add_flag("--formants", o->formants, "Keep the spectral envelope when shifting pitch");
  cmd->add_option("--engine", o->engine, "finer (R3) or faster (R2)")->capture_default_str();
  cmd->add_option("--subtype", o->subtype, "Output subtype (default: the format's)");
  cmd->add_flag("-q,--quiet", o->quiet, "No progress display");
  cmd->callback([o] { stretch(*o); });
}

}  // namespace tonewood::cli
