#include "tonewood/graph/processor.hpp"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "tonewood/core/errors.hpp"

namespace tonewood::graph {

namespace {

// Scratch for the events of one piece of a block: full size for processors that take or make
// MIDI, a token one for the rest (whose only events are parameter changes, never copied).
std::unique_ptr<EventBuffer> pieceBuffer(bool midi) {
  return midi ? std::make_unique<EventBuffer>() : std::make_unique<EventBuffer>(1, 0);
}

}  // namespace

Processor::Processor(std::string typeName, std::vector<ParamInfo> params, Capabilities capabilities)
    : Processor(std::move(typeName), std::make_unique<ParamRegistry>(std::move(params)), nullptr,
                capabilities) {}

Processor::Processor(std::string typeName, ParamRegistry& params, Capabilities capabilities)
    : Processor(std::move(typeName), nullptr, &params, capabilities) {}

Processor::Processor(std::string typeName, std::unique_ptr<ParamRegistry> owned,
                     ParamRegistry* shared, Capabilities capabilities)
    : typeName_(std::move(typeName)),
      ownParams_(std::move(owned)),
      params_(ownParams_ ? ownParams_.get() : shared),
      inputs_(capabilities.inputs),
      outputs_(capabilities.outputs),
      acceptsEvents_(capabilities.acceptsEvents),
      producesEvents_(capabilities.producesEvents),
      applied_(std::make_unique<float[]>(params_->size())),
      pieceEvents_(pieceBuffer(capabilities.acceptsEvents)),
      pieceOutput_(pieceBuffer(capabilities.producesEvents)) {}

Processor::~Processor() = default;

void Processor::prepare(const ProcessSpec& spec) {
  if (prepared_ && spec == spec_ && !failure()) return;  // a failed one starts afresh
  requireInRange("sample rate", spec.sampleRate, 1000.0, 768000.0, "Hz");
  requireInRange("block size", spec.maxBlockSize, 1, 1 << 16, "frames");
  prepareToPlay(spec);
  spec_ = spec;
  prepared_ = true;
  appliedGeneration_ = params_->generation();
  for (std::size_t i = 0; i < params_->size(); ++i) {
    applied_[i] = params_->value(i);
    parameterChanged(i, applied_[i]);
  }
}

void Processor::reset() noexcept {
  if (prepared_) resetState();
}

void Processor::takeParameterChanges() noexcept {
  const std::uint64_t generation = params_->generation();
  if (generation == appliedGeneration_) return;
  appliedGeneration_ = generation;  // read first: a change during the scan is seen next time
  for (std::size_t i = 0; i < params_->size(); ++i) {
    const float v = params_->value(i);
    if (v != applied_[i]) {
      applied_[i] = v;
      parameterChanged(i, v);
    }
  }
}

void Processor::process(const ProcessContext& context) noexcept {
  takeParameterChanges();
  bool changesInside = false;
  for (const Event& e : *context.events)
    changesInside = changesInside || e.kind == EventKind::Param;
  if (!changesInside) {
    render(context);
    return;
  }
  // Render in pieces, applying each change at its frame.
  EventBuffer& pieceEvents = *pieceEvents_;
  pieceEvents.clear();
  int pos = 0;
  auto renderTo = [&](int end) {
    if (end <= pos) return;
    ProcessContext piece = context;
    piece.frames = end - pos;
    piece.input = context.input.subBlock(pos, piece.frames);
    piece.output = context.output.subBlock(pos, piece.frames);
    piece.events = &pieceEvents;
    const TransportPosition position = context.transport->advancedBy(pos);
    piece.transport = &position;
    piece.engineFrame = context.engineFrame + pos;
    // Events the piece produces carry frames from its own start: collect them apart and move
    // them to the block's frames.
    if (context.outputEvents) {
      pieceOutput_->clear();
      piece.outputEvents = pieceOutput_.get();
    }
    render(piece);
    if (context.outputEvents)
      for (const Event& e : *pieceOutput_)
        context.outputEvents->addFrom(*pieceOutput_, e, e.frame + static_cast<std::uint32_t>(pos));
    pieceEvents.clear();
    pos = end;
  };
  for (const Event& e : *context.events) {
    const int at = std::min(static_cast<int>(e.frame), context.frames);
    if (e.kind != EventKind::Param) {
      pieceEvents.addFrom(*context.events, e, static_cast<std::uint32_t>(std::max(0, at - pos)));
      continue;
    }
    renderTo(at);
    if (e.param >= params_->size()) continue;
    params_->setValueClamped(e.param, e.value);
    const float v = params_->value(e.param);
    applied_[e.param] = v;
    automationChange_ = e.isAutomation();
    parameterChanged(e.param, v);
    automationChange_ = false;
  }
  renderTo(context.frames);
}

std::string Processor::saveState() const {
  nlohmann::ordered_json state;
  state["type"] = typeName_;
  nlohmann::ordered_json values = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < params_->size(); ++i)
    if (params_->value(i) != params_->info(i).defaultValue)
      values[params_->info(i).id] = params_->value(i);
  state["parameters"] = values;
  const std::string extra = saveExtraState();
  if (extra != "null") state["extra"] = nlohmann::ordered_json::parse(extra);
  return state.dump(2);
}

void Processor::restoreState(const std::string& json) {
  nlohmann::json state;
  try {
    state = nlohmann::json::parse(json);
  } catch (const nlohmann::json::exception& e) {
    throw InvalidArgumentError("the " + typeName_ + " state is not JSON: " + e.what());
  }
  if (!state.is_object() || !state.contains("type") || state["type"] != typeName_)
    throw InvalidArgumentError("the state is not a " + typeName_ + " state (its \"type\" is " +
                               (state.is_object() && state.contains("type")
                                    ? state["type"].dump()
                                    : std::string("missing")) +
                               ")");
  std::vector<std::pair<std::size_t, float>> values;
  if (state.contains("parameters")) {
    if (!state["parameters"].is_object())
      throw InvalidArgumentError("the " + typeName_ + " state's \"parameters\" is not an object");
    for (const auto& [id, v] : state["parameters"].items()) {
      const std::size_t index = params_->indexOf(id);
      if (!v.is_number())
        throw InvalidArgumentError("the " + typeName_ + " state's value of " + id +
                                   " is not a number");
      const ParamInfo& info = params_->info(index);
      requireInRange(id, v.get<double>(), info.min, info.max, info.unit);
      values.emplace_back(index, v.get<float>());
    }
  }
  restoreExtraState(state.contains("extra") ? state["extra"].dump() : "null");
  params_->resetToDefaults();
  for (const auto& [index, v] : values) params_->setValue(index, v);
}

}  // namespace tonewood::graph
