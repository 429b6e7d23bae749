#pragma once

#include <CLI/CLI.hpp>
#include <string>

/// Each sub-command registers itself on the app; the callback runs it.
namespace tonewood::cli {

void addParamsCommand(CLI::App& app);
void addRenderNoteCommand(CLI::App& app);
void addInfoCommand(CLI::App& app);
void addConvertCommand(CLI::App& app);
void addAnalyzeCommand(CLI::App& app);
void addStretchCommand(CLI::App& app);
void addPlotCommand(CLI::App& app);
void addMidiCommand(CLI::App& app);
/// Live MIDI sub-commands of `midi`: ports, monitor, send.
void addMidiPortCommands(CLI::App& midiCommand);
void addRenderMidiCommand(CLI::App& app);
/// `new --from-midi`: a project from a MIDI file.
void addNewCommand(CLI::App& app);
/// `devices`, `play`, `record`: audio through JACK.
void addDeviceCommands(CLI::App& app);
/// `plugins list|info|process|render`: LV2 plugins.
void addPluginsCommand(CLI::App& app);
/// `link status`, `link play`: the Ableton Link session on the network.
void addLinkCommand(CLI::App& app);

/// --server, --client and -q,--quiet for a command that runs a JACK client of its own.
void addJackClientOptions(CLI::App* command, std::string& server, std::string& clientName,
                          bool& quiet);

}  // namespace tonewood::cli
