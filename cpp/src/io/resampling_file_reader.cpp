#include "tonewood/io/resampling_file_reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

namespace tonewood::io {

namespace {
constexpr int kChunk = 4096;  // file frames converted at a time
// File frames a seek converts before the frame it wants: more than libsoxr's longest filter, so
// the converter's history is full again.
constexpr std::int64_t kPrerollFileFrames = 2048;
constexpr std::int64_t kMaxCycle = 1 << 16;
}  // namespace

ResamplingFileReader::ResamplingFileReader(const std::string& path, double engineRate)
    : file_(AudioFile::openRead(path)),
      channels_(file_.channels()),
      fileRate_(file_.sampleRate()),
      engineRate_(engineRate) {
  if (fileRate_ != engineRate_) {
    resampler_ = std::make_unique<Resampler>(fileRate_, engineRate_, channels_);
    frames_ = resampledFrames(file_.frames(), fileRate_, engineRate_);
    in_.assign(static_cast<std::size_t>(channels_), std::vector<float>(kChunk));
    out_.resize(static_cast<std::size_t>(channels_));
    const auto fileHz = static_cast<std::int64_t>(fileRate_);
    const auto engineHz = static_cast<std::int64_t>(engineRate_);
    if (static_cast<double>(fileHz) == fileRate_ && static_cast<double>(engineHz) == engineRate_) {
      const std::int64_t g = std::gcd(fileHz, engineHz);
      if (engineHz / g <= kMaxCycle) {
        fileFramesPerCycle_ = fileHz / g;
        framesPerCycle_ = engineHz / g;
      }
    }
  } else {
    frames_ = file_.frames();
  }
}

void ResamplingFileReader::seek(std::int64_t frame) {
  frame = std::clamp<std::int64_t>(frame, 0, frames_);
  position_ = frame;
  if (!resampler_) {
    file_.seek(frame);
    return;
  }
  resampler_->reset();
  finished_ = false;
  outStart_ = outEnd_ = 0;
  skip_ = 0;
  if (fileFramesPerCycle_ == 0) {  // a fresh stream from the nearest file frame
    file_.seek(std::min<std::int64_t>(
        file_.frames(), std::llround(static_cast<double>(frame) * fileRate_ / engineRate_)));
    return;
  }
  // Both grids meet at whole cycles: restart a few cycles back and drop what comes before.
  const std::int64_t cycles =
      (kPrerollFileFrames + fileFramesPerCycle_ - 1) / fileFramesPerCycle_ + 1;
  const std::int64_t start = std::max<std::int64_t>(0, frame / framesPerCycle_ - cycles);
  file_.seek(std::min(file_.frames(), start * fileFramesPerCycle_));
  skip_ = frame - start * framesPerCycle_;
}

int ResamplingFileReader::pull(float* const* out, int frames) {
  // Converted frames come out in bursts: keep the rest for the next call.
  int done = 0;
  while (done < frames) {
    if (outStart_ == outEnd_) {
      if (finished_) break;
      std::vector<float*> in;
      for (auto& c : in_) in.push_back(c.data());
      const std::int64_t got = file_.read(in.data(), kChunk);
      // The converter may owe frames from earlier input as well: room for all it can give,
      // and for its tail after that when the file ends here.
      const auto room = static_cast<std::size_t>(resampler_->maxOutputFrames(got) +
                                                 resampler_->maxOutputFrames(0) + kChunk);
      std::vector<float*> conv;
      for (auto& c : out_) {
        if (c.size() < room) c.resize(room);
        conv.push_back(c.data());
      }
      std::int64_t made = 0;
      if (got > 0) made = resampler_->process(in.data(), got, conv.data());
      if (got < kChunk) {
        finished_ = true;  // the converter's tail follows what it just made
        for (auto& p : conv) p += made;
        made += resampler_->finish(conv.data());
      }
      outStart_ = 0;
      outEnd_ = static_cast<std::size_t>(made);
      if (made == 0 && finished_) break;
      continue;
    }
    if (skip_ > 0) {  // the run-up to a seek's frame
      const auto dropped =
          std::min<std::size_t>(outEnd_ - outStart_, static_cast<std::size_t>(skip_));
      outStart_ += dropped;
      skip_ -= static_cast<std::int64_t>(dropped);
      continue;
    }
    const int n = static_cast<int>(
        std::min<std::size_t>(outEnd_ - outStart_, static_cast<std::size_t>(frames - done)));
    for (int c = 0; c < channels_; ++c)
      std::memcpy(out[c] + done, out_[static_cast<std::size_t>(c)].data() + outStart_,
                  static_cast<std::size_t>(n) * sizeof(float));
    outStart_ += static_cast<std::size_t>(n);
    done += n;
  }
  return done;
}

int ResamplingFileReader::read(float* const* out, int frames) {
  frames = static_cast<int>(std::min<std::int64_t>(frames, frames_ - position_));
  if (frames <= 0) return 0;
  const int got = resampler_ ? pull(out, frames) : static_cast<int>(file_.read(out, frames));
  position_ += got;
  return got;
}

}  // namespace tonewood::io
