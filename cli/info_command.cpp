// `tonewood info FILE...`: format, length, peak and loudness of each file.
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "audio_io.hpp"
#include "commands.hpp"
#include "level_text.hpp"
#include "tonewood/analysis/loudness.hpp"
#include "tonewood/core/errors.hpp"

namespace tonewood::cli {

namespace {

struct InfoOptions {
  std::vector<std::string> files;
  bool quiet = false;
};

}  // namespace

void addInfoCommand(CLI::App& app) {
  auto o = std::make_shared<InfoOptions>();
  auto* cmd = app.add_subcommand("info", "Format, duration, peak and loudness of audio files");
  cmd->add_option("files", o->files, "Audio files (any format libsndfile reads)")->required();
  cmd->add_flag("-q,--quiet", o->quiet, "No progress display");
  cmd->callback([o] {
    int failures = 0;
    for (const std::string& path : o->files) {
      try {
        io::AudioFileData a = loadAudio(path, progressWanted(o->quiet));
        const analysis::LoudnessReport r = analysis::measureLoudness(a.audio.view(), a.sampleRate);
        std::printf("%s\n", path.c_str());
        std::printf("  format     %s %s, %d channel%s, %.0f Hz\n", a.format.c_str(),
                    a.subtype.c_str(), a.audio.numChannels(), a.audio.numChannels() == 1 ? "" : "s",
                    a.sampleRate);
        std::printf("  duration   %.3f s (%d frames)\n", a.audio.numFrames() / a.sampleRate,
                    a.audio.numFrames());
        std::printf("  peak       %s sample, %s true\n", decibelText(r.samplePeak, "dBFS").c_str(),
                    decibelText(r.truePeak, "dBTP").c_str());
        std::printf("  loudness   %s integrated, range %.1f LU\n",
                    loudnessText(r.integrated).c_str(), std::isfinite(r.range) ? r.range : 0.0);
      } catch (const Error& e) {
        // One unreadable file does not hide the others; the exit status still says so.
        std::fprintf(stderr, "tonewood: error: %s\n", e.what());
        ++failures;
      }
    }
    if (failures)
      throw Error(std::to_string(failures) + " of " + std::to_string(o->files.size()) +
                  " files could not be read");
  });
}

}  // namespace tonewood::cli
