// A test LV2 plugin that misbehaves on demand: its `mode` control passes the audio through (0),
// crashes with a segmentation fault (1), hangs (2) or exits the process (3) inside run(), or
// outputs what the host drives into its designated inputs: the tempo (4) or free-wheeling (5).
// Only for the tests of hosting; built by CMake and compiled by the Python tests.
#include <lv2/core/lv2.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>

#ifndef MISBEHAVING_URI  // another URI lets a test build a second copy
#define MISBEHAVING_URI "urn:tonewood:test:misbehaving"
#endif

namespace {

struct Plugin {
  const float* in = nullptr;
  float* out = nullptr;
  const float* mode = nullptr;
  const float* bpm = nullptr;
  const float* freeWheeling = nullptr;
};

LV2_Handle instantiate(const LV2_Descriptor*, double, const char*, const LV2_Feature* const*) {
  return new Plugin;
}

void connect(LV2_Handle h, uint32_t port, void* data) {
  auto* p = static_cast<Plugin*>(h);
  if (port == 0) p->in = static_cast<const float*>(data);
  if (port == 1) p->out = static_cast<float*>(data);
  if (port == 2) p->mode = static_cast<const float*>(data);
  if (port == 3) p->bpm = static_cast<const float*>(data);
  if (port == 4) p->freeWheeling = static_cast<const float*>(data);
}

void run(LV2_Handle h, uint32_t frames) {
  auto* p = static_cast<Plugin*>(h);
  switch (static_cast<int>(*p->mode)) {
    case 1:
      std::raise(SIGSEGV);
      break;
    case 2:
      for (;;) ::pause();
    case 3:
      std::_Exit(3);
    case 4:
    case 5:
      for (uint32_t i = 0; i < frames; ++i)
        p->out[i] = *p->mode == 4.0f ? *p->bpm : *p->freeWheeling;
      break;
    default:
      std::memmove(p->out, p->in, frames * sizeof(float));
  }
}

void cleanup(LV2_Handle h) {
  delete static_cast<Plugin*>(h);
}

const LV2_Descriptor descriptor = {MISBEHAVING_URI, instantiate, connect, nullptr, run,
                                   nullptr,         cleanup,     nullptr};

}  // namespace

extern "C" LV2_SYMBOL_EXPORT const LV2_Descriptor* lv2_descriptor(uint32_t index) {
  return index == 0 ? &descriptor : nullptr;
}
