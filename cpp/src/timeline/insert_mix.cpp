#include "tonewood/timeline/insert_mix.hpp"

#include "tonewood/core/errors.hpp"

namespace tonewood::timeline {

InsertMix::InsertMix(std::shared_ptr<graph::Processor> effect, float mix)
    : Processor("insert mix", {ParamInfo::make("mix", "Mix (dry .. wet)", "", 0.0f, 1.0f, mix)},
                {2, 2}),
      effect_(std::move(effect)) {
  requireInRange("insert mix", mix, 0.0, 1.0, "(0 dry .. 1 wet)");
}

InsertMix::~InsertMix() = default;

void InsertMix::prepareToPlay(const ProcessSpec& spec) {
  effect_->prepare(spec);
  dry_ = AudioBuffer(2, effect_->latencyFrames() + spec.maxBlockSize);
  at_ = 0;
}

void InsertMix::resetState() noexcept {
  effect_->reset();
  for (int ch = 0; ch < 2; ++ch) std::fill_n(dry_.channel(ch), dry_.numFrames(), 0.0f);
  at_ = 0;
}

void InsertMix::render(const graph::ProcessContext& c) noexcept {
  effect_->process(c);  // the wet signal, into the output
  const float wet = value(kMix), dry = 1.0f - wet;
  const int size = dry_.numFrames(), latency = effect_->latencyFrames();
  for (int ch = 0; ch < 2; ++ch) {
    const float* in = c.input.channel(ch);
    float* out = c.output.channel(ch);
    float* ring = dry_.channel(ch);
    int w = at_;
    for (int i = 0; i < c.frames; ++i) {
      ring[w] = in[i];
      int r = w - latency;  // the input `latency` frames ago, which the wet frame answers
      if (r < 0) r += size;
      out[i] = out[i] * wet + ring[r] * dry;
      if (++w == size) w = 0;
    }
  }
  at_ = (at_ + c.frames) % size;
}

}  // namespace tonewood::timeline
