// `tonewood analyze FILE [--json]`: loudness, levels, tempo, onsets and pitch of one file.
#include <cmath>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "audio_io.hpp"
#include "commands.hpp"
#include "level_text.hpp"
#include "tonewood/analysis/levels.hpp"
#include "tonewood/analysis/loudness.hpp"
#include "tonewood/analysis/music_analysis.hpp"

namespace tonewood::cli {

namespace {

struct AnalyzeOptions {
  std::string input;
  bool json = false, quiet = false;
};

// JSON has no infinity: undefined levels are null.
nlohmann::json level(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

nlohmann::json decibels(double linear) {
  return linear > 0.0 ? nlohmann::json(20.0 * std::log10(linear)) : nlohmann::json(nullptr);
}

void analyze(const AnalyzeOptions& o) {
  io::AudioFileData in = loadAudio(o.input, progressWanted(o.quiet));
  const AudioBlockView view = in.audio.view();
  const double rate = in.sampleRate;
  const analysis::LoudnessReport loud = analysis::measureLoudness(view, rate);
  const std::vector<double> rms = analysis::channelRms(view);
  const analysis::TempoEstimate tempo = analysis::estimateTempo(view, rate);
  const std::vector<double> onsets = analysis::detectOnsets(view, rate);
  const analysis::PitchTrack pitch = analysis::trackPitch(view, rate);
  std::vector<double> voiced;
  for (double hz : pitch.frequencies)
    if (hz > 0) voiced.push_back(hz);
  double medianHz = 0.0;
  if (!voiced.empty()) {
    std::nth_element(voiced.begin(), voiced.begin() + voiced.size() / 2, voiced.end());
    medianHz = voiced[voiced.size() / 2];
  }

  nlohmann::json j;
  j["file"] = o.input;
  j["format"] = in.format;
  j["subtype"] = in.subtype;
  j["sample_rate"] = rate;
  j["channels"] = view.numChannels();
  j["frames"] = view.numFrames();
  j["duration_s"] = view.numFrames() / rate;
  j["sample_peak_dbfs"] = decibels(loud.samplePeak);
  j["true_peak_dbtp"] = decibels(loud.truePeak);
  nlohmann::json rmsDb = nlohmann::json::array();
  for (double r : rms) rmsDb.push_back(decibels(r));
  j["rms_dbfs"] = rmsDb;
  j["loudness"] = {{"integrated_lufs", level(loud.integrated)},
                   {"range_lu", level(loud.range)},
                   {"max_momentary_lufs", level(loud.maxMomentary)},
                   {"max_short_term_lufs", level(loud.maxShortTerm)}};
  j["tempo"] = {
      {"bpm", tempo.bpm}, {"confidence", tempo.confidence}, {"beats", tempo.beats.size()}};
  j["onsets_s"] = onsets;
  j["pitch"] = {{"median_hz", medianHz > 0 ? nlohmann::json(medianHz) : nlohmann::json(nullptr)},
                {"voiced_fraction", pitch.frequencies.empty()
                                        ? 0.0
                                        : static_cast<double>(voiced.size()) /
                                              static_cast<double>(pitch.frequencies.size())}};
  if (o.json) {
    std::printf("%s\n", j.dump(2).c_str());
    return;
  }
  // The same layout as `info`, with the analysis below it.
  const int channels = view.numChannels();
  std::printf("%s\n", o.input.c_str());
  std::printf("  format     %s %s, %d channel%s, %.0f Hz\n", in.format.c_str(), in.subtype.c_str(),
              channels, channels == 1 ? "" : "s", rate);
  std::printf("  duration   %.3f s (%d frames)\n", view.numFrames() / rate, view.numFrames());
  std::printf("  peak       %s sample, %s true\n", decibelText(loud.samplePeak, "dBFS").c_str(),
              decibelText(loud.truePeak, "dBTP").c_str());
  std::string rmsText;
  for (std::size_t c = 0; c < rms.size(); ++c)
    rmsText += (c ? ", " : "") + decibelText(rms[c], "dBFS");
  std::printf("  rms        %s\n", rmsText.c_str());
  std::printf("  loudness   %s integrated, range %.1f LU\n", loudnessText(loud.integrated).c_str(),
              std::isfinite(loud.range) ? loud.range : 0.0);
  std::printf("             max momentary %s, max short-term %s\n",
              loudnessText(loud.maxMomentary).c_str(), loudnessText(loud.maxShortTerm).c_str());
  if (tempo.beats.empty())
    std::printf("  tempo      none found\n");
  else
    std::printf("  tempo      %.1f BPM (confidence %.2f, %zu beats)\n", tempo.bpm, tempo.confidence,
                tempo.beats.size());
  if (onsets.empty())
    std::printf("  onsets     none\n");
  else
    std::printf("  onsets     %zu, the first at %.3f s\n", onsets.size(), onsets.front());
  const double voicedShare =
      pitch.frequencies.empty()
          ? 0.0
          : static_cast<double>(voiced.size()) / static_cast<double>(pitch.frequencies.size());
  if (medianHz > 0)
    std::printf("  pitch      %.1f Hz median (%.0f %% of frames voiced)\n", medianHz,
                100.0 * voicedShare);
  else
    std::printf("  pitch      none found\n");
}

}  // namespace

void addAnalyzeCommand(CLI::App& app) {
  auto o = std::make_shared<AnalyzeOptions>();
  auto* cmd = app.add_subcommand("analyze", "Loudness, levels, tempo, onsets and pitch of a file");
  cmd->add_option("input", o->input, "Audio file to read")->required();
  cmd->add_flag("--json", o->json, "Print one JSON object (levels in dB; null where undefined)");
  cmd->add_flag("-q,--quiet", o->quiet, "No progress display");
  cmd->callback([o] { analyze(*o); });
}

}  // namespace tonewood::cli
