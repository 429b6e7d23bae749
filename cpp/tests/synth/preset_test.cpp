#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include "support/shared_data.hpp"
#include "support/signal_measure.hpp"
#include "support/synth_fixture.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/synth/preset_files.hpp"

namespace tonewood::test {
namespace {

namespace fs = std::filesystem;
using synth::Preset;

const fs::path kPresetDir = sharedDir() / "data" / "resonarium-presets";

std::vector<fs::path> sharedPresets() {
  std::vector<fs::path> found;
  if (fs::is_directory(kPresetDir))
    for (const auto& entry : fs::directory_iterator(kPresetDir))
      if (entry.path().extension() == ".xml") found.push_back(entry.path());
  std::sort(found.begin(), found.end());
  return found;
}

// Factory presets whose levels do not yet follow Resonarium's (see issue 18): checked for
// loading, finite output and bounds only, with their levels printed.
bool parityPending(const fs::path& path) {
  static const std::set<std::string> pending = {"Garden of Unearthly Delights"};
  return pending.count(path.stem().string()) > 0;
}

std::size_t countOf(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(ResonariumPresets, EveryParameterAndRouteOfTheSharedPresetsLoads) {
  const auto presets = sharedPresets();
  if (presets.empty()) GTEST_SKIP() << "shared presets not found in " << kPresetDir;
  for (const auto& path : presets) {
    synth::ResonatorSynth synth;
    Preset preset = synth::readPresetFile(path.string(), synth.params());
    const std::string text = slurp(path);
    EXPECT_EQ(preset.parameters.size(), countOf(text, "<param ")) << path;
    EXPECT_EQ(preset.modulations.size(), countOf(text, "<MODITEM ")) << path;
    if (!parityPending(path)) {
      EXPECT_TRUE(preset.warnings.empty()) << path << ": " << preset.warnings.front();
    }
    EXPECT_TRUE(preset.resonariumCompatibility);
    EXPECT_EQ(preset.name, path.stem().string());
    synth::applyPreset(synth, preset);
    EXPECT_TRUE(synth.resonariumCompatibility());
  }
}

TEST(ResonariumPresets, SharedPresetsPlayFiniteBoundedMusicalLevels) {
  const auto presets = sharedPresets();
  if (presets.empty()) GTEST_SKIP() << "shared presets not found in " << kPresetDir;
  for (const auto& path : presets) {
    SynthHarness h;
    Preset preset = synth::readPresetFile(path.string(), h.synth().params());
    synth::applyPreset(h.synth(), preset);
    h.render(16 * 512);
    h.noteOn(48, 100);
    h.noteOff(48, 2 * 44100);
    const auto r = h.render(4 * 44100);
    for (float x : r.left) ASSERT_TRUE(std::isfinite(x)) << path;
    EXPECT_LT(peakAbs(r.left), 16.0) << path;
    const double level = rmsDb(r.left, 22050, 3 * 22050);
    if (parityPending(path)) {
      std::cout << path.stem().string() << ": held level " << level << " dB (parity pending)\n";
      continue;
    }
    EXPECT_GT(peakAbs(r.left), 1e-3) << path;
    // Still sounding while held (their macros and random sources included). Wood to Brass is a
    // short knock into a reverb: about -80 dB here in Resonarium as in tonewood.
    EXPECT_GT(level, -90.0) << path;
    EXPECT_LT(level, 0.0) << path;
  }
}

TEST(Presets, JsonRoundTripIsLossless) {
  const auto presets = sharedPresets();
  synth::ResonatorSynth synth;
  Preset original;
  if (!presets.empty()) {
    original = synth::readPresetFile(presets.front().string(), synth.params());
  } else {
    original.name = "made here";
    original.parameters = {{"decayTime wb0r0", 4.3217f},
                           {"enabled wb0r0", 1.0f},
                           {"resonatorFrequency wb0r0", 999.9998168945312f}};
    original.modulations.push_back({"macro1", "decayTime wb0r0", 0.3333f, true, "linear", true});
  }
  original.msegs[2].points.push_back({1.0f, 0.25f, -2.0f});
  original.msegs[2].endIndex = 3;
  synth::applyPreset(synth, original);
  const Preset captured = synth::capturePreset(synth);
  const std::string json = synth::presetToJson(captured);
  const Preset reread = synth::parsePreset(json, "memory", synth.params());
  EXPECT_TRUE(reread.sameSoundAs(captured));
  EXPECT_EQ(synth::presetToJson(reread), json);  // byte-identical on a second save
  auto sorted = [](std::vector<std::pair<std::string, float>> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  EXPECT_EQ(sorted(captured.parameters),
            sorted(original.parameters));  // capture is in registry order
}

TEST(Presets, MalformedXmlNamesTheFileAndLine) {
  synth::ResonatorSynth synth;
  const std::string text =
      "<?xml version=\"1.0\"?>\n<state name=\"x\">\n  <param uid=\"gain wb0r0\" "
      "val=\"-3\"\n</state>\n";
  try {
    synth::parsePreset(text, "broken.xml", synth.params());
    FAIL();
  } catch (const PresetError& e) {
    EXPECT_EQ(e.path(), "broken.xml");
    EXPECT_GE(e.line(), 3);
    EXPECT_NE(std::string(e.what()).find("broken.xml"), std::string::npos);
  }
}

TEST(Presets, ANonNumericValueNamesItsLine) {
  synth::ResonatorSynth synth;
  const std::string text =
      "<state name=\"x\">\n  <state/>\n  <param uid=\"gain wb0r0\" val=\"-3\"/>\n"
      "  <param uid=\"decayTime wb0r0\" val=\"long\"/>\n</state>\n";
  try {
    synth::parsePreset(text, "p.xml", synth.params());
    FAIL();
  } catch (const PresetError& e) {
    EXPECT_EQ(e.line(), 4);
    EXPECT_NE(std::string(e.what()).find("not a number"), std::string::npos);
  }
}

TEST(Presets, UnknownIdsWarnAndTheRestLoads) {
  synth::ResonatorSynth synth;
  const std::string text =
      "<state name=\"x\">\n  <state/>\n  <param uid=\"noSuchThing\" val=\"1\"/>\n"
      "  <param uid=\"decayTime wb0r0\" val=\"7\"/>\n</state>\n";
  Preset preset = synth::parsePreset(text, "p.xml", synth.params());
  ASSERT_EQ(preset.warnings.size(), 1u);
  EXPECT_NE(preset.warnings[0].find("line 3"), std::string::npos);
  synth::applyPreset(synth, preset);
  EXPECT_EQ(synth.params().value(synth.params().indexOf("decayTime wb0r0")), 7.0f);
}

TEST(Presets, AFailedLoadChangesNothing) {
  synth::ResonatorSynth synth;
  auto& p = synth.params();
  p.setValue(p.indexOf("gain wb1r1"), -12.0f);
  Preset bad;
  bad.parameters = {{"decayTime wb0r0", 9.0f}};
  bad.modulations.push_back({"lfo1", "not a parameter", 1.0f, true, "linear", false});
  EXPECT_THROW(synth::applyPreset(synth, bad), Error);
  EXPECT_EQ(p.value(p.indexOf("gain wb1r1")), -12.0f);
  EXPECT_EQ(p.value(p.indexOf("decayTime wb0r0")), 3.0f);
  EXPECT_THROW(synth::parsePreset("{\"format\": \"tonewood.resonator-preset\", \"version\": 99}",
                                  "future.json", p),
               PresetError);
  EXPECT_THROW(synth::parsePreset("{\"format\": \"tonewood.resonator-preset\", \"version\": 1,\n"
                                  "\"parameters\": {\"gain wb0r0\": \"loud\"}}",
                                  "p.json", p),
               PresetError);
}

TEST(Presets, CorruptNumbersAndShapesArePresetErrorsNamingTheLine) {
  synth::ResonatorSynth synth;
  const std::string head = "{\"format\": \"tonewood.resonator-preset\", \"version\": 1,\n";
  struct Case {
    std::string text, says;
    int line;
  };
  const std::vector<Case> cases = {
      {"{\"format\": \"tonewood.resonator-preset\",\n\"version\": 1e400}", "number overflow", 2},
      {"{\"format\": \"tonewood.resonator-preset\",\n\"version\": 1.5}", "version 1.5", 2},
      {head + "\"parameters\": {\n\"gain wb0r0\": 1e300}}", "beyond what a float holds", 3},
      {head + "\"parameters\": {\n\"gain wb0r0\": \"loud\"}}", "must be a number", 3},
      {head + "\"modulations\": [\n{\"source\": \"lfo1\", \"destination\": \"gain wb0r0\", "
              "\"depth\": \"deep\"}]}",
       "modulation depth must be a number", 3},
      {head + "\"modulations\": [\n{\"source\": 7}]}", "unexpected content", 2},
      {head + "\"msegs\": {\n\"mseg1\": {\"start\": 1e30, \"end\": 1, \"points\": []}}}",
       "mseg1 start must be a point index", 3},
      {head + "\"msegs\": {\n\"mseg1\": {\"start\": 0, \"end\": 1, \"points\": "
              "[[0, 0, 5.5], [1, 1, 1e30]]}}}",
       "MSEG point 1 curve", 3},
      {head + "\"msegs\": {\n\"mseg1\": {\"start\": 0, \"end\": 1, \"points\": "
              "[[0, 0, 5.5], [1, 2, 5.5]]}}}",
       "MSEG point 1 value 2 is outside [-1, 1]", 3},
      {"<state name=\"x\">\n<state>\n<MSEG1 startIndex=\"1e30\" endIndex=\"1\"/>\n</state>\n"
       "</state>\n",
       "'startIndex' must be a whole number", 3},
      {"<state name=\"x\">\n<state/>\n<param uid=\"gain wb0r0\" val=\"nan\"/>\n</state>\n",
       "not a number", 3},
  };
  for (const Case& c : cases) {
    try {
      synth::parsePreset(c.text, "p", synth.params());
      ADD_FAILURE() << "accepted: " << c.text;
    } catch (const PresetError& e) {
      EXPECT_NE(std::string(e.what()).find(c.says), std::string::npos) << e.what();
      EXPECT_EQ(e.line(), c.line) << e.what();
    }
  }
}

TEST(Presets, AResonariumNameThatIsNotUtf8StillSaves) {
  // Found by fuzzing: the XML reader takes any bytes, JSON needs UTF-8.
  synth::ResonatorSynth synth;
  const Preset preset = synth::parsePreset("<state name=\"a\x8d\" tags=\"b;\xc3\"><state/></state>",
                                           "p.xml", synth.params());
  const std::string json = synth::presetToJson(preset);
  EXPECT_NE(json.find("a\xef\xbf\xbd"), std::string::npos);  // U+FFFD in place of the byte
  EXPECT_EQ(synth::presetToJson(synth::parsePreset(json, "p.json", synth.params())), json);
}

TEST(Presets, OutOfRangeValuesAreClampedWithAWarning) {
  synth::ResonatorSynth synth;
  Preset preset;
  preset.parameters = {{"decayTime wb0r0", 75.0f}, {"decayFilterPitch wb0r0", -1.3e-6f}};
  synth::applyPreset(synth, preset);
  ASSERT_EQ(preset.warnings.size(), 1u);
  EXPECT_EQ(synth.params().value(synth.params().indexOf("decayTime wb0r0")), 60.0f);
}

TEST(Presets, WritingIsAllOrNothing) {
  const fs::path dir =
      fs::temp_directory_path() / ("tonewood-presets-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  Preset preset;
  preset.name = "x";
  synth::writePresetFile(preset, (dir / "x.json").string());
  EXPECT_TRUE(fs::exists(dir / "x.json"));
  EXPECT_THROW(synth::writePresetFile(preset, (dir / "missing" / "y.json").string()), Error);
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) files += entry.is_regular_file() ? 1 : 0;
  EXPECT_EQ(files, 1u);
}

}  // namespace
}  // namespace tonewood::test

namespace tonewood::test {
namespace {

// Resonarium's own levels for its presets (RMS of the mid signal over 0.5..2.0 s; 16 silent
// blocks first; A = note 48 held 2 s, B = the chord 48 52 55 60 64 67 72 76 held 2 s).
double presetLevelDb(const fs::path& path, const std::vector<int>& notes) {
  SynthHarness h;
  Preset preset = synth::readPresetFile(path.string(), h.synth().params());
  synth::applyPreset(h.synth(), preset);
  h.render(16 * 512);
  for (int n : notes) {
    h.noteOn(n, 100);
    h.noteOff(n, 2 * 44100);
  }
  const auto r = h.render(4 * 44100);
  std::vector<float> mid(r.left.size());
  for (std::size_t i = 0; i < mid.size(); ++i) mid[i] = 0.5f * (r.left[i] + r.right[i]);
  return rmsDb(mid, 22050, 66150);
}

TEST(ResonariumPresets, LevelsMatchResonarium) {
  if (sharedPresets().empty()) GTEST_SKIP() << "shared presets not found in " << kPresetDir;
  const std::vector<int> chord = {48, 52, 55, 60, 64, 67, 72, 76};
  // (preset, A or B, Resonarium's level, tolerance). Random sources: 6 dB for Took Too Much Train
  // and Netherstorm. Shreddin' Guitar and Netherstorm go through Airwindows' LeadAmp and BigAmp.
  struct Case {
    const char* preset;
    bool chordCase;
    double resonariumDb, toleranceDb;
  };
  for (const Case& c :
       {Case{"Soft Cascade", false, -22.35, 3.0}, Case{"Soft Cascade", true, -1.32, 3.0},
        Case{"Modal Keys", false, -31.89, 3.0}, Case{"Modal Keys", true, -16.88, 3.0},
        Case{"Phastic Square Pluck", false, -42.91, 3.0},
        Case{"Phastic Square Pluck", true, -29.57, 3.0},
        Case{"Took Too Much Train", false, -55.35, 6.0},
        Case{"Took Too Much Train", true, -45.53, 6.0},
        Case{"Shreddin' Guitar", false, -17.57, 3.0}, Case{"Shreddin' Guitar", true, -16.29, 3.0},
        Case{"Netherstorm", false, -26.90, 6.0}, Case{"Netherstorm", true, -5.49, 6.0},
        // Its reverb's mix comes from a macro: the global chain hears the mono sources.
        Case{"Wood to Brass", false, -80.00, 3.0}, Case{"Wood to Brass", true, -66.86, 3.0}}) {
    const double level = presetLevelDb(kPresetDir / (std::string(c.preset) + ".xml"),
                                       c.chordCase ? chord : std::vector<int>{48});
    EXPECT_NEAR(level, c.resonariumDb, c.toleranceDb)
        << c.preset << (c.chordCase ? " chord" : " note");
  }
}

}  // namespace
}  // namespace tonewood::test
