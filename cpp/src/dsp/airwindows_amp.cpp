#include "tonewood/dsp/airwindows_amp.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "airwindows_amp_kernel.hpp"
#include "tonewood/core/cpu_features.hpp"

namespace tonewood::dsp {

void runAmpLanesBaseline(AmpLanes& lanes, int frames) noexcept {
  runAmpLanes<2>(lanes, frames);
}

void AirwindowsAmp::prepare(double sampleRate) noexcept {
  sampleRate_ = sampleRate;
  cycleEnd_ = std::clamp(static_cast<int>(std::floor(sampleRate / 44100.0)), 1, 4);
  diagonal_ = std::min(127, static_cast<int>(0.000861678 * sampleRate));
  side_ = static_cast<int>(diagonal_ / std::numbers::sqrt2);
  down_ = (side_ + diagonal_) / 2;
  reset();
  configure(settings_);
}

void AirwindowsAmp::reset() noexcept {
  for (auto& f : fix_) f.s1[0] = f.s1[1] = f.s2[0] = f.s2[1] = 0.0;
  ch_ = {};
  ch_[0].noise = 0x9E3779B9u;  // fixed seeds: the same output on every run
  ch_[1].noise = 0x7F4A7C15u;
  count_ = 0;
  cycle_ = 0;
  flip_ = false;
}

void AirwindowsAmp::configure(const AmpSettings& s) noexcept {
  settings_ = s;
  model_ = s.mode == 3 ? Model::Big : Model::Lead;
  const double a = std::clamp(s.a, 0.0, 1.0), b = std::clamp(s.b, 0.0, 1.0),
               c = std::clamp(s.c, 0.0, 1.0), d = std::clamp(s.d, 0.0, 1.0);
  output_ = c;
  wet_ = d;
  bleed_ = c / 16.0;
  speakerEq_ = bleed_ / sampleRate_ * 22050.0;
  bassFill_ = a;
  if (model_ == Model::Lead) {
    const double bassTrim = a / 10.0;
    startLevel_ = a;
    eq_ = bassTrim / sampleRate_ * 22050.0;
    bassFactor_ = 1.0 - bassTrim * bassTrim;
    toneEq_ = b / sampleRate_ * 22050.0;
  } else {
    bassTrim_ = b;
    inputLevel_ = 3.0 * a;
    eq_ = b / sampleRate_ * 22050.0;
  }
  const double cutoff = std::clamp((15000.0 + b * 10000.0) / sampleRate_, 0.001, 0.49);
  const double k = std::tan(std::numbers::pi * cutoff);
  for (int i = 0; i < kBiquads; ++i) {
    Biquad& f = fix_[static_cast<std::size_t>(i)];
    const double q = kResonance[i];
    const double norm = 1.0 / (1.0 + k / q + k * k);
    f.a0 = k * k * norm;
    f.a1 = 2.0 * f.a0;
    f.a2 = f.a0;
    f.b1 = 2.0 * (k * k - 1.0) * norm;
    f.b2 = (1.0 - k / q + k * k) * norm;
  }
}

void AirwindowsAmp::process(float* left, float* right, int frames) noexcept {
  AirwindowsAmp* self = this;
  processTogether(&self, 1, &left, &right, frames);
}

void AirwindowsAmp::processTogether(AirwindowsAmp* const* amps, int count, float* const* left,
                                    float* const* right, int frames) noexcept {
  static_assert(AmpLanes::kMaxAmps == kMaxTogether && AmpLanes::kStages == kLeadStages &&
                AmpLanes::kBiquads == kBiquads && kCabTaps == kMaxCabTaps);
  AmpLanes a;
  const AirwindowsAmp& first = *amps[0];
  a.amps = count;
  a.lead = first.model_ == Model::Lead;
  a.cycleEnd = first.cycleEnd_;
  a.down = first.down_, a.side = first.side_, a.diagonal = first.diagonal_;
  for (int k = 0; k < count; ++k) {
    AirwindowsAmp& amp = *amps[k];
    a.count[k] = amp.count_, a.cycle[k] = amp.cycle_, a.flip[k] = amp.flip_;
    for (int c = 0; c < 2; ++c) {
      const int l = 2 * k + c;
      a.startLevel[l] = amp.startLevel_, a.eq[l] = amp.eq_, a.bassFactor[l] = amp.bassFactor_;
      a.toneEq[l] = amp.toneEq_, a.output[l] = amp.output_, a.wet[l] = amp.wet_;
      a.bleed[l] = amp.bleed_, a.speakerEq[l] = amp.speakerEq_, a.bassFill[l] = amp.bassFill_;
      a.bassTrim[l] = amp.bassTrim_, a.inputLevel[l] = amp.inputLevel_;
      for (int f = 0; f < kBiquads; ++f) {
        const Biquad& q = amp.fix_[static_cast<std::size_t>(f)];
        a.a0[f][l] = q.a0, a.a1[f][l] = q.a1, a.a2[f][l] = q.a2, a.b1[f][l] = q.b1;
        a.b2[f][l] = q.b2, a.s1[f][l] = q.s1[c], a.s2[f][l] = q.s2[c];
      }
      Channel& h = amp.ch_[static_cast<std::size_t>(c)];
      for (int s = 0; s < kLeadStages; ++s) {
        a.iir[s][l] = h.iir[static_cast<std::size_t>(s)];
        a.smooth[s][l] = h.smooth[static_cast<std::size_t>(s)];
      }
      a.last[l] = h.last, a.lowpass[l] = h.lowpass, a.speakerA[l] = h.speakerA;
      a.speakerB[l] = h.speakerB, a.sub[l] = h.sub, a.store[l] = h.store;
      a.smoothCabA[l] = h.smoothCabA, a.smoothCabB[l] = h.smoothCabB, a.lastCab[l] = h.lastCab;
      a.noise[l] = h.noise, a.cabAt[l] = h.cabAt;
      a.odd[l] = h.odd.data(), a.even[l] = h.even.data(), a.cab[l] = h.cab.data();
      a.lastRef[l] = h.lastRef.data();
      a.io[l] = c == 0 ? left[k] : right[k];
    }
  }
  if (cpuHasAvx2())
    runAmpLanesAvx2(a, frames);
  else
    runAmpLanesBaseline(a, frames);
  for (int k = 0; k < count; ++k) {
    AirwindowsAmp& amp = *amps[k];
    amp.count_ = a.count[k], amp.cycle_ = a.cycle[k], amp.flip_ = a.flip[k];
    for (int c = 0; c < 2; ++c) {
      const int l = 2 * k + c;
      for (int f = 0; f < kBiquads; ++f) {
        Biquad& q = amp.fix_[static_cast<std::size_t>(f)];
        q.s1[c] = a.s1[f][l], q.s2[c] = a.s2[f][l];
      }
      Channel& h = amp.ch_[static_cast<std::size_t>(c)];
      for (int s = 0; s < kLeadStages; ++s) {
        h.iir[static_cast<std::size_t>(s)] = a.iir[s][l];
        h.smooth[static_cast<std::size_t>(s)] = a.smooth[s][l];
      }
      h.last = a.last[l], h.lowpass = a.lowpass[l], h.speakerA = a.speakerA[l];
      h.speakerB = a.speakerB[l], h.sub = a.sub[l], h.store = a.store[l];
      h.smoothCabA = a.smoothCabA[l], h.smoothCabB = a.smoothCabB[l], h.lastCab = a.lastCab[l];
      h.noise = a.noise[l], h.cabAt = a.cabAt[l];
    }
  }
}

}  // namespace tonewood::dsp
