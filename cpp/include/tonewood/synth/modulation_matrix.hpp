#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "tonewood/core/param_registry.hpp"
#include "tonewood/synth/modulation_curves.hpp"
#include "tonewood/synth/modulation_routing.hpp"
#include "tonewood/synth/modulation_sources.hpp"
#include "tonewood/synth/modulators.hpp"

/// The modulation matrix as the audio thread runs it, and the evaluation of sources and routes.
/// A destination's value is
///   value = denormalise(clamp01(normalise(base) + sum(depth * map(curve(u)))))
/// where u is the source in 0..1 (bipolar sources are mapped from -1..1) and map leaves it in
/// 0..1 or, for a bipolar route, spreads it to -1..1. Evaluated once per control interval; the
/// coefficients the result produces are then ramped sample by sample.
namespace tonewood::synth {

inline constexpr int kNumModSources = 159;

struct CompiledRoute {
  int source = 0;
  std::size_t destination = 0;
  float depth = 0.0f;
  ModCurve curve = ModCurve::Linear;
  bool bipolar = false;
};

/// Routes grouped by destination, plus the MSEG shapes they may read. Built on the control
/// thread, read by the audio thread, never changed in between.
struct CompiledModulation {
  std::vector<CompiledRoute> routes;      ///< sorted by destination
  std::vector<std::size_t> destinations;  ///< distinct destinations in that order
  std::vector<std::size_t> groupEnds;     ///< routes of destinations[k] end at groupEnds[k]
  std::array<MsegShape, kNumMsegs> msegs;
  bool empty() const noexcept { return routes.empty(); }
};

/// Checks and compiles the routes. Throws ParameterNotFoundError for an unknown destination,
/// InvalidArgumentError for an unknown source or curve, a destination that cannot be modulated
/// (internal parameters) or a depth outside [-1, 1]. Disabled routes are left out.
std::unique_ptr<CompiledModulation> compileModulation(const std::vector<ModulationRoute>& routes,
                                                      const std::array<MsegShape, kNumMsegs>& msegs,
                                                      const ParamRegistry& params);

/// Recomputes the modulated destinations of `values` (the rest keeps what it holds) from `base`
/// and `sources`; true when any changed. With `monoOnly`, routes from poly sources (velocity,
/// note, envelopes, poly LFOs...) are left out: what gin's matrix reads for a parameter outside
/// any voice, such as the global effects chain's. Audio thread.
bool evaluateRoutes(const CompiledModulation& matrix, const float* base, const float* sources,
                    float* values, bool monoOnly) noexcept;

/// What a voice contributes to its sources.
struct VoiceInputs {
  float velocity = 0.0f, note = 0.0f, pressure = 0.0f, timbre = 0.5f, bend = 0.0f;
  const float* controllers = nullptr;  ///< 128 values 0..1 of the voice's channel
};

/// The mono sources: one set for the synth. Audio thread.
class GlobalModulation {
 public:
  void reset(std::uint32_t seed) noexcept;
  /// Advances the mono sources by one control tick and fills `values` and `rightValues`
  /// (kNumModSources each): the same but for the right channel's LFO and random values, which
  /// their `stereo` offsets set apart.
  void tick(const CompiledModulation& matrix, const float* params, const SynthParamIndices& ids,
            const ModClock& clock, float* values, float* rightValues) noexcept;

 private:
  LfoModulator lfos_[4];
  RandomModulator randoms_[4];
  MsegModulator msegs_[4];
};

/// A voice's poly sources and its modulated parameter values. Audio thread unless stated.
class VoiceModulation {
 public:
  /// Allocates room for every parameter value. Control thread.
  void allocate(std::size_t numParams);
  /// Restarts the poly sources for a new note (LFOs only when their retrigger is on).
  void start(const float* params, const SynthParamIndices& ids, int note,
             double sampleRate) noexcept;
  void release() noexcept;
  /// Advances the poly sources by `samples` and recomputes the destinations from `base`.
  /// Returns true when any modulated value changed (or `baseChanged`). With `stereo` (a voice
  /// with a loop per channel), the right channel's values are kept too, from the moment a route
  /// first hears an LFO or random source whose stereo offset sets the channels apart until the
  /// next `start`; `rightChanged` then tells whether they changed.
  bool tick(const CompiledModulation& matrix, const float* base, bool baseChanged,
            const float* globalSources, const float* globalRightSources, const VoiceInputs& inputs,
            const SynthParamIndices& ids, const ModClock& clock, int samples, bool stereo,
            bool& rightChanged) noexcept;
  /// Every parameter value as this voice sees it (base with the modulated destinations).
  const float* values() const noexcept { return values_.get(); }
  /// The right channel's values, valid while `hasRight()`.
  const float* rightValues() const noexcept { return rightValues_.get(); }
  bool hasRight() const noexcept { return hasRight_; }
  const float* sources() const noexcept { return sources_.data(); }

 private:
  std::unique_ptr<float[]> values_, rightValues_;
  std::size_t numParams_ = 0;
  bool hasRight_ = false;
  std::array<float, kNumModSources> sources_{}, rightSources_{};
  LfoModulator lfos_[4];
  RandomModulator randoms_[4];
  MsegModulator msegs_[4];
  EnvelopeModulator envelopes_[4];
};

}  // namespace tonewood::synth
