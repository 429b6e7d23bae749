// A MIDI 1.0 byte stream as a receiver gets it: the parser never fails, every message it yields
// is well formed (it encodes back to bytes and parses again as itself), whatever the chunking.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "tonewood/midi/message_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using tonewood::midi::Message;
  using tonewood::midi::MessageParser;
  MessageParser whole(512);
  const std::vector<Message> all = whole.parse(data, size);
  // The same bytes a few at a time give the same messages.
  MessageParser pieces(512);
  std::vector<Message> chunked;
  const std::size_t step = size ? 1 + data[0] % 7 : 1;
  for (std::size_t at = 0; at < size; at += step)
    pieces.feed(data + at, std::min(step, size - at),
                [&](const Message& m) { chunked.push_back(m); });
  if (chunked != all) std::abort();
  for (const Message& m : all) {
    const std::vector<std::uint8_t> bytes = m.bytes();
    MessageParser single(512);
    const std::vector<Message> back = single.parse(bytes.data(), bytes.size());
    if (back.size() != 1 || !(back[0] == m)) std::abort();
  }
  return 0;
}
