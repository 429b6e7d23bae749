// Live MIDI costs: the router's real-time cycle per event (the share of a JACK period it takes
// is the figure that matters: "pct_of_period", per cent of a 256-frame period at 48 kHz, which
// Google Benchmark prints with an "s" suffix), UMP encode + decode, MIDI 1.0 -> 2.0 -> 1.0
// translation, and the ALSA sequencer codec (bytes -> sequencer events -> bytes).
// Run: build/py/cpp/bench/tonewood_bench --benchmark_filter='Ump|Router|Translate|Alsa'
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#if TONEWOOD_HAVE_ALSA
#include "tonewood/device/alsa/alsa_midi_codec.hpp"
#endif
#include "tonewood/device/midi_router.hpp"
#include "tonewood/midi/ump.hpp"
#include "tonewood/midi/ump_translation.hpp"

namespace {

using namespace tonewood;

// One 256-frame cycle with `state.range(0)` incoming note-ons and two routes (one transposing
// and scaling velocities, one keeping a single channel).
void BM_RouterCycle(benchmark::State& state) {
  const auto events = static_cast<std::size_t>(state.range(0));
  device::MidiRouter router([] { return false; });
  auto input = std::make_shared<device::MidiInputPort>("in", nullptr, device::MidiPortLimits{});
  auto a = std::make_shared<device::MidiOutputPort>("a", nullptr, device::MidiPortLimits{});
  auto b = std::make_shared<device::MidiOutputPort>("b", nullptr, device::MidiPortLimits{});
  input->setQueueing(false);
  router.addInput(input);
  router.addOutput(a);
  router.addOutput(b);
  midi::MessageTransform up;
  up.transpose = 12;
  up.velocityScale = 0.8;
  router.addRoute(input, a, up);
  midi::MessageTransform drums;
  drums.channels = 1 << 9;
  router.addRoute(input, b, drums);
  std::vector<std::uint8_t> bytes(events * 3);
  auto slots = input->eventSlots();
  for (std::size_t i = 0; i < events; ++i) {
    bytes[3 * i] = static_cast<std::uint8_t>(0x90 | (i % 16));
    bytes[3 * i + 1] = static_cast<std::uint8_t>(36 + i % 60);
    bytes[3 * i + 2] = static_cast<std::uint8_t>(1 + i % 120);
    slots[i] = {static_cast<std::uint32_t>((i * 255) / events), 3, &bytes[3 * i],
                static_cast<std::uint32_t>(i)};
  }
  input->setEventCount(events);
  std::uint64_t cycleStart = 0;
  for (auto _ : state) {
    router.process(*router.beginCycle(), cycleStart, 256);
    benchmark::DoNotOptimize(a->events().data());
    cycleStart += 256;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * events));
  state.counters["pct_of_period"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * 256.0 / 48000.0 / 100.0,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_RouterCycle)->Arg(16)->Arg(256)->Arg(2048);

void BM_UmpEncodeDecode(benchmark::State& state) {
  const auto& spec = midi::ump::specNamed("note_on");
  std::int64_t note = 0;
  for (auto _ : state) {
    const std::int64_t values[] = {0, 3, note & 127, 0, 0xC000, 0};
    const auto packet = midi::ump::encode(spec, values);
    const auto decoded = midi::ump::decode(packet);
    benchmark::DoNotOptimize(decoded.values[2]);
    ++note;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_UmpEncodeDecode);

void BM_TranslateMidi1ToMidi2AndBack(benchmark::State& state) {
  midi::ump::Midi1ToMidi2 up;
  midi::ump::Midi2ToMidi1 down;
  std::vector<midi::ump::Packet> packets;
  std::vector<midi::Message> messages;
  packets.reserve(8);
  messages.reserve(8);
  int i = 0;
  for (auto _ : state) {
    packets.clear();
    messages.clear();
    up.translate(midi::Message::controlChange(i % 16, 74, i % 128), packets);
    for (const auto& p : packets) down.translate(p, messages);
    benchmark::DoNotOptimize(messages.data());
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TranslateMidi1ToMidi2AndBack);

#if TONEWOOD_HAVE_ALSA
// One message through ALSA's coder and back, as the sequencer backend's MIDI thread does it:
// a note-on (arg 0) or a SysEx of `state.range(0)` bytes, which travels in 256-byte events.
void BM_AlsaCodecRoundTrip(benchmark::State& state) {
  device::AlsaMidiCodec sender, receiver;
  const auto size = static_cast<std::size_t>(state.range(0));
  const std::vector<std::uint8_t> message =
      size == 0 ? midi::Message::noteOn(0, 60, 100).bytes()
                : midi::Message::sysEx(std::vector<std::uint8_t>(size, 0x55)).bytes();
  struct Sink {
    device::AlsaMidiCodec* receiver;
    std::size_t messages = 0;
  } sink{&receiver};
  const auto relay = [](const snd_seq_event& event, void* context) noexcept {
    auto& s = *static_cast<Sink*>(context);
    s.messages += s.receiver->decode(event).count;
    return true;
  };
  for (auto _ : state) benchmark::DoNotOptimize(sender.encode(message, relay, &sink));
  if (sink.messages != static_cast<std::size_t>(state.iterations()))
    state.SkipWithError("a message was lost on the way");
}
BENCHMARK(BM_AlsaCodecRoundTrip)->Arg(0)->Arg(1024);
#endif

}  // namespace
