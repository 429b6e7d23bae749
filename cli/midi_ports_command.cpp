// `tonewood midi ports`, `midi monitor PORT` and `midi send PORT TYPE VALUES...`: live MIDI
// through a running JACK server (or PipeWire's JACK) or the ALSA sequencer.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "commands.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/device/midi_client.hpp"

namespace tonewood::cli {

namespace {

using midi::Message;
using midi::MessageType;

volatile std::sig_atomic_t interrupted = 0;

// Where to connect: the backend ("auto", "jack", "alsa") and the JACK server name.
struct Connection {
  std::string backend = "auto", server;
  std::unique_ptr<device::MidiClient> open(const std::string& clientName) const {
    return device::openMidiClient(clientName, device::midiBackendFromName(backend), server);
  }
};

void ports(const Connection& connection) {
  std::unique_ptr<device::MidiClient> client;
  try {
    client = connection.open("tonewood-ports");
  } catch (const DeviceError& e) {
    // Looking around is not an error: with nothing to connect to there are no ports. A backend
    // asked for by name that cannot be reached still is one.
    if (connection.backend != "auto") throw;
    std::printf("no MIDI ports (%s)\n", e.what());
    return;
  }
  const auto found = client->ports();
  if (found.empty()) std::printf("no MIDI ports\n");
  for (const auto& p : found) {
    std::string connections;
    for (const auto& c : p.connections) connections += (connections.empty() ? "  -> " : ", ") + c;
    std::printf("%-40s %-6s%s%s\n", p.name.c_str(), p.isInput ? "input" : "output",
                p.isPhysical ? " physical" : "", connections.c_str());
  }
}

struct MonitorOptions {
  Connection connection;
  std::string port;
  long count = 0;        // 0: until interrupted
  double seconds = 0.0;  // 0: no time limit
};

void monitor(const MonitorOptions& o) {
  const auto client = o.connection.open("tonewood-monitor");
  auto input = client->openInput("in");
  client->connect(o.port, client->fullName(input.get()));
  const double rate = client->sampleRate();
  std::signal(SIGINT, [](int) { interrupted = 1; });
  std::signal(SIGTERM, [](int) { interrupted = 1; });
  const auto started = client->frameTime();
  long seen = 0;
  while (!interrupted && (o.count == 0 || seen < o.count)) {
    if (o.seconds > 0 && static_cast<double>(client->frameTime() - started) / rate >= o.seconds)
      break;
    auto event = input->receive(0.05);
    if (!event) continue;
    std::printf("%12llu %10.4f  %s\n", static_cast<unsigned long long>(event->frame),
                static_cast<double>(event->frame) / rate, event->message.describe().c_str());
    std::fflush(stdout);
    ++seen;
  }
  if (input->dropped() > 0)
    std::fprintf(stderr, "midi monitor: %zu messages dropped\n", input->dropped());
}

int valueAt(const std::vector<std::string>& values, std::size_t i, const std::string& type,
            int fallback = -1) {
  if (i >= values.size()) {
    if (fallback >= 0) return fallback;
    throw InvalidArgumentError(type + " needs " + std::to_string(i + 1) + " value(s), got " +
                               std::to_string(values.size()));
  }
  try {
    std::size_t used = 0;
    const int v = std::stoi(values[i], &used, 0);
    if (used == values[i].size()) return v;
  } catch (const std::exception&) {
  }
  throw InvalidArgumentError(type + " value " + std::to_string(i + 1) + " must be a number, got '" +
                             values[i] + "'");
}

// How many values each type takes on the command line (its factory's arguments).
std::size_t valueCount(MessageType t) {
  switch (t) {
    case MessageType::NoteOn:
    case MessageType::NoteOff:
    case MessageType::PolyPressure:
    case MessageType::ControlChange:
      return 3;
    case MessageType::ProgramChange:
    case MessageType::ChannelPressure:
    case MessageType::PitchBend:
    case MessageType::TimeCode:
      return 2;
    case MessageType::SongPosition:
    case MessageType::SongSelect:
      return 1;
    default:
      return 0;
  }
}

// The message TYPE VALUES... describe, with the values in the order the factories take them.
Message messageFrom(const std::string& type, const std::vector<std::string>& v) {
  const MessageType t = midi::messageTypeFromName(type);
  const auto at = [&](std::size_t i, int fallback = -1) { return valueAt(v, i, type, fallback); };
  if (t == MessageType::SysEx) {
    std::vector<std::uint8_t> payload;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const int byte = at(i);
      if (byte < 0 || byte > 127)
        throw OutOfRangeError("sysex byte " + std::to_string(i + 1) +
                              " must be within [0, 127], got " + std::to_string(byte));
      payload.push_back(static_cast<std::uint8_t>(byte));
    }
    return Message::sysEx(std::move(payload));
  }
  if (v.size() > valueCount(t))
    throw InvalidArgumentError(type + " takes " + std::to_string(valueCount(t)) +
                               " value(s), got " + std::to_string(v.size()));
  switch (t) {
    case MessageType::NoteOn:
      return Message::noteOn(at(0), at(1), at(2));
    case MessageType::NoteOff:
      return Message::noteOff(at(0), at(1), at(2, 0));
    case MessageType::PolyPressure:
      return Message::polyPressure(at(0), at(1), at(2));
    case MessageType::ControlChange:
      return Message::controlChange(at(0), at(1), at(2));
    case MessageType::ProgramChange:
      return Message::programChange(at(0), at(1));
    case MessageType::ChannelPressure:
      return Message::channelPressure(at(0), at(1));
    case MessageType::PitchBend:
      return Message::pitchBend(at(0), at(1));
    case MessageType::TimeCode:
      return Message::timeCode(at(0), at(1));
    case MessageType::SongPosition:
      return Message::songPosition(at(0));
    case MessageType::SongSelect:
      return Message::songSelect(at(0));
    default:
      return Message::simple(t);
  }
}

struct SendOptions {
  Connection connection;
  std::string port, type;
  std::vector<std::string> values;
};

void send(const SendOptions& o) {
  const Message message = messageFrom(o.type, o.values);  // a bad message fails before connecting
  const auto client = o.connection.open("tonewood-send");
  auto output = client->openOutput("out");
  client->connect(client->fullName(output.get()), o.port);
  const std::uint64_t at = client->frameTime() + client->bufferSize();
  output->send(message, at);
  // Stay until the cycle that carries it has run and the message is out (on the ALSA
  // sequencer it leaves one period after its frame).
  while (client->running() && client->frameTime() < at + 3 * std::uint64_t{client->bufferSize()})
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (output->dropped() > 0) throw DeviceError("the message to '" + o.port + "' was dropped");
}

}  // namespace

