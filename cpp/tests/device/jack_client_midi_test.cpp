// Live MIDI through a private JACK server (dummy driver): messages sent on one client's output
// arrive on another client's input on exactly the frames they were scheduled for, thru routes
// transform on the process thread without moving events in time, and ports, connections and
// errors behave.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "support/jack_server.hpp"
#include "support/midi_receiving.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/device/jack/jack_client.hpp"

namespace tonewood::device {
namespace {

using midi::Message;
using test::receiveAll;

TEST(JackClient, LoopbackDeliversEveryMessageOnItsScheduledFrame) {
  test::JackServer server(48000, 256);
  JackClient sender("sender", server.name());
  JackClient receiver("receiver", server.name());
  EXPECT_EQ(sender.sampleRate(), 48000.0);
  EXPECT_EQ(sender.bufferSize(), 256u);
  auto out = sender.openOutput("out");
  auto in = receiver.openInput("in");
  sender.connect("sender:out", "receiver:in");

  // 40 messages in pairs 97 frames apart (so they fall on every offset pattern across ~8
  // cycles, pairs sharing a frame), then a SysEx.
  // A quarter second ahead: the process thread has not reached it even on a loaded machine.
  const std::uint64_t start = sender.frameTime() + 48 * 256;
  std::vector<std::pair<std::uint64_t, Message>> sent;
  for (int i = 0; i < 40; ++i) {
    const std::uint64_t frame = start + std::uint64_t(i / 2) * 97;
    sent.emplace_back(frame, i % 2 ? Message::noteOff(i % 16, 40 + i, 0)
                                   : Message::noteOn(i % 16, 40 + i, 1 + i));
  }
  sent.emplace_back(start + 2000, Message::sysEx({0x7D, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  for (const auto& [frame, message] : sent) out->send(message, frame);

  const auto got = receiveAll(*in, sent.size());
  ASSERT_EQ(got.size(), sent.size());
  for (std::size_t i = 0; i < sent.size(); ++i) {
    EXPECT_EQ(got[i].frame, sent[i].first) << i;
    EXPECT_EQ(got[i].message, sent[i].second) << i;
  }
  EXPECT_EQ(out->dropped(), 0u);
  EXPECT_EQ(in->dropped(), 0u);
}

TEST(JackClient, ThruRouteTransformsOnTheProcessThreadAtTheSameFrames) {
  test::JackServer server;
  JackClient source("keyboard", server.name());
  JackClient router("router", server.name());
  JackClient sink("synth", server.name());
  auto keys = source.openOutput("out");
  auto routerIn = router.openInput("in");
  routerIn->setQueueing(false);
  auto routerOut = router.openOutput("out");
  auto synthIn = sink.openInput("in");
  source.connect("keyboard:out", "router:in");
  router.connect("router:out", "synth:in");
  midi::MessageTransform transform;
  transform.transpose = -12;
  transform.velocityScale = 0.5;
  transform.controllerMap[1] = 74;
  transform.lowNote = 48;
  router.route(routerIn, routerOut, transform);

  const std::uint64_t at = source.frameTime() + 12288;  // ahead of a busy process thread
  keys->send(Message::noteOn(0, 60, 100), at);
  keys->send(Message::noteOn(0, 30, 100), at + 10);  // below the note range: dropped
  keys->send(Message::controlChange(0, 1, 64), at + 300);
  keys->send(Message::noteOff(0, 60, 0), at + 700);
  const auto got = receiveAll(*synthIn, 3);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].message, Message::noteOn(0, 48, 50));
  EXPECT_EQ(got[0].frame, at);
  EXPECT_EQ(got[1].message, Message::controlChange(0, 74, 64));
  EXPECT_EQ(got[1].frame, at + 300);
  EXPECT_EQ(got[2].message, Message::noteOff(0, 48, 0));
  EXPECT_EQ(got[2].frame, at + 700);
  EXPECT_FALSE(synthIn->receive(0.05).has_value());
  EXPECT_FALSE(routerIn->receive().has_value());  // not queued: it only routes
}

TEST(JackClient, PortsConnectionsCallbacksAndErrors) {
  test::JackServer server;
  JackClient a("alpha", server.name());
  JackClient b("beta", server.name());
  auto out = a.openOutput("out");
  auto in = b.openInput("in");
  b.connect("beta:in", "alpha:out");  // either order
  bool found = false;
  for (const auto& p : a.ports()) {
    if (p.name != "alpha:out") continue;
    found = true;
    EXPECT_TRUE(p.isOutput);
    EXPECT_FALSE(p.isInput);
    EXPECT_EQ(p.client, "alpha");
    EXPECT_EQ(p.connections, std::vector<std::string>{"beta:in"});
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(a.fullName(out.get()), "alpha:out");

  std::atomic<int> calls{0};
  std::atomic<std::uint64_t> frame{0};
  in->setCallback([&](const midi::TimedMidiMessage& m) {
    frame = m.frame;
    ++calls;
  });
  const auto at = a.frameTime() + 12000;  // ahead of a busy process thread
  out->send(Message::programChange(2, 7), at);
  for (int i = 0; i < 500 && calls == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(frame.load(), at);
  in->setCallback({});

  a.disconnect("alpha:out", "beta:in");
  a.disconnect("alpha:out", "beta:in");  // already apart: nothing to do
  for (const auto& p : a.ports()) {
    if (p.name == "alpha:out") {
      EXPECT_TRUE(p.connections.empty());
    }
  }
  EXPECT_THROW(a.connect("alpha:out", "nobody:in"), DeviceError);
  EXPECT_THROW(a.openOutput("out"), DeviceError);  // the name is taken
  a.closePort(out.get());
  EXPECT_THROW(a.fullName(out.get()), InvalidArgumentError);
  for (const auto& p : a.ports()) EXPECT_NE(p.name, "alpha:out");
  try {
    JackClient nobody("x", "no-such-server-" + server.name());
    FAIL() << "opened a client on a server that does not exist";
  } catch (const DeviceError& e) {
    EXPECT_NE(std::string(e.what()).find("is not running"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace tonewood::device
