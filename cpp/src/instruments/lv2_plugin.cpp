#include "tonewood/instruments/lv2_plugin.hpp"

#include <dlfcn.h>
#include <lilv/lilv.h>
#include <lv2/atom/atom.h>
#include <lv2/atom/forge.h>
#include <lv2/atom/util.h>
#include <lv2/buf-size/buf-size.h>
#include <lv2/core/lv2.h>
#include <lv2/log/log.h>
#include <lv2/midi/midi.h>
#include <lv2/options/options.h>
#include <lv2/parameters/parameters.h>
#include <lv2/port-props/port-props.h>
#include <lv2/presets/presets.h>
#include <lv2/resize-port/resize-port.h>
#include <lv2/state/state.h>
#include <lv2/time/time.h>
#include <lv2/units/units.h>
#include <lv2/urid/urid.h>
#include <lv2/worker/worker.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstdarg>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <semaphore>
#include <thread>
#include <unordered_map>

#include "tonewood/core/closest_names.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/core/spsc_ring.hpp"

namespace tonewood::instruments {

namespace {

// URIs <-> numbers, shared by every plugin of the process (LV2 asks one map per host).
class UridMap {
 public:
  static UridMap& get() {
    static UridMap map;
    return map;
  }
  LV2_URID map(const char* uri) {
    std::lock_guard lock(mutex_);
    auto [it, added] = ids_.try_emplace(uri, static_cast<LV2_URID>(uris_.size() + 1));
    if (added) uris_.emplace_back(uri);
    return it->second;
  }
  const char* unmap(LV2_URID id) {
    std::lock_guard lock(mutex_);
    return id >= 1 && id <= uris_.size() ? uris_[id - 1].c_str() : nullptr;
  }
  LV2_URID_Map mapFeature{this, [](LV2_URID_Map_Handle h, const char* uri) {
                            return static_cast<UridMap*>(h)->map(uri);
                          }};
  LV2_URID_Unmap unmapFeature{this, [](LV2_URID_Unmap_Handle h, LV2_URID id) {
                                return static_cast<UridMap*>(h)->unmap(id);
                              }};

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, LV2_URID> ids_;
  std::vector<std::string> uris_;  // stable c_str: a deque would do too, entries never move out
};

// One lilv world for the process, loaded once (discovery reads every bundle's manifest).
struct World {
  LilvWorld* world;
  World() : world(lilv_world_new()) { lilv_world_load_all(world); }
  static World& get() {
    static World w;
    return w;
  }
  LilvNode* uri(const char* u) const { return lilv_new_uri(world, u); }
};

// The features tonewood gives a plugin.
const std::vector<std::string>& providedFeatures() {
  static const std::vector<std::string> provided = {
      LV2_URID__map,        LV2_URID__unmap,
      LV2_OPTIONS__options, LV2_BUF_SIZE__boundedBlockLength,
      LV2_LOG__log,         LV2_STATE__loadDefaultState,
      LV2_WORKER__schedule, LV2_CORE__isLive};
  return provided;
}

/// The rate lv2:sampleRate bounds are described at (plugins are prepared at it first).
constexpr double kDescribedRate = 48000.0;

/// What the host drives through a control input instead of the user.
enum class Designation { None, FreeWheeling, BeatsPerMinute };

Designation designationOf(const LilvPlugin* p, const LilvPort* port);

struct Node {  // owns a LilvNode
  LilvNode* node;
  explicit Node(LilvNode* n) : node(n) {}
  ~Node() { lilv_node_free(node); }
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  std::string text() const { return node ? lilv_node_as_string(node) : ""; }
};

struct PortClasses {
  Node audio, control, cv, atom, input, output, midi, toggled, integer, enumeration, position;
  Node designation, freeWheeling, beatsPerMinute;
  Node logarithmic, sampleRate, unit, unitSymbol;
  PortClasses()
      : audio(World::get().uri(LV2_CORE__AudioPort)),
        control(World::get().uri(LV2_CORE__ControlPort)),
        cv(World::get().uri(LV2_CORE__CVPort)),
        atom(World::get().uri(LV2_ATOM__AtomPort)),
        input(World::get().uri(LV2_CORE__InputPort)),
        output(World::get().uri(LV2_CORE__OutputPort)),
        midi(World::get().uri(LV2_MIDI__MidiEvent)),
        toggled(World::get().uri(LV2_CORE__toggled)),
        integer(World::get().uri(LV2_CORE__integer)),
        enumeration(World::get().uri(LV2_CORE__enumeration)),
        position(World::get().uri(LV2_TIME__Position)),
        designation(World::get().uri(LV2_CORE__designation)),
        freeWheeling(World::get().uri(LV2_CORE__freeWheeling)),
        beatsPerMinute(World::get().uri(LV2_TIME__beatsPerMinute)),
        logarithmic(World::get().uri(LV2_PORT_PROPS__logarithmic)),
        sampleRate(World::get().uri(LV2_CORE__sampleRate)),
        unit(World::get().uri(LV2_UNITS__unit)),
        unitSymbol(World::get().uri(LV2_UNITS__symbol)) {}
  static const PortClasses& get() {
    static PortClasses c;
    return c;
  }
};

/// The symbol of a port's unit ("dB", "Hz", "ms", or a plugin's own), or "".
std::string unitOf(const LilvPlugin* p, const LilvPort* port) {
  const PortClasses& k = PortClasses::get();
  LilvNodes* units = lilv_port_get_value(p, port, k.unit.node);
  std::string symbol;
  if (units && lilv_nodes_size(units) > 0) {
    const LilvNode* unit = lilv_nodes_get_first(units);
    // The units ontology gives its units' symbols; a plugin's own unit carries one too.
    if (LilvNode* text = lilv_world_get(World::get().world, unit, k.unitSymbol.node, nullptr)) {
      symbol = lilv_node_as_string(text);
      lilv_node_free(text);
    } else if (lilv_node_is_uri(unit)) {
      static const std::pair<const char*, const char*> known[] = {
          {LV2_UNITS__db, "dB"},      {LV2_UNITS__hz, "Hz"},    {LV2_UNITS__khz, "kHz"},
          {LV2_UNITS__mhz, "MHz"},    {LV2_UNITS__ms, "ms"},    {LV2_UNITS__s, "s"},
          {LV2_UNITS__min, "min"},    {LV2_UNITS__pc, "%"},     {LV2_UNITS__bpm, "bpm"},
          {LV2_UNITS__cent, "ct"},    {LV2_UNITS__oct, "oct"},  {LV2_UNITS__semitone12TET, "st"},
          {LV2_UNITS__beat, "beats"}, {LV2_UNITS__bar, "bars"}, {LV2_UNITS__frame, "frames"},
          {LV2_UNITS__degree, "deg"}, {LV2_UNITS__m, "m"},      {LV2_UNITS__cm, "cm"},
          {LV2_UNITS__mm, "mm"},      {LV2_UNITS__km, "km"},    {LV2_UNITS__midiNote, "note"}};
      for (const auto& [uri, text] : known)
        if (std::strcmp(lilv_node_as_uri(unit), uri) == 0) symbol = text;
    }
  }
  lilv_nodes_free(units);
  return symbol;
}

Designation designationOf(const LilvPlugin* p, const LilvPort* port) {
  const PortClasses& k = PortClasses::get();
  Designation d = Designation::None;
  if (LilvNodes* values = lilv_port_get_value(p, port, k.designation.node)) {
    LILV_FOREACH(nodes, it, values) {
      const LilvNode* v = lilv_nodes_get(values, it);
      if (lilv_node_equals(v, k.freeWheeling.node)) d = Designation::FreeWheeling;
      if (lilv_node_equals(v, k.beatsPerMinute.node)) d = Designation::BeatsPerMinute;
    }
    lilv_nodes_free(values);
  }
  return d;
}

Lv2PluginInfo describe(const LilvPlugin* p) {
  const PortClasses& k = PortClasses::get();
  Lv2PluginInfo info;
  info.uri = lilv_node_as_uri(lilv_plugin_get_uri(p));
  info.name = Node(lilv_plugin_get_name(p)).text();
  info.author = Node(lilv_plugin_get_author_name(p)).text();
  info.kind = lilv_node_as_string(lilv_plugin_class_get_label(lilv_plugin_get_class(p)));
  for (std::uint32_t i = 0; i < lilv_plugin_get_num_ports(p); ++i) {
    const LilvPort* port = lilv_plugin_get_port_by_index(p, i);
    const bool in = lilv_port_is_a(p, port, k.input.node);
    if (lilv_port_is_a(p, port, k.audio.node))
      ++(in ? info.audioInputs : info.audioOutputs);
    else if (lilv_port_is_a(p, port, k.control.node))
      ++(in ? info.controlInputs : info.controlOutputs);
    else if (lilv_port_is_a(p, port, k.cv.node))
      ++info.cvPorts;
    else if (lilv_port_is_a(p, port, k.atom.node) && lilv_port_supports_event(p, port, k.midi.node))
      ++(in ? info.midiInputs : info.midiOutputs);
  }
  info.reportsLatency = lilv_plugin_has_latency(p);
  LilvNodes* required = lilv_plugin_get_required_features(p);
  LILV_FOREACH(nodes, it, required) {
    const std::string feature = lilv_node_as_uri(lilv_nodes_get(required, it));
    info.requiredFeatures.push_back(feature);
    const auto& provided = providedFeatures();
    if (std::find(provided.begin(), provided.end(), feature) == provided.end())
      info.missingFeatures.push_back(feature);
  }
  lilv_nodes_free(required);
  return info;
}

const LilvPlugin* findPlugin(const std::string& plugin) {
  World& w = World::get();
  std::string uri = plugin;
  std::error_code ec;
  if (std::filesystem::is_directory(plugin, ec)) {
    // A bundle: load it (it may be outside the search path) and take its one plugin.
    lv2LoadBundle(plugin);
    std::string path = std::filesystem::absolute(plugin).string();
    if (path.back() != '/') path += '/';
    Node bundle(lilv_new_file_uri(w.world, nullptr, path.c_str()));
    const LilvPlugins* all = lilv_world_get_all_plugins(w.world);
    std::vector<const LilvPlugin*> inBundle;
    LILV_FOREACH(plugins, it, all) {
      const LilvPlugin* p = lilv_plugins_get(all, it);
      if (lilv_node_equals(lilv_plugin_get_bundle_uri(p), bundle.node)) inBundle.push_back(p);
    }
    if (inBundle.size() != 1)
      throw InvalidArgumentError("'" + plugin + "' holds " + std::to_string(inBundle.size()) +
                                 " LV2 plugins; name one by its URI");
    return inBundle.front();
  }
  Node node(lilv_new_uri(w.world, uri.c_str()));
  const LilvPlugin* p =
      node.node ? lilv_plugins_get_by_uri(lilv_world_get_all_plugins(w.world), node.node) : nullptr;
  if (!p) {
    std::vector<std::string> installed;
    const LilvPlugins* all = lilv_world_get_all_plugins(w.world);
    LILV_FOREACH(plugins, it, all) {
      installed.emplace_back(lilv_node_as_uri(lilv_plugin_get_uri(lilv_plugins_get(all, it))));
    }
    // Near misses only: a typo or two, not any URI that shares the prefix.
    const auto close =
        closestNames(plugin, installed, 3, std::max<std::size_t>(3, plugin.size() / 4));
    std::string hint;
    for (const std::string& uri : close)
      hint += (hint.empty() ? "; did you mean '" : ", '") + uri + "'";
    throw InvalidArgumentError("no LV2 plugin '" + plugin +
                               "' is installed (tonewood.lv2.plugins() lists them; LV2_PATH "
                               "sets where to look)" +
                               hint + (hint.empty() ? "" : "?"));
  }
  return p;
}

/// Why a plugin's library does not load, when that is why it could not be instantiated (lilv
/// only prints it): ": its library ... does not load: <the loader's reason>", else "".
std::string libraryProblem(const LilvPlugin* p) {
  char* path = lilv_file_uri_parse(lilv_node_as_uri(lilv_plugin_get_library_uri(p)), nullptr);
  if (!path) return "";
  std::string problem;
  if (void* library = ::dlopen(path, RTLD_NOW | RTLD_LOCAL)) {
    // It loads: does it hold the plugin its data describes?
    using Descriptors = const LV2_Descriptor* (*)(std::uint32_t);
    const char* uri = lilv_node_as_uri(lilv_plugin_get_uri(p));
    bool found = false;
    if (auto list = reinterpret_cast<Descriptors>(::dlsym(library, "lv2_descriptor")))
      for (std::uint32_t i = 0; const LV2_Descriptor* d = list(i); ++i)
        found = found || (d->URI && std::strcmp(d->URI, uri) == 0);
    if (!found) problem = ": its library " + std::string(path) + " does not hold it";
    ::dlclose(library);
  } else if (const char* why = ::dlerror()) {
    problem = ": its library does not load (" + std::string(why) + ")";
  }
  lilv_free(path);
  return problem;
}

int logPrintf(LV2_Log_Handle, LV2_URID, const char*, ...) {
  return 0;  // plugins' messages are not ours to print
}
int logVprintf(LV2_Log_Handle, LV2_URID, const char*, va_list) {
  return 0;
}

}  // namespace

void lv2LoadBundle(const std::string& directory) {
  std::error_code ec;
  if (!std::filesystem::is_directory(directory, ec))
    throw InvalidArgumentError("'" + directory + "' is not an LV2 bundle folder");
  std::string path = std::filesystem::absolute(directory).string();
  if (path.back() != '/') path += '/';
  World& w = World::get();
  Node bundle(lilv_new_file_uri(w.world, nullptr, path.c_str()));
  lilv_world_load_bundle(w.world, bundle.node);
}

std::vector<Lv2PluginInfo> lv2Plugins() {
  const LilvPlugins* all = lilv_world_get_all_plugins(World::get().world);
  std::vector<Lv2PluginInfo> out;
  LILV_FOREACH(plugins, it, all) out.push_back(describe(lilv_plugins_get(all, it)));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.uri < b.uri; });
  return out;
}

