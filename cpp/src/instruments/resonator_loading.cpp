#include "tonewood/instruments/resonator_loading.hpp"

#include <algorithm>
#include <filesystem>

#include "tonewood/core/errors.hpp"
#include "tonewood/io/audio_file_reader.hpp"
#include "tonewood/io/resampling.hpp"
#include "tonewood/synth/preset_files.hpp"

namespace tonewood::instruments {

void loadSample(synth::ResonatorSynth& synth, const std::string& path) {
  io::AudioFileData file = io::readAudioFile(path);
  if (file.audio.numFrames() == 0) throw AudioFileError("'" + path + "' holds no audio");
  const int channels = std::min(file.audio.numChannels(), 2);
  std::array<float*, kMaxChannels> pointers{};
  for (int c = 0; c < channels; ++c) pointers[static_cast<std::size_t>(c)] = file.audio.channel(c);
  const AudioBlockView view(pointers.data(), channels, file.audio.numFrames());
  auto sample = std::make_unique<synth::SampleData>();
  sample->audio = io::resampleAudio(view, file.sampleRate, synth.spec().sampleRate);
  sample->path = path;
  synth.setSample(std::move(sample));
}

synth::Preset loadPreset(synth::ResonatorSynth& synth, const std::string& path) {
  synth::Preset preset = synth::readPresetFile(path, synth.params());
  synth::applyPreset(synth, preset);
  if (preset.samplePath.empty()) {
    synth.clearSample();
    return preset;
  }
  // Sample paths in presets may be relative to the preset's folder.
  std::filesystem::path sample(preset.samplePath);
  if (sample.is_relative()) sample = std::filesystem::path(path).parent_path() / sample;
  try {
    loadSample(synth, sample.string());
  } catch (const Error& e) {
    synth.clearSample();
    synth.setSamplePath(preset.samplePath);  // keep it, so saving the preset keeps it too
    preset.warnings.push_back(std::string("sample not loaded: ") + e.what());
  }
  return preset;
}

}  // namespace tonewood::instruments
