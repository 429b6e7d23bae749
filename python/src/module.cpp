#include <nanobind/nanobind.h>

#include "bindings.hpp"
#include "tonewood/version.hpp"

NB_MODULE(_tonewood, m) {
  m.doc() = "tonewood native core (use the `tonewood` package, not this module directly)";
  m.attr("__version__") = tonewood::kVersion;
  tonewood::python::bindErrors(m);
  tonewood::python::bindResonator(m);
  tonewood::python::bindAnalysis(m);
  tonewood::python::bindAudioFile(m);
  tonewood::python::bindMappedAudioFile(m);
  tonewood::python::bindResampling(m);
  tonewood::python::bindTimeStretch(m);
  tonewood::python::bindBufferOps(m);
  tonewood::python::bindMidi(m);
  tonewood::python::bindUmp(m);
  tonewood::python::bindLiveMidi(m);
  tonewood::python::bindProcessors(m);
  tonewood::python::bindSoundFont(m);
  tonewood::python::bindLv2(m);
  tonewood::python::bindTimeline(m);
  tonewood::python::bindEngine(m);
  tonewood::python::bindLink(m);
}
