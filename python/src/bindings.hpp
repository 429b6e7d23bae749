#pragma once

#include <nanobind/nanobind.h>

/// Registration functions, one per area of the extension module `tonewood._tonewood`.
namespace tonewood::python {

void bindErrors(nanobind::module_& m);
void bindResonator(nanobind::module_& m);
void bindSoundFont(nanobind::module_& m);
void bindLv2(nanobind::module_& m);
void bindAnalysis(nanobind::module_& m);
void bindAudioFile(nanobind::module_& m);
void bindMappedAudioFile(nanobind::module_& m);
void bindResampling(nanobind::module_& m);
void bindTimeStretch(nanobind::module_& m);
void bindBufferOps(nanobind::module_& m);
void bindMidi(nanobind::module_& m);
void bindUmp(nanobind::module_& m);
void bindLiveMidi(nanobind::module_& m);
void bindProcessors(nanobind::module_& m);
void bindTimeline(nanobind::module_& m);
/// The session model, into the timeline submodule.
void bindSession(nanobind::module_& timeline);
void bindEngine(nanobind::module_& m);
void bindLink(nanobind::module_& m);

}  // namespace tonewood::python