// Everything one instance needs: the plugin, its ports, its buffers and its features.
struct Lv2Processor::Host {
  enum class Kind {
    AudioIn,
    AudioOut,
    ControlIn,
    ControlOut,
    CvIn,
    CvOut,
    AtomIn,
    AtomOut,
    FreeWheeling,
    BeatsPerMinute,
    Other
  };
  struct Port {
    Kind kind = Kind::Other;
    int index = 0;  ///< the channel, parameter, MIDI or scratch buffer it uses
    bool midi = false;
  };
  const LilvPlugin* plugin = nullptr;
  LilvInstance* instance = nullptr;
  std::vector<Port> ports;
  std::vector<float> controls;        ///< parameter values, in parameter order
  std::vector<float> controlOutputs;  ///< what the plugin reports (the latency among them)
  float freeWheeling = 1.0f;          ///< 1 offline (as fast as the CPU allows), 0 live
  float beatsPerMinute = 120.0f;      ///< the transport's tempo, within the port's range
  float bpmMin = 0.0f, bpmMax = 1e9f;
  int latencyPort = -1;                          ///< index into controlOutputs
  std::vector<std::vector<float>> scratch;       ///< CV ports
  std::vector<std::vector<std::uint8_t>> atoms;  ///< atom ports' buffers
  std::vector<int> atomIsInput;
  int midiAtom = -1;               ///< the atom buffer the graph's MIDI goes into
  int midiOutAtom = -1;            ///< the atom buffer whose MIDI goes out to the graph
  std::vector<int> positionAtoms;  ///< input atom buffers that take time:Position
  LV2_Atom_Forge forge{};
  alignas(8) std::uint8_t position[256] = {};
  graph::TransportPosition lastPosition;
  bool positionSent = false;
  struct {
    LV2_URID position, frame, speed, bar, barBeat, beatUnit, beatsPerBar, beatsPerMinute;
  } time{};
  double sampleRate = 48000.0;
  int maxBlock = 512;
  std::int32_t minBlock = 1, nominalBlock = 512, sequenceSize = 0;
  float rateOption = 48000.0f;
  std::vector<LV2_Options_Option> options;
  LV2_Log_Log log{nullptr, logPrintf, logVprintf};
  LV2_Feature mapF{LV2_URID__map, &UridMap::get().mapFeature};
  LV2_Feature unmapF{LV2_URID__unmap, &UridMap::get().unmapFeature};
  LV2_Feature optionsF{LV2_OPTIONS__options, nullptr};
  LV2_Feature boundedF{LV2_BUF_SIZE__boundedBlockLength, nullptr};
  LV2_Feature logF{LV2_LOG__log, &log};
  LV2_Feature defaultStateF{LV2_STATE__loadDefaultState, nullptr};  // applied in prepareToPlay
  LV2_Worker_Schedule schedule{this, scheduleWork};
  LV2_Feature scheduleF{LV2_WORKER__schedule, &schedule};
  // isLive: the plugin is run block after block without pause, live or offline (never cached).
  LV2_Feature isLiveF{LV2_CORE__isLive, nullptr};
  const LV2_Feature* features[9] = {&mapF,          &unmapF,    &optionsF, &boundedF, &logF,
                                    &defaultStateF, &scheduleF, &isLiveF,  nullptr};

