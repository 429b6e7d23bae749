#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tonewood/core/spsc_ring.hpp"
#include "tonewood/graph/processor.hpp"

/// A General MIDI style instrument from SoundFonts (SF2/SF3), rendered by FluidSynth.
namespace tonewood::instruments {

/// One preset of a loaded SoundFont.
struct SoundFontPreset {
  int font = 0;  ///< the id loadFont returned
  int bank = 0, program = 0;
  std::string name;
};

/// FluidSynth as a processor: MIDI 1.0 messages and MIDI 2.0 / MIDI 1.0 Universal MIDI Packets
/// in (16 channels: notes, controllers, pitch bend, pressure, program and bank changes), stereo
/// out.
///
/// Timing: FluidSynth renders in blocks of 64 frames and applies what it is told at the start of
/// a block. We never use its file player (whose millisecond clock drifts); each event keeps the
/// frame it was given, and is applied at the first 64-frame boundary after it, counted from the
/// start of the stream. That point lies 1..64 frames after the event, 32 on average, so the
/// processor reports a latency of 32 frames: after the graph's compensation every event sounds
/// within 32 frames of its exact frame, and the output does not depend on the host's block size.
///
/// Output: the stereo mix. With `stems`, renderStemsAlone also gives it apart, in 34 channels:
/// MIDI channel c's dry sound on channels 2c and 2c + 1, and the reverb and chorus of all
/// channels on 32 and 33 (they add up to the mix; as a node of a graph it gives the mix).
///
/// Parameters: gain_db (FluidSynth's master gain, default -14 dB = its 0.2), reverb and chorus
/// (its built-in effects, on or off), interpolation (none, linear, 4th order, 7th order).
/// Fonts are loaded on a control thread before the processor is hosted; the synth is rebuilt at
/// each prepare for the new rate with every font loaded again.
/// The General MIDI SoundFont installed here, or "" when there is none: Debian's default-GM
/// link (to FluidR3 or TimGM6mb, whichever the packages chose), else those fonts by name.
std::string defaultGeneralMidiFont();

class SoundFontProcessor final : public graph::Processor {
 public:
  static constexpr int kGrid = 64;     ///< FluidSynth's block (FLUID_BUFSIZE)
  static constexpr int kLatency = 32;  ///< the grid's mean delay
  static constexpr int kChannels = 16;
  static constexpr int kStemOutputs = 2 * kChannels + 2;

  /// `polyphony`: voices FluidSynth may play at once (1..65535); `stems`: FluidSynth keeps the
  /// channels apart (an audio group each), for renderStemsAlone.
  explicit SoundFontProcessor(int polyphony = 256, bool stems = false);
  ~SoundFontProcessor() override;

  /// Loads a SoundFont and returns its id (1, 2, ...; later fonts take precedence for a bank
  /// and program several fonts have). AudioFileError naming the file when it cannot be read or
  /// is not a SoundFont; InvalidArgumentError while an engine hosts the processor. Channel 9
  /// (the tenth) starts on bank 128, the drum kits. Control thread.
  int loadFont(const std::string& path);
  /// Every preset of every loaded font, by font, bank and program.
  const std::vector<SoundFontPreset>& presets() const noexcept { return presets_; }
  const std::vector<std::string>& fontPaths() const noexcept { return paths_; }

  /// Queues a MIDI 1.0 message (1..3 bytes) at `frame` frames after the start of the next block
  /// (or of the next renderAlone). Lock-free; CapacityError when 4096 wait. One control thread.
  void schedule(const std::uint8_t* bytes, int size, std::int64_t frame);

  /// Renders without a graph: the queued events, then `out.numFrames()` frames (2 channels), the
  /// same stream a graph would get (events 1..64 frames late; see latencyFrames). Offline thread.
  void renderAlone(AudioBlockView out) noexcept;

  /// As renderAlone, into kStemOutputs rows of `frames` frames: the stems and the effects. Only
  /// for a processor made with `stems`. Offline thread.
  void renderStemsAlone(float* const* rows, int frames) noexcept;
  bool hasStems() const noexcept { return stems_; }

  int latencyFrames() const noexcept override { return kLatency; }
  /// FluidSynth takes its controls per 64-frame block of its own: every 32 frames is plenty.
  int automationResolutionFrames() const noexcept override { return 32; }
  /// Events that arrived when 4096 were already waiting for their grid point (lost, counted).
  std::uint64_t droppedEvents() const noexcept { return dropped_; }

 private:
  struct Fluid;
  struct Pending {
    std::int64_t frame;  ///< on the stream's clock
    std::uint8_t bytes[3];
    std::uint8_t size;
  };

  void prepareToPlay(const ProcessSpec& spec) override;
  void resetState() noexcept override;
  void render(const graph::ProcessContext& context) noexcept override;
  void parameterChanged(std::size_t index, float value) noexcept override;

  void build(double sampleRate);  ///< a new FluidSynth with every font loaded
  void applySettings() noexcept;
  void add(std::int64_t frame, const std::uint8_t* bytes, int size) noexcept;
  void addUmp(std::int64_t frame, const std::uint32_t* words, int count) noexcept;
  void send(const Pending& event) noexcept;
  void renderGridBlock() noexcept;  ///< the next 64 frames into block_
  /// Writes `frames` frames of the stream (block_ channels firstChannel.. +channels) into rows,
  /// rendering grid blocks and applying events as their boundaries come.
  void produce(float* const* rows, int firstChannel, int channels, int frames) noexcept;
  void beginAlone() noexcept;  ///< picks up parameter changes and queued events
  void takeQueued() noexcept;

  std::unique_ptr<Fluid> fluid_;
  std::array<float, 4> applied_{};  ///< the parameter values FluidSynth was last given
  int polyphony_;
  bool stems_;
  std::vector<std::string> paths_;
  std::vector<SoundFontPreset> presets_;

  SpscQueue<Pending> inbox_{4096};  ///< from schedule(), frames relative to the next render
  std::vector<Pending> pending_;    ///< waiting for their grid point, in frame order (a ring)
  std::size_t pendingHead_ = 0, pendingCount_ = 0;
  std::uint64_t dropped_ = 0;

  /// The grid block being handed out: the mix in 0 and 1 (from write_float), or with stems the
  /// stems and effects in 0..33 and their sum in 34 and 35.
  std::array<std::array<float, kGrid>, kStemOutputs + 2> block_{};
  int blockUsed_ = kGrid;         ///< frames of the current grid block already handed out
  std::int64_t nextBlock_ = 0;    ///< stream frame where the next grid block starts
  std::int64_t streamFrame_ = 0;  ///< frames handed out since the reset
};

}  // namespace tonewood::instruments
