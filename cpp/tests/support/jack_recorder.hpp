#pragma once

#include <jack/jack.h>

#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

/// An independent JACK client for tests that records its audio inputs with the JACK frame time of
/// every sample, so a recording can be lined up with what another client played.
namespace tonewood::test {

class JackRecorder {
 public:
  JackRecorder(const std::string& server, int channels, std::size_t capacityFrames)
      : channels_(channels), data_(static_cast<std::size_t>(channels)) {
    for (auto& d : data_) d.assign(capacityFrames, 0.0f);
    jack_status_t status{};
    client_ = jack_client_open("recorder",
                               static_cast<jack_options_t>(JackNoStartServer | JackServerName),
                               &status, server.c_str());
    if (!client_) throw std::runtime_error("the recorder cannot reach JACK server " + server);
    for (int c = 0; c < channels; ++c)
      ports_.push_back(jack_port_register(client_, ("in_" + std::to_string(c + 1)).c_str(),
                                          JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0));
    jack_set_process_callback(client_, &JackRecorder::process, this);
    jack_activate(client_);
  }
  ~JackRecorder() {
    jack_deactivate(client_);
    jack_client_close(client_);
  }
  std::string port(int c) const {
    return std::string(jack_port_name(ports_[static_cast<std::size_t>(c)]));
  }
  jack_client_t* client() const { return client_; }

  /// Records from the next cycle on (until full).
  void start() { recording_.store(true); }
  std::size_t framesRecorded() const { return used_.load(); }
  /// The frame time of the first recorded sample, and whether every cycle since followed on.
  std::uint32_t firstFrame() const { return first_; }
  bool contiguous() const { return !gap_.load(); }
  /// Channel c's sample at JACK frame time `frame` (which must be recorded).
  float at(int c, std::uint32_t frame) const {
    return data_[static_cast<std::size_t>(c)][static_cast<std::uint32_t>(frame - first_)];
  }

 private:
  static int process(jack_nframes_t frames, void* self) {
    auto& r = *static_cast<JackRecorder*>(self);
    if (!r.recording_.load()) return 0;
    const jack_nframes_t now = jack_last_frame_time(r.client_);
    const std::size_t used = r.used_.load();
    if (used == 0) {
      r.first_ = now;
    } else if (now != r.next_) {
      r.gap_.store(true);
    }
    r.next_ = now + frames;
    const std::size_t n = std::min<std::size_t>(frames, r.data_[0].size() - used);
    for (int c = 0; c < r.channels_; ++c) {
      const auto* in = static_cast<const float*>(
          jack_port_get_buffer(r.ports_[static_cast<std::size_t>(c)], frames));
      std::copy_n(in, n, r.data_[static_cast<std::size_t>(c)].data() + used);
    }
    r.used_.store(used + n);
    return 0;
  }

  int channels_;
  std::vector<std::vector<float>> data_;
  jack_client_t* client_ = nullptr;
  std::vector<jack_port_t*> ports_;
  std::atomic<bool> recording_{false}, gap_{false};
  std::atomic<std::size_t> used_{0};
  std::uint32_t first_ = 0, next_ = 0;
};

}  // namespace tonewood::test
