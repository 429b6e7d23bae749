#include "tonewood/dsp/channel_mixing.hpp"

#include <string>

#include "tonewood/core/errors.hpp"
#include "tonewood/dsp/buffer_ops.hpp"

namespace tonewood::dsp {

namespace {

ChannelMatrix zeros(int inputs, int outputs) {
  requireInRange("input channel count", inputs, 1, kMaxChannels, "");
  requireInRange("output channel count", outputs, 1, kMaxChannels, "");
  return {outputs, inputs, std::vector<float>(static_cast<std::size_t>(inputs * outputs), 0.0f)};
}

void set(ChannelMatrix& m, int out, int in, float gain) {
  m.gains[static_cast<std::size_t>(out * m.inputs + in)] = gain;
}

}  // namespace

ChannelMatrix standardMix(int inputs, int outputs) {
  ChannelMatrix m = zeros(inputs, outputs);
  constexpr float kMinus3dB = 0.70710678f;
  if (inputs == 1) {
    for (int o = 0; o < outputs; ++o) set(m, o, 0, 1.0f);
  } else if (outputs == 1) {
    for (int i = 0; i < inputs; ++i) set(m, 0, i, 1.0f / static_cast<float>(inputs));
  } else if (inputs == 6 && outputs == 2) {
    const float norm = 1.0f / (1.0f + 2.0f * kMinus3dB);  // L + 0.707 C + 0.707 Ls at most
    set(m, 0, 0, norm);
    set(m, 1, 1, norm);
    set(m, 0, 2, kMinus3dB * norm);
    set(m, 1, 2, kMinus3dB * norm);
    set(m, 0, 4, kMinus3dB * norm);
    set(m, 1, 5, kMinus3dB * norm);
  } else {
    for (int c = 0; c < std::min(inputs, outputs); ++c) set(m, c, c, 1.0f);
  }
  return m;
}

ChannelMatrix channelMap(int inputs, const std::vector<int>& map) {
  requireInRange("mapped channel count", static_cast<double>(map.size()), 1, kMaxChannels, "");
  ChannelMatrix m = zeros(inputs, static_cast<int>(map.size()));
  for (std::size_t o = 0; o < map.size(); ++o) {
    requireInRange("source channel of output " + std::to_string(o), map[o], -1, inputs - 1, "");
    if (map[o] >= 0) set(m, static_cast<int>(o), map[o], 1.0f);
  }
  return m;
}

void applyMatrix(const ChannelMatrix& matrix, const AudioBlockView& in,
                 const AudioBlockView& out) noexcept {
  for (int o = 0; o < matrix.outputs; ++o) {
    float* channel[] = {out.channel(o)};
    const AudioBlockView target(channel, 1, out.numFrames());
    target.clear();
    for (int i = 0; i < matrix.inputs; ++i) {
      const float g = matrix.gains[static_cast<std::size_t>(o * matrix.inputs + i)];
      if (g == 0.0f) continue;
      float* source[] = {in.channel(i)};
      mixInto(target, AudioBlockView(source, 1, in.numFrames()), g);
    }
  }
}

}  // namespace tonewood::dsp
