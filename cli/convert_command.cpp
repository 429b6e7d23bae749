// `tonewood convert IN OUT`: another format, rate, channel count, subtype or loudness.
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "audio_io.hpp"
#include "commands.hpp"
#include "tonewood/analysis/loudness.hpp"
#include "tonewood/analysis/loudness_normalization.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/dsp/buffer_ops.hpp"
#include "tonewood/dsp/channel_mixing.hpp"
#include "tonewood/io/resampling.hpp"

namespace tonewood::cli {

namespace {

struct ConvertOptions {
  std::string input, output, format, subtype, quality = "vhq";
  std::optional<double> rate, normalizeLufs, normalizePeak;
  double truePeak = -1.0;
  std::optional<int> channels;
  bool dither = false, quiet = false;
};

void convert(const ConvertOptions& o) {
  const bool progress = progressWanted(o.quiet);
  io::AudioFileData in = loadAudio(o.input, progress);
  AudioBuffer audio = std::move(in.audio);
  double rate = in.sampleRate;
  if (o.channels && *o.channels != audio.numChannels()) {
    const dsp::ChannelMatrix m = dsp::standardMix(audio.numChannels(), *o.channels);
    AudioBuffer mixed(*o.channels, audio.numFrames());
    dsp::applyMatrix(m, audio.view(), mixed.view());
    audio = std::move(mixed);
  }
  if (o.rate && *o.rate != rate) {
    Progress p("resampling", progress);
    p.update(0.0);
    audio = io::resampleAudio(audio.view(), rate, *o.rate, io::resampleQualityFromName(o.quality));
    p.update(1.0);
    p.done();
    rate = *o.rate;
  }
  if (o.normalizeLufs && o.normalizePeak)
    throw InvalidArgumentError("use --normalize-lufs or --normalize-peak, not both");
  if (o.normalizeLufs) {
    requireInRange("--normalize-lufs", *o.normalizeLufs, -70.0, 0.0, "LUFS");
    requireInRange("--true-peak", o.truePeak, -20.0, 0.0, "dBTP");
    analysis::LoudnessNormalization r;
    try {
      r = analysis::normalizeLoudness(audio.view(), rate, *o.normalizeLufs, o.truePeak);
    } catch (const InvalidArgumentError&) {  // silence: say which file
      throw InvalidArgumentError(o.input +
                                 " is silent or shorter than 400 ms: its loudness "
                                 "cannot be normalised");
    }
    if (r.limitingLu > 0.05)
      std::fprintf(stderr,
                   "tonewood: note: the limiter took %.1f LU off the peaks to keep the true peak "
                   "under %.1f dBTP\n",
                   r.limitingLu, o.truePeak);
  }
  if (o.normalizePeak) {
    requireInRange("--normalize-peak", *o.normalizePeak, -100.0, 0.0, "dBFS");
    const float peak = dsp::peakOf(audio.view());
    if (peak > 0.0f)
      dsp::applyGain(audio.view(), dsp::dbToGain(*o.normalizePeak - 20.0 * std::log10(peak)));
  }
  const float peak = dsp::peakOf(audio.view());
  if (peak > 1.0f && o.subtype.find("FLOAT") == std::string::npos &&
      o.subtype.find("DOUBLE") == std::string::npos)
    std::fprintf(stderr,
                 "tonewood: warning: the peak is %+.2f dBFS; an integer or lossy format clips "
                 "it (write --subtype FLOAT, or lower the target)\n",
                 20.0 * std::log10(peak));
  io::AudioWriteOptions w;
  w.format = o.format;
  w.subtype = o.subtype;
  w.dither = o.dither;
  saveAudio(o.output, audio.view(), rate, w, progress);
  std::printf("wrote %s: %d channel%s, %.0f Hz, %.3f s\n", o.output.c_str(), audio.numChannels(),
              audio.numChannels() == 1 ? "" : "s", rate, audio.numFrames() / rate);
}

}  // namespace

void addConvertCommand(CLI::App& app) {
  auto o = std::make_shared<ConvertOptions>();
  auto* cmd = app.add_subcommand("convert", "Convert an audio file's format, rate or channels");
  cmd->add_option("input", o->input, "Audio file to read")->required();
  cmd->add_option("output", o->output, "File to write; the format follows its extension")
      ->required();
  cmd->add_option("--sample-rate", o->rate, "New sample rate in Hz (libsoxr)");
  cmd->add_option("--quality", o->quality, "Resampling quality: vhq, hq, mq, lq, quick")
      ->capture_default_str();
  cmd->add_option("--channels", o->channels,
                  "New channel count (standard up/down-mix: mono copies, average to mono, 5.1 to "
                  "stereo per ITU-R BS.775)");
  cmd->add_option("--format", o->format, "WAV, RF64, W64, AIFF, FLAC, OGG, OPUS, MP3, CAF");
  cmd->add_option("--subtype", o->subtype, "e.g. PCM_16, PCM_24, FLOAT (default: the format's)");
  cmd->add_flag("--dither", o->dither, "TPDF dither when writing 8- or 16-bit integers");
  cmd->add_option("--normalize-lufs", o->normalizeLufs,
                  "Bring to this integrated loudness (LUFS), limiting peaks to --true-peak");
  cmd->add_option("--true-peak", o->truePeak,
                  "True-peak ceiling for --normalize-lufs in dBTP (look-ahead limiter)")
      ->capture_default_str();
  cmd->add_option("--normalize-peak", o->normalizePeak, "Scale to this sample peak in dBFS");
  cmd->add_flag("-q,--quiet", o->quiet, "No progress display");
  cmd->callback([o] { convert(*o); });
}

}  // namespace tonewood::cli
