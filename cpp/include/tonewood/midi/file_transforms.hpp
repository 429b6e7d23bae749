#pragma once

#include <cstdint>
#include <string>

#include "tonewood/midi/message_transform.hpp"
#include "tonewood/midi/midi_file.hpp"

/// Edits of whole MIDI files: message transforms, quantize, humanize, time stretch and shift,
/// merging and splitting tracks, arpeggios. Each throws OutOfRangeError for bad arguments
/// before it changes anything. Control threads.
namespace tonewood::midi {

/// A note value in ticks: "1/16", "1/8t" (triplet), "1/4." (dotted), or a plain tick count
/// ("120"), at `ticksPerBeat` per quarter note. Throws InvalidArgumentError for anything else or
/// a value that is not a whole number of ticks.
std::int64_t noteValueTicks(const std::string& text, int ticksPerBeat);

/// Runs `transform` over every channel message (dropping those it filters out); meta events
/// stay; SysEx and escape events stay unless the transform drops system messages.
void transformMessages(MidiFile& file, const MessageTransform& transform);

/// Moves each note's start `strength` (0..1) of the way to the nearest grid point, keeping its
/// length. `swing` (0..1) delays every second grid point by swing x grid / 2 (2/3 gives a
/// triplet feel). Other events stay where they are.
void quantize(MidiFile& file, std::int64_t gridTicks, double strength = 1.0, double swing = 0.0);

/// Seeded random nudges: note starts by up to +-`timingTicks` (never before tick 0, lengths
/// kept), note-on velocities by up to +-`velocityAmount` (kept within 1..127).
void humanize(MidiFile& file, std::int64_t timingTicks, int velocityAmount, std::uint32_t seed);

/// Multiplies every tick by `factor` (0.01..100), rounding; tempo events move with the rest,
/// so at the same tempo the music lasts `factor` times as long.
void scaleTime(MidiFile& file, double factor);
/// Moves every event by `ticks`; throws OutOfRangeError if that would put one before tick 0.
void shiftTime(MidiFile& file, std::int64_t ticks);

/// One track holding every event (format 0), simultaneous events in track order.
MidiFile mergeTracks(const MidiFile& file);
/// Format 1: a first track with everything that is not a channel message, then one track per
/// channel in use, in channel order.
MidiFile splitByChannel(const MidiFile& file);

enum class ArpeggioOrder { Up, Down, UpDown, Played };
/// Spreads each chord (notes of one track and channel starting on the same tick) into a run,
/// `stepTicks` apart, in `order`; each note keeps its end (or lasts at least one step).
void arpeggiate(MidiFile& file, std::int64_t stepTicks, ArpeggioOrder order = ArpeggioOrder::Up);
ArpeggioOrder arpeggioOrderFromName(const std::string& name);

}  // namespace tonewood::midi
