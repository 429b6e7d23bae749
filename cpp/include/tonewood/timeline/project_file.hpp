#pragma once

#include <map>
#include <string>
#include <vector>

#include "tonewood/timeline/session.hpp"

/// Sessions saved as project files: versioned, human-readable JSON. Media are referred to by
/// paths relative to the project's folder; audio a session holds as arrays is written next to
/// the project (in "<name>.media/") so the project is complete. Instruments and inserts are
/// saved with their state: the resonator as its tonewood preset, a SoundFont with its fonts, an
/// LV2 plugin with its URI, parameters and own state, built-in effects with their parameters.
namespace tonewood::timeline {

inline constexpr int kProjectFormatVersion = 1;

struct ProjectSaveOptions {
  /// Copy every media file into "<name>.media/" too, so the folder travels as a whole.
  bool collectMedia = false;
};

/// Writes the project completely or not at all (media first, then the project by rename).
/// Throws InvalidArgumentError for an instrument or insert that cannot be saved (naming the
/// track), and Error naming the path when the system refuses a write.
void saveProject(const Session& session, const std::string& path,
                 const ProjectSaveOptions& options = {});

struct ProjectLoadOptions {
  /// Media found elsewhere: the path as the project names it -> where it is now.
  std::map<std::string, std::string> relink;
};

struct LoadedProject {
  Session session;
  /// What loading let pass: keys tonewood does not know (with their path in the file).
  std::vector<std::string> warnings;
};

/// Reads a project. A malformed file throws InvalidArgumentError naming the file and the key
/// path ("song.tonewood.json: tracks[1].audio_clips[0].gain_db: ..."); missing media throw
/// MediaMissingError listing every missing file (relink them through the options); a newer
/// format version is refused.
LoadedProject loadProject(const std::string& path, const ProjectLoadOptions& options = {});

}  // namespace tonewood::timeline
