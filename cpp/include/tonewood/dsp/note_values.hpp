#pragma once

#include <array>
#include <string_view>

/// Tempo-synced note values: what a synced LFO, chorus, phaser or delay counts in. Index 0..13:
/// 1/64, 1/32T, 1/32, 1/16T, 1/16, 1/8T, 1/8, 1/4T, 1/4, 1/2T, 1/2, 1/1T, 1/1, 2/1 ("T" is a
/// triplet, two thirds as long).
namespace tonewood::dsp {

/// How many tempo-synced note values there are.
inline constexpr int kSyncedNoteValues = 14;

/// Their names, in index order.
inline constexpr std::array<std::string_view, kSyncedNoteValues> kNoteValueNames = {
    "1/64", "1/32T", "1/32", "1/16T", "1/16", "1/8T", "1/8",
    "1/4T", "1/4",   "1/2T", "1/2",   "1/1T", "1/1",  "2/1"};

/// Length in quarter-note beats of a note value (index clamped to 0..13).
double syncedBeats(int beatIndex) noexcept;

/// The rate of the note value nearest to `rateHz` on a log scale: how a free rate follows the
/// tempo when synced.
double nearestSyncedRateHz(double rateHz, double tempoBpm) noexcept;

/// Rate in Hz of a source that is either free (`rateHz`) or tempo-synced (one cycle per note
/// value `beatIndex`).
double sourceRateHz(bool sync, double rateHz, int beatIndex, double tempoBpm) noexcept;

}  // namespace tonewood::dsp