  // The worker. Offline (and while preparing) its work runs on the rendering thread, so renders
  // are deterministic: work asked for inside run() right after run() returns (some plugins
  // free what run() still uses when their work runs inside it: gx_detune), work asked for
  // outside run() (restoring state) at once. Live a worker thread does it, fed and answered
  // through lock-free rings, as jalv does. Messages are a 32-bit size and the bytes.
  const LV2_Worker_Interface* worker = nullptr;
  bool synchronous = true;
  SpscByteRing requests{1 << 16}, responses{1 << 16};
  std::vector<std::uint8_t> message = std::vector<std::uint8_t>(1 << 16);      ///< audio thread
  std::vector<std::uint8_t> workMessage = std::vector<std::uint8_t>(1 << 16);  ///< worker
  std::vector<std::uint8_t> deferred = std::vector<std::uint8_t>(1 << 16);  ///< offline, in run()
  std::size_t deferredUsed = 0;
  bool running = false;  ///< inside the plugin's run()
  std::counting_semaphore<> workWaiting{0};
  std::atomic<bool> stopWorker{false};
  std::thread workerThread;

  static LV2_Worker_Status respond(LV2_Worker_Respond_Handle handle, std::uint32_t size,
                                   const void* data) {
    auto* h = static_cast<Host*>(handle);
    return h->responses.write2(&size, sizeof size, data, size) ? LV2_WORKER_SUCCESS
                                                               : LV2_WORKER_ERR_NO_SPACE;
  }
  static LV2_Worker_Status scheduleWork(LV2_Worker_Schedule_Handle handle, std::uint32_t size,
                                        const void* data) {
    auto* h = static_cast<Host*>(handle);
    if (!h->worker) return LV2_WORKER_ERR_UNKNOWN;
    if (h->synchronous && !h->running)
      return h->worker->work(lilv_instance_get_handle(h->instance), respond, h, size, data);
    if (h->synchronous) {
      if (h->deferredUsed + sizeof size + size > h->deferred.size()) return LV2_WORKER_ERR_NO_SPACE;
      std::memcpy(h->deferred.data() + h->deferredUsed, &size, sizeof size);
      std::memcpy(h->deferred.data() + h->deferredUsed + sizeof size, data, size);
      h->deferredUsed += sizeof size + size;
      return LV2_WORKER_SUCCESS;
    }
    if (!h->requests.write2(&size, sizeof size, data, size)) return LV2_WORKER_ERR_NO_SPACE;
    h->workWaiting.release();
    return LV2_WORKER_SUCCESS;
  }
  void workerLoop() {
    while (true) {
      workWaiting.acquire();
      if (stopWorker.load()) return;
      std::uint32_t size = 0;
      while (requests.peek(&size, sizeof size) && requests.readSpace() >= sizeof size + size) {
        requests.read(&size, sizeof size);
        requests.read(workMessage.data(), size);
        worker->work(lilv_instance_get_handle(instance), respond, this, size, workMessage.data());
      }
    }
  }
  void startWorker() {
    if (worker && !workerThread.joinable()) {
      stopWorker = false;
      workerThread = std::thread([this] { workerLoop(); });
    }
  }
  void stopWorkerThread() {
    if (workerThread.joinable()) {
      stopWorker = true;
      workWaiting.release();
      workerThread.join();
    }
  }
  /// Runs the plugin, then (offline) the work it asked for meanwhile. Audio thread.
  void run(std::uint32_t frames) noexcept {
    running = true;
    lilv_instance_run(instance, frames);
    running = false;
    for (std::size_t at = 0; at < deferredUsed;) {
      std::uint32_t size = 0;
      std::memcpy(&size, deferred.data() + at, sizeof size);
      worker->work(lilv_instance_get_handle(instance), respond, this, size,
                   deferred.data() + at + sizeof size);
      at += sizeof size + size;
    }
    deferredUsed = 0;
  }
  /// Hands the plugin what its work sent back, then tells it the run is over. Audio thread.
  void deliverResponses() noexcept {
    if (!worker) return;
    std::uint32_t size = 0;
    while (responses.peek(&size, sizeof size) && responses.readSpace() >= sizeof size + size &&
           size <= message.size()) {
      responses.read(&size, sizeof size);
      responses.read(message.data(), size);
      worker->work_response(lilv_instance_get_handle(instance), size, message.data());
    }
    if (worker->end_run) worker->end_run(lilv_instance_get_handle(instance));
  }
  LV2_URID atomSequence = 0, atomChunk = 0, midiEvent = 0;

