// Live MIDI through the ALSA sequencer. The machines CI runs on have no /dev/snd/seq, so the
// tests that need a sequencer skip with that reason there; what can be checked without one (the
// errors, the option checks) always runs. With a sequencer: events sent on an output arrive on
// an input one period after their frame with their spacing kept, routes transform on the MIDI
// thread, and ports and connections show up in the listing.
#include "tonewood/device/alsa/alsa_seq_midi_client.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "support/midi_receiving.hpp"
#include "tonewood/core/errors.hpp"

namespace tonewood::device {
namespace {

using midi::Message;
using test::receiveAll;

#define SKIP_WITHOUT_SEQUENCER()                                                          \
  if (!AlsaSeqMidiClient::available())                                                    \
  GTEST_SKIP() << "no ALSA sequencer on this machine (" << AlsaSeqMidiClient::kDevicePath \
               << " is missing); these tests need one"

// Sequencer timers tick at 1 ms or finer on current kernels (hrtimer); older ones at the
// system tick. Spacing must survive within that.
constexpr std::int64_t kToleranceFrames = 48 * 2;  // 2 ms at 48 kHz

TEST(AlsaSeqMidiClient, SaysWhatIsMissingWhenThereIsNoSequencer) {
  if (AlsaSeqMidiClient::available()) GTEST_SKIP() << "this machine has an ALSA sequencer";
  try {
    AlsaSeqMidiClient client("tonewood-test");
    FAIL() << "opened a sequencer client without /dev/snd/seq";
  } catch (const DeviceError& e) {
    EXPECT_NE(std::string(e.what()).find("/dev/snd/seq"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("tonewood-test"), std::string::npos) << e.what();
  }
}

TEST(AlsaSeqMidiClient, RefusesAClockOutsideItsRanges) {
  EXPECT_THROW(AlsaSeqMidiClient("x", AlsaSeqOptions{500.0, 64}), OutOfRangeError);
  EXPECT_THROW(AlsaSeqMidiClient("x", AlsaSeqOptions{48000.0, 0}), OutOfRangeError);
  try {
    AlsaSeqMidiClient("x", AlsaSeqOptions{48000.0, 10000});
    FAIL();
  } catch (const OutOfRangeError& e) {
    EXPECT_STREQ(e.what(), "ALSA MIDI period must be within [1, 8192] frames, got 10000");
  }
}

TEST(AlsaSeqMidiClient, LoopbackKeepsTheSpacingOnePeriodLate) {
  SKIP_WITHOUT_SEQUENCER();
  AlsaSeqMidiClient client("tonewood-loop", {48000.0, 64});
  auto out = client.openOutput("out");
  auto in = client.openInput("in");
  client.connect(client.fullName(out.get()), client.fullName(in.get()));
  const std::uint64_t start = client.frameTime() + 12000;  // ahead of a busy MIDI thread
  std::vector<std::pair<std::uint64_t, Message>> sent;
  for (int i = 0; i < 20; ++i)
    sent.emplace_back(start + std::uint64_t(i) * 97, Message::noteOn(i % 16, 40 + i, 1 + i));
  sent.emplace_back(start + 3000, Message::sysEx(std::vector<std::uint8_t>(600, 0x11)));
  for (const auto& [frame, message] : sent) out->send(message, frame);
  const auto got = receiveAll(*in, sent.size());
  ASSERT_EQ(got.size(), sent.size());
  for (std::size_t i = 0; i < sent.size(); ++i) {
    EXPECT_EQ(got[i].message, sent[i].second) << i;
    const auto late = std::int64_t(got[i].frame) - std::int64_t(sent[i].first);
    EXPECT_NEAR(double(late), 64.0, double(kToleranceFrames)) << i;
  }
  EXPECT_EQ(out->dropped(), 0u);
  EXPECT_EQ(in->dropped(), 0u);
}

TEST(AlsaSeqMidiClient, RoutesTransformOnTheMidiThread) {
  SKIP_WITHOUT_SEQUENCER();
  AlsaSeqMidiClient keyboard("tonewood-keys");
  AlsaSeqMidiClient router("tonewood-router");
  AlsaSeqMidiClient synth("tonewood-synth");
  auto keys = keyboard.openOutput("out");
  auto routerIn = router.openInput("in");
  routerIn->setQueueing(false);
  auto routerOut = router.openOutput("out");
  auto synthIn = synth.openInput("in");
  keyboard.connect(keyboard.fullName(keys.get()), router.fullName(routerIn.get()));
  router.connect(router.fullName(routerOut.get()), synth.fullName(synthIn.get()));
  midi::MessageTransform transform;
  transform.transpose = -12;
  transform.velocityScale = 0.5;
  transform.lowNote = 48;
  router.route(routerIn, routerOut, transform);
  const std::uint64_t at = keyboard.frameTime() + 12000;  // ahead of a busy MIDI thread
  keys->send(Message::noteOn(0, 60, 100), at);
  keys->send(Message::noteOn(0, 30, 100), at + 10);  // below the note range: dropped
  keys->send(Message::noteOff(0, 60, 0), at + 960);
  const auto got = receiveAll(*synthIn, 2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].message, Message::noteOn(0, 48, 50));
  EXPECT_EQ(got[1].message, Message::noteOff(0, 48, 0));
  EXPECT_NEAR(double(got[1].frame - got[0].frame), 960.0, double(kToleranceFrames));
  EXPECT_FALSE(synthIn->receive(0.05).has_value());
}

TEST(AlsaSeqMidiClient, PortsAndConnectionsShowInTheListing) {
  SKIP_WITHOUT_SEQUENCER();
  AlsaSeqMidiClient a("tonewood-alpha");
  AlsaSeqMidiClient b("tonewood-beta");
  auto out = a.openOutput("out");
  auto in = b.openInput("in");
  EXPECT_EQ(a.fullName(out.get()), "tonewood-alpha:out");
  b.connect("tonewood-beta:in", "tonewood-alpha:out");  // either order
  bool found = false;
  for (const auto& p : a.ports()) {
    if (p.name != "tonewood-alpha:out") continue;
    found = true;
    EXPECT_TRUE(p.isOutput);
    EXPECT_FALSE(p.isInput);
    EXPECT_FALSE(p.isPhysical);
    EXPECT_EQ(p.connections, std::vector<std::string>{"tonewood-beta:in"});
  }
  EXPECT_TRUE(found);
  a.disconnect("tonewood-alpha:out", "tonewood-beta:in");
  a.disconnect("tonewood-alpha:out", "tonewood-beta:in");  // already apart
  for (const auto& p : a.ports()) {
    if (p.name == "tonewood-alpha:out") {
      EXPECT_TRUE(p.connections.empty());
    }
  }
  EXPECT_THROW(a.connect("tonewood-alpha:out", "nobody:in"), DeviceError);
  EXPECT_THROW(a.connect("tonewood-alpha:out", "tonewood-alpha:out"), DeviceError);
  a.closePort(out.get());
  EXPECT_THROW(a.fullName(out.get()), InvalidArgumentError);
  for (const auto& p : a.ports()) EXPECT_NE(p.name, "tonewood-alpha:out");
}

}  // namespace
}  // namespace tonewood::device
