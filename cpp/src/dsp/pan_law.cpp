#include "tonewood/dsp/pan_law.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "tonewood/core/errors.hpp"

namespace tonewood::dsp {

PanLaw panLawFromName(const std::string& name) {
  if (name == "linear" || name == "0dB") return PanLaw::Linear;
  if (name == "-3dB") return PanLaw::ConstantPower;
  if (name == "-4.5dB") return PanLaw::Compromise;
  if (name == "-6dB") return PanLaw::Amplitude;
  throw InvalidArgumentError("unknown pan law '" + name + "'; use linear, -3dB, -4.5dB or -6dB");
}

PanGains panGains(double position, PanLaw law) noexcept {
  const double p = std::clamp(position, -1.0, 1.0);
  const double amplitudeL = (1.0 - p) / 2.0, amplitudeR = (1.0 + p) / 2.0;  // -6 dB taper
  const double angle = (p + 1.0) * std::numbers::pi / 4.0;
  const double powerL = std::cos(angle), powerR = std::sin(angle);  // -3 dB taper
  switch (law) {
    case PanLaw::Linear:
      return {static_cast<float>(std::min(1.0, 1.0 - p)),
              static_cast<float>(std::min(1.0, 1.0 + p))};
    case PanLaw::ConstantPower:
      return {static_cast<float>(powerL), static_cast<float>(powerR)};
    case PanLaw::Compromise:
      return {static_cast<float>(std::sqrt(amplitudeL * powerL)),
              static_cast<float>(std::sqrt(amplitudeR * powerR))};
    case PanLaw::Amplitude:
      break;
  }
  return {static_cast<float>(amplitudeL), static_cast<float>(amplitudeR)};
}

PanGains balanceGains(double position, PanLaw law) noexcept {
  const PanGains g = panGains(position, law), centre = panGains(0.0, law);
  return {g.left / centre.left, g.right / centre.right};
}

void panMono(const AudioBlockView& in, const AudioBlockView& out, double position,
             PanLaw law) noexcept {
  const PanGains g = panGains(position, law);
  const int n = std::min(in.numFrames(), out.numFrames());
  const float* x = in.channel(0);
  float* l = out.channel(0);
  float* r = out.channel(1);
  for (int i = 0; i < n; ++i) {
    const float v = x[i];  // in and out may share channel 0
    l[i] = v * g.left;
    r[i] = v * g.right;
  }
}

void balanceStereo(const AudioBlockView& audio, double position, PanLaw law) noexcept {
  const PanGains g = balanceGains(position, law);
  const int n = audio.numFrames();
  for (int i = 0; i < n; ++i) {
    audio.channel(0)[i] *= g.left;
    audio.channel(1)[i] *= g.right;
  }
}

}  // namespace tonewood::dsp