  ~Host() {
    stopWorkerThread();
    if (instance) {
      lilv_instance_deactivate(instance);
      lilv_instance_free(instance);
    }
  }

  void buildOptions() {
    UridMap& m = UridMap::get();
    const LV2_URID intType = m.map(LV2_ATOM__Int), floatType = m.map(LV2_ATOM__Float);
    options = {{LV2_OPTIONS_INSTANCE, 0, m.map(LV2_PARAMETERS__sampleRate), sizeof(float),
                floatType, &rateOption},
               {LV2_OPTIONS_INSTANCE, 0, m.map(LV2_BUF_SIZE__minBlockLength), sizeof(std::int32_t),
                intType, &minBlock},
               {LV2_OPTIONS_INSTANCE, 0, m.map(LV2_BUF_SIZE__maxBlockLength), sizeof(std::int32_t),
                intType, &maxBlockOption},
               {LV2_OPTIONS_INSTANCE, 0, m.map(LV2_BUF_SIZE__nominalBlockLength),
                sizeof(std::int32_t), intType, &nominalBlock},
               {LV2_OPTIONS_INSTANCE, 0, m.map(LV2_BUF_SIZE__sequenceSize), sizeof(std::int32_t),
                intType, &sequenceSize},
               {LV2_OPTIONS_INSTANCE, 0, 0, 0, 0, nullptr}};
    optionsF.data = options.data();
  }
  std::int32_t maxBlockOption = 512;

  // Empty input sequences, and output buffers handed over whole, before every run (jalv's
  // evbuf does the same).
  void resetAtoms() noexcept {
    for (std::size_t a = 0; a < atoms.size(); ++a) {
      auto* seq = reinterpret_cast<LV2_Atom_Sequence*>(atoms[a].data());
      if (atomIsInput[a]) {
        seq->atom.size = sizeof(LV2_Atom_Sequence_Body);
        seq->atom.type = atomSequence;
      } else {
        seq->atom.size = static_cast<std::uint32_t>(atoms[a].size() - sizeof(LV2_Atom));
        seq->atom.type = atomChunk;
      }
      seq->body.unit = 0;
      seq->body.pad = 0;
    }
  }

