// `tonewood render SONG.json` (a project bounced) and `tonewood new --from-midi SONG.mid` (a
// project started from a MIDI file).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "audio_io.hpp"
#include "commands.hpp"
#include "instrument_choice.hpp"
#include "midi_io.hpp"
#include "project_render.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/timeline/midi_import.hpp"
#include "tonewood/timeline/project_file.hpp"

namespace tonewood::cli {

namespace {

// "5-8", "5" or "5-": bars counted from 1, as musicians count them; the end is the bar's end.
std::pair<double, double> barRange(const std::string& text, const timeline::Session& s) {
  const auto dash = text.find('-');
  auto bar = [&](const std::string& part) {
    std::size_t used = 0;
    long long n = 0;
    try {
      n = std::stoll(part, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != part.size() || n < 1)
      throw InvalidArgumentError(
          "--range takes bars counted from 1, like '5-8', '5' or '5-'; got '" + text + "'");
    return static_cast<std::int64_t>(n);
  };
  const std::int64_t first = bar(dash == std::string::npos ? text : text.substr(0, dash));
  const timeline::TempoMap& map = s.tempoMap();
  const double start = map.secondsAt(map.beatOf({first - 1, 0.0}));
  if (dash != std::string::npos && dash + 1 == text.size()) return {start, -1.0};
  const std::int64_t last = dash == std::string::npos ? first : bar(text.substr(dash + 1));
  if (last < first) throw InvalidArgumentError("--range '" + text + "' ends before it starts");
  return {start, map.secondsAt(map.beatOf({last, 0.0}))};
}

std::string fileNameFor(std::string name) {
  for (char& c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ' ' ||
          c == '.'))
      c = '_';
  return name.empty() ? "track" : name;
}

struct NewOptions {
  std::string midi, output;
  InstrumentChoice instrument;
  double sampleRate = 48000.0;
};

void newProject(const NewOptions& o) {
  const midi::MidiFile song = readMidiFile(o.midi);
  std::string on;
  timeline::Session session = timeline::sessionFromMidi(
      song, o.sampleRate,
      [&](const std::string&) { return makeInstrument(o.instrument, o.sampleRate, &on); });
  std::string output = o.output;
  if (output.empty())
    output = std::filesystem::path(o.midi).replace_extension(".tonewood.json").string();
  timeline::saveProject(session, output);
  std::printf("wrote %s: %zu track%s from %s on %s, %.3f s\n", output.c_str(), session.trackCount(),
              session.trackCount() == 1 ? "" : "s", o.midi.c_str(), on.c_str(),
              session.durationSeconds());
}

}  // namespace

void renderProject(const ProjectRenderOptions& o) {
  timeline::LoadedProject project = timeline::loadProject(o.input);
  for (const std::string& w : project.warnings)
    std::fprintf(stderr, "tonewood: warning: %s\n", w.c_str());
  const timeline::Session& s = project.session;
  const double rate = s.sampleRate();
  double start = 0.0, end = s.durationSeconds() + o.tail;
  if (!o.range.empty()) {
    const auto [a, b] = barRange(o.range, s);
    start = a;
    end = b < 0.0 ? end : b;
  }
  if (end <= start)
    throw InvalidArgumentError("nothing to render: '" + o.input + "' has no clips" +
                               (o.range.empty() ? "" : " in bars " + o.range));
  const auto first = static_cast<std::int64_t>(std::llround(start * rate));
  const auto frames = static_cast<std::int64_t>(std::llround(end * rate)) - first;
  const bool progress = progressWanted(o.quiet);
  Progress p("rendering", progress);
  timeline::BounceOptions options;
  options.threads = o.threads;
  options.stems = !o.stems.empty();
  options.progress = [&p](double done) { p.update(done); };
  const timeline::Bounce b = s.bounce(first, frames, options);
  p.done();
  io::AudioWriteOptions w;
  w.subtype = o.subtype;
  if (options.stems) {
    std::filesystem::create_directories(o.stems);
    for (std::size_t k = 0; k < b.stems.size(); ++k) {
      const std::string path =
          (std::filesystem::path(o.stems) / (fileNameFor(s.track(k).name()) + ".wav")).string();
      saveAudio(path, const_cast<AudioBuffer&>(b.stems[k]).view(), rate, w, false);
    }
  }
  saveAudio(o.output, const_cast<AudioBuffer&>(b.mix).view(), rate, w, progress);
  std::printf("wrote %s: %s, %.3f s from %.3f s at %.0f Hz%s\n", o.output.c_str(), o.input.c_str(),
              static_cast<double>(frames) / rate, start, rate,
              options.stems ? (", stems in " + o.stems).c_str() : "");
}

void addNewCommand(CLI::App& app) {
  auto o = std::make_shared<NewOptions>();
  auto* cmd = app.add_subcommand("new", "Start a project (JSON) from a MIDI file");
  cmd->add_option("--from-midi", o->midi, "Standard MIDI File: a track per MIDI track")->required();
  cmd->add_option("-o,--output", o->output, "Project to write (default: beside the MIDI file)");
  cmd->add_option("--sample-rate", o->sampleRate, "Sample rate in Hz")->capture_default_str();
  addInstrumentOptions(cmd, o->instrument);
  cmd->callback([o] { newProject(*o); });
}

}  // namespace tonewood::cli
