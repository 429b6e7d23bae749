#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "support/shared_data.hpp"
#include "tonewood/synth/resonator_param_layout.hpp"
#include "tonewood/synth/resonator_synth.hpp"

namespace tonewood::synth {
namespace {

TEST(ParamLayout, HasResonariumsCountsOfParameters) {
  const auto& infos = resonatorParamInfos();
  EXPECT_EQ(infos.size(), 915u);
  std::size_t automatable = 0;
  for (const auto& p : infos) automatable += p.automatable ? 1 : 0;
  EXPECT_EQ(automatable, 776u);
}

TEST(ParamLayout, IdsAndAutomationFlagsMatchTheSpecListInOrder) {
  const std::string path = (test::sharedDir() / "spec" / "resonarium-param-ids.txt").string();
  std::ifstream file(path);
  if (!file) GTEST_SKIP() << "shared spec not found at " << path << " (not part of the repository)";
  const auto& infos = resonatorParamInfos();
  std::string line;
  std::size_t i = 0;
  while (std::getline(file, line)) {
    if (line.empty()) continue;
    ASSERT_LT(i, infos.size());
    EXPECT_EQ(infos[i].id, line.substr(2)) << "line " << i + 1;
    EXPECT_EQ(infos[i].automatable, line[0] == 'E') << line;
    ++i;
  }
  EXPECT_EQ(i, infos.size());
}

TEST(ParamLayout, RangesSkewsAndDefaultsFollowTheSpec) {
  ResonatorSynth synth;
  const auto& p = synth.params();
  auto info = [&](const char* id) { return p.info(p.indexOf(id)); };
  EXPECT_EQ(info("decayTime wb2r5").max, 60.0f);
  EXPECT_EQ(info("decayTime wb2r5").skew, 0.2f);
  EXPECT_EQ(info("decayTime wb2r5").defaultValue, 3.0f);
  EXPECT_EQ(info("resonatorFrequency wb0r0").skew, 0.3f);
  EXPECT_EQ(info("postFilterResonance wb1r1").max, 800.0f);
  EXPECT_EQ(info("gain wb3r7").skew, 4.0f);
  EXPECT_EQ(info("svfType wb0r0").labels.size(), 3u);
  EXPECT_EQ(info("impExciter0 thickness").step, 1.0f);
  EXPECT_EQ(info("masterGain").max, 24.0f);
  EXPECT_EQ(info("extIn_resonance").skew, 0.4f);
  EXPECT_EQ(info("Env 2attack").unit, "s");
  EXPECT_EQ(info("Filter 1 cutoff").defaultValue, 20000.0f);
  EXPECT_EQ(info("cascadeFilterResonance wb0").skew, 0.4f);
  EXPECT_TRUE(info("lfo1fade").symmetricSkew);
  EXPECT_FALSE(info("numVoices").automatable);
}

}  // namespace
}  // namespace tonewood::synth