  // Appends an event to input atom buffer `a`; false when it is full.
  bool addEvent(int a, std::uint32_t frame, LV2_URID type, const void* body,
                std::uint32_t size) noexcept {
    std::vector<std::uint8_t>& buffer = atoms[static_cast<std::size_t>(a)];
    auto* seq = reinterpret_cast<LV2_Atom_Sequence*>(buffer.data());
    const std::uint32_t used = sizeof(LV2_Atom) + seq->atom.size;
    const std::uint32_t need = lv2_atom_pad_size(sizeof(LV2_Atom_Event) + size);
    if (used + need > buffer.size()) return false;
    auto* event = reinterpret_cast<LV2_Atom_Event*>(buffer.data() + used);
    event->time.frames = frame;
    event->body.size = size;
    event->body.type = type;
    std::memcpy(event + 1, body, size);
    seq->atom.size += need;
    return true;
  }
  void addMidi(std::uint32_t frame, const std::uint8_t* bytes, std::uint32_t size) noexcept {
    if (midiAtom >= 0) addEvent(midiAtom, frame, midiEvent, bytes, size);  // full: lost
  }
  // The transport, as time:Position, to the plugins that want it: at the start of a block
  // whenever the tempo, the signature or the rolling changed, or the position jumped (Ardour
  // writes it the same way; plugins extrapolate in between).
  void sendPosition(const graph::TransportPosition& p) noexcept {
    if (positionAtoms.empty()) return;
    if (positionSent && !p.jumped && p.bpm == lastPosition.bpm &&
        p.signature == lastPosition.signature && p.playing == lastPosition.playing)
      return;
    positionSent = true;
    lastPosition = p;
    lv2_atom_forge_set_buffer(&forge, position, sizeof position);
    LV2_Atom_Forge_Frame frame;
    lv2_atom_forge_object(&forge, &frame, 0, time.position);
    lv2_atom_forge_key(&forge, time.frame);
    lv2_atom_forge_long(&forge, p.frame);
    lv2_atom_forge_key(&forge, time.speed);
    lv2_atom_forge_float(&forge, p.playing ? 1.0f : 0.0f);
    lv2_atom_forge_key(&forge, time.bar);
    lv2_atom_forge_long(&forge, p.bar);
    lv2_atom_forge_key(&forge, time.barBeat);
    lv2_atom_forge_float(&forge, static_cast<float>(p.barBeat));
    lv2_atom_forge_key(&forge, time.beatUnit);
    lv2_atom_forge_int(&forge, p.signature.denominator);
    lv2_atom_forge_key(&forge, time.beatsPerBar);
    lv2_atom_forge_float(&forge, static_cast<float>(p.signature.numerator));
    lv2_atom_forge_key(&forge, time.beatsPerMinute);  // in beats of the signature's unit
    lv2_atom_forge_float(&forge, static_cast<float>(p.bpm * p.signature.denominator / 4.0));
    lv2_atom_forge_pop(&forge, &frame);
    const auto* object = reinterpret_cast<const LV2_Atom*>(position);
    for (int a : positionAtoms) addEvent(a, 0, object->type, object + 1, object->size);
  }
  // The plugin's MIDI output into the graph's events.
  void takeMidiOut(graph::EventBuffer* out) noexcept {
    if (midiOutAtom < 0 || !out) return;
    const auto* seq = reinterpret_cast<const LV2_Atom_Sequence*>(
        atoms[static_cast<std::size_t>(midiOutAtom)].data());
    if (seq->atom.type != atomSequence) return;  // the plugin wrote nothing
    LV2_ATOM_SEQUENCE_FOREACH(seq, ev) {
      if (ev->body.type == midiEvent && ev->time.frames >= 0)
        out->addMidi(static_cast<std::uint32_t>(ev->time.frames),
                     reinterpret_cast<const std::uint8_t*>(ev + 1), ev->body.size);
    }
  }
};

namespace {

Lv2PluginDescription describeForHosting(const LilvPlugin* p) {
  Lv2PluginDescription d{describe(p), {}, {}};
  if (char* bundle =
          lilv_file_uri_parse(lilv_node_as_uri(lilv_plugin_get_bundle_uri(p)), nullptr)) {
    d.bundle = bundle;
    lilv_free(bundle);
  }
  if (!d.info.missingFeatures.empty()) {
    std::string list;
    for (const auto& f : d.info.missingFeatures) list += (list.empty() ? "" : ", ") + f;
    throw InvalidArgumentError("LV2 plugin '" + d.info.uri +
                               "' needs host features tonewood "
                               "does not give yet: " +
                               list);
  }
  for (const int ports : {d.info.audioInputs, d.info.audioOutputs})
    if (ports > kMaxChannels)
      throw InvalidArgumentError("LV2 plugin '" + d.info.uri + "' has " + std::to_string(ports) +
                                 " audio ports on one side; tonewood hosts at most " +
                                 std::to_string(kMaxChannels));
  const PortClasses& k = PortClasses::get();
  const std::uint32_t n = lilv_plugin_get_num_ports(p);
  std::vector<float> mins(n), maxs(n), defs(n);
  lilv_plugin_get_port_ranges_float(p, mins.data(), maxs.data(), defs.data());
  for (std::uint32_t i = 0; i < n; ++i) {
    const LilvPort* port = lilv_plugin_get_port_by_index(p, i);
    if (!lilv_port_is_a(p, port, k.control.node) || !lilv_port_is_a(p, port, k.input.node) ||
        designationOf(p, port) != Designation::None)
      continue;  // designated inputs (free-wheeling, tempo) are the host's to drive
    const std::string symbol = lilv_node_as_string(lilv_port_get_symbol(p, port));
    const std::string name = Node(lilv_port_get_name(p, port)).text();
    float lo = std::isnan(mins[i]) ? 0.0f : mins[i], hi = std::isnan(maxs[i]) ? 1.0f : maxs[i];
    float def = std::isnan(defs[i]) ? lo : defs[i];
    if (lilv_port_has_property(p, port, k.sampleRate.node)) {
      // Bounds given as multiples of the rate; the value itself is in Hz. Parameters are
      // described once, so at the rate plugins are first prepared at (48 kHz). The literals
      // are scaled in double, so 0.0001 of 48 kHz is 4.8 Hz, not the float next to it.
      LilvNode *d0 = nullptr, *lo0 = nullptr, *hi0 = nullptr;
      lilv_port_get_range(p, port, &d0, &lo0, &hi0);
      auto scaled = [](const LilvNode* n, float otherwise) {
        return n && lilv_node_is_literal(n)
                   ? static_cast<float>(std::strtod(lilv_node_as_string(n), nullptr) *
                                        kDescribedRate)
                   : otherwise * static_cast<float>(kDescribedRate);
      };
      lo = scaled(lo0, lo), hi = scaled(hi0, hi), def = scaled(d0, def);
      for (LilvNode* n : {d0, lo0, hi0}) lilv_node_free(n);
    }
    if (hi < lo) std::swap(lo, hi);
    def = std::clamp(def, lo, hi);
    if (lilv_port_has_property(p, port, k.toggled.node)) {
      d.parameters.push_back(ParamInfo::toggle(symbol, name, def >= 0.5f));
      continue;
    }
    const bool integer = lilv_port_has_property(p, port, k.integer.node) ||
                         lilv_port_has_property(p, port, k.enumeration.node);
    // A logarithmic port's control puts the geometric middle of its range at the middle.
    float skew = 1.0f;
    if (lilv_port_has_property(p, port, k.logarithmic.node) && lo > 0.0f && hi > lo)
      skew = static_cast<float>(std::log(0.5) /
                                std::log((std::sqrt(double(lo) * hi) - lo) / (hi - lo)));
    ParamInfo info =
        ParamInfo::make(symbol, name, unitOf(p, port), lo, hi, def, skew, integer ? 1.0f : 0.0f);
    if (lilv_port_has_property(p, port, k.enumeration.node) && integer) {
      // Labels for an enumeration whose scale points name every integer from min to max.
      std::vector<std::string> labels(static_cast<std::size_t>(hi - lo + 1));
      LilvScalePoints* points = lilv_port_get_scale_points(p, port);
      std::size_t named = 0;
      LILV_FOREACH(scale_points, it, points) {
        const LilvScalePoint* sp = lilv_scale_points_get(points, it);
        const float v = lilv_node_as_float(lilv_scale_point_get_value(sp));
        const auto at = static_cast<long>(std::lround(v - lo));
        if (at >= 0 && at < static_cast<long>(labels.size()) &&
            labels[static_cast<std::size_t>(at)].empty()) {
          labels[static_cast<std::size_t>(at)] =
              lilv_node_as_string(lilv_scale_point_get_label(sp));
          ++named;
        }
      }
      lilv_scale_points_free(points);
      if (named == labels.size()) info.labels = std::move(labels);
    }
    d.parameters.push_back(std::move(info));
  }
  return d;
}

}  // namespace

