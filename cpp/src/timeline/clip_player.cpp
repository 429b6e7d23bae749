#include "tonewood/timeline/clip_player.hpp"

#include <algorithm>
#include <string>

#include "clip_mixer.hpp"
#include "clip_streamer.hpp"
#include "tonewood/core/errors.hpp"

namespace tonewood::timeline {

namespace {

void requireInOrder(const std::vector<ScheduledClip>& clips) {
  for (std::size_t k = 0; k < clips.size(); ++k) {
    if ((!clips[k].audio && clips[k].file.empty()) || clips[k].frames <= 0 || clips[k].region <= 0)
      throw InvalidArgumentError("clip " + std::to_string(k) + " has no audio to play");
    if (k > 0 && clips[k].start < clips[k - 1].end())
      throw InvalidArgumentError("clip " + std::to_string(k) + " (from frame " +
                                 std::to_string(clips[k].start) + ") overlaps the one before it " +
                                 "(to frame " + std::to_string(clips[k - 1].end()) + ")");
  }
}

bool sameStreamed(const ScheduledClip& a, const ScheduledClip& b) {
  return a.file == b.file && a.start == b.start && a.frames == b.frames && a.offset == b.offset &&
         a.region == b.region && a.loop == b.loop && a.gain == b.gain && a.fadeIn == b.fadeIn &&
         a.fadeOut == b.fadeOut && a.fadeInShape == b.fadeInShape &&
         a.fadeOutShape == b.fadeOutShape;
}

// Whether the streamed clips of two lists differ (what the disk thread reads).
bool streamedDiffer(const std::vector<ScheduledClip>& a, const std::vector<ScheduledClip>& b) {
  auto streamed = [](const ScheduledClip& c) { return !c.file.empty(); };
  auto i = a.begin(), j = b.begin();
  for (;;) {
    i = std::find_if(i, a.end(), streamed);
    j = std::find_if(j, b.end(), streamed);
    if (i == a.end() || j == b.end()) return (i == a.end()) != (j == b.end());
    if (!sameStreamed(*i++, *j++)) return true;
  }
}

}  // namespace

ClipPlayer::ClipPlayer(std::vector<ScheduledClip> clips)
    : Processor("clip player", std::vector<ParamInfo>{}, {0, 2}) {
  setClips(std::move(clips));
}

ClipPlayer::~ClipPlayer() = default;

std::size_t ClipPlayer::underruns() const noexcept {
  const std::shared_ptr<ClipStreamer> streamer = streamer_;
  return streamer ? streamer->underruns() : 0;
}

void ClipPlayer::setClips(std::vector<ScheduledClip> clips) {
  requireInOrder(clips);
  requireStreamedFiles(clips);
  auto next = std::make_shared<const std::vector<ScheduledClip>>(std::move(clips));
  const bool changed = !clips_ || streamedDiffer(*clips_, *next);
  clips_ = std::move(next);
  end_ = clips_->empty() ? 0 : clips_->back().end();
  publish(changed);
}

void ClipPlayer::publish(bool streamedChanged) {
  if (streamedChanged) ++streamedVersion_;
  const bool streams = std::any_of(clips_->begin(), clips_->end(),
                                   [](const ScheduledClip& c) { return !c.file.empty(); });
  if (streams && !streamer_ && sampleRate_ > 0.0)
    streamer_ = std::make_shared<ClipStreamer>(sampleRate_, maxBlock_);
  if (streamer_) streamer_->setClips(clips_);  // before the audio thread hears of them
  schedule_.publish(std::make_unique<Schedule>(Schedule{clips_, streamer_, streamedVersion_}));
}

void ClipPlayer::prepareToPlay(const ProcessSpec& spec) {
  if (spec.sampleRate != sampleRate_ || spec.maxBlockSize != maxBlock_) streamer_.reset();
  sampleRate_ = spec.sampleRate;
  maxBlock_ = spec.maxBlockSize;
  offline_ = std::make_unique<ClipMixer>(sampleRate_);
  publish(true);
  schedule_.acquire();  // the newest clips from the start, offline too
}

void ClipPlayer::resetState() noexcept {}

void ClipPlayer::render(const graph::ProcessContext& c) noexcept {
  schedule_.acquire();
  float* out[2] = {c.output.channel(0), c.output.channel(1)};
  std::fill_n(out[0], c.frames, 0.0f);
  std::fill_n(out[1], c.frames, 0.0f);
  const graph::TransportPosition& t = *c.transport;
  const Schedule* s = schedule_.current();
  if (!s) return;
  if (c.realtime && s->streamer) {
    // Called while the transport stands too: the disk waits at the playhead.
    s->streamer->play(t, c.frames, s->streamedVersion != heardVersion_, out);
    heardVersion_ = s->streamedVersion;
  }
  if (!t.playing) return;
  if (!c.realtime && offline_)
    offline_->mix(*s->clips, t.frame, c.frames, out, ClipKinds::All);
  else
    mixMemoryClips(*s->clips, t.frame, c.frames, out);
}

}  // namespace tonewood::timeline
