#include "tonewood/io/audio_format.hpp"

#include <sndfile.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "tonewood/core/errors.hpp"

namespace tonewood::io {

namespace {

struct Named {
  const char* name;
  int code;
};

constexpr Named kFormats[] = {
    {"WAV", SF_FORMAT_WAV}, {"WAVEX", SF_FORMAT_WAVEX}, {"RF64", SF_FORMAT_RF64},
    {"W64", SF_FORMAT_W64}, {"AIFF", SF_FORMAT_AIFF},   {"FLAC", SF_FORMAT_FLAC},
    {"OGG", SF_FORMAT_OGG}, {"MP3", SF_FORMAT_MPEG},    {"CAF", SF_FORMAT_CAF},
};

constexpr Named kSubtypes[] = {
    {"PCM_S8", SF_FORMAT_PCM_S8},   {"PCM_U8", SF_FORMAT_PCM_U8},
    {"PCM_16", SF_FORMAT_PCM_16},   {"PCM_24", SF_FORMAT_PCM_24},
    {"PCM_32", SF_FORMAT_PCM_32},   {"FLOAT", SF_FORMAT_FLOAT},
    {"DOUBLE", SF_FORMAT_DOUBLE},   {"ULAW", SF_FORMAT_ULAW},
    {"ALAW", SF_FORMAT_ALAW},       {"VORBIS", SF_FORMAT_VORBIS},
    {"OPUS", SF_FORMAT_OPUS},       {"MPEG_LAYER_III", SF_FORMAT_MPEG_LAYER_III},
    {"ALAC_16", SF_FORMAT_ALAC_16}, {"ALAC_20", SF_FORMAT_ALAC_20},
    {"ALAC_24", SF_FORMAT_ALAC_24}, {"ALAC_32", SF_FORMAT_ALAC_32},
};

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

template <std::size_t N>
std::string joined(const Named (&table)[N]) {
  std::string out;
  for (const Named& n : table) out += (out.empty() ? "" : ", ") + std::string(n.name);
  return out;
}

template <std::size_t N>
int lookup(const Named (&table)[N], const std::string& name, const char* what) {
  const std::string wanted = upper(name);
  for (const Named& n : table)
    if (wanted == n.name) return n.code;
  throw InvalidArgumentError("unknown " + std::string(what) + " '" + name + "'; use one of " +
                             joined(table));
}

template <std::size_t N>
std::string nameOf(const Named (&table)[N], int code) {
  for (const Named& n : table)
    if (n.code == code) return n.name;
  return "";
}

}  // namespace

int formatCode(const std::string& name) {
  return lookup(kFormats, name, "format");
}
int subtypeCode(const std::string& name) {
  return lookup(kSubtypes, name, "subtype");
}

std::string formatName(int sndfileFormat) {
  return nameOf(kFormats, sndfileFormat & SF_FORMAT_TYPEMASK);
}
std::string subtypeName(int sndfileFormat) {
  return nameOf(kSubtypes, sndfileFormat & SF_FORMAT_SUBMASK);
}

std::string formatForExtension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".wav" || ext == ".wave") return "WAV";
  if (ext == ".rf64") return "RF64";
  if (ext == ".w64") return "W64";
  if (ext == ".aif" || ext == ".aiff" || ext == ".aifc") return "AIFF";
  if (ext == ".flac") return "FLAC";
  if (ext == ".ogg" || ext == ".oga" || ext == ".opus") return "OGG";
  if (ext == ".mp3") return "MP3";
  if (ext == ".caf") return "CAF";
  throw InvalidArgumentError("cannot tell the audio format of '" + path +
                             "' from its extension; use .wav, .rf64, .w64, .aif, .aiff, .flac, "
                             ".ogg, .opus, .mp3 or .caf, or name the format");
}

std::string defaultSubtype(const std::string& format, const std::string& path) {
  const std::string f = upper(format);
  if (f == "OGG") {
    std::string ext = std::filesystem::path(path).extension().string();
    return upper(ext) == ".OPUS" ? "OPUS" : "VORBIS";
  }
  if (f == "MP3") return "MPEG_LAYER_III";
  return "PCM_24";
}

WriteFormat resolveWriteFormat(const std::string& format, const std::string& subtype,
                               const std::string& path) {
  const std::string asked = format.empty() ? formatForExtension(path) : upper(format);
  WriteFormat w;
  if (asked == "OPUS") {
    if (!subtype.empty() && upper(subtype) != "OPUS")
      throw InvalidArgumentError("the OPUS format holds OPUS samples, not " + subtype +
                                 " (for other subtypes name the OGG format)");
    w.format = "OGG";
    w.subtype = "OPUS";
    return w;
  }
  w.format = asked;
  w.subtype = subtype.empty() ? defaultSubtype(asked, path) : subtype;
  return w;
}

std::string withArticle(const std::string& format) {
  // Read as letters or words: "an" where the name starts with a vowel sound.
  const std::string f = upper(format);
  const bool vowelSound = f == "AIFF" || f == "MP3" || f == "OGG" || f == "RF64" || f == "OPUS";
  return (vowelSound ? "an " : "a ") + format;
}

int bytesPerSample(int sndfileFormat) {
  switch (sndfileFormat & SF_FORMAT_SUBMASK) {
    case SF_FORMAT_FLOAT:
      return 4;
    case SF_FORMAT_DOUBLE:
      return 8;
    case SF_FORMAT_ULAW:
    case SF_FORMAT_ALAW:
      return 1;
    default:
      return (integerBits(sndfileFormat) + 7) / 8;
  }
}

int integerBits(int sndfileFormat) {
  switch (sndfileFormat & SF_FORMAT_SUBMASK) {
    case SF_FORMAT_PCM_S8:
    case SF_FORMAT_PCM_U8:
      return 8;
    case SF_FORMAT_PCM_16:
    case SF_FORMAT_ALAC_16:
      return 16;
    case SF_FORMAT_ALAC_20:
      return 20;
    case SF_FORMAT_PCM_24:
    case SF_FORMAT_ALAC_24:
      return 24;
    case SF_FORMAT_PCM_32:
    case SF_FORMAT_ALAC_32:
      return 32;
    default:
      return 0;
  }
}

std::vector<std::string> formatNames() {
  std::vector<std::string> out;
  for (const Named& n : kFormats) out.emplace_back(n.name);
  return out;
}

std::vector<std::string> subtypeNames() {
  std::vector<std::string> out;
  for (const Named& n : kSubtypes) out.emplace_back(n.name);
  return out;
}

}  // namespace tonewood::io
