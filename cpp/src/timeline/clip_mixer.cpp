#include "clip_mixer.hpp"

#include <algorithm>
#include <set>

#include "tonewood/core/simd_clones.hpp"

namespace tonewood::timeline {

namespace {

constexpr int kScratchFrames = 4096;

// out[j] += source[first + step * j] * gain over a run with no fade: the loop every clip spends
// most of its time in.
TONEWOOD_SIMD_CLONES void addRun(const float* __restrict source, std::int64_t first, int step,
                                 double gain, float* __restrict out, int n) noexcept {
  if (step > 0)
    for (int j = 0; j < n; ++j)
      out[j] += static_cast<float>(static_cast<double>(source[first + j]) * gain);
  else
    for (int j = 0; j < n; ++j)
      out[j] += static_cast<float>(static_cast<double>(source[first - j]) * gain);
}

// Adds clip frames [from, from + n) whose source frames are rows[c][first + step * j] (no wrap
// inside), times gain * fade-in * fade-out computed in double and rounded once.
void addClipFrames(const ScheduledClip& clip, std::int64_t from, int n, const float* const* rows,
                   std::int64_t first, int step, float* const* out) noexcept {
  const std::int64_t fadeOutFrom = clip.frames - clip.fadeOut;
  for (int j = 0; j < n;) {
    const std::int64_t i = from + j;  // frame of the clip
    const std::int64_t at = first + static_cast<std::int64_t>(step) * j;
    if (i < clip.fadeIn || i >= fadeOutFrom) {  // a fade: frame by frame
      double g = clip.gain;
      if (i < clip.fadeIn)
        g *= dsp::fadeGain(clip.fadeInShape,
                           static_cast<double>(i) / static_cast<double>(clip.fadeIn));
      if (i >= fadeOutFrom)
        g *= dsp::fadeGain(clip.fadeOutShape, static_cast<double>(clip.frames - 1 - i) /
                                                  static_cast<double>(clip.fadeOut));
      out[0][j] += static_cast<float>(static_cast<double>(rows[0][at]) * g);
      out[1][j] += static_cast<float>(static_cast<double>(rows[1][at]) * g);
      ++j;
      continue;
    }
    const auto run = static_cast<int>(std::min<std::int64_t>(n - j, fadeOutFrom - i));
    addRun(rows[0], at, step, clip.gain, out[0] + j, run);
    addRun(rows[1], at, step, clip.gain, out[1] + j, run);
    j += run;
  }
}

// Calls f(a, b) for each clip overlapping the timeline's [from, to), with its part [a, b).
template <typename F>
void forEachClipIn(std::span<const ScheduledClip> clips, std::int64_t from, std::int64_t to,
                   F&& f) {
  // The first clip that ends after the block starts; clips are sorted and apart.
  auto it =
      std::upper_bound(clips.begin(), clips.end(), from,
                       [](std::int64_t frame, const ScheduledClip& c) { return frame < c.end(); });
  for (; it != clips.end() && it->start < to; ++it)
    f(*it, std::max(from, it->start), std::min(to, it->end()));
}

}  // namespace

void mixFromMemory(const ScheduledClip& clip, std::int64_t from, int n,
                   float* const* out) noexcept {
  const AudioBuffer& source = *clip.audio;
  const float* rows[2] = {source.channel(0), source.channel(source.numChannels() > 1 ? 1 : 0)};
  const int step = clip.reverse ? -1 : 1;
  for (int j = 0; j < n;) {  // runs up to the region's end, where a loop wraps
    const std::int64_t i = from + j;
    const std::int64_t k = clip.loop ? i % clip.region : i;
    const auto run = static_cast<int>(std::min<std::int64_t>(n - j, clip.region - k));
    const std::int64_t first = clip.reverse ? clip.offset + clip.region - 1 - k : clip.offset + k;
    float* part[2] = {out[0] + j, out[1] + j};
    addClipFrames(clip, i, run, rows, first, step, part);
    j += run;
  }
}

ClipMixer::ClipMixer(double sampleRate)
    : sampleRate_(sampleRate), scratch_(2 * static_cast<std::size_t>(kScratchFrames)) {}
ClipMixer::ClipMixer(ClipMixer&&) noexcept = default;
ClipMixer::~ClipMixer() = default;

io::ResamplingFileReader& ClipMixer::reader(const std::string& file) {
  auto& reader = readers_[file];
  if (!reader) reader = std::make_unique<io::ResamplingFileReader>(file, sampleRate_);
  return *reader;
}

void mixMemoryClips(std::span<const ScheduledClip> clips, std::int64_t from, int n,
                    float* const* out) noexcept {
  forEachClipIn(clips, from, from + n,
                [&](const ScheduledClip& clip, std::int64_t a, std::int64_t b) {
                  if (!clip.file.empty()) return;
                  float* part[2] = {out[0] + (a - from), out[1] + (a - from)};
                  mixFromMemory(clip, a - clip.start, static_cast<int>(b - a), part);
                });
}

void requireStreamedFiles(std::span<const ScheduledClip> clips) {
  std::set<std::string> checked;
  for (const ScheduledClip& clip : clips)
    if (!clip.file.empty() && checked.insert(clip.file).second) io::AudioFile::openRead(clip.file);
}

void ClipMixer::closeIdle(std::span<const ScheduledClip> clips, std::int64_t from,
                          std::int64_t to) {
  // A long song reads many files: keep open only those of the clips being played.
  constexpr std::size_t kKeptOpen = 32;
  if (readers_.size() <= kKeptOpen) return;
  std::set<std::string> playing;
  forEachClipIn(clips, from, to, [&](const ScheduledClip& clip, std::int64_t, std::int64_t) {
    if (!clip.file.empty()) playing.insert(clip.file);
  });
  std::erase_if(readers_, [&](const auto& entry) { return !playing.contains(entry.first); });
}

void ClipMixer::mix(std::span<const ScheduledClip> clips, std::int64_t from, int n,
                    float* const* out, ClipKinds kinds) noexcept {
  forEachClipIn(clips, from, from + n,
                [&](const ScheduledClip& clip, std::int64_t a, std::int64_t b) {
                  float* part[2] = {out[0] + (a - from), out[1] + (a - from)};
                  if (!clip.file.empty()) {
                    try {
                      mixStreamed(clip, a - clip.start, static_cast<int>(b - a), part);
                    } catch (...) {
                      ++failures_;  // what was added before the failure stays; the rest is silence
                    }
                  } else if (kinds == ClipKinds::All) {
                    mixFromMemory(clip, a - clip.start, static_cast<int>(b - a), part);
                  }
                });
  try {
    closeIdle(clips, from, from + n);
  } catch (...) {  // no memory for the set: the readers stay open
  }
}

void ClipMixer::mixStreamed(const ScheduledClip& clip, std::int64_t from, int n,
                            float* const* out) {
  io::ResamplingFileReader* reader = &this->reader(clip.file);
  float* rows[2] = {scratch_.data(), scratch_.data() + kScratchFrames};
  for (int j = 0; j < n;) {
    const std::int64_t i = from + j;
    const std::int64_t k = clip.loop ? i % clip.region : i;
    const auto run =
        static_cast<int>(std::min<std::int64_t>({n - j, clip.region - k, kScratchFrames}));
    const std::int64_t first = clip.offset + k;
    if (reader->position() != first) reader->seek(first);
    const int got = reader->read(rows, run);
    // A file that shrank since it was opened plays silence where its frames are gone.
    for (float* row : rows) std::fill(row + got, row + run, 0.0f);
    const float* source[2] = {rows[0], reader->channels() > 1 ? rows[1] : rows[0]};
    float* part[2] = {out[0] + j, out[1] + j};
    addClipFrames(clip, i, run, source, 0, 1, part);
    j += run;
  }
}

}  // namespace tonewood::timeline
