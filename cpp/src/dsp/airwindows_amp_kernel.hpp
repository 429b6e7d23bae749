#pragma once
// The amps' lane kernel, included by exactly two translation units: airwindows_amp.cpp (built for
// any x86-64) and airwindows_amp_avx2.cpp (built with -mavx2, called after a CPU check).
// Everything here has internal linkage and calls no inline library template, so neither unit
// can lend the other code built for the wrong instruction set.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <numbers>
#include <type_traits>

#include "airwindows_amp_lanes.hpp"

// The vector type never crosses a call between translation units (its by-value ABI differs
// between builds, which GCC warns about at the end of each unit).
#pragma GCC diagnostic ignored "-Wpsabi"

namespace tonewood::dsp {
namespace {

// The sine clip's limit, as the original writes pi/2.
constexpr double kHalfPi = 1.57079633;

// Lead's cabinet: tap k (1..85, k samples back) adds x_k * (kLinear[k] + kByLevel[k] * |x_k|).
constexpr double kLeadLinear[86] = {0.0,
                                    1.30406584776167445,
                                    1.09350974154373559,
                                    0.52285510059938256,
                                    -0.00018126260714707,
                                    -0.34943699771860115,
                                    -0.53068048407937285,
                                    -0.48631669406792399,
                                    -0.28099201947014130,
                                    -0.10333290012666248,
                                    -0.06605032198166226,
                                    -0.10485808661261729,
                                    -0.13231190973014911,
                                    -0.12926184767180304,
                                    -0.13802696739839460,
                                    -0.16548980700926913,
                                    -0.14469310965751475,
                                    -0.07838457396093310,
                                    -0.05123031606187391,
                                    -0.08906103481939850,
                                    -0.13939265522625241,
                                    -0.14957600717294034,
                                    -0.14112708654047090,
                                    -0.14961020766492997,
                                    -0.16130382224652270,
                                    -0.15679868471080052,
                                    -0.16456530552807727,
                                    -0.16852385701909278,
                                    -0.13317562760966850,
                                    -0.09396196532150952,
                                    -0.10133496956734221,
                                    -0.16097596389376778,
                                    -0.21419006394821866,
                                    -0.21273234570555244,
                                    -0.16934948798707830,
                                    -0.11970436472852493,
                                    -0.09329023656747724,
                                    -0.10255328436608116,
                                    -0.13883223352796811,
                                    -0.16532844286979087,
                                    -0.16254607738965438,
                                    -0.15353207135544752,
                                    -0.13039046390746015,
                                    -0.06707245032180627,
                                    0.01427326441869788,
                                    0.06151238306578224,
                                    0.04685840498892526,
                                    -0.00950136304466093,
                                    -0.06245771575493557,
                                    -0.07159593175777741,
                                    -0.03167929390245019,
                                    0.01890898565110766,
                                    0.04926161137832240,
                                    0.05768814623421683,
                                    0.06144258297076708,
                                    0.06348341960185613,
                                    0.04877736350310589,
                                    0.01010950997574472,
                                    -0.02929178864801191,
                                    -0.03484517126321562,
                                    -0.00547176780437610,
                                    0.02278296865283977,
                                    0.02688982591366477,
                                    0.01942012754957055,
                                    0.01572585258756565,
                                    0.01490550715016034,
                                    0.01715683226376727,
                                    0.02822659878011318,
                                    0.03758307610456144,
                                    0.03275008021608433,
                                    0.01855749786752354,
                                    0.00217095395782931,
                                    -0.01851381451105007,
                                    -0.04722574936345419,
                                    -0.07151540514482006,
                                    -0.06827195484995092,
                                    -0.03290227240464227,
                                    0.01043861198275382,
                                    0.03236563559476477,
                                    0.02040121529932702,
                                    -0.00509649513318102,
                                    -0.01388353426600228,
                                    -0.00523671715033842,
                                    0.00665852487721137,
                                    0.01593540832939290,
                                    0.02080509201836796};
constexpr double kLeadByLevel[86] = {0.0,
                                     -0.01410622186823351,
                                     0.34478044709202327,
                                     0.84225842837363574,
                                     1.02446537989058117,
                                     0.84094709567790016,
                                     0.49231169327705593,
                                     0.08965111766223610,
                                     -0.23921137841068607,
                                     -0.35058962687321482,
                                     -0.23447405567823365,
                                     -0.05025985449763527,
                                     0.05484648240248013,
                                     0.04054223744746116,
                                     -0.01876754906568237,
                                     -0.06772130758771169,
                                     -0.10590928840978781,
                                     -0.13120101199677947,
                                     -0.13883400806512292,
                                     -0.07840461228402337,
                                     -0.01194366471800457,
                                     -0.07687598594361914,
                                     -0.20118461131186977,
                                     -0.30005716443826147,
                                     -0.40459872030013055,
                                     -0.47292767226083465,
                                     -0.45182121471666481,
                                     -0.38272684270752266,
                                     -0.28829580273670768,
                                     -0.18886898332071317,
                                     -0.11158788414137354,
                                     -0.02621299102374547,
                                     0.03585678078834797,
                                     0.02574469802924526,
                                     -0.01354331184333835,
                                     -0.04242183865883427,
                                     -0.06890873292358397,
                                     -0.11482972519137427,
                                     -0.18016014431438840,
                                     -0.24521957638633446,
                                     -0.25669472097572482,
                                     -0.15048064682912729,
                                     0.00200335414623601,
                                     0.06498125592578702,
                                     0.01940451360783622,
                                     -0.07335755969763329,
                                     -0.14258849371688248,
                                     -0.14379354707665129,
                                     -0.07639718586346110,
                                     0.00595536565276915,
                                     0.03856769526301793,
                                     0.00760539424271147,
                                     -0.06411014430053390,
                                     -0.15068618173358578,
                                     -0.21200636329120301,
                                     -0.19620269813094307,
                                     -0.11864999881200111,
                                     -0.02630070679113791,
                                     0.04439260202207482,
                                     0.04508635396034735,
                                     0.00205637806941426,
                                     -0.00063732526427685,
                                     0.05333738901586284,
                                     0.10942832669749143,
                                     0.11189204189054594,
                                     0.04449822818925343,
                                     -0.06944648050933899,
                                     -0.17843652160132820,
                                     -0.21986013433664692,
                                     -0.15869878676112170,
                                     -0.02337224995718105,
                                     0.10971764224593601,
                                     0.17214910008793413,
                                     0.14341588977845254,
                                     0.04684695724814321,
                                     -0.07022207121861397,
                                     -0.16328400808152735,
                                     -0.20184486126076279,
                                     -0.17125821306380920,
                                     -0.09103660189829657,
                                     -0.01170360991547489,
                                     0.03588955538451771,
                                     0.07068798057534148,
                                     0.11666210640054926,
                                     0.15844892856402149,
                                     0.17186274420065850};

// Big's cabinet, 81 taps, read the same way.
constexpr double kBigLinear[82] = {0.0,
                                   1.35472031405494242,
                                   1.63534207755253003,
                                   1.82334575691525869,
                                   1.86156386235405868,
                                   1.67332739338852599,
                                   1.25054130794899021,
                                   0.70049121047281737,
                                   0.15291791448081560,
                                   -0.37301992914152693,
                                   -0.76568539228498433,
                                   -0.95726568749937369,
                                   -1.01273552193911032,
                                   -0.93920108117234447,
                                   -0.79831898832953974,
                                   -0.64200088100452313,
                                   -0.48807302802822128,
                                   -0.36545171501947982,
                                   -0.31469581455759105,
                                   -0.36893534817945800,
                                   -0.41092557722975687,
                                   -0.38584044480710594,
                                   -0.33378434007178670,
                                   -0.26144203061699706,
                                   -0.25818342000920502,
                                   -0.28096018498822661,
                                   -0.25845682019095384,
                                   -0.26655607865953096,
                                   -0.30590085026938518,
                                   -0.32875683916470899,
                                   -0.38166643180506560,
                                   -0.49068186937289598,
                                   -0.60274753867622777,
                                   -0.65944678627090636,
                                   -0.64488955808717285,
                                   -0.55818730353434354,
                                   -0.43110859113387556,
                                   -0.37726894966096269,
                                   -0.39953242355200935,
                                   -0.36726676379100875,
                                   -0.27187029469227386,
                                   -0.21109334552321635,
                                   -0.19808797405293213,
                                   -0.16287926785495671,
                                   -0.11086621477163359,
                                   -0.07531043236890560,
                                   -0.01747364473230771,
                                   0.03080279125662693,
                                   0.02354148659185142,
                                   -0.02835772372098715,
                                   -0.08983370744565244,
                                   -0.14148947620055380,
                                   -0.17576502674572581,
                                   -0.17168865666573860,
                                   -0.14107027738292105,
                                   -0.12287163395380074,
                                   -0.12276622398112971,
                                   -0.12349721440213673,
                                   -0.08649454142716655,
                                   -0.00953083685474757,
                                   0.06045983158868478,
                                   0.09053229817093242,
                                   0.08112662178843048,
                                   0.07503525686243730,
                                   0.07372595404399729,
                                   0.06073789200080433,
                                   0.04616712695742254,
                                   0.01036235510345900,
                                   -0.03708389413229191,
                                   -0.07092204876981217,
                                   -0.09443579589460312,
                                   -0.07824038577769601,
                                   -0.00854730633079399,
                                   0.06845589924191028,
                                   0.10351569998375465,
                                   0.10513368758532179,
                                   0.08896978950235003,
                                   0.03697537734050980,
                                   -0.04014322441280276,
                                   -0.10505934581398618,
                                   -0.13937661651676272,
                                   -0.13183458845108439};
constexpr double kBigByLevel[82] = {0.0,
                                    0.00220914099195157,
                                    -0.11406232654509685,
                                    -0.42647194712964054,
                                    -0.76744187887586590,
                                    -0.95161997324293013,
                                    -0.98410433514572859,
                                    -0.87375612110718992,
                                    -0.61195266024519046,
                                    -0.16755422915252094,
                                    0.28554435228965386,
                                    0.61659719162806048,
                                    0.81827288407943954,
                                    0.80077111864205874,
                                    0.65814750339694406,
                                    0.46135833001232618,
                                    0.15506178974799034,
                                    -0.16126103769376721,
                                    -0.32250870039053953,
                                    -0.25409418897237473,
                                    -0.13114730488878301,
                                    -0.06825323739722661,
                                    -0.04144255489164217,
                                    -0.06031313105098152,
                                    -0.03642289242586355,
                                    -0.00976973667327174,
                                    -0.02749015358080831,
                                    0.00329839675455690,
                                    0.07375043215328811,
                                    0.12454134857516502,
                                    0.19973911428609989,
                                    0.34785166842136384,
                                    0.48685038872711034,
                                    0.49844657885975518,
                                    0.40514406499806987,
                                    0.28029870614987346,
                                    0.15373504582939335,
                                    0.11570983506028532,
                                    0.17879231130484088,
                                    0.22013553023983223,
                                    0.18461171768478427,
                                    0.14497481318083569,
                                    0.14916579928186940,
                                    0.15146098461120627,
                                    0.13182973443924018,
                                    0.08062172796472888,
                                    -0.02201865873632456,
                                    -0.08721756240972101,
                                    -0.06376361763053796,
                                    -0.00589978513642627,
                                    0.02350960427706536,
                                    0.03329826628693369,
                                    0.06507546651241880,
                                    0.07734801128437317,
                                    0.03136459344220402,
                                    -0.01933408169185258,
                                    -0.01983508766241737,
                                    0.01111031415304768,
                                    -0.02252815645513927,
                                    -0.13778878548343007,
                                    -0.23966318224935096,
                                    -0.27190119941572544,
                                    -0.22456862606452327,
                                    -0.14330154410548213,
                                    -0.06185193766408734,
                                    0.01261857435786178,
                                    0.05851771967084609,
                                    0.08286534414423796,
                                    0.06695282381039531,
                                    0.01915829199112784,
                                    -0.01210082455316246,
                                    -0.06121988546065113,
                                    -0.14468518752295506,
                                    -0.18902431382592944,
                                    -0.13204443060279647,
                                    -0.02993199294485649,
                                    0.04074499273825906,
                                    0.09217751130846838,
                                    0.14062297149365666,
                                    0.16988861157275814,
                                    0.15083294570551492,
                                    0.06657454442471208};

// The six ultrasonic low-passes share a cutoff; their resonances stagger (a 12th-order
// Butterworth-like cascade).
constexpr double kResonance[AmpLanes::kBiquads] = {4.46570214, 1.51387132, 0.93979296,
                                                   0.70710678, 0.52972649, 0.50316379};

// Lead: after which stage (0-based) each of biquads 1..5 runs; biquad 0 runs before the first.
constexpr int kBiquadAfter[AmpLanes::kStages] = {1, 2, -1, 3, -1, 4, -1, 5, -1, -1, -1};

double uniform(std::uint32_t noise) {
  return static_cast<double>(noise) * (1.0 / 4294967295.0);
}

// The cabinet's taps 1..taps: sum of past[k] * (linear[k] + byLevel[k] * |past[k]|). Four
// running sums instead of one, so the adds do not wait on each other and an AVX2 build takes four
// taps an instruction (the total differs from one running sum only in the last bits).
double cabinetTaps(const double* past, const double* linear, const double* byLevel,
                   std::size_t taps) {
  double sums[4] = {0.0, 0.0, 0.0, 0.0};
  std::size_t k = 1;
  for (; k + 3 <= taps; k += 4)
    for (std::size_t j = 0; j < 4; ++j)
      sums[j] += past[k + j] * (linear[k + j] + byLevel[k + j] * std::fabs(past[k + j]));
  for (; k <= taps; ++k) sums[0] += past[k] * (linear[k] + byLevel[k] * std::fabs(past[k]));
  return (sums[0] + sums[1]) + (sums[2] + sums[3]);
}

// One lane's cabinet: a three-sample average, the level-dependent FIR, another average, the
// dither smear and the mix.
double cabinet(AmpLanes& a, int l, double x, double dry) {
  constexpr double third = 1.0 / 3.0;  // a product: a division would wait far longer
  double t = (x + a.smoothCabA[l]) * third;
  a.smoothCabA[l] = x;
  x = t;
  // The history is kept twice over, so the taps are one contiguous run without shifting:
  // past[k] is the sample k steps back.
  std::size_t& at = a.cabAt[l];
  at = at == 0 ? kCabTaps : at - 1;
  a.cab[l][at] = a.cab[l][at + kCabTaps + 1] = x;
  const double* past = a.cab[l] + at;
  const double* linear = a.lead ? kLeadLinear : kBigLinear;
  const double* byLevel = a.lead ? kLeadByLevel : kBigByLevel;
  const std::size_t taps = (a.lead ? sizeof kLeadLinear : sizeof kBigLinear) / sizeof(double) - 1;
  x += cabinetTaps(past, linear, byLevel, taps);
  t = (x + a.smoothCabB[l]) * third;
  a.smoothCabB[l] = x;
  x = t / 4.0;
  const double randy = uniform(a.noise[l]) * (a.lead ? 0.079 : 0.05);
  const double out =
      ((x * (1.0 - randy) + a.lastCab[l] * randy) * a.wet[l] + dry * (1.0 - a.wet[l])) *
      a.output[l];
  a.lastCab[l] = x;
  return out;
}

// The cabinet runs once every cycleEnd samples (once a sample up to 88.2 kHz); the samples
// between are interpolated from its last two outputs, then smoothed as the original does.
double cabinetAndSmoothing(AmpLanes& a, int l, double amp, double dry) {
  double* r = a.lastRef[l];
  const int cycle = a.cycle[l / 2];
  double y;
  if (cycle == a.cycleEnd) {
    const double v = cabinet(a, l, amp, dry);
    switch (a.cycleEnd) {
      case 4:
        r[0] = r[4];
        r[2] = (r[0] + v) / 2;
        r[1] = (r[0] + r[2]) / 2;
        r[3] = (r[2] + v) / 2;
        r[4] = v;
        break;
      case 3:
        r[0] = r[3];
        r[2] = (r[0] + r[0] + v) / 3;
        r[1] = (r[0] + v + v) / 3;
        r[3] = v;
        break;
      case 2:
        r[0] = r[2];
        r[1] = (r[0] + v) / 2;
        r[2] = v;
        break;
      default:
        r[0] = v;
    }
    y = r[0];
  } else {
    y = r[cycle];
  }
  for (int pole = a.cycleEnd < 4 ? a.cycleEnd : 4; pole >= 2; --pole) {
    const int slot = pole + 3;  // 7, 6, 5 as in the original
    const double previous = r[slot];
    r[slot] = y;
    y = (y + previous) * 0.5;
  }
  return y;
}

// Two native vectors as one: every step of the kernel runs on both halves back to back, so two
// independent groups of lanes overlap their chains of dependent operations.
template <class N>
struct Twin {
  N lo, hi;
  static constexpr int kHalf = sizeof(N) / 8;

