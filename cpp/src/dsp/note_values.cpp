#include "tonewood/dsp/note_values.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace tonewood::dsp {

double syncedBeats(int beatIndex) noexcept {
  // 1/64 ... 2/1 in quarter-note beats; "T" entries are triplets (two thirds as long).
  static constexpr double kBeats[] = {1.0 / 16, 1.0 / 12, 1.0 / 8, 1.0 / 6, 1.0 / 4, 1.0 / 3, 0.5,
                                      2.0 / 3,  1.0,      4.0 / 3, 2.0,     8.0 / 3, 4.0,     8.0};
  static_assert(std::size(kBeats) == kSyncedNoteValues);
  return kBeats[std::clamp(beatIndex, 0, kSyncedNoteValues - 1)];
}

double nearestSyncedRateHz(double rateHz, double tempoBpm) noexcept {
  const double wanted = std::log(std::max(rateHz, 1e-6));
  double best = 0.0;
  double bestDistance = 0.0;
  for (int i = 0; i < kSyncedNoteValues; ++i) {
    const double hz = tempoBpm / 60.0 / syncedBeats(i);
    const double distance = std::abs(std::log(hz) - wanted);
    if (i == 0 || distance < bestDistance) {
      best = hz;
      bestDistance = distance;
    }
  }
  return best;
}

double sourceRateHz(bool sync, double rateHz, int beatIndex, double tempoBpm) noexcept {
  if (!sync) return rateHz;
  return tempoBpm / 60.0 / syncedBeats(beatIndex);
}

}  // namespace tonewood::dsp
