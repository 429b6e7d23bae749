#include "tonewood/synth/modulation_matrix.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "tonewood/core/errors.hpp"
#include "tonewood/synth/resonator_param_layout.hpp"

namespace tonewood::synth {

std::unique_ptr<CompiledModulation> compileModulation(const std::vector<ModulationRoute>& routes,
                                                      const std::array<MsegShape, kNumMsegs>& msegs,
                                                      const ParamRegistry& params) {
  if (modSources().size() != static_cast<std::size_t>(kNumModSources))
    throw Error("modulation source table and kNumModSources disagree");
  auto out = std::make_unique<CompiledModulation>();
  out->msegs = msegs;
  for (const ModulationRoute& r : routes) {
    const auto source = findModSource(r.source);
    if (!source) throw InvalidArgumentError("unknown modulation source '" + r.source + "'");
    const std::size_t destination = params.indexOf(r.destination);
    if (!params.info(destination).automatable)
      throw InvalidArgumentError("'" + r.destination +
                                 "' is an internal parameter and cannot be modulated");
    const auto curve = modCurveNamed(r.curve);
    if (!curve) throw InvalidArgumentError("unknown modulation curve '" + r.curve + "'");
    requireInRange("modulation depth", r.depth, -1.0, 1.0, "(normalised)");
    if (!r.enabled) continue;
    out->routes.push_back({*source, destination, r.depth, *curve, r.bipolar});
  }
  std::stable_sort(
      out->routes.begin(), out->routes.end(),
      [](const CompiledRoute& a, const CompiledRoute& b) { return a.destination < b.destination; });
  for (std::size_t i = 0; i < out->routes.size(); ++i) {
    if (i == 0 || out->routes[i].destination != out->routes[i - 1].destination) {
      if (i > 0) out->groupEnds.push_back(i);
      out->destinations.push_back(out->routes[i].destination);
    }
  }
  if (!out->routes.empty()) out->groupEnds.push_back(out->routes.size());
  return out;
}

namespace {

constexpr std::uint32_t kGlobalSeed = 0x5EED0001u;

// Where each source sits in the values array, by kind and slot (laid out by
// modulation_sources.cpp). Fetched once per tick: a tick fills some 160 sources.
class SourceIndices {
 public:
  static const SourceIndices& get() {
    static const SourceIndices table;
    return table;
  }
  std::size_t operator()(ModSourceKind kind, int slot) const noexcept {
    return index_[static_cast<std::size_t>(kind)][static_cast<std::size_t>(slot)];
  }