  auto operator[](int j) const { return j < kHalf ? lo[j] : hi[j - kHalf]; }
  template <class X>
  void set(int j, X x) {
    if (j < kHalf)
      lo[j] = x;
    else
      hi[j - kHalf] = x;
  }
  Twin operator-() const { return {-lo, -hi}; }
};
template <class N>
Twin<N> twin(N lo, N hi) {
  return {lo, hi};
}
#define TONEWOOD_TWIN_OPERATOR(op)                                               \
  template <class N>                                                             \
  auto operator op(const Twin<N>& a, const Twin<N>& b) {                         \
    return twin(a.lo op b.lo, a.hi op b.hi);                                     \
  }                                                                              \
  template <class N, class S, class = std::enable_if_t<std::is_arithmetic_v<S>>> \
  auto operator op(const Twin<N>& a, S b) {                                      \
    return twin(a.lo op b, a.hi op b);                                           \
  }                                                                              \
  template <class N, class S, class = std::enable_if_t<std::is_arithmetic_v<S>>> \
  auto operator op(S a, const Twin<N>& b) {                                      \
    return twin(a op b.lo, a op b.hi);                                           \
  }
TONEWOOD_TWIN_OPERATOR(+)
TONEWOOD_TWIN_OPERATOR(-)
TONEWOOD_TWIN_OPERATOR(*)
TONEWOOD_TWIN_OPERATOR(/)
TONEWOOD_TWIN_OPERATOR(<)
TONEWOOD_TWIN_OPERATOR(>)
TONEWOOD_TWIN_OPERATOR(!=)
TONEWOOD_TWIN_OPERATOR(|)
TONEWOOD_TWIN_OPERATOR(&)
#undef TONEWOOD_TWIN_OPERATOR
template <class N, class X>
Twin<N>& operator+=(Twin<N>& a, const X& b) {
  return a = a + b;
}
template <class N, class X>
Twin<N>& operator-=(Twin<N>& a, const X& b) {
  return a = a - b;
}
template <class N, class X>
Twin<N>& operator*=(Twin<N>& a, const X& b) {
  return a = a * b;
}
template <class N, class X>
Twin<N>& operator/=(Twin<N>& a, const X& b) {
  return a = a / b;
}

// Lane by lane: a where m is set, else b.
template <class M, class V>
[[gnu::always_inline]] inline V select(M m, V a, V b) {
  return m ? a : b;
}
template <class MN, class N>
[[gnu::always_inline]] inline Twin<N> select(const Twin<MN>& m, const Twin<N>& a,
                                             const Twin<N>& b) {
  return {m.lo ? a.lo : b.lo, m.hi ? a.hi : b.hi};
}
template <class V, class X>
[[gnu::always_inline]] inline void setLane(V& v, int j, X x) {
  v[j] = x;
}
template <class N, class X>
[[gnu::always_inline]] inline void setLane(Twin<N>& v, int j, X x) {
  v.set(j, x);
}

// The kernel for W lanes: 2 (one amp), 4 (two amps) or 8 (four amps, as two halves).
// (One vector type per width, spelled out: GCC drops a vector_size that depends on a template
// parameter.)
template <int W>
struct VectorOf;
template <>
struct VectorOf<2> {
  typedef double V __attribute__((vector_size(16)));
  using M = decltype(V{} < V{});  // the compiler's own mask type (its integer type varies)
};
template <>
struct VectorOf<4> {
  typedef double V __attribute__((vector_size(32)));
  using M = decltype(V{} < V{});  // the compiler's own mask type (its integer type varies)
};
template <>
struct VectorOf<8> {
  using V = Twin<VectorOf<4>::V>;
  using M = Twin<VectorOf<4>::M>;
};

template <int W>
struct Lanes {
  using V = typename VectorOf<W>::V;
  using M = typename VectorOf<W>::M;

