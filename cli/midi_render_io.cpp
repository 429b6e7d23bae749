#include "midi_render_io.hpp"

#include <utility>

#include "audio_io.hpp"

namespace tonewood::cli {

double renderMidiToFile(const midi::MidiFile& song, std::shared_ptr<graph::Processor> instrument,
                        const instruments::MidiRenderOptions& options, const std::string& output,
                        const std::string& subtype, bool quiet) {
  const bool progress = progressWanted(quiet);
  Progress p("rendering", progress);
  AudioBuffer audio = instruments::renderMidi(song, std::move(instrument), options,
                                              [&p](double done) { p.update(done); });
  p.done();
  io::AudioWriteOptions w;
  w.subtype = subtype;
  saveAudio(output, audio.view(), options.sampleRate, w, progress);
  return audio.numFrames() / options.sampleRate;
}

}  // namespace tonewood::cli
