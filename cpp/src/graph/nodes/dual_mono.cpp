#include "tonewood/graph/nodes/dual_mono.hpp"

#include "tonewood/core/errors.hpp"

namespace tonewood::graph {

namespace {

std::vector<ParamInfo> paramsOf(const std::shared_ptr<Processor>& left,
                                const std::shared_ptr<Processor>& right) {
  if (!left || !right) throw InvalidArgumentError("a dual-mono pair needs two processors");
  for (const auto& p : {left, right})
    if (p->numInputChannels() != 1 || p->numOutputChannels() != 1)
      throw InvalidArgumentError("a dual-mono pair takes mono processors; a " + p->typeName() +
                                 " has " + std::to_string(p->numInputChannels()) + " in and " +
                                 std::to_string(p->numOutputChannels()) + " out");
  if (left->typeName() != right->typeName() || left->numParameters() != right->numParameters())
    throw InvalidArgumentError("a dual-mono pair takes two of one kind; got a " + left->typeName() +
                               " and a " + right->typeName());
  std::vector<ParamInfo> params;
  for (std::size_t i = 0; i < left->numParameters(); ++i) params.push_back(left->parameterInfo(i));
  return params;
}

}  // namespace

DualMono::DualMono(std::shared_ptr<Processor> left, std::shared_ptr<Processor> right)
    : Processor("dual " + left->typeName(), paramsOf(left, right),
                {2, 2, left->acceptsEvents(), false}),
      left_(std::move(left)),
      right_(std::move(right)),
      pending_(numParameters()) {
  for (std::size_t i = 0; i < numParameters(); ++i) setParameter(i, left_->parameter(i));
}

DualMono::~DualMono() = default;

int DualMono::latencyFrames() const noexcept {
  return left_->latencyFrames();
}

const char* DualMono::failure() const noexcept {
  const char* why = left_->failure();
  return why ? why : right_->failure();
}

int DualMono::automationResolutionFrames() const noexcept {
  return left_->automationResolutionFrames();
}

void DualMono::prepareToPlay(const ProcessSpec& spec) {
  ProcessSpec mono = spec;
  mono.numChannels = 1;
  left_->prepare(mono);
  right_->prepare(mono);
  events_ = std::make_unique<EventBuffer>(numParameters() + 1024);
}

void DualMono::resetState() noexcept {
  left_->reset();
  right_->reset();
}

void DualMono::parameterChanged(std::size_t index, float value) noexcept {
  pending_[index] = {true, changeIsAutomation(), value};
}

void DualMono::render(const ProcessContext& c) noexcept {
  // Both instances hear this node's changes as events on the piece's first frame (an automation
  // step stays one), and the right follows changes the left's owner made to it directly.
  EventBuffer& events = *events_;
  events.clear();
  for (std::size_t i = 0; i < numParameters(); ++i) {
    Pending& p = pending_[i];
    if (p.changed) {
      events.add(p.automation ? Event::automation(0, i, p.value) : Event::parameter(0, i, p.value));
      p.changed = false;
    } else if (right_->parameter(i) != left_->parameter(i)) {
      events.add(Event::parameter(0, i, left_->parameter(i)));
    }
  }
  for (const Event& e : *c.events) events.addFrom(*c.events, e, e.frame);
  for (int ch = 0; ch < 2; ++ch) {
    float* in[1] = {const_cast<float*>(c.input.channel(ch))};
    float* out[1] = {c.output.channel(ch)};
    ProcessContext mono = c;
    mono.input = AudioBlockView(in, 1, c.frames);
    mono.output = AudioBlockView(out, 1, c.frames);
    mono.outputEvents = nullptr;
    mono.events = &events;
    (ch == 0 ? left_ : right_)->process(mono);
  }
}

}  // namespace tonewood::graph
