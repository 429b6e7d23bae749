#include "tonewood/dsp/airwindows_amp.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "tonewood/core/simd_clones.hpp"

namespace tonewood::dsp {

namespace {

// The sine clip's limit, as the original writes pi/2.
constexpr double kHalfPi = 1.57079633;

// Lead's cabinet: tap k (1..85, k samples back) adds x_k * (kLinear[k] + kByLevel[k] * |x_k|).
constexpr std::array<double, 86> kLeadLinear = {0.0,
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
constexpr std::array<double, 86> kLeadByLevel = {0.0,
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
constexpr std::array<double, 82> kBigLinear = {0.0,
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
constexpr std::array<double, 82> kBigByLevel = {0.0,
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
constexpr std::array<double, AirwindowsAmp::kBiquads> kResonance = {
    4.46570214, 1.51387132, 0.93979296, 0.70710678, 0.52972649, 0.50316379};

// Lead: after which stage (0-based) each of biquads 1..5 runs; biquad 0 runs before the first.
constexpr std::array<int, AirwindowsAmp::kLeadStages> kBiquadAfter = {1,  2, -1, 3,  -1, 4,
                                                                      -1, 5, -1, -1, -1};

// sin(x): these amps call it some twenty times a sample per channel (per voice, in a per-voice
// chain), almost always within [-pi, pi], where a Taylor polynomial on [-pi/2, pi/2] (error
// below 1e-11, far under a float's resolution) is several times faster than libm.
double sine(double x) noexcept {
  constexpr double pi = std::numbers::pi, halfPi = pi / 2;
  if (x > halfPi) {
    if (x > pi) return std::sin(x);
    x = pi - x;
  } else if (x < -halfPi) {
    if (x < -pi) return std::sin(x);
    x = -pi - x;
  }
  // Estrin's scheme: the same polynomial taken in pairs, so fewer steps wait on each other.
  // (Products by the reciprocals: dividing by a constant would cost a real division.)
  constexpr double c3 = -1.0 / 6, c5 = 1.0 / 120, c7 = -1.0 / 5040, c9 = 1.0 / 362880,
                   c11 = -1.0 / 39916800, c13 = 1.0 / 6227020800, c15 = -1.0 / 1307674368000.0;
  const double y = x * x, y2 = y * y, y4 = y2 * y2;
  const double low = (1.0 + c3 * y) + (c5 + c7 * y) * y2;
  const double high = (c9 + c11 * y) + (c13 + c15 * y) * y2;
  return x * (low + high * y4);
}

double sineClip(double x) noexcept {
  return sine(std::clamp(x, -kHalfPi, kHalfPi));
}

// Big's overdrive: two sine stages on |x| pushed by the skew, blended back with the input.
double bigOverdrive(double x, double skew, bool twice) noexcept {
  double r = std::min(std::abs(x) + skew, kHalfPi);
  if (twice) r = std::min(sine(r) * kHalfPi + skew, kHalfPi);
  r = sine(r) * kHalfPi;
  const double body = x * (-0.57079633 + skew), edge = r * (kHalfPi + skew);
  return x > 0.0 ? body + edge : body - edge;
}

double uniform(std::uint32_t noise) noexcept {
  return static_cast<double>(noise) * (1.0 / 4294967295.0);
}
// The cabinet's taps 1..taps: sum of past[k] * (linear[k] + byLevel[k] * |past[k]|). Four
// running sums instead of one, so the adds do not wait on each other and the AVX2 clone can take
// four taps an instruction (the total differs from one running sum only in the last bits).
TONEWOOD_SIMD_CLONES double cabinetTaps(const double* past, const double* linear,
                                        const double* byLevel, std::size_t taps) noexcept {
  double sums[4] = {0.0, 0.0, 0.0, 0.0};
  std::size_t k = 1;
  for (; k + 3 <= taps; k += 4)
    for (std::size_t j = 0; j < 4; ++j)
      sums[j] += past[k + j] * (linear[k + j] + byLevel[k + j] * std::abs(past[k + j]));
  for (; k <= taps; ++k) sums[0] += past[k] * (linear[k] + byLevel[k] * std::abs(past[k]));
  return (sums[0] + sums[1]) + (sums[2] + sums[3]);
}
}  // namespace

double AirwindowsAmp::Biquad::run(double x, int c) noexcept {
  const double y = x * a0 + s1[c];
  s1[c] = x * a1 - y * b1 + s2[c];
  s2[c] = x * a2 - y * b2;
  return y;
}

void AirwindowsAmp::prepare(double sampleRate) noexcept {
  sampleRate_ = sampleRate;
  cycleEnd_ = std::clamp(static_cast<int>(std::floor(sampleRate / 44100.0)), 1, 4);
  diagonal_ = std::min(127, static_cast<int>(0.000861678 * sampleRate));
  side_ = static_cast<int>(diagonal_ / std::numbers::sqrt2);
  down_ = (side_ + diagonal_) / 2;
  reset();
  configure(settings_);
}

void AirwindowsAmp::reset() noexcept {
  for (auto& f : fix_) f.s1[0] = f.s1[1] = f.s2[0] = f.s2[1] = 0.0;
  ch_ = {};
  ch_[0].noise = 0x9E3779B9u;  // fixed seeds: the same output on every run
  ch_[1].noise = 0x7F4A7C15u;
  count_ = 0;
  cycle_ = 0;
  flip_ = false;
}

void AirwindowsAmp::configure(const AmpSettings& s) noexcept {
  settings_ = s;
  model_ = s.mode == 3 ? Model::Big : Model::Lead;
  const double a = std::clamp(s.a, 0.0, 1.0), b = std::clamp(s.b, 0.0, 1.0),
               c = std::clamp(s.c, 0.0, 1.0), d = std::clamp(s.d, 0.0, 1.0);
  output_ = c;
  wet_ = d;
  bleed_ = c / 16.0;
  speakerEq_ = bleed_ / sampleRate_ * 22050.0;
  bassFill_ = a;
  if (model_ == Model::Lead) {
    const double bassTrim = a / 10.0;
    startLevel_ = a;
    eq_ = bassTrim / sampleRate_ * 22050.0;
    bassFactor_ = 1.0 - bassTrim * bassTrim;
    toneEq_ = b / sampleRate_ * 22050.0;
  } else {
    bassTrim_ = b;
    inputLevel_ = 3.0 * a;
    eq_ = b / sampleRate_ * 22050.0;
  }
  const double cutoff = std::clamp((15000.0 + b * 10000.0) / sampleRate_, 0.001, 0.49);
  const double k = std::tan(std::numbers::pi * cutoff);
  for (int i = 0; i < kBiquads; ++i) {
    Biquad& f = fix_[static_cast<std::size_t>(i)];
    const double q = kResonance[static_cast<std::size_t>(i)];
    const double norm = 1.0 / (1.0 + k / q + k * k);
    f.a0 = k * k * norm;
    f.a1 = 2.0 * f.a0;
    f.a2 = f.a0;
    f.b1 = 2.0 * (k * k - 1.0) * norm;
    f.b2 = (1.0 - k / q + k * k) * norm;
  }
}

double AirwindowsAmp::speakerComb(Channel& h, double x) const noexcept {
  auto& comb = flip_ ? h.odd : h.even;
  const auto at = static_cast<std::size_t>(count_);
  comb[at + 128] = comb[at] = x;
  return comb[at + static_cast<std::size_t>(down_)] + comb[at + static_cast<std::size_t>(side_)] +
         comb[at + static_cast<std::size_t>(diagonal_)];
}

void AirwindowsAmp::leadPreamp(double* x) noexcept {
  // Both channels step by step together: two independent chains the processor can overlap
  // (each alone is a long chain of dependent operations).
  for (int c = 0; c < 2; ++c) x[c] = fix_[0].run(x[c], c);
  double level = startLevel_, bassCut = 0.99;
  for (int s = 0; s < kLeadStages; ++s) {
    bassCut *= bassFactor_;
    const auto st = static_cast<std::size_t>(s);
    for (int c = 0; c < 2; ++c) {
      Channel& h = ch_[static_cast<std::size_t>(c)];
      double v = x[c] * level;
      double& iir = h.iir[st];
      iir = iir * (1.0 - eq_) + v * eq_;
      v = sineClip(v - iir * bassCut);
      const double sum = h.smooth[st] + v;  // the two-sample average, left at twice its size
      h.smooth[st] = v;
      x[c] = sum;
    }
    level = (level * 7.0 + 1.0) / 8.0;
    if (const int f = kBiquadAfter[st]; f > 0)
      for (int c = 0; c < 2; ++c) x[c] = fix_[static_cast<std::size_t>(f)].run(x[c], c);
  }
  for (int c = 0; c < 2; ++c) {
    Channel& h = ch_[static_cast<std::size_t>(c)];
    double v = h.lowpass = h.lowpass * (1.0 - toneEq_) + x[c] * toneEq_;
    // 4x12 speakers: a comb over alternate samples, three taps a diagonal apart.
    h.speakerA = h.speakerA * (1.0 - speakerEq_) + v * speakerEq_;
    const double speakers = speakerComb(h, h.speakerA);
    h.speakerB = h.speakerB * (1.0 - speakerEq_) + speakers * speakerEq_;
    v += h.speakerB * bleed_;
    h.sub = h.sub * (1.0 - speakerEq_) + v * speakerEq_;
    v += h.sub * bassFill_;
    const double clipped = sine(std::min(std::abs(v * output_), kHalfPi));
    v = v > 0.0 ? clipped : -clipped;
    const double randy = uniform(h.noise) * 0.084;
    v = (v * (1.0 - randy) + h.store * randy) * output_;
    h.store = v;
    x[c] = v;
  }
}

void AirwindowsAmp::bigPreamp(double* x) noexcept {
  // As in leadPreamp, both channels go step by step together. Per channel: iir[0..6] are the
  // original's filters A..G; its H, I and J are the speaker and sub filters Lead has too.
  double skew[2], offset[2];
  auto onePole = [&](int c, double& state, double in, double rate) {
    state = state * (1.0 - offset[c] * rate) + in * (offset[c] * rate);
    return state;
  };
  auto each = [](auto&& step) {
    step(0);
    step(1);
  };
  double bassCut = bassTrim_;
  each([&](int c) {
    Channel& h = ch_[static_cast<std::size_t>(c)];
    double v = fix_[0].run(x[c], c);
    // The skew: the input's slope through a full sine, scaled by the input and the bass trim.
    double k = v - h.last;
    h.last = v;
    const double bend = sine(std::min(std::abs(k), 3.1415926));
    k = (k > 0 ? bend : -bend) * v;
    skew[c] = (k + k * bassTrim_) / 2.0;
    v = fix_[1].run(v * bassTrim_, c) * inputLevel_;
    // The one-pole filters' rate grows with the level entering the first stage.
    offset[c] = std::clamp((1.0 - eq_) + std::abs(v) * eq_, 0.0, 1.0);
    v -= onePole(c, h.iir[0], v, eq_) * bassCut;
    v = bigOverdrive(v, skew[c], true);
    v -= onePole(c, h.iir[1], v, eq_) * bassCut;
    x[c] = v;
  });
  bassCut /= 2.0;
  // Stages two and three: gain, the skew halved, the filters' rate nearer full, overdrive, a
  // high-pass (its cut halved again) and a low-pass.
  auto middleStage = [&](int c, std::size_t highPass, bool halveSkew) {
    Channel& h = ch_[static_cast<std::size_t>(c)];
    double v = x[c] * inputLevel_;
    if (halveSkew) skew[c] /= 2.0;
    offset[c] = (1.0 + offset[c]) / 2.0;
    v = bigOverdrive(v, skew[c], true);
    v -= onePole(c, h.iir[highPass], v, eq_) * bassCut;
    x[c] = onePole(c, h.iir[highPass + 1], v, eq_);
  };
  // The original skips halving the right channel's skew in the second stage.
  each([&](int c) {
    x[c] = fix_[2].run(x[c], c);
    middleStage(c, 2, c == 0);
  });
  bassCut /= 2.0;
  each([&](int c) {
    x[c] = fix_[3].run(x[c], c);
    middleStage(c, 4, true);
  });
  each([&](int c) {
    Channel& h = ch_[static_cast<std::size_t>(c)];
    // The output stage: less gain (one sine), no high-pass.
    double v = fix_[4].run(x[c], c) * inputLevel_;
    skew[c] /= 2.0;
    offset[c] = (1.0 + offset[c]) / 2.0;
    v = onePole(c, h.iir[6], bigOverdrive(v, skew[c], false), eq_);
    const double speakers = speakerComb(h, onePole(c, h.speakerA, v, speakerEq_));
    v += onePole(c, h.speakerB, speakers, speakerEq_) * bleed_;
    v += onePole(c, h.sub, v, speakerEq_) * bassFill_;
    v = sine(v * output_);
    const double randy = uniform(h.noise) * 0.04;
    v = (v * (1.0 - randy) + h.store * randy) * output_;
    h.store = v;
    x[c] = fix_[5].run(v, c);
  });
}

double AirwindowsAmp::cabinet(double x, double dry, int c) noexcept {
  Channel& h = ch_[static_cast<std::size_t>(c)];
  constexpr double third = 1.0 / 3.0;  // a product: a division would wait far longer
  double t = (x + h.smoothCabA) * third;
  h.smoothCabA = x;
  x = t;
  // The history is kept twice over, so the taps are one contiguous run without shifting:
  // past[k] is the sample k steps back.
  h.cabAt = h.cabAt == 0 ? kMaxCabTaps : h.cabAt - 1;
  h.cab[h.cabAt] = h.cab[h.cabAt + kMaxCabTaps + 1] = x;
  const double* past = h.cab.data() + h.cabAt;
  const bool lead = model_ == Model::Lead;
  const double* linear = lead ? kLeadLinear.data() : kBigLinear.data();
  const double* byLevel = lead ? kLeadByLevel.data() : kBigByLevel.data();
  const std::size_t taps = lead ? kLeadLinear.size() - 1 : kBigLinear.size() - 1;
  x += cabinetTaps(past, linear, byLevel, taps);
  t = (x + h.smoothCabB) * third;
  h.smoothCabB = x;
  x = t / 4.0;
  const double randy = uniform(h.noise) * (lead ? 0.079 : 0.05);
  const double out =
      ((x * (1.0 - randy) + h.lastCab * randy) * wet_ + dry * (1.0 - wet_)) * output_;
  h.lastCab = x;
  return out;
}

void AirwindowsAmp::process(float* left, float* right, int frames) noexcept {
  float* io[2] = {left, right};
  for (int i = 0; i < frames; ++i) {
    if (count_ < 0 || count_ > 128) count_ = 128;
    double dry[2] = {io[0][i], io[1][i]}, amp[2] = {dry[0], dry[1]};
    if (model_ == Model::Lead)
      leadPreamp(amp);
    else
      bigPreamp(amp);
    for (int c = 0; c < 2; ++c)
      if (wet_ != 1.0) amp[c] = amp[c] * wet_ + dry[c] * (1.0 - wet_);
    --count_;
    flip_ = !flip_;
    // The cabinet runs once every cycleEnd samples (once a sample up to 88.2 kHz); the samples
    // between are interpolated from its last two outputs, then smoothed as the original does.
    ++cycle_;
    for (int c = 0; c < 2; ++c) {
      Channel& h = ch_[static_cast<std::size_t>(c)];
      auto& r = h.lastRef;
      double y;
      if (cycle_ == cycleEnd_) {
        const double v = cabinet(amp[c], dry[c], c);
        switch (cycleEnd_) {
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
        y = r[static_cast<std::size_t>(cycle_)];
      }
      for (int pole = std::min(cycleEnd_, 4); pole >= 2; --pole) {
        const auto slot = static_cast<std::size_t>(pole + 3);  // 7, 6, 5 as in the original
        const double previous = r[slot];
        r[slot] = y;
        y = (y + previous) * 0.5;
      }
      io[c][i] = static_cast<float>(y);
      h.noise ^= h.noise << 13;
      h.noise ^= h.noise >> 17;
      h.noise ^= h.noise << 5;
    }
    if (cycle_ == cycleEnd_) cycle_ = 0;
  }
}

}  // namespace tonewood::dsp
