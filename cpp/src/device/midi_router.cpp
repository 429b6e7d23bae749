#include "tonewood/device/midi_router.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>

#include "tonewood/core/errors.hpp"

namespace tonewood::device {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kPollInterval = std::chrono::milliseconds(1);

bool isSysEx(const RawMidiEvent& e) {
  return e.size > 0 && e.data[0] == 0xF0;
}

}  // namespace

MidiInputPort::MidiInputPort(std::string name, void* nativePort, const MidiPortLimits& limits)
    : name_(std::move(name)),
      nativePort_(nativePort),
      events_(limits.eventsPerCycle),
      queue_(limits.queueBytes) {}

MidiInputPort::~MidiInputPort() {
  stopDelivery();
}

void MidiInputPort::queueEvents(std::uint64_t cycleStart) noexcept {
  if (!queueing_.load(std::memory_order_relaxed)) return;
  for (const auto& e : events())
    if (!queue_.push(cycleStart + e.offset, e.data, e.size)) countDropped(1);
}

std::optional<midi::TimedMidiMessage> MidiInputPort::receive(double timeoutSeconds) {
  const auto deadline = Clock::now() + std::chrono::duration<double>(std::max(0.0, timeoutSeconds));
  for (;;) {
    if (auto m = queue_.popMessage()) return m;
    if (timeoutSeconds >= 0 && Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(kPollInterval);
  }
}

void MidiInputPort::setCallback(std::function<void(const midi::TimedMidiMessage&)> callback) {
  stopDelivery();
  if (!callback) return;
  delivering_.store(true);
  delivery_ = std::thread([this, callback = std::move(callback)] {
    while (delivering_.load()) {
      bool any = false;
      while (auto m = queue_.popMessage()) {
        callback(*m);
        any = true;
      }
      if (!any) std::this_thread::sleep_for(kPollInterval);
    }
  });
}

void MidiInputPort::stopDelivery() {
  delivering_.store(false);
  if (delivery_.joinable() && delivery_.get_id() != std::this_thread::get_id()) delivery_.join();
  if (delivery_.joinable()) delivery_.detach();  // stopped from inside its own callback
}

MidiOutputPort::MidiOutputPort(std::string name, void* nativePort, const MidiPortLimits& limits)
    : name_(std::move(name)),
      nativePort_(nativePort),
      events_(limits.eventsPerCycle),
      scratch_(limits.scratchBytes),
      queue_(limits.queueBytes) {}

void MidiOutputPort::send(const midi::Message& message, std::uint64_t frame) {
  const auto bytes = message.bytes();
  if (bytes.empty()) throw InvalidArgumentError("cannot send an empty MIDI message");
  if (bytes.size() > scratch_.size())
    throw CapacityError("a " + std::to_string(bytes.size()) + "-byte message exceeds port '" +
                        name_ + "' (" + std::to_string(scratch_.size()) + " bytes a cycle)");
  std::lock_guard lock(sendMutex_);
  if (!queue_.push(frame, bytes.data(), static_cast<std::uint32_t>(bytes.size())))
    throw CapacityError("the send queue of port '" + name_ +
                        "' is full: messages are sent faster than the MIDI thread takes them");
}

void MidiOutputPort::beginCycle() noexcept {
  count_ = 0;
  scratchUsed_ = 0;
  lastScheduledOffset_ = 0;
}

bool MidiOutputPort::add(std::uint32_t offset, const std::uint8_t* data, std::uint32_t size,
                         bool copy) noexcept {
  if (count_ == events_.size() || (copy && scratchUsed_ + size > scratch_.size())) {
    countDropped(1);
    return false;
  }
  if (copy) {
    std::memcpy(scratch_.data() + scratchUsed_, data, size);
    data = scratch_.data() + scratchUsed_;
    scratchUsed_ += size;
  }
  events_[count_] = {offset, size, data, static_cast<std::uint32_t>(count_)};
  ++count_;
  return true;
}

void MidiOutputPort::takeScheduled(std::uint64_t cycleStart, std::uint32_t frames) noexcept {
  std::uint64_t frame = 0;
  std::uint32_t size = 0;
  while (queue_.peek(frame, size) && frame < cycleStart + frames) {
    const std::uint64_t late = frame < cycleStart ? 0 : frame - cycleStart;
    const auto offset = std::max(lastScheduledOffset_, static_cast<std::uint32_t>(late));
    if (count_ == events_.size() || scratchUsed_ + size > scratch_.size()) {
      // No room this cycle: leave the rest for the next one rather than losing them.
      return;
    }
    std::uint8_t* target = scratch_.data() + scratchUsed_;
    queue_.pop(frame, target, size);
    scratchUsed_ += size;
    events_[count_] = {offset, size, target, static_cast<std::uint32_t>(count_)};
    ++count_;
    lastScheduledOffset_ = offset;
  }
}

void MidiOutputPort::sortEvents() noexcept {
  std::sort(events_.begin(), events_.begin() + static_cast<std::ptrdiff_t>(count_),
            [](const RawMidiEvent& a, const RawMidiEvent& b) {
              return a.offset != b.offset ? a.offset < b.offset : a.order < b.order;
            });
}

MidiRouter::MidiRouter(std::function<bool()> running)
    : running_(std::move(running)), handoff_(std::make_unique<Setup>()) {}

void MidiRouter::publish(Setup next) {
  handoff_.publish(std::make_unique<Setup>(next));
  shadow_ = std::move(next);
  // Wait for the MIDI thread to take it, so ports dropped from the setup are really gone
  // once this returns. A stopped client cannot take it: that is safe too, nothing cycles.
  const auto deadline = Clock::now() + std::chrono::seconds(2);
  while (handoff_.hasPending() && running_() && Clock::now() < deadline)
    std::this_thread::sleep_for(kPollInterval);
  handoff_.collect();
}

void MidiRouter::addInput(std::shared_ptr<MidiInputPort> port) {
  std::lock_guard lock(controlMutex_);
  Setup next = shadow_;
  next.inputs.push_back(std::move(port));
  publish(std::move(next));
}

void MidiRouter::addOutput(std::shared_ptr<MidiOutputPort> port) {
  std::lock_guard lock(controlMutex_);
  Setup next = shadow_;
  next.outputs.push_back(std::move(port));
  publish(std::move(next));
}

void MidiRouter::remove(const void* port) {
  std::lock_guard lock(controlMutex_);
  Setup next = shadow_;
  std::erase_if(next.inputs, [&](const auto& p) { return p.get() == port; });
  std::erase_if(next.outputs, [&](const auto& p) { return p.get() == port; });
  std::erase_if(next.routes,
                [&](const auto& r) { return r.input.get() == port || r.output.get() == port; });
  publish(std::move(next));
}

int MidiRouter::addRoute(std::shared_ptr<MidiInputPort> input,
                         std::shared_ptr<MidiOutputPort> output,
                         const midi::MessageTransform& transform) {
  transform.validate();
  std::lock_guard lock(controlMutex_);
  Setup next = shadow_;
  const int id = nextRouteId_++;
  next.routes.push_back({id, std::move(input), std::move(output), transform});
  publish(std::move(next));
  return id;
}

bool MidiRouter::removeRoute(int id) {
  std::lock_guard lock(controlMutex_);
  Setup next = shadow_;
  if (std::erase_if(next.routes, [&](const auto& r) { return r.id == id; }) == 0) return false;
  publish(std::move(next));
  return true;
}

MidiRouter::Setup MidiRouter::setup() const {
  std::lock_guard lock(controlMutex_);
  return shadow_;
}

const MidiRouter::Setup* MidiRouter::beginCycle() noexcept {
  handoff_.acquire();
  return handoff_.current();
}

void MidiRouter::process(const Setup& setup, std::uint64_t cycleStart,
                         std::uint32_t frames) noexcept {
  for (const auto& output : setup.outputs) output->beginCycle();
  for (const auto& input : setup.inputs) {
    input->queueEvents(cycleStart);
    const auto routedHere = [&](const MidiRoute& r) { return r.input == input; };
    if (std::none_of(setup.routes.begin(), setup.routes.end(), routedHere)) continue;
    for (const auto& e : input->events()) {
      // Each event is parsed once, then offered to every route from this input.
      midi::Message message;
      if (!isSysEx(e)) {
        parser_.reset();
        parser_.feed(e.data, e.size, [&](const midi::Message& m) { message = m; });
        if (message.size() == 0) continue;  // not a message (junk from another client)
      }
      for (const auto& route : setup.routes) {
        if (!routedHere(route)) continue;
        if (message.size() == 0) {
          // SysEx passes untouched when system messages pass the type filter.
          if (route.transform.types & 0x80) route.output->add(e.offset, e.data, e.size, false);
        } else if (auto out = route.transform.apply(message)) {
          std::uint8_t bytes[3];
          out->copyTo(bytes);
          route.output->add(e.offset, bytes, static_cast<std::uint32_t>(out->size()), true);
        }
      }
    }
  }
  for (const auto& output : setup.outputs) {
    output->takeScheduled(cycleStart, frames);
    output->sortEvents();
  }
}

}  // namespace tonewood::device