Lv2PluginDescription lv2Describe(const std::string& plugin) {
  return describeForHosting(findPlugin(plugin));
}

struct Lv2Processor::Description {
  const LilvPlugin* plugin;
  Lv2PluginDescription facts;

  static Description of(const std::string& plugin) {
    const LilvPlugin* p = findPlugin(plugin);
    return {p, describeForHosting(p)};
  }
  Capabilities capabilities() const {
    return {facts.info.audioInputs, facts.info.audioOutputs, facts.info.midiInputs > 0,
            facts.info.midiOutputs > 0};
  }
};

Lv2Processor::Lv2Processor(const std::string& plugin) : Lv2Processor(Description::of(plugin)) {}

Lv2Processor::Lv2Processor(Description d)
    : Processor("lv2", std::move(d.facts.parameters), d.capabilities()),
      host_(std::make_unique<Host>()),
      info_(std::move(d.facts.info)) {
  Host& h = *host_;
  h.plugin = d.plugin;
  UridMap& m = UridMap::get();
  h.atomSequence = m.map(LV2_ATOM__Sequence);
  h.atomChunk = m.map(LV2_ATOM__Chunk);
  h.midiEvent = m.map(LV2_MIDI__MidiEvent);
  lv2_atom_forge_init(&h.forge, &m.mapFeature);
  h.time = {m.map(LV2_TIME__Position),    m.map(LV2_TIME__frame),         m.map(LV2_TIME__speed),
            m.map(LV2_TIME__bar),         m.map(LV2_TIME__barBeat),       m.map(LV2_TIME__beatUnit),
            m.map(LV2_TIME__beatsPerBar), m.map(LV2_TIME__beatsPerMinute)};
  const PortClasses& k = PortClasses::get();
  Node minimumSize(World::get().uri(LV2_RESIZE_PORT__minimumSize));
  int audioIn = 0, audioOut = 0, control = 0;
  const std::uint32_t n = lilv_plugin_get_num_ports(h.plugin);
  h.ports.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    const LilvPort* port = lilv_plugin_get_port_by_index(h.plugin, i);
    const bool in = lilv_port_is_a(h.plugin, port, k.input.node);
    Host::Port& hp = h.ports[i];
    if (lilv_port_is_a(h.plugin, port, k.audio.node)) {
      hp = {in ? Host::Kind::AudioIn : Host::Kind::AudioOut, in ? audioIn++ : audioOut++, false};
    } else if (lilv_port_is_a(h.plugin, port, k.control.node)) {
      const Designation designation = in ? designationOf(h.plugin, port) : Designation::None;
      if (designation == Designation::FreeWheeling) {
        hp = {Host::Kind::FreeWheeling, 0, false};
      } else if (designation == Designation::BeatsPerMinute) {
        hp = {Host::Kind::BeatsPerMinute, 0, false};
        LilvNode *def = nullptr, *lo = nullptr, *hi = nullptr;
        lilv_port_get_range(h.plugin, port, &def, &lo, &hi);
        if (lo) h.bpmMin = lilv_node_as_float(lo);
        if (hi) h.bpmMax = lilv_node_as_float(hi);
        for (LilvNode* n : {def, lo, hi}) lilv_node_free(n);
      } else if (in) {
        hp = {Host::Kind::ControlIn, control++, false};
      } else {
        hp = {Host::Kind::ControlOut, static_cast<int>(h.controlOutputs.size()), false};
        h.controlOutputs.push_back(0.0f);
      }
    } else if (lilv_port_is_a(h.plugin, port, k.cv.node)) {
      hp = {in ? Host::Kind::CvIn : Host::Kind::CvOut, static_cast<int>(h.scratch.size()), false};
      h.scratch.emplace_back();
    } else if (lilv_port_is_a(h.plugin, port, k.atom.node)) {
      const bool midi = lilv_port_supports_event(h.plugin, port, k.midi.node);
      hp = {in ? Host::Kind::AtomIn : Host::Kind::AtomOut, static_cast<int>(h.atoms.size()), midi};
      // At least 8 KiB, or what the port asks for (some refuse to run in less).
      std::size_t size = 8192;
      if (LilvNodes* sizes = lilv_port_get_value(h.plugin, port, minimumSize.node)) {
        if (lilv_nodes_size(sizes) > 0)
          size = std::max<std::size_t>(
              size, static_cast<std::size_t>(lilv_node_as_int(lilv_nodes_get_first(sizes))));
        lilv_nodes_free(sizes);
      }
      h.atoms.emplace_back(size + sizeof(LV2_Atom_Sequence), 0);
      h.atomIsInput.push_back(in ? 1 : 0);
      if (in && midi && h.midiAtom < 0) h.midiAtom = hp.index;
      if (!in && midi && h.midiOutAtom < 0) h.midiOutAtom = hp.index;
      if (in && lilv_port_supports_event(h.plugin, port, k.position.node))
        h.positionAtoms.push_back(hp.index);
    }
  }
  h.controls.resize(static_cast<std::size_t>(control));
  for (std::size_t i = 0; i < h.controls.size(); ++i) h.controls[i] = parameter(i);
  if (lilv_plugin_has_latency(h.plugin)) {
    const std::uint32_t index = lilv_plugin_get_latency_port_index(h.plugin);
    if (index < n && h.ports[index].kind == Host::Kind::ControlOut)
      h.latencyPort = h.ports[index].index;
  }
}

Lv2Processor::~Lv2Processor() = default;

