#include "tonewood/io/flac_decoder.hpp"

#include <FLAC/stream_decoder.h>

#include <algorithm>
#include <cmath>

namespace tonewood::io {

namespace {

FLAC__StreamDecoder* asDecoder(void* p) {
  return static_cast<FLAC__StreamDecoder*>(p);
}

template <typename T>
void convert(const std::int32_t* in, std::int64_t n, T scale, T* out) noexcept {
  for (std::int64_t i = 0; i < n; ++i) out[i] = static_cast<T>(in[i]) * scale;
}

}  // namespace

// libFLAC calls back with C linkage; these forward to the decoder object.
struct FlacDecoder::Callbacks {
  static FLAC__StreamDecoderWriteStatus write(const FLAC__StreamDecoder*, const FLAC__Frame* frame,
                                              const FLAC__int32* const buffer[], void* client) {
    auto& self = *static_cast<FlacDecoder*>(client);
    const auto n = static_cast<std::int64_t>(frame->header.blocksize);
    if (static_cast<int>(frame->header.channels) != self.channels_)
      return FLAC__STREAM_DECODER_WRITE_STATUS_ABORT;
    // After a seek libFLAC trims the block so it starts at the target; its number says where.
    const auto first = static_cast<std::int64_t>(frame->header.number.sample_number);
    // First into the running read's rows, the rest kept for the next read.
    const std::int64_t direct =
        self.target_ && first == self.nextWanted_ ? std::min(n, self.wanted_ - self.delivered_) : 0;
    for (int c = 0; c < self.channels_; ++c) {
      if (direct > 0) {
        if (self.targetIsDouble_)
          convert(buffer[c], direct, std::ldexp(1.0, 1 - self.bits_),
                  static_cast<double* const*>(self.target_)[c] + self.delivered_);
        else
          convert(buffer[c], direct, std::ldexp(1.0f, 1 - self.bits_),
                  static_cast<float* const*>(self.target_)[c] + self.delivered_);
      }
      self.carry_[static_cast<std::size_t>(c)].assign(buffer[c] + direct, buffer[c] + n);
    }
    self.delivered_ += direct;
    self.nextWanted_ += direct;
    self.carryBase_ = first + direct;
    self.carryEnd_ = self.position_ = first + n;
    return FLAC__STREAM_DECODER_WRITE_STATUS_CONTINUE;
  }
  static void metadata(const FLAC__StreamDecoder*, const FLAC__StreamMetadata* m, void* client) {
    auto& self = *static_cast<FlacDecoder*>(client);
    if (m->type != FLAC__METADATA_TYPE_STREAMINFO) return;
    self.channels_ = static_cast<int>(m->data.stream_info.channels);
    self.bits_ = static_cast<int>(m->data.stream_info.bits_per_sample);
    self.frames_ = static_cast<std::int64_t>(m->data.stream_info.total_samples);
  }
  static void error(const FLAC__StreamDecoder*, FLAC__StreamDecoderErrorStatus, void* client) {
    static_cast<FlacDecoder*>(client)->failed_ = true;
  }
};

std::unique_ptr<FlacDecoder> FlacDecoder::open(const std::string& path) {
  std::unique_ptr<FlacDecoder> self(new FlacDecoder);
  self->decoder_ = FLAC__stream_decoder_new();
  if (!self->decoder_) return nullptr;
  FLAC__StreamDecoder* d = asDecoder(self->decoder_);
  if (FLAC__stream_decoder_init_file(d, path.c_str(), &Callbacks::write, &Callbacks::metadata,
                                     &Callbacks::error,
                                     self.get()) != FLAC__STREAM_DECODER_INIT_STATUS_OK)
    return nullptr;
  if (!FLAC__stream_decoder_process_until_end_of_metadata(d) || self->failed_ ||
      self->channels_ <= 0 || self->frames_ <= 0 || self->bits_ < 4 || self->bits_ > 32)
    return nullptr;
  self->carry_.resize(static_cast<std::size_t>(self->channels_));
  return self;
}

FlacDecoder::~FlacDecoder() {
  if (decoder_) FLAC__stream_decoder_delete(asDecoder(decoder_));  // also closes the file
}

template <typename T>
std::int64_t FlacDecoder::decode(std::int64_t start, std::int64_t count, T* const* out) {
  FLAC__StreamDecoder* d = asDecoder(decoder_);
  const auto carried = [&] { return start >= carryBase_ && start < carryEnd_; };
  if (!carried() && start != position_) {
    // The block holding `start` is decoded during the seek and lands in the carry.
    if (!FLAC__stream_decoder_seek_absolute(d, static_cast<FLAC__uint64>(start))) {
      FLAC__stream_decoder_flush(d);
      carryBase_ = carryEnd_ = position_ = -1;
      return 0;
    }
  }
  std::int64_t done = 0;
  if (carried()) {
    const std::int64_t skip = start - carryBase_;
    done = std::min(count, carryEnd_ - start);
    const T scale = std::ldexp(T(1), 1 - bits_);
    for (int c = 0; c < channels_; ++c)
      convert(carry_[static_cast<std::size_t>(c)].data() + skip, done, scale, out[c]);
  }
  if (done < count && start + done != position_) return done;  // the decoder is lost
  target_ = const_cast<void*>(static_cast<const void*>(out));
  targetIsDouble_ = std::is_same_v<T, double>;
  wanted_ = count;
  delivered_ = done;
  nextWanted_ = start + done;
  while (delivered_ < wanted_ && !failed_) {
    if (FLAC__stream_decoder_get_state(d) == FLAC__STREAM_DECODER_END_OF_STREAM) break;
    if (!FLAC__stream_decoder_process_single(d)) break;
  }
  target_ = nullptr;
  return delivered_;
}

std::int64_t FlacDecoder::read(std::int64_t start, std::int64_t count, float* const* out) {
  return decode(start, count, out);
}
std::int64_t FlacDecoder::read(std::int64_t start, std::int64_t count, double* const* out) {
  return decode(start, count, out);
}

}  // namespace tonewood::io
