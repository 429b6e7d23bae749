#include <memory>
#include <string>

#include "tonewood/core/errors.hpp"
#include "tonewood/device/backend_support.hpp"
#include "tonewood/device/midi_client.hpp"
#if TONEWOOD_HAVE_ALSA
#include "tonewood/device/alsa/alsa_seq_midi_client.hpp"
#endif
#if TONEWOOD_HAVE_JACK
#include "tonewood/device/jack/jack_client.hpp"
#endif

// Choosing and opening a backend: the only place that names both, each behind its build switch.
namespace tonewood::device {

namespace {

std::unique_ptr<MidiClient> openJack(const std::string& clientName, const std::string& serverName,
                                     MidiPortLimits limits) {
  requireJack();
#if TONEWOOD_HAVE_JACK
  return std::make_unique<JackClient>(clientName, serverName, limits);
#else
  (void)clientName, (void)serverName, (void)limits;
  return nullptr;
#endif
}

std::unique_ptr<MidiClient> openAlsa(const std::string& clientName, MidiPortLimits limits) {
  requireAlsa();
#if TONEWOOD_HAVE_ALSA
  return std::make_unique<AlsaSeqMidiClient>(clientName, AlsaSeqOptions{}, limits);
#else
  (void)clientName, (void)limits;
  return nullptr;
#endif
}

bool alsaSequencerPresent() {
#if TONEWOOD_HAVE_ALSA
  return AlsaSeqMidiClient::available();
#else
  return false;
#endif
}

}  // namespace

std::unique_ptr<MidiClient> openMidiClient(const std::string& clientName, MidiBackend backend,
                                           const std::string& serverName, MidiPortLimits limits) {
  if (backend == MidiBackend::Jack || (backend == MidiBackend::Auto && !serverName.empty()))
    return openJack(clientName, serverName, limits);
  if (backend == MidiBackend::AlsaSequencer) return openAlsa(clientName, limits);
  try {
    return openJack(clientName, serverName, limits);
  } catch (const DeviceError& jackError) {
    if (!alsaSequencerPresent())
      throw DeviceError(
          std::string(jackError.what()) + "; and there is no ALSA sequencer (" +
          (builtWithAlsa() ? "/dev/snd/seq is missing" : "tonewood was built without it") + ")");
  }
  return openAlsa(clientName, limits);
}

}  // namespace tonewood::device