void Lv2Processor::instantiate(const ProcessSpec& spec) {
  Host& h = *host_;
  // A new instance: the old one's own state (a loaded sample, say) goes over.
  LilvState* previous = h.instance ? static_cast<LilvState*>(snapshot()) : nullptr;
  if (h.instance) {
    lilv_instance_deactivate(h.instance);
    lilv_instance_free(h.instance);
    h.instance = nullptr;
  }
  h.sampleRate = spec.sampleRate;
  h.rateOption = static_cast<float>(spec.sampleRate);
  // Announced as a power of two, at least 4096: a bound blocks never exceed, which spares new
  // instances for smaller blocks; some plugins (convoLV2) refuse any length but a power of two.
  h.maxBlockOption = static_cast<std::int32_t>(
      std::max(4096u, std::bit_ceil(static_cast<unsigned>(spec.maxBlockSize))));
  h.sequenceSize = 0;
  for (const auto& a : h.atoms)
    h.sequenceSize = std::max(h.sequenceSize, static_cast<std::int32_t>(a.size()));
  h.buildOptions();
  h.instance = lilv_plugin_instantiate(h.plugin, spec.sampleRate, h.features);
  if (!h.instance) {
    if (previous) lilv_state_free(previous);
    throw InvalidArgumentError("LV2 plugin '" + info_.uri + "' could not be instantiated at " +
                               formatNumber(spec.sampleRate) + " Hz" + libraryProblem(h.plugin));
  }
  h.worker = static_cast<const LV2_Worker_Interface*>(
      lilv_instance_get_extension_data(h.instance, LV2_WORKER__interface));
  // The plugin's own default state (some keep settings beyond their ports there).
  LilvNode* uri = lilv_node_duplicate(lilv_plugin_get_uri(h.plugin));
  if (LilvState* state =
          lilv_state_new_from_world(World::get().world, &UridMap::get().mapFeature, uri)) {
    lilv_state_restore(state, h.instance, nullptr, nullptr, 0, h.features);
    lilv_state_free(state);
  }
  lilv_node_free(uri);
  if (previous) {
    lilv_state_restore(previous, h.instance, nullptr, nullptr, 0, h.features);
    lilv_state_free(previous);
  }
}

void Lv2Processor::prepareToPlay(const ProcessSpec& spec) {
  Host& h = *host_;
  h.stopWorkerThread();
  h.synchronous = true;
  // The instance stays while the rate does and blocks fit the length it was told: some plugins
  // run threads of their own that do not survive being freed and made again at once (padthv1).
  const bool keep =
      h.instance && spec.sampleRate == h.sampleRate && spec.maxBlockSize <= h.maxBlockOption;
  h.maxBlock = h.nominalBlock = spec.maxBlockSize;
  for (auto& s : h.scratch) s.assign(static_cast<std::size_t>(spec.maxBlockSize), 0.0f);
  if (keep)
    lilv_instance_deactivate(h.instance);
  else
    instantiate(spec);
  for (std::uint32_t i = 0; i < h.ports.size(); ++i) {
    Host::Port& port = h.ports[i];
    void* data = nullptr;
    switch (port.kind) {
      case Host::Kind::ControlIn:
        data = &h.controls[static_cast<std::size_t>(port.index)];
        break;
      case Host::Kind::ControlOut:
        data = &h.controlOutputs[static_cast<std::size_t>(port.index)];
        break;
      case Host::Kind::FreeWheeling:
        data = &h.freeWheeling;
        break;
      case Host::Kind::BeatsPerMinute:
        data = &h.beatsPerMinute;
        break;
      case Host::Kind::CvIn:
      case Host::Kind::CvOut:
        data = h.scratch[static_cast<std::size_t>(port.index)].data();
        break;
      case Host::Kind::AtomIn:
      case Host::Kind::AtomOut:
        data = h.atoms[static_cast<std::size_t>(port.index)].data();
        break;
      default:
        break;  // audio: connected at each run
    }
    if (data) lilv_instance_connect_port(h.instance, i, data);
  }
  lilv_instance_activate(h.instance);
  // One silent block, for a plugin's latency report (lilv's advice).
  std::vector<std::vector<float>> silence(
      static_cast<std::size_t>(std::max(info_.audioInputs, info_.audioOutputs)),
      std::vector<float>(static_cast<std::size_t>(spec.maxBlockSize), 0.0f));
  for (std::uint32_t i = 0; i < h.ports.size(); ++i)
    if (h.ports[i].kind == Host::Kind::AudioIn || h.ports[i].kind == Host::Kind::AudioOut)
      lilv_instance_connect_port(h.instance, i,
                                 silence[static_cast<std::size_t>(h.ports[i].index)].data());
  h.resetAtoms();
  h.run(static_cast<std::uint32_t>(spec.maxBlockSize));
  h.deliverResponses();
  latency_ = h.latencyPort >= 0
                 ? std::max(0, static_cast<int>(std::lround(
                                   h.controlOutputs[static_cast<std::size_t>(h.latencyPort)])))
                 : 0;
  // Start from silence: a fresh instance.
  lilv_instance_deactivate(h.instance);
  lilv_instance_activate(h.instance);
  h.startWorker();
}

void Lv2Processor::resetState() noexcept {
  Host& h = *host_;
  h.positionSent = false;
  if (!h.instance) return;
  lilv_instance_deactivate(h.instance);
  lilv_instance_activate(h.instance);
}

void Lv2Processor::parameterChanged(std::size_t index, float value) noexcept {
  if (index < host_->controls.size()) host_->controls[index] = value;
}

void Lv2Processor::requireNotHosted(const char* what) const {
  if (isHosted())
    throw InvalidArgumentError(std::string(what) + " the LV2 plugin '" + info_.uri +
                               "' while no engine hosts it (its own state is not safe to touch "
                               "while it plays)");
}

void* Lv2Processor::snapshot(const std::string& bundle) const {
  Host& h = *host_;
  auto portValue = [](const char* symbol, void* self, std::uint32_t* size,
                      std::uint32_t* type) -> const void* {
    auto* p = static_cast<const Lv2Processor*>(self);
    static thread_local float value;
    try {
      value = p->parameter(p->parameterIndex(symbol));
    } catch (const Error&) {
      *size = 0;
      return nullptr;
    }
    *size = sizeof(float);
    *type = UridMap::get().map(LV2_ATOM__Float);
    return &value;
  };
  // Every directory lilv asks for is given explicitly: a private scratch folder for files the
  // plugin makes, and for a bundle the bundle itself for copies and links. (Left null, lilv
  // took a plugin's own file for scratch and moved it into the bundle.) Without a bundle, files
  // the plugin uses are referred to by their absolute paths and never touched.
  std::error_code ec;
  const auto scratch = std::filesystem::temp_directory_path() /
                       ("tonewood-lv2-scratch-" + std::to_string(::getpid()));
  std::filesystem::create_directories(scratch, ec);
  const char* into = bundle.empty() ? nullptr : bundle.c_str();
  return lilv_state_new_from_instance(h.plugin, h.instance, &UridMap::get().mapFeature,
                                      scratch.c_str(), into, into, into, portValue,
                                      const_cast<Lv2Processor*>(this), 0, h.features);
}

