#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tonewood/graph/processor.hpp"
#include "tonewood/timeline/audio_clip.hpp"
#include "tonewood/timeline/automation.hpp"
#include "tonewood/timeline/midi_clip.hpp"

namespace tonewood::timeline {

/// Audio tracks play audio clips; instrument tracks play MIDI clips into their instrument; a bus
/// sums what is routed or sent to it. All are stereo.
enum class TrackKind : std::uint8_t { Audio, Instrument, Bus };

/// "audio", "instrument" or "bus". InvalidArgumentError listing them.
TrackKind trackKindFromName(const std::string& name);
const char* trackKindName(TrackKind kind) noexcept;

/// An effect in a track's chain (stereo in, stereo out); bypassed, the track skips it. `mix` is
/// the share of the effect (0 dry .. 1 wet), the rest the insert's input, latency-aligned.
struct Insert {
  std::shared_ptr<graph::Processor> processor;
  bool bypass = false;
  double mix = 1.0;
  /// A mono effect's second instance, made when it was added: `processor` takes the left
  /// channel, this the right, and it follows processor's parameters (graph::DualMono).
  std::shared_ptr<graph::Processor> twin;
};

/// A copy of the track's signal to a bus at `levelDb`, taken after the fader (or before it,
/// after the inserts).
struct Send {
  std::string bus;
  double levelDb = 0.0;
  bool preFader = false;
  friend bool operator==(const Send&, const Send&) = default;
};

/// An automation lane on a parameter of an insert or of the instrument.
struct ParameterLane {
  int insert = -1;  ///< the insert's index, or -1 for the instrument
  std::string parameter;
  AutomationLane lane;
};

/// One track of a session: its content (clips, an instrument), its chain of inserts, its fader
/// (volume, pan, mute, solo, polarity, with automation lanes for volume and pan) and where its
/// signal goes. Every setter checks its value (OutOfRangeError or InvalidArgumentError naming the
/// track) and changes nothing when it fails. Control thread.
class Track {
 public:
  Track(std::string name, TrackKind kind);

  const std::string& name() const noexcept { return name_; }
  TrackKind kind() const noexcept { return kind_; }

  double volumeDb() const noexcept { return volumeDb_; }
  void setVolumeDb(double db);
  double pan() const noexcept { return pan_; }
  void setPan(double position);
  bool mute() const noexcept { return mute_; }
  void setMute(bool on) noexcept { mute_ = on; }
  bool solo() const noexcept { return solo_; }
  void setSolo(bool on) noexcept { solo_ = on; }
  bool invert() const noexcept { return invert_; }
  void setInvert(bool on) noexcept { invert_ = on; }
  AutomationLane& volumeLane() noexcept { return volumeLane_; }
  const AutomationLane& volumeLane() const noexcept { return volumeLane_; }
  AutomationLane& panLane() noexcept { return panLane_; }
  const AutomationLane& panLane() const noexcept { return panLane_; }

  /// The lane of parameter `parameter` of insert `insert` (-1: the instrument), made empty when
  /// first asked for, with the parameter's range. ParameterNotFoundError (with close IDs) for an
  /// unknown ID; OutOfRangeError for an insert the track does not have.
  AutomationLane& parameterLane(int insert, const std::string& parameter);
  /// The value parameter `parameter` of insert `insert` (-1: the instrument) has without
  /// automation. The same errors as parameterLane.
  double parameterValue(int insert, const std::string& parameter) const;
  const std::vector<ParameterLane>& parameterLanes() const noexcept { return parameterLanes_; }

  /// The instrument of an instrument track: a processor that takes events and gives one or two
  /// channels.
  const std::shared_ptr<graph::Processor>& instrument() const noexcept { return instrument_; }
  void setInstrument(std::shared_ptr<graph::Processor> instrument);

  const std::vector<Insert>& inserts() const noexcept { return inserts_; }
  /// Appends (or puts at `index`) an effect with two inputs and two outputs.
  void addInsert(std::shared_ptr<graph::Processor> effect, int index = -1);
  void removeInsert(int index);
  void setBypass(int index, bool bypass);
  /// OutOfRangeError for a mix outside [0, 1].
  void setMix(int index, double mix);

  const std::vector<Send>& sends() const noexcept { return sends_; }
  /// A send to `bus` (replacing one to the same bus). The session checks the bus exists.
  void setSend(const std::string& bus, double levelDb, bool preFader = false);
  void removeSend(const std::string& bus);

  /// The bus the track feeds, "" for the master.
  const std::string& output() const noexcept { return output_; }
  void setOutput(std::string bus) { output_ = std::move(bus); }

  const std::vector<AudioClip>& audioClips() const noexcept { return audioClips_; }
  const std::vector<MidiClip>& midiClips() const noexcept { return midiClips_; }
  /// Adds an audio clip to an audio track, kept in start order, and gives it an id (returned).
  /// InvalidArgumentError when it overlaps another clip on `map` (naming both), or the track is not
  /// an audio track.
  std::uint64_t addAudioClip(AudioClip clip, const TempoMap& map);
  /// Adds a MIDI clip to an instrument track (MIDI clips may overlap: they are layered).
  std::uint64_t addMidiClip(MidiClip clip);
  void removeAudioClip(std::size_t index);
  void removeMidiClip(std::size_t index);
  /// Replaces the MIDI clip with that id by `clip`, which keeps the id (checked as adding).
  void replaceMidiClip(std::uint64_t id, MidiClip clip);
  /// Replaces clip `index` by `clip`, which keeps the old one's id (the same checks as adding).
  void replaceAudioClip(std::size_t index, AudioClip clip, const TempoMap& map);
  /// The index of the clip with that id; InvalidArgumentError when the track has none.
  std::size_t audioClipIndex(std::uint64_t id) const;
  std::size_t midiClipIndex(std::uint64_t id) const;
  /// InvalidArgumentError naming the first two clips that overlap on `map` (after a tempo edit).
  void requireNoOverlap(const TempoMap& map) const;

  /// Where the track's last clip ends, in seconds on `map`.
  double endSeconds(const TempoMap& map) const noexcept;

 private:
  friend class Session;
  std::string what() const;
  void insertAudioClip(AudioClip clip, const TempoMap& map);
  void requireIndex(const char* what, std::size_t index, std::size_t size) const;
  /// The processor parameter lanes of `insert` automate (-1: the instrument); errors as
  /// parameterLane.
  const graph::Processor& automated(int insert) const;

  std::string name_;
  TrackKind kind_;
  double volumeDb_ = 0.0, pan_ = 0.0;
  bool mute_ = false, solo_ = false, invert_ = false;
  AutomationLane volumeLane_, panLane_;
  std::shared_ptr<graph::Processor> instrument_;
  std::vector<Insert> inserts_;
  std::vector<Send> sends_;
  std::string output_;
  std::vector<AudioClip> audioClips_;
  std::vector<MidiClip> midiClips_;
  std::vector<ParameterLane> parameterLanes_;
  std::uint64_t nextClipId_ = 1;
};

}  // namespace tonewood::timeline
