// SoundFonts through FluidSynth: presets listed, bad files refused with their name, events on the
// 64-frame grid at a place that depends only on their frame (never on the host's block size),
// in a graph as alone, without allocating while rendering.
#include "tonewood/instruments/soundfont_processor.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <numeric>
#include <vector>

#include "support/allocation_counter.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/graph/engine.hpp"

namespace tonewood::instruments {
namespace {

const std::filesystem::path kFont = "/usr/share/sounds/sf2/TimGM6mb.sf2";

#define REQUIRE_FONT()                                                    \
  if (!std::filesystem::exists(kFont))                                    \
  GTEST_SKIP() << kFont                                                   \
               << " not found (Debian package timgm6mb-soundfont, which " \
                  "scripts/install-deps installs)"

std::shared_ptr<SoundFontProcessor> piano(double rate = 48000.0) {
  auto p = std::make_shared<SoundFontProcessor>();
  p->loadFont(kFont.string());
  p->setParameter("reverb", 0.0f);  // onsets are clearer dry
  p->setParameter("chorus", 0.0f);
  p->prepare(ProcessSpec{rate, 512, 2});
  return p;
}

// Renders `frames` with a note on at `frame`, in blocks of `block`.
std::vector<float> noteAt(int frame, int block, int frames = 4096,
                          std::size_t* allocations = nullptr) {
  auto p = piano();
  const std::uint8_t on[3] = {0x90, 60, 110};
  p->schedule(on, 3, frame);
  std::vector<float> l(static_cast<std::size_t>(frames)), r(l.size());
  test::AllocationCounter counter;
  for (int at = 0; at < frames; at += block) {
    const int n = std::min(block, frames - at);
    float* rows[2] = {l.data() + at, r.data() + at};
    p->renderAlone(AudioBlockView(rows, 2, n));
  }
  if (allocations) *allocations = counter.allocations() + counter.deallocations();
  return l;
}

int onset(const std::vector<float>& x) {
  for (std::size_t i = 0; i < x.size(); ++i)
    if (std::abs(x[i]) > 1e-6f) return static_cast<int>(i);
  return -1;
}

TEST(SoundFontProcessor, ListsTheFontsPresetsWithBanksAndNames) {
  REQUIRE_FONT();
  SoundFontProcessor p;
  EXPECT_EQ(p.loadFont(kFont.string()), 1);
  const auto& presets = p.presets();
  ASSERT_GE(presets.size(), 128u);  // a General MIDI font: 128 programs and drum kits
  EXPECT_EQ(presets.front().bank, 0);
  EXPECT_EQ(presets.front().program, 0);
  EXPECT_FALSE(presets.front().name.empty());
  EXPECT_TRUE(std::any_of(presets.begin(), presets.end(),
                          [](const SoundFontPreset& s) { return s.bank == 128; }));
}

TEST(SoundFontProcessor, RefusesWhatIsNotASoundFontNamingTheFile) {
  SoundFontProcessor p;
  const auto dir = std::filesystem::temp_directory_path();
  const auto fake = dir / "tonewood-not-a-font.sf2";
  std::ofstream(fake) << "RIFF but not really";
  for (const std::string& path :
       {fake.string(), (dir / "tonewood-missing.sf2").string(), dir.string()}) {
    try {
      p.loadFont(path);
      ADD_FAILURE() << path << " loaded";
    } catch (const AudioFileError& e) {
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
  }
  std::filesystem::remove(fake);
  EXPECT_TRUE(p.presets().empty());
  EXPECT_THROW(SoundFontProcessor(0), OutOfRangeError);
}

TEST(SoundFontProcessor, ANoteStartsOnTheFirstGridPointAfterItsFrameWhateverTheBlockSize) {
  REQUIRE_FONT();
  std::size_t allocations = 1;
  const std::vector<float> reference = noteAt(1000, 512, 4096, &allocations);
  EXPECT_EQ(allocations, 0u);  // FluidSynth's voices are made at prepare
  for (int block : {1, 7, 64, 100, 333, 4096}) EXPECT_EQ(noteAt(1000, block), reference) << block;
  // Where the sound starts after the grid point its note went in at: the sample's own lead-in
  // (the first frames of its waveform are below our threshold). A note at frame 0 goes in at 64.
  const int leadIn = onset(noteAt(0, 64)) - SoundFontProcessor::kGrid;
  ASSERT_GE(leadIn, 0);
  ASSERT_LT(leadIn, 32);
  // The first 64-frame boundary after frame 1000 is 1024: 24 frames late, within the 32 the
  // processor reports as latency.
  EXPECT_EQ(onset(reference) - leadIn, 1024);
  for (int frame : {1, 63, 64, 65, 127, 128, 999, 1023, 1024}) {
    const int at = onset(noteAt(frame, 100)) - leadIn;
    EXPECT_GT(at, frame) << frame;
    EXPECT_LE(at, frame + SoundFontProcessor::kGrid) << frame;
    EXPECT_EQ(at % SoundFontProcessor::kGrid, 0) << frame;
    EXPECT_LE(std::abs(at - SoundFontProcessor::kLatency - frame), 32) << frame;
  }
}

TEST(SoundFontProcessor, PlaysInAGraphFromMidiAndUmpEventsAndReportsItsLatency) {
  REQUIRE_FONT();
  auto render = [](bool withMidi2Note) {
    graph::Engine engine({48000.0, 256, 0, 2, 1});
    auto font = std::make_shared<SoundFontProcessor>();
    font->loadFont(kFont.string());
    const graph::NodeId node = engine.add(font);
    engine.connect(node, graph::Graph::kOutput);
    EXPECT_EQ(engine.latencyFrames(), SoundFontProcessor::kLatency);
    engine.schedule(node, graph::Event::midi(0, 0x90, 64, 100), 300);
    const std::uint32_t midi2NoteOn[2] = {0x40903C00u, 0xC8000000u};  // note 60, velocity 0xC800
    if (withMidi2Note) engine.schedule(node, graph::Event::ump(0, midi2NoteOn, 2), 5000);
    const AudioBuffer out = engine.render(12000);
    return std::vector<float>(out.channel(0), out.channel(0) + out.numFrames());
  };
  const std::vector<float> one = render(false), two = render(true);
  const int leadIn = onset(noteAt(0, 64)) - SoundFontProcessor::kGrid;  // as above
  EXPECT_EQ(onset(one) - leadIn, 320);
  // The MIDI 2.0 note joins at the first boundary after 5000: 5056.
  std::vector<float> added(two.size());
  for (std::size_t i = 0; i < two.size(); ++i) added[i] = two[i] - one[i];
  EXPECT_EQ(onset(added), 5056 + leadIn);
  // At velocity 100 of 127, within 10 dB of the first note (same velocity, a third apart).
  auto energy = [](const std::vector<float>& x, std::size_t from) {
    return std::inner_product(x.begin() + static_cast<std::ptrdiff_t>(from), x.end(),
                              x.begin() + static_cast<std::ptrdiff_t>(from), 0.0);
  };
  EXPECT_GT(energy(added, 5056), 0.1 * energy(one, 320));
}

}  // namespace
}  // namespace tonewood::instruments
