#include "tonewood/midi/message_parser.hpp"

namespace tonewood::midi {

MessageParser::MessageParser(std::size_t maxSysExBytes) : maxSysEx_(maxSysExBytes) {
  sysEx_.reserve(maxSysExBytes);
}

void MessageParser::reset() noexcept {
  status_ = 0;
  have_ = need_ = 0;
  inSysEx_ = sysExOverflow_ = false;
  sysEx_.clear();
}

std::vector<Message> MessageParser::parse(const std::uint8_t* data, std::size_t size) {
  std::vector<Message> out;
  feed(data, size, [&out](const Message& m) { out.push_back(m); });
  return out;
}

const Message* MessageParser::push(std::uint8_t byte) {
  if (byte >= 0xF8) {  // real-time: stands alone, interrupts nothing
    if (dataBytesAfter(byte) != 0) {
      ++skipped_;  // 0xF9, 0xFD are undefined
      return nullptr;
    }
    ready_ = Message::fromBytes(&byte, 1);
    return &ready_;
  }
  if (inSysEx_) {
    if (byte < 0x80) {
      if (sysEx_.size() < maxSysEx_)
        sysEx_.push_back(byte);
      else
        sysExOverflow_ = true;
      return nullptr;
    }
    inSysEx_ = false;
    if (byte == 0xF7) {
      if (sysExOverflow_) {
        skipped_ += sysEx_.size() + 2;
        sysEx_.clear();
        return nullptr;
      }
      ready_ = Message::sysEx(sysEx_);
      sysEx_.clear();
      return &ready_;
    }
    skipped_ += sysEx_.size() + 1;  // cut short by another status: not a message
    sysEx_.clear();
  }
  if (byte >= 0x80) {
    have_ = 0;
    if (byte == 0xF0) {
      inSysEx_ = true;
      sysExOverflow_ = false;
      status_ = 0;
      return nullptr;
    }
    need_ = dataBytesAfter(byte);
    if (need_ < 0) {  // 0xF7 alone, undefined 0xF4/0xF5
      ++skipped_;
      status_ = 0;
      return nullptr;
    }
    status_ = byte;
    if (need_ == 0) {
      ready_ = Message::fromBytes(&byte, 1);
      status_ = 0;  // system common ends running status
      return &ready_;
    }
    return nullptr;
  }
  if (status_ == 0) {  // a data byte with no status to belong to
    ++skipped_;
    return nullptr;
  }
  data_[have_++] = byte;
  if (have_ < need_) return nullptr;
  const std::uint8_t bytes[3] = {status_, data_[0], data_[1]};
  ready_ = Message::fromBytes(bytes, static_cast<std::size_t>(need_ + 1));
  have_ = 0;
  if (status_ >= 0xF0) status_ = 0;  // only channel messages run on
  return &ready_;
}

}  // namespace tonewood::midi
