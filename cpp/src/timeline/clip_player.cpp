#include "tonewood/timeline/clip_player.hpp"

#include <algorithm>
#include <string>

#include "tonewood/core/errors.hpp"
#include "tonewood/core/simd_clones.hpp"

namespace tonewood::timeline {

namespace {

void requireInOrder(const std::vector<ScheduledClip>& clips) {
  for (std::size_t k = 0; k < clips.size(); ++k) {
    if (!clips[k].audio || clips[k].frames <= 0 || clips[k].region <= 0)
      throw InvalidArgumentError("clip " + std::to_string(k) + " has no audio to play");
    if (k > 0 && clips[k].start < clips[k - 1].end())
      throw InvalidArgumentError("clip " + std::to_string(k) + " (from frame " +
                                 std::to_string(clips[k].start) + ") overlaps the one before it " +
                                 "(to frame " + std::to_string(clips[k - 1].end()) + ")");
  }
}

}  // namespace

ClipPlayer::ClipPlayer(std::vector<ScheduledClip> clips)
    : Processor("clip player", std::vector<ParamInfo>{}, {0, 2}) {
  setClips(std::move(clips));
}

ClipPlayer::~ClipPlayer() = default;

void ClipPlayer::setClips(std::vector<ScheduledClip> clips) {
  requireInOrder(clips);
  end_ = clips.empty() ? 0 : clips.back().end();
  schedule_.publish(std::make_unique<Schedule>(Schedule{std::move(clips)}));
}

void ClipPlayer::prepareToPlay(const ProcessSpec&) {
  schedule_.acquire();  // the newest clips from the start, offline too
}

void ClipPlayer::resetState() noexcept {}

namespace {

// out[j] += source[at(j)] * gain for a run with no fade, where the source frames run forwards
// or backwards from `first` without wrapping: the loop every clip spends most of its time in.
TONEWOOD_SIMD_CLONES void addRun(const float* __restrict source, std::int64_t first, int step,
                                 double gain, float* __restrict out, int n) noexcept {
  if (step > 0)
    for (int j = 0; j < n; ++j)
      out[j] += static_cast<float>(static_cast<double>(source[first + j]) * gain);
  else
    for (int j = 0; j < n; ++j)
      out[j] += static_cast<float>(static_cast<double>(source[first - j]) * gain);
}

}  // namespace

void ClipPlayer::play(const ScheduledClip& clip, std::int64_t from, int n,
                      float* const* out) noexcept {
  const AudioBuffer& source = *clip.audio;
  const float* rows[2] = {source.channel(0), source.channel(source.numChannels() > 1 ? 1 : 0)};
  const std::int64_t fadeOutFrom = clip.frames - clip.fadeOut;
  auto sourceFrame = [&](std::int64_t i) {  // of clip frame i
    const std::int64_t k = clip.loop ? i % clip.region : i;
    return clip.reverse ? clip.offset + clip.region - 1 - k : clip.offset + k;
  };
  for (int j = 0; j < n;) {
    const std::int64_t i = from + j;            // frame of the clip
    if (i < clip.fadeIn || i >= fadeOutFrom) {  // a fade: frame by frame
      double g = clip.gain;
      if (i < clip.fadeIn)
        g *= dsp::fadeGain(clip.fadeInShape,
                           static_cast<double>(i) / static_cast<double>(clip.fadeIn));
      if (i >= fadeOutFrom)
        g *= dsp::fadeGain(clip.fadeOutShape, static_cast<double>(clip.frames - 1 - i) /
                                                  static_cast<double>(clip.fadeOut));
      const std::int64_t at = sourceFrame(i);
      out[0][j] += static_cast<float>(static_cast<double>(rows[0][at]) * g);
      out[1][j] += static_cast<float>(static_cast<double>(rows[1][at]) * g);
      ++j;
      continue;
    }
    // Up to the fade-out, the block's end or the region's end (where a loop wraps).
    const std::int64_t k = clip.loop ? i % clip.region : i;
    const auto run = static_cast<int>(
        std::min({static_cast<std::int64_t>(n - j), fadeOutFrom - i, clip.region - k}));
    const std::int64_t at = sourceFrame(i);
    const int step = clip.reverse ? -1 : 1;
    addRun(rows[0], at, step, clip.gain, out[0] + j, run);
    addRun(rows[1], at, step, clip.gain, out[1] + j, run);
    j += run;
  }
}

void ClipPlayer::render(const graph::ProcessContext& c) noexcept {
  schedule_.acquire();
  float* out[2] = {c.output.channel(0), c.output.channel(1)};
  std::fill_n(out[0], c.frames, 0.0f);
  std::fill_n(out[1], c.frames, 0.0f);
  const graph::TransportPosition& t = *c.transport;
  const Schedule* s = schedule_.current();
  if (!t.playing || !s) return;
  const std::int64_t from = t.frame, to = t.frame + c.frames;
  // The first clip that ends after the block starts; clips are sorted and apart.
  auto it =
      std::upper_bound(s->clips.begin(), s->clips.end(), from,
                       [](std::int64_t f, const ScheduledClip& clip) { return f < clip.end(); });
  for (; it != s->clips.end() && it->start < to; ++it) {
    const std::int64_t a = std::max(from, it->start), b = std::min(to, it->end());
    const auto offset = static_cast<std::size_t>(a - from);
    float* rows[2] = {out[0] + offset, out[1] + offset};
    play(*it, a - it->start, static_cast<int>(b - a), rows);
  }
}

}  // namespace tonewood::timeline