  [[gnu::always_inline]] static V load(const double* p) {
    V v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  [[gnu::always_inline]] static void store(double* p, V v) { std::memcpy(p, &v, sizeof v); }
  [[gnu::always_inline]] static V splat(double x) { return V{} + x; }
  [[gnu::always_inline]] static M splatMask(std::int64_t x) { return M{} + x; }
  // The library's min, max and clamp, lane by lane, with their exact comparisons (so NaN and signed
  // zeros come out as they do in one channel's scalar code).
  [[gnu::always_inline]] static V vmin(V a, V b) { return select(b < a, b, a); }
  [[gnu::always_inline]] static V vclamp(V v, V lo, V hi) {
    return select(v < lo, lo, select(hi < v, hi, v));
  }
  [[gnu::always_inline]] static V vabs(V v) {
    // The sign bit cleared, as fabs does (casts between vector types would convert the values).
    const M magnitude = splatMask(INT64_MAX);
    return __builtin_bit_cast(V, __builtin_bit_cast(M, v) & magnitude);
  }

  // sin(x): the amps call it some twenty times a sample per channel, almost always within
  // [-pi, pi], where a Taylor polynomial on [-pi/2, pi/2] (error below 1e-11, far under a float's
  // resolution) is several times faster than libm. Lanes beyond pi fall back to libm.
  [[gnu::always_inline]] static V sine(V x) {
    constexpr double pi = std::numbers::pi, halfPi = pi / 2;
    const V r = select(x > halfPi, pi - x, select(x < -halfPi, -pi - x, x));
    // Estrin's scheme: the same polynomial taken in pairs, so fewer steps wait on each other.
    // (Products by the reciprocals: dividing by a constant would cost a real division.)
    constexpr double c3 = -1.0 / 6, c5 = 1.0 / 120, c7 = -1.0 / 5040, c9 = 1.0 / 362880,
                     c11 = -1.0 / 39916800, c13 = 1.0 / 6227020800, c15 = -1.0 / 1307674368000.0;
    const V y = r * r, y2 = y * y, y4 = y2 * y2;
    const V low = (1.0 + c3 * y) + (c5 + c7 * y) * y2;
    const V high = (c9 + c11 * y) + (c13 + c15 * y) * y2;
    V out = r * (low + high * y4);
    const M wide = (x > pi) | (x < -pi);
    for (int l = 0; l < W; ++l)
      if (wide[l]) setLane(out, l, std::sin(x[l]));
    return out;
  }

  [[gnu::always_inline]] static V sineClip(V x) {
    return sine(vclamp(x, splat(-kHalfPi), splat(kHalfPi)));
  }

  // Big's overdrive: two sine stages on |x| pushed by the skew, blended back with the input.
  [[gnu::always_inline]] static V bigOverdrive(V x, V skew, bool twice) {
    V r = vmin(vabs(x) + skew, splat(kHalfPi));
    if (twice) r = vmin(sine(r) * kHalfPi + skew, splat(kHalfPi));
    r = sine(r) * kHalfPi;
    const V body = x * (-0.57079633 + skew), edge = r * (kHalfPi + skew);
    return select(x > 0.0, body + edge, body - edge);
  }

  // The amps' state as vectors while a block runs.
  struct State {
    V startLevel, eq, bassFactor, toneEq, output, wet, bleed, speakerEq, bassFill, bassTrim,
        inputLevel;
    V a0[AmpLanes::kBiquads], a1[AmpLanes::kBiquads], a2[AmpLanes::kBiquads],
        b1[AmpLanes::kBiquads], b2[AmpLanes::kBiquads], s1[AmpLanes::kBiquads],
        s2[AmpLanes::kBiquads];
    V iir[AmpLanes::kStages], smooth[AmpLanes::kStages];
    V last, lowpass, speakerA, speakerB, sub, store;
    V noise;                  ///< each lane's dither draw for this sample, 0..1
    int base = 0, lanes = 0;  ///< this pass's first lane in AmpLanes, and how many are in use

    [[gnu::always_inline]] V biquad(int f, V x) {
      const V y = x * a0[f] + s1[f];
      s1[f] = x * a1[f] - y * b1[f] + s2[f];
      s2[f] = x * a2[f] - y * b2[f];
      return y;
    }
  };

  // The 4x12 speaker comb, one lane at a time: written at the amp's count of its odd or even line,
  // the sum of three taps a diagonal apart comes back.
  static V speakerComb(const AmpLanes& a, const State& s, V x) {
    V out = {};
    for (int j = 0; j < s.lanes; ++j) {
      const int l = s.base + j, amp = l / 2;
      double* comb = a.flip[amp] ? a.odd[l] : a.even[l];
      const auto at = static_cast<std::size_t>(a.count[amp]);
      comb[at + 128] = comb[at] = x[j];
      setLane(out, j,
              comb[at + static_cast<std::size_t>(a.down)] +
                  comb[at + static_cast<std::size_t>(a.side)] +
                  comb[at + static_cast<std::size_t>(a.diagonal)]);
    }
    return out;
  }

  // Lead: eleven gain stages, each a level step, a one-pole bass cut that deepens stage by stage, a
  // sine clip and a two-sample sum (left at twice its size); then tone, speakers, sub and clip.
  [[gnu::always_inline]] static V leadPreamp(const AmpLanes& a, State& s, V x) {
    x = s.biquad(0, x);
    V level = s.startLevel, bassCut = splat(0.99);
    for (int st = 0; st < AmpLanes::kStages; ++st) {
      bassCut *= s.bassFactor;
      V v = x * level;
      s.iir[st] = s.iir[st] * (1.0 - s.eq) + v * s.eq;
      v = sineClip(v - s.iir[st] * bassCut);
      x = s.smooth[st] + v;
      s.smooth[st] = v;
      level = (level * 7.0 + 1.0) / 8.0;
      if (const int f = kBiquadAfter[st]; f > 0) x = s.biquad(f, x);
    }
    V v = s.lowpass = s.lowpass * (1.0 - s.toneEq) + x * s.toneEq;
    s.speakerA = s.speakerA * (1.0 - s.speakerEq) + v * s.speakerEq;
    const V speakers = speakerComb(a, s, s.speakerA);
    s.speakerB = s.speakerB * (1.0 - s.speakerEq) + speakers * s.speakerEq;
    v += s.speakerB * s.bleed;
    s.sub = s.sub * (1.0 - s.speakerEq) + v * s.speakerEq;
    v += s.sub * s.bassFill;
    const V clipped = sine(vmin(vabs(v * s.output), splat(kHalfPi)));
    v = select(v > 0.0, clipped, -clipped);
    const V randy = s.noise * 0.084;
    v = (v * (1.0 - randy) + s.store * randy) * s.output;
    s.store = v;
    return v;
  }

  // Big: iir[0..6] are the original's filters A..G (its H, I and J are the speaker and sub filters
  // Lead has too). A slew "skew" from the input's slope, three overdrive stages whose one-pole
  // filters move faster as the signal grows, then speakers, sub and a sine clip.
  [[gnu::always_inline]] static V bigPreamp(const AmpLanes& a, State& s, V x) {
    V offset;
    auto onePole = [&](V& state, V in, V rate) {
      state = state * (1.0 - offset * rate) + in * (offset * rate);
      return state;
    };
    V bassCut = s.bassTrim;
    V v = s.biquad(0, x);
    // The skew: the input's slope through a full sine, scaled by the input and the bass trim.
    V k = v - s.last;
    s.last = v;
    const V bend = sine(vmin(vabs(k), splat(3.1415926)));
    k = select(k > 0.0, bend, -bend) * v;
    V skew = (k + k * s.bassTrim) / 2.0;
    v = s.biquad(1, v * s.bassTrim) * s.inputLevel;
    offset = vclamp((1.0 - s.eq) + vabs(v) * s.eq, splat(0.0), splat(1.0));
    v -= onePole(s.iir[0], v, s.eq) * bassCut;
    v = bigOverdrive(v, skew, true);
    v -= onePole(s.iir[1], v, s.eq) * bassCut;
    x = v;
    bassCut /= 2.0;
    // Stages two and three: gain, the skew halved, the filters' rate nearer full, overdrive, a
    // high-pass (its cut halved again) and a low-pass.
    auto middleStage = [&](int highPass, M halveSkew) {
      V u = x * s.inputLevel;
      skew = select(halveSkew, skew / 2.0, skew);
      offset = (1.0 + offset) / 2.0;
      u = bigOverdrive(u, skew, true);
      u -= onePole(s.iir[highPass], u, s.eq) * bassCut;
      x = onePole(s.iir[highPass + 1], u, s.eq);
    };
    // The original skips halving the right channel's skew in the second stage.
    M leftLanes;
    for (int l = 0; l < W; ++l) setLane(leftLanes, l, l % 2 == 0 ? -1 : 0);
    x = s.biquad(2, x);
    middleStage(2, leftLanes);
    bassCut /= 2.0;
    x = s.biquad(3, x);
    middleStage(4, splatMask(-1));
    // The output stage: less gain (one sine), no high-pass.
    v = s.biquad(4, x) * s.inputLevel;
    skew /= 2.0;
    offset = (1.0 + offset) / 2.0;
    v = onePole(s.iir[6], bigOverdrive(v, skew, false), s.eq);
    const V speakers = speakerComb(a, s, onePole(s.speakerA, v, s.speakerEq));
    v += onePole(s.speakerB, speakers, s.speakerEq) * s.bleed;
    v += onePole(s.sub, v, s.speakerEq) * s.bassFill;
    v = sine(v * s.output);
    const V randy = s.noise * 0.04;
    v = (v * (1.0 - randy) + s.store * randy) * s.output;
    s.store = v;
    return s.biquad(5, v);
  }

  // Amps first .. first + W / 2 - 1 (fewer if there are fewer), for `frames` samples.
  static void run(AmpLanes& a, int frames, int first) {
    State s;
    s.base = 2 * first;
    s.lanes = a.amps - first < W / 2 ? 2 * (a.amps - first) : W;
    const int lastAmp = first + s.lanes / 2;
    auto in = [&](const double* p) { return load(p + s.base); };
    auto out = [&](double* p, V v) { store(p + s.base, v); };
    s.startLevel = in(a.startLevel), s.eq = in(a.eq), s.bassFactor = in(a.bassFactor);
    s.toneEq = in(a.toneEq), s.output = in(a.output), s.wet = in(a.wet);
    s.bleed = in(a.bleed), s.speakerEq = in(a.speakerEq), s.bassFill = in(a.bassFill);
    s.bassTrim = in(a.bassTrim), s.inputLevel = in(a.inputLevel);
    for (int f = 0; f < AmpLanes::kBiquads; ++f) {
      s.a0[f] = in(a.a0[f]), s.a1[f] = in(a.a1[f]), s.a2[f] = in(a.a2[f]);
      s.b1[f] = in(a.b1[f]), s.b2[f] = in(a.b2[f]);
      s.s1[f] = in(a.s1[f]), s.s2[f] = in(a.s2[f]);
    }
    for (int st = 0; st < AmpLanes::kStages; ++st)
      s.iir[st] = in(a.iir[st]), s.smooth[st] = in(a.smooth[st]);
    s.last = in(a.last), s.lowpass = in(a.lowpass), s.speakerA = in(a.speakerA);
    s.speakerB = in(a.speakerB), s.sub = in(a.sub), s.store = in(a.store);
    const M wetMix = s.wet != 1.0;

    for (int i = 0; i < frames; ++i) {
      for (int k = first; k < lastAmp; ++k)
        if (a.count[k] < 0 || a.count[k] > 128) a.count[k] = 128;
      V dry = {};
      s.noise = V{};
      for (int j = 0; j < s.lanes; ++j) {
        setLane(dry, j, a.io[s.base + j][i]);
        setLane(s.noise, j, uniform(a.noise[s.base + j]));
      }
      V amp = a.lead ? leadPreamp(a, s, dry) : bigPreamp(a, s, dry);
      amp = select(wetMix, amp * s.wet + dry * (1.0 - s.wet), amp);
      for (int k = first; k < lastAmp; ++k) {
        --a.count[k];
        a.flip[k] = !a.flip[k];
        ++a.cycle[k];
      }
      for (int j = 0; j < s.lanes; ++j) {
        const int l = s.base + j;
        a.io[l][i] = static_cast<float>(cabinetAndSmoothing(a, l, amp[j], dry[j]));
        std::uint32_t& n = a.noise[l];
        n ^= n << 13;
        n ^= n >> 17;
        n ^= n << 5;
      }
      for (int k = first; k < lastAmp; ++k)
        if (a.cycle[k] == a.cycleEnd) a.cycle[k] = 0;
    }

    for (int f = 0; f < AmpLanes::kBiquads; ++f) out(a.s1[f], s.s1[f]), out(a.s2[f], s.s2[f]);
    for (int st = 0; st < AmpLanes::kStages; ++st)
      out(a.iir[st], s.iir[st]), out(a.smooth[st], s.smooth[st]);
    out(a.last, s.last), out(a.lowpass, s.lowpass), out(a.speakerA, s.speakerA);
    out(a.speakerB, s.speakerB), out(a.sub, s.sub), out(a.store, s.store);
  }
};

// The amps in passes of one (two lanes) or, where the build has 256-bit vectors, two (four lanes):
// the widths the processor computes natively.
template <int MaxWidth>
void runAmpLanes(AmpLanes& a, int frames) {
  for (int first = 0; first < a.amps;) {
    if constexpr (MaxWidth >= 8) {
      if (a.amps - first >= 4) {
        Lanes<8>::run(a, frames, first);
        first += 4;
        continue;
      }
    }
    if constexpr (MaxWidth >= 4) {
      if (a.amps - first >= 2) {
        Lanes<4>::run(a, frames, first);
        first += 2;
        continue;
      }
    }
    {
      Lanes<2>::run(a, frames, first);
      first += 1;
    }
  }
}

}  // namespace
}  // namespace tonewood::dsp
