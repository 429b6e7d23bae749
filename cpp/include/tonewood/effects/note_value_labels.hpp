#pragma once

#include <string>
#include <vector>

#include "tonewood/dsp/note_values.hpp"

namespace tonewood::effects {

/// The labels of a note-value choice ("1/64" ... "2/1"), for synced effects' parameters.
inline std::vector<std::string> noteValues() {
  return {dsp::kNoteValueNames.begin(), dsp::kNoteValueNames.end()};
}

}  // namespace tonewood::effects