 private:
  SourceIndices() {
    const auto& sources = modSources();
    for (std::size_t i = 0; i < sources.size(); ++i)
      index_[static_cast<std::size_t>(sources[i].kind)][static_cast<std::size_t>(sources[i].slot)] =
          i;
  }
  std::array<std::array<std::size_t, 120>, 14> index_{};
};

}  // namespace

void GlobalModulation::reset(std::uint32_t seed) noexcept {
  for (int i = 0; i < 4; ++i) {
    lfos_[i].restart();
    randoms_[i].restart(seed ^ (0x9E3779B9u * static_cast<std::uint32_t>(i + 1)));
    msegs_[i].restart();
  }
}

void GlobalModulation::tick(const CompiledModulation& m, const float* p,
                            const SynthParamIndices& ids, const ModClock& clock, float* values,
                            float* rightValues) noexcept {
  using K = ModSourceKind;
  const SourceIndices& at = SourceIndices::get();
  for (int i = 0; i < 6; ++i) values[at(K::Macro, i)] = p[ids.macros[i]];
  for (int i = 0; i < 4; ++i) {
    // Mono sources run whether or not a route listens, so they stay in time.
    values[at(K::MonoLfo, i)] = lfos_[i].advance(p, ids.lfos[i], clock);
    values[at(K::MonoRandom, i)] = randoms_[i].advance(p, ids.randoms[i], clock);
    values[at(K::MonoMseg, i)] =
        msegs_[i].advance(p, ids.msegs[i], m.msegs[static_cast<std::size_t>(i)], clock, true);
  }
  std::memcpy(rightValues, values, sizeof(float) * kNumModSources);
  for (int i = 0; i < 4; ++i) {
    rightValues[at(K::MonoLfo, i)] = lfos_[i].right();
    rightValues[at(K::MonoRandom, i)] = randoms_[i].right();
  }
}

void VoiceModulation::allocate(std::size_t numParams) {
  values_ = std::make_unique<float[]>(numParams);
  rightValues_ = std::make_unique<float[]>(numParams);
  numParams_ = numParams;
}

void VoiceModulation::start(const float* p, const SynthParamIndices& ids, int note,
                            double sampleRate) noexcept {
  const auto seed = kGlobalSeed + 7919u * static_cast<std::uint32_t>(note);
  hasRight_ = false;
  for (int i = 0; i < 4; ++i) {
    if (p[ids.lfos[i].retrig] >= 0.5f) lfos_[i].restart();
    randoms_[i].restart(seed ^ (0x85EBCA6Bu * static_cast<std::uint32_t>(i + 1)));
    msegs_[i].restart();
    envelopes_[i].start(p, ids.envelopes[i], sampleRate);
  }
}

void VoiceModulation::release() noexcept {
  for (auto& e : envelopes_) e.release();
}

bool VoiceModulation::tick(const CompiledModulation& m, const float* base, bool baseChanged,
                           const float* global, const float* globalRight, const VoiceInputs& in,
                           const SynthParamIndices& ids, const ModClock& clock, int samples,
                           bool stereo, bool& rightChanged) noexcept {
  using K = ModSourceKind;
  std::memcpy(sources_.data(), global, sizeof(float) * kNumModSources);
  const SourceIndices& at = SourceIndices::get();
  sources_[at(K::Velocity, 0)] = in.velocity;
  sources_[at(K::Note, 0)] = in.note;
  sources_[at(K::Pressure, 0)] = in.pressure;
  sources_[at(K::Timbre, 0)] = in.timbre;
  sources_[at(K::PitchBend, 0)] = in.bend;
  if (in.controllers)
    for (int c = 0; c < 120; ++c) sources_[at(K::Controller, c)] = in.controllers[c];
  for (int i = 0; i < 4; ++i) {
    // Poly sources advance for every note, so a route added mid-note finds them in time.
    sources_[at(K::Envelope, i)] = envelopes_[i].advance(base, ids.envelopes[i], clock, samples);
    sources_[at(K::Lfo, i)] = lfos_[i].advance(base, ids.lfos[i], clock);
    sources_[at(K::Random, i)] = randoms_[i].advance(base, ids.randoms[i], clock);
    sources_[at(K::Mseg, i)] =
        msegs_[i].advance(base, ids.msegs[i], m.msegs[static_cast<std::size_t>(i)], clock, false);
  }
  if (baseChanged) std::memcpy(values_.get(), base, sizeof(float) * numParams_);
  const bool changed =
      evaluateRoutes(m, base, sources_.data(), values_.get(), false) || baseChanged;
  rightChanged = false;
  if (!stereo) return changed;
  // Only the LFOs and random walks (poly and mono) differ between the channels.
  rightSources_ = sources_;
  for (int i = 0; i < 4; ++i) {
    rightSources_[at(K::Lfo, i)] = lfos_[i].right();
    rightSources_[at(K::Random, i)] = randoms_[i].right();
    rightSources_[at(K::MonoLfo, i)] = globalRight[at(K::MonoLfo, i)];
    rightSources_[at(K::MonoRandom, i)] = globalRight[at(K::MonoRandom, i)];
  }
  if (!hasRight_) {
    for (const CompiledRoute& route : m.routes) {
      const auto s = static_cast<std::size_t>(route.source);
      hasRight_ = hasRight_ || rightSources_[s] != sources_[s];
    }
    if (!hasRight_) return changed;
    baseChanged = true;  // the right channel's values start here
  }
  if (baseChanged) std::memcpy(rightValues_.get(), base, sizeof(float) * numParams_);
  rightChanged =
      evaluateRoutes(m, base, rightSources_.data(), rightValues_.get(), false) || baseChanged;
  return changed;
}

bool evaluateRoutes(const CompiledModulation& m, const float* base, const float* sourceValues,
                    float* values, bool monoOnly) noexcept {
  bool changed = false;
  const auto& infos = resonatorParamInfos();
  const auto& sources = modSources();
  std::size_t r = 0;
  for (std::size_t k = 0; k < m.destinations.size(); ++k) {
    const std::size_t d = m.destinations[k];
    const ParamInfo& info = infos[d];
    float normalised = info.toNormalised(base[d]);
    for (; r < m.groupEnds[k]; ++r) {
      const CompiledRoute& route = m.routes[r];
      const ModSourceInfo& source = sources[static_cast<std::size_t>(route.source)];
      if (monoOnly && source.poly) continue;
      float u = sourceValues[static_cast<std::size_t>(route.source)];
      if (source.bipolar) u = 0.5f * (u + 1.0f);
      float shaped = applyModCurve(route.curve, std::clamp(u, 0.0f, 1.0f));
      if (route.bipolar) shaped = 2.0f * shaped - 1.0f;
      normalised += route.depth * shaped;
    }
    const float value = info.fromNormalised(std::clamp(normalised, 0.0f, 1.0f));
    if (value != values[d]) {
      values[d] = value;
      changed = true;
    }
  }
  return changed;
}

}  // namespace tonewood::synth
