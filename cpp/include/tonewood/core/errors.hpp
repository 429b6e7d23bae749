#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

/// The exception hierarchy of tonewood. Control-thread code throws these; the audio thread never
/// throws. Python maps each one to a class in `tonewood.errors`.
namespace tonewood {

/// Base of every error tonewood raises.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A value outside its allowed range; the message names the value, its unit and the range.
class OutOfRangeError : public Error {
 public:
  using Error::Error;
};

/// An argument of the wrong kind or shape (not a range problem).
class InvalidArgumentError : public Error {
 public:
  using Error::Error;
};

/// A parameter ID that does not exist. Carries the closest existing IDs as suggestions.
class ParameterNotFoundError : public Error {
 public:
  ParameterNotFoundError(const std::string& id, std::vector<std::string> suggestions);
  const std::string& id() const noexcept { return id_; }
  const std::vector<std::string>& suggestions() const noexcept { return suggestions_; }

 private:
  std::string id_;
  std::vector<std::string> suggestions_;
};

/// A fixed-capacity queue or buffer that cannot take more (for example too many pending events).
class CapacityError : public Error {
 public:
  using Error::Error;
};

/// Reading or writing an audio file failed; the message names the file.
class AudioFileError : public Error {
 public:
  using Error::Error;
};

/// A live audio or MIDI device or server that cannot be reached or used (no JACK server, a port
/// that does not exist, a connection refused); the message names the server or port.
class DeviceError : public Error {
 public:
  using Error::Error;
};

/// A plugin run in a child process crashed or stopped answering; the message names the plugin
/// and what happened (the signal, or how long it was silent). The interpreter or program that
/// hosted it goes on; the plugin gives silence until it is prepared again.
class PluginCrashedError : public Error {
 public:
  using Error::Error;
};

/// A MIDI file that cannot be read or written: the message names the file and, for malformed
/// data, the byte offset where reading stopped.
class MidiFileError : public Error {
 public:
  MidiFileError(const std::string& name, std::int64_t offset, const std::string& problem);
  std::int64_t offset() const noexcept { return offset_; }  ///< -1 when not tied to a byte

 private:
  std::int64_t offset_;
};

/// A preset file that cannot be read: the message names the file and, where known, the line.
class PresetError : public Error {
 public:
  PresetError(const std::string& path, int line, const std::string& problem);
  const std::string& path() const noexcept { return path_; }
  int line() const noexcept { return line_; }  ///< 1-based; 0 when not tied to a line

 private:
  std::string path_;
  int line_;
};

/// Files a project refers to that are not there: every one is listed, so all can be relinked at
/// once.
class MediaMissingError : public Error {
 public:
  MediaMissingError(const std::string& project, std::vector<std::string> missing);
  const std::vector<std::string>& missing() const noexcept { return missing_; }

 private:
  std::vector<std::string> missing_;
};

/// Formats a number the way error messages show it: shortest form that round-trips a float.
std::string formatNumber(double value);

/// Throws OutOfRangeError "<what> must be within [min, max] <unit>, got <value>" unless
/// min <= value <= max (NaN is always out of range).
void requireInRange(const std::string& what, double value, double min, double max,
                    const std::string& unit);

}  // namespace tonewood
