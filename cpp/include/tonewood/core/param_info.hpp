#pragma once

#include <string>
#include <vector>

/// Immutable description of one parameter. It stores no value: values live in a ParamRegistry.
namespace tonewood {

struct ParamInfo {
  std::string id;    ///< stable identifier, e.g. "decayTime wb0r0"
  std::string name;  ///< display name, e.g. "Decay Time (bank 1, resonator 1)"
  std::string unit;  ///< "Hz", "s", "dB", "st", "%", "ms" or empty
  float min = 0.0f;
  float max = 1.0f;
  float step = 0.0f;           ///< 0 = continuous; otherwise legal values are min + k * step
  float skew = 1.0f;           ///< normalised = ((x - min) / (max - min)) ^ skew
  bool symmetricSkew = false;  ///< skew applied outward from the centre (bipolar ranges)
  float defaultValue = 0.0f;
  bool automatable = true;          ///< false for "internal" parameters (not modulatable)
  std::vector<std::string> labels;  ///< value labels of enum-like parameters, index = value - min

  /// A continuous parameter (or stepped, with `step`).
  static ParamInfo make(std::string id, std::string name, std::string unit, float min, float max,
                        float defaultValue, float skew = 1.0f, float step = 0.0f);
  /// A switch: 0 (off) or 1 (on).
  static ParamInfo toggle(std::string id, std::string name, bool on);
  /// A choice between labels: 0 .. labels.size() - 1.
  static ParamInfo choice(std::string id, std::string name, std::vector<std::string> labels,
                          int defaultIndex);

  /// Natural value -> normalised 0..1 (JUCE NormalisableRange convention). Clamps.
  float toNormalised(float value) const noexcept;
  /// Normalised 0..1 -> natural value, snapped to `step`. Clamps.
  float fromNormalised(float normalised) const noexcept;
  /// Snaps to the legal grid (`step`) and clamps to [min, max].
  float snap(float value) const noexcept;
  /// The label for a value of an enum-like parameter, or an empty string.
  std::string labelFor(float value) const;
};

}  // namespace tonewood
