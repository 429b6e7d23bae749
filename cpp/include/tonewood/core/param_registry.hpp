#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tonewood/core/param_info.hpp"

/// Owns the values of a set of parameters. Descriptions are fixed at construction; values are
/// atomics in natural units, so any thread may set them and the audio thread reads them without
/// locks (once per control block).
namespace tonewood {

class ParamRegistry {
 public:
  /// Takes the parameter descriptions; every value starts at its default. Control thread.
  /// Throws InvalidArgumentError on duplicate IDs or inconsistent ranges.
  explicit ParamRegistry(std::vector<ParamInfo> infos);

  std::size_t size() const noexcept { return infos_.size(); }
  const ParamInfo& info(std::size_t index) const noexcept { return infos_[index]; }
  const std::vector<ParamInfo>& infos() const noexcept { return infos_; }

  /// Index of an ID, or nothing. Any thread (the map is immutable after construction).
  std::optional<std::size_t> find(std::string_view id) const noexcept;
  /// Index of an ID; throws ParameterNotFoundError with the closest IDs as suggestions.
  std::size_t indexOf(std::string_view id) const;
  /// Up to `count` existing IDs closest to `id` (edit distance, case-insensitive).
  std::vector<std::string> closestIds(std::string_view id, std::size_t count = 3) const;

  /// Natural-unit value. Any thread, lock-free.
  float value(std::size_t index) const noexcept {
    return values_[index].load(std::memory_order_relaxed);
  }
  float normalisedValue(std::size_t index) const noexcept {
    return infos_[index].toNormalised(value(index));
  }

  /// Sets a natural-unit value after checking the range (OutOfRangeError names the range and
  /// unit) and snapping to the step. Any non-audio thread.
  void setValue(std::size_t index, float value);
  /// Sets from a normalised 0..1 value (OutOfRangeError outside 0..1). Any non-audio thread.
  void setNormalisedValue(std::size_t index, float normalised);
  /// Sets a natural-unit value snapped to the step and clamped to the range, without checks or
  /// exceptions: for values already validated elsewhere (parameter events). Any thread,
  /// the audio thread included.
  void setValueClamped(std::size_t index, float value) noexcept {
    values_[index].store(infos_[index].snap(value), std::memory_order_relaxed);
    generation_.fetch_add(1, std::memory_order_acq_rel);
  }
  /// Restores every default. Any non-audio thread.
  void resetToDefaults() noexcept;

  /// Incremented on every change, so readers can skip work when nothing changed. Any thread.
  std::uint64_t generation() const noexcept { return generation_.load(std::memory_order_acquire); }

 private:
  std::vector<ParamInfo> infos_;
  std::unique_ptr<std::atomic<float>[]> values_;
  std::unordered_map<std::string, std::size_t> byId_;
  std::atomic<std::uint64_t> generation_{0};
};

}  // namespace tonewood
