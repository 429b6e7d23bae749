// tonewood JSON presets: any text either parses or raises PresetError (never another
// exception); what parses saves as JSON that parses again to the same preset.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "preset_round_trip.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tonewood::fuzz::checkPresetRoundTrip("{" +
                                       std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}