void Lv2Processor::restore(void* state, bool withInstance) {
  auto setPort = [](const char* symbol, void* self, const void* value, std::uint32_t size,
                    std::uint32_t type) {
    auto* p = static_cast<Lv2Processor*>(self);
    if (size != sizeof(float) || type != UridMap::get().map(LV2_ATOM__Float)) return;
    float v;
    std::memcpy(&v, value, sizeof v);
    try {
      const std::size_t index = p->parameterIndex(symbol);
      const ParamInfo& info = p->parameterInfo(index);
      p->setParameter(index, std::clamp(v, info.min, info.max));
    } catch (const Error&) {
      // a port that is not a parameter (an output), or a symbol this version lacks
    }
  };
  lilv_state_restore(static_cast<LilvState*>(state), withInstance ? host_->instance : nullptr,
                     setPort, this, 0, host_->features);
}

std::vector<Lv2Preset> Lv2Processor::presets() const {
  World& w = World::get();
  Node presetClass(w.uri(LV2_PRESETS__Preset)), label(w.uri(LILV_NS_RDFS "label"));
  std::vector<Lv2Preset> out;
  LilvNodes* related = lilv_plugin_get_related(host_->plugin, presetClass.node);
  LILV_FOREACH(nodes, it, related) {
    const LilvNode* preset = lilv_nodes_get(related, it);
    lilv_world_load_resource(w.world, preset);
    Node name(lilv_world_get(w.world, preset, label.node, nullptr));
    out.push_back({lilv_node_as_uri(preset), name.text()});
  }
  lilv_nodes_free(related);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.label < b.label; });
  return out;
}

void Lv2Processor::loadPreset(const std::string& uriOrLabel) {
  std::string uri;
  for (const Lv2Preset& p : presets())
    if (p.uri == uriOrLabel || p.label == uriOrLabel) uri = p.uri;
  if (uri.empty())
    throw InvalidArgumentError("the LV2 plugin '" + info_.uri + "' has no preset '" + uriOrLabel +
                               "' (presets() lists them)");
  Node node(World::get().uri(uri.c_str()));
  LilvState* state =
      lilv_state_new_from_world(World::get().world, &UridMap::get().mapFeature, node.node);
  if (!state) throw InvalidArgumentError("the preset '" + uri + "' could not be read");
  restore(state, !isHosted());
  lilv_state_free(state);
}

void Lv2Processor::saveStateBundle(const std::string& directory, const std::string& label) const {
  requireNotHosted("save the state of");
  if (!host_->instance)
    throw InvalidArgumentError("prepare the LV2 plugin before saving its state");
  std::filesystem::create_directories(directory);
  const std::string bundle = std::filesystem::absolute(directory).string() + "/";
  auto* state = static_cast<LilvState*>(snapshot(bundle));
  if (!label.empty()) lilv_state_set_label(state, label.c_str());
  const int failed =
      lilv_state_save(World::get().world, &UridMap::get().mapFeature, &UridMap::get().unmapFeature,
                      state, nullptr, directory.c_str(), "state.ttl");
  lilv_state_free(state);
  if (failed) throw InvalidArgumentError("could not save LV2 state into '" + directory + "'");
}

void Lv2Processor::loadStateBundle(const std::string& directory) {
  requireNotHosted("restore a state into");
  const std::string file = (std::filesystem::path(directory) / "state.ttl").string();
  LilvState* state = lilv_state_new_from_file(World::get().world, &UridMap::get().mapFeature,
                                              nullptr, file.c_str());
  if (!state) throw InvalidArgumentError("'" + directory + "' holds no LV2 state (state.ttl)");
  restore(state, host_->instance != nullptr);
  lilv_state_free(state);
}

std::string Lv2Processor::saveExtraState() const {
  // While an engine plays it, the plugin's own save() may not run beside run(): the parameters
  // (saved by the base) are what a hosted plugin's state holds.
  if (!host_->instance || isHosted()) return "null";
  auto* state = static_cast<LilvState*>(snapshot());
  char* text =
      lilv_state_to_string(World::get().world, &UridMap::get().mapFeature,
                           &UridMap::get().unmapFeature, state, "urn:tonewood:state", nullptr);
  lilv_state_free(state);
  const nlohmann::json json = {{"lv2", text ? text : ""}};
  lilv_free(text);
  return json.dump();
}

void Lv2Processor::restoreExtraState(const std::string& json) {
  const nlohmann::json parsed = nlohmann::json::parse(json, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("lv2") || !parsed["lv2"].is_string()) return;
  LilvState* state = lilv_state_new_from_string(World::get().world, &UridMap::get().mapFeature,
                                                parsed["lv2"].get<std::string>().c_str());
  if (!state) throw InvalidArgumentError("the saved LV2 state could not be read");
  restore(state, host_->instance != nullptr && !isHosted());
  lilv_state_free(state);
}

void Lv2Processor::render(const graph::ProcessContext& c) noexcept {
  Host& h = *host_;
  for (std::uint32_t i = 0; i < h.ports.size(); ++i) {
    const Host::Port& port = h.ports[i];
    if (port.kind == Host::Kind::AudioIn)
      lilv_instance_connect_port(h.instance, i, const_cast<float*>(c.input.channel(port.index)));
    else if (port.kind == Host::Kind::AudioOut)
      lilv_instance_connect_port(h.instance, i, c.output.channel(port.index));
  }
  h.resetAtoms();
  h.sendPosition(*c.transport);
  h.freeWheeling = c.realtime ? 0.0f : 1.0f;
  h.beatsPerMinute = std::clamp(static_cast<float>(c.transport->bpm), h.bpmMin, h.bpmMax);
  for (const graph::Event& e : *c.events)
    if (e.kind == graph::EventKind::Midi) h.addMidi(e.frame, e.bytes, e.size);
  h.synchronous = !c.realtime;
  h.run(static_cast<std::uint32_t>(c.frames));
  h.deliverResponses();
  if (producesEvents()) h.takeMidiOut(c.outputEvents);
}

}  // namespace tonewood::instruments
