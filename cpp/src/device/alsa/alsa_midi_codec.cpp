#include "tonewood/device/alsa/alsa_midi_codec.hpp"

#include <alsa/asoundlib.h>

#include <algorithm>
#include <new>

#include "tonewood/midi/message.hpp"

namespace tonewood::device {

namespace {

// Exactly one message: a channel or system message of its proper length, or a SysEx whose only
// status bytes are its F0 and F7.
bool isOneMessage(std::span<const std::uint8_t> m) {
  if (m.empty()) return false;
  if (m[0] == 0xF0)
    return m.size() >= 2 && m.back() == 0xF7 &&
           std::all_of(m.begin() + 1, m.end() - 1, [](std::uint8_t b) { return b < 0x80; });
  const int data = midi::dataBytesAfter(m[0]);
  return data >= 0 && m.size() == std::size_t(1 + data) &&
         std::all_of(m.begin() + 1, m.end(), [](std::uint8_t b) { return b < 0x80; });
}

}  // namespace

AlsaMidiCodec::AlsaMidiCodec(std::size_t maxSysExBytes, std::size_t chunkBytes)
    : maxSysEx_(maxSysExBytes) {
  if (snd_midi_event_new(std::max<std::size_t>(chunkBytes, 16), &coder_) < 0 || !coder_)
    throw std::bad_alloc();
  // Every message with its own status byte: ports deliver whole messages, never running status.
  snd_midi_event_no_status(coder_, 1);
  sysEx_.reserve(maxSysExBytes);
}

AlsaMidiCodec::~AlsaMidiCodec() {
  snd_midi_event_free(coder_);
}

bool AlsaMidiCodec::encode(std::span<const std::uint8_t> message, EmitEvent emit,
                           void* context) noexcept {
  if (!isOneMessage(message)) return false;
  snd_midi_event_reset_encode(coder_);
  std::size_t done = 0;
  while (done < message.size()) {
    snd_seq_event_t event;
    snd_seq_ev_clear(&event);
    const long used = snd_midi_event_encode(coder_, message.data() + done,
                                            static_cast<long>(message.size() - done), &event);
    if (used <= 0) return false;
    done += static_cast<std::size_t>(used);
    // A SysEx longer than the coder's buffer comes out one chunk per call.
    if (event.type != SND_SEQ_EVENT_NONE && !emit(event, context)) return false;
  }
  return true;
}

AlsaMidiCodec::Decoded AlsaMidiCodec::decode(const snd_seq_event& event) noexcept {
  Decoded out;
  if (event.type == SND_SEQ_EVENT_SYSEX) {
    const auto* bytes = static_cast<const std::uint8_t*>(event.data.ext.ptr);
    const std::size_t size = event.data.ext.len;
    if (size == 0) return out;
    if (bytes[0] == 0xF0) {
      if (inSysEx_) ++droppedSysEx_;  // the previous one never ended
      sysEx_.clear();
      inSysEx_ = true;
      sysExOverflow_ = false;
    } else if (!inSysEx_) {
      return out;  // the tail of a SysEx whose start we never saw
    }
    if (sysEx_.size() + size > maxSysEx_)
      sysExOverflow_ = true;
    else
      sysEx_.insert(sysEx_.end(), bytes, bytes + size);  // within the reserved capacity
    if (bytes[size - 1] != 0xF7) return out;
    inSysEx_ = false;
    if (sysExOverflow_) {
      ++droppedSysEx_;
      return out;
    }
    out.messages[out.count++] = sysEx_;
    return out;
  }
  const long size = snd_midi_event_decode(coder_, decoded_, sizeof decoded_, &event);
  std::size_t i = 0;
  while (size > 0 && i < std::size_t(size) && out.count < 4) {
    const int data = midi::dataBytesAfter(decoded_[i]);
    if (data < 0 || i + 1 + std::size_t(data) > std::size_t(size)) break;
    out.messages[out.count++] = {decoded_ + i, std::size_t(1 + data)};
    i += std::size_t(1 + data);
  }
  return out;
}

}  // namespace tonewood::device
