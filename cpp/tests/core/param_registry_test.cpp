#include "tonewood/core/param_registry.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "tonewood/core/errors.hpp"

namespace tonewood {
namespace {

ParamInfo make(const char* id, const char* unit, float min, float max, float step, float skew,
               float def) {
  ParamInfo p;
  p.id = id, p.name = id, p.unit = unit, p.min = min, p.max = max, p.step = step, p.skew = skew;
  p.defaultValue = def;
  return p;
}

std::vector<ParamInfo> sampleInfos() {
  ParamInfo cutoff = make("cutoff", "Hz", 10.0f, 20000.0f, 0.0f, 0.3f, 1000.0f);
  ParamInfo mode = make("mode", "", 0.0f, 2.0f, 1.0f, 1.0f, 0.0f);
  mode.labels = {"LP", "BP", "HP"};
  ParamInfo fade = make("fade", "s", -60.0f, 60.0f, 0.0f, 0.2f, 0.0f);
  fade.symmetricSkew = true;
  return {cutoff, mode, fade};
}

TEST(ParamInfo, NormalisedIsProportionToTheSkewPower) {
  const ParamInfo p = sampleInfos()[0];
  const float x = 5000.0f;
  EXPECT_FLOAT_EQ(p.toNormalised(x), std::pow((x - 10.0f) / 19990.0f, 0.3f));
  for (float n : {0.0f, 0.1f, 0.5f, 0.77f, 1.0f})
    EXPECT_NEAR(p.toNormalised(p.fromNormalised(n)), n, 1e-6);
}

TEST(ParamInfo, SymmetricSkewIsMirroredAroundTheCentre) {
  const ParamInfo p = sampleInfos()[2];
  EXPECT_FLOAT_EQ(p.toNormalised(0.0f), 0.5f);
  EXPECT_NEAR(p.toNormalised(30.0f) - 0.5f, 0.5f - p.toNormalised(-30.0f), 1e-6);
  EXPECT_NEAR(p.fromNormalised(p.toNormalised(-12.0f)), -12.0f, 1e-3);
}

TEST(ParamInfo, SteppedValuesSnapAndCarryLabels) {
  const ParamInfo p = sampleInfos()[1];
  EXPECT_FLOAT_EQ(p.snap(1.4f), 1.0f);
  EXPECT_FLOAT_EQ(p.fromNormalised(0.8f), 2.0f);
  EXPECT_EQ(p.labelFor(2.0f), "HP");
}

TEST(ParamRegistry, StartsAtDefaultsAndSetsInRange) {
  ParamRegistry r(sampleInfos());
  EXPECT_FLOAT_EQ(r.value(r.indexOf("cutoff")), 1000.0f);
  const auto before = r.generation();
  r.setValue(r.indexOf("cutoff"), 440.0f);
  EXPECT_FLOAT_EQ(r.value(0), 440.0f);
  EXPECT_GT(r.generation(), before);
}

TEST(ParamRegistry, OutOfRangeNamesTheRangeAndUnit) {
  ParamRegistry r(sampleInfos());
  try {
    r.setValue(0, 30000.0f);
    FAIL();
  } catch (const OutOfRangeError& e) {
    EXPECT_STREQ(e.what(), "cutoff must be within [10, 20000] Hz, got 30000");
  }
  EXPECT_FLOAT_EQ(r.value(0), 1000.0f);  // nothing changed
  EXPECT_THROW(r.setValue(0, NAN), OutOfRangeError);
}

TEST(ParamRegistry, UnknownIdSuggestsTheClosest) {
  ParamRegistry r(sampleInfos());
  try {
    r.indexOf("cutof");
    FAIL();
  } catch (const ParameterNotFoundError& e) {
    ASSERT_FALSE(e.suggestions().empty());
    EXPECT_EQ(e.suggestions()[0], "cutoff");
    EXPECT_NE(std::string(e.what()).find("did you mean 'cutoff'"), std::string::npos);
  }
}

TEST(ParamRegistry, DuplicateIdsAreRejected) {
  auto infos = sampleInfos();
  infos.push_back(infos[0]);
  EXPECT_THROW(ParamRegistry{infos}, InvalidArgumentError);
}

}  // namespace
}  // namespace tonewood
