// Universal MIDI Packets: words split into packets, each validated, described, decoded and
// translated down to MIDI 1.0 without throwing; a packet that validates encodes back to itself.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "tonewood/core/errors.hpp"
#include "tonewood/midi/ump.hpp"
#include "tonewood/midi/ump_translation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace ump = tonewood::midi::ump;
  std::vector<std::uint32_t> words(size / 4);
  if (!words.empty()) std::memcpy(words.data(), data, words.size() * 4);
  std::vector<ump::Packet> packets;
  try {
    packets = ump::splitPackets(words);
  } catch (const tonewood::Error&) {
    return 0;  // a packet cut short at the end
  }
  ump::Midi2ToMidi1 down(1024);
  std::vector<tonewood::midi::Message> out;
  for (const ump::Packet& p : packets) {
    (void)ump::describe(p);
    down.translate(p, out);  // never throws: bad SysEx bytes are dropped and counted
    if (ump::problemWith(p)) continue;
    const ump::DecodedMessage d = ump::decode(p);
    if (!d.spec) std::abort();  // valid means known
    const ump::Packet again = ump::encode(*d.spec, {d.values.data(), d.spec->fields.size()},
                                          {d.payload.data(), d.payloadSize});
    if (!(again == p)) std::abort();
  }
  return 0;
}