// --backend and --server on each live command.
void addConnectionOptions(CLI::App* command, Connection& c) {
  command
      ->add_option("--backend", c.backend,
                   "auto (JACK when a server runs, else the ALSA sequencer), jack or alsa")
      ->check(CLI::IsMember({"auto", "jack", "alsa"}));
  command->add_option("--server", c.server,
                      "JACK server name (default: $JACK_DEFAULT_SERVER or 'default')");
}

void addMidiPortCommands(CLI::App& midiCmd) {
  auto p = std::make_shared<Connection>();
  auto* portsCmd = midiCmd.add_subcommand(
      "ports", "List the MIDI ports of the running JACK server or the ALSA sequencer");
  addConnectionOptions(portsCmd, *p);
  portsCmd->callback([p] { ports(*p); });

  auto m = std::make_shared<MonitorOptions>();
  auto* monitorCmd =
      midiCmd.add_subcommand("monitor", "Print every message from a port, with its frame");
  monitorCmd->add_option("port", m->port, "Output port to listen to, e.g. system:midi_capture_1")
      ->required();
  monitorCmd->add_option("--count", m->count, "Stop after this many messages");
  monitorCmd->add_option("--seconds", m->seconds, "Stop after this many seconds");
  addConnectionOptions(monitorCmd, m->connection);
  monitorCmd->callback([m] { monitor(*m); });

  auto s = std::make_shared<SendOptions>();
  auto* sendCmd = midiCmd.add_subcommand(
      "send", "Send one message: note_on CH NOTE VEL, control_change CH CC VALUE, sysex BYTES...");
  sendCmd->add_option("port", s->port, "Input port to send to")->required();
  sendCmd
      ->add_option("type", s->type,
                   "note_on, note_off, control_change, program_change, pitch_bend, ...")
      ->required();
  sendCmd->add_option("values", s->values, "The message's values (channels 0-15)");
  addConnectionOptions(sendCmd, s->connection);
  sendCmd->callback([s] { send(*s); });
}

}  // namespace tonewood::cli
