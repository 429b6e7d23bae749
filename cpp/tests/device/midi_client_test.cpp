// What every live MIDI client shares, whichever backend carries it: choosing the backend by
// name or automatically, and the rules for port names. Runs on a private JACK server.
#include "tonewood/device/midi_client.hpp"

#include <gtest/gtest.h>

#include "support/jack_server.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/device/alsa/alsa_seq_midi_client.hpp"
#include "tonewood/device/jack/jack_client.hpp"

namespace tonewood::device {
namespace {

TEST(MidiClient, BackendsAreNamedByTheWordsPythonAndTheCommandUse) {
  for (auto b : {MidiBackend::Auto, MidiBackend::Jack, MidiBackend::AlsaSequencer})
    EXPECT_EQ(midiBackendFromName(midiBackendName(b)), b);
  try {
    midiBackendFromName("coremidi");
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_STREQ(e.what(), "MIDI backend must be one of auto, jack, alsa; got 'coremidi'");
  }
}

TEST(MidiClient, AutoTakesTheNamedJackServer) {
  test::JackServer server;
  auto client = openMidiClient("auto", MidiBackend::Auto, server.name());
  EXPECT_EQ(client->backend(), MidiBackend::Jack);
  EXPECT_EQ(client->name(), "auto");
  EXPECT_EQ(client->sampleRate(), 48000.0);
}

TEST(MidiClient, AutoSaysWhatItTriedWhenNothingAnswers) {
  if (AlsaSeqMidiClient::available()) GTEST_SKIP() << "this machine has an ALSA sequencer";
  try {
    JackClient probe("probe");
    GTEST_SKIP() << "a default JACK server is running here";
  } catch (const DeviceError&) {
  }
  try {
    openMidiClient("nobody");
    FAIL();
  } catch (const DeviceError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("the default JACK server is not running"), std::string::npos) << what;
    EXPECT_NE(what.find("no ALSA sequencer (/dev/snd/seq is missing)"), std::string::npos) << what;
  }
  EXPECT_THROW(openMidiClient("nobody", MidiBackend::AlsaSequencer), DeviceError);
}

TEST(MidiClient, PortNamesAreUniqueWithinAClientAndHaveNoColon) {
  test::JackServer server;
  auto client = openMidiClient("names", MidiBackend::Jack, server.name());
  auto in = client->openInput("in");
  try {
    client->openOutput("in");  // inputs and outputs share the names
    FAIL();
  } catch (const DeviceError& e) {
    EXPECT_STREQ(e.what(),
                 "cannot open MIDI output 'names:in': the client already has a port of that name");
  }
  EXPECT_THROW(client->openInput("a:b"), InvalidArgumentError);
  EXPECT_THROW(client->openInput(""), InvalidArgumentError);
  client->closePort(in.get());
  EXPECT_NO_THROW(client->openOutput("in"));  // free again once closed
}

}  // namespace
}  // namespace tonewood::device
