/// @file tzero/io/json_number.hpp
/// A double as nlohmann-json writes it: Grisu2 digits, `0.1`, `100000.0`, `1e-08`, `1e+20`.
///
/// Checkpoints must stay byte-identical to the files nlohmann-json wrote, and Grisu2 is not
/// always the shortest round trip (`std::to_chars` differs on ~0.1% of doubles), so this is
/// nlohmann-json 3.11's `detail::to_chars` for double, itself Florian Loitsch's Grisu2
/// (MIT, Copyright (c) 2009 Florian Loitsch; Loitsch, PLDI 2010), specialized and condensed.
#pragma once
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

namespace tzero::detail::json {
namespace grisu {

struct diyfp {  // f · 2^e
    std::uint64_t f = 0;
    int e = 0;
};

inline diyfp sub(diyfp x, diyfp y) { return {x.f - y.f, x.e}; }

/// x · y, rounded to the upper 64 bits.
inline diyfp mul(diyfp x, diyfp y) {
    std::uint64_t const u_lo = x.f & 0xFFFFFFFFu, u_hi = x.f >> 32u, v_lo = y.f & 0xFFFFFFFFu, v_hi = y.f >> 32u;
    std::uint64_t const p0 = u_lo * v_lo, p1 = u_lo * v_hi, p2 = u_hi * v_lo, p3 = u_hi * v_hi;
    std::uint64_t q = (p0 >> 32u) + (p1 & 0xFFFFFFFFu) + (p2 & 0xFFFFFFFFu);
    q += std::uint64_t{1} << 31u;  // round, ties up
    return {p3 + (p2 >> 32u) + (p1 >> 32u) + (q >> 32u), x.e + y.e + 64};
}

inline diyfp normalize(diyfp x) {
    while ((x.f >> 63u) == 0) {
        x.f <<= 1u;
        x.e--;
    }
    return x;
}

struct cached_power {  // f · 2^e ≈ 10^k
    std::uint64_t f;
    int e;
    int k;
};

/// A power of ten c with -60 <= c.e + e + 64 <= -32.
inline cached_power cached_power_for(int e) {
    static constexpr std::array<cached_power, 79> powers = {{
        {0xAB70FE17C79AC6CA, -1060, -300}, {0xFF77B1FCBEBCDC4F, -1034, -292}, {0xBE5691EF416BD60C, -1007, -284},
        {0x8DD01FAD907FFC3C, -980, -276},  {0xD3515C2831559A83, -954, -268},  {0x9D71AC8FADA6C9B5, -927, -260},
        {0xEA9C227723EE8BCB, -901, -252},  {0xAECC49914078536D, -874, -244},  {0x823C12795DB6CE57, -847, -236},
        {0xC21094364DFB5637, -821, -228},  {0x9096EA6F3848984F, -794, -220},  {0xD77485CB25823AC7, -768, -212},
        {0xA086CFCD97BF97F4, -741, -204},  {0xEF340A98172AACE5, -715, -196},  {0xB23867FB2A35B28E, -688, -188},
        {0x84C8D4DFD2C63F3B, -661, -180},  {0xC5DD44271AD3CDBA, -635, -172},  {0x936B9FCEBB25C996, -608, -164},
        {0xDBAC6C247D62A584, -582, -156},  {0xA3AB66580D5FDAF6, -555, -148},  {0xF3E2F893DEC3F126, -529, -140},
        {0xB5B5ADA8AAFF80B8, -502, -132},  {0x87625F056C7C4A8B, -475, -124},  {0xC9BCFF6034C13053, -449, -116},
        {0x964E858C91BA2655, -422, -108},  {0xDFF9772470297EBD, -396, -100},  {0xA6DFBD9FB8E5B88F, -369, -92},
        {0xF8A95FCF88747D94, -343, -84},   {0xB94470938FA89BCF, -316, -76},   {0x8A08F0F8BF0F156B, -289, -68},
        {0xCDB02555653131B6, -263, -60},   {0x993FE2C6D07B7FAC, -236, -52},   {0xE45C10C42A2B3B06, -210, -44},
        {0xAA242499697392D3, -183, -36},   {0xFD87B5F28300CA0E, -157, -28},   {0xBCE5086492111AEB, -130, -20},
        {0x8CBCCC096F5088CC, -103, -12},   {0xD1B71758E219652C, -77, -4},     {0x9C40000000000000, -50, 4},
        {0xE8D4A51000000000, -24, 12},     {0xAD78EBC5AC620000, 3, 20},       {0x813F3978F8940984, 30, 28},
        {0xC097CE7BC90715B3, 56, 36},      {0x8F7E32CE7BEA5C70, 83, 44},      {0xD5D238A4ABE98068, 109, 52},
        {0x9F4F2726179A2245, 136, 60},     {0xED63A231D4C4FB27, 162, 68},     {0xB0DE65388CC8ADA8, 189, 76},
        {0x83C7088E1AAB65DB, 216, 84},     {0xC45D1DF942711D9A, 242, 92},     {0x924D692CA61BE758, 269, 100},
        {0xDA01EE641A708DEA, 295, 108},    {0xA26DA3999AEF774A, 322, 116},    {0xF209787BB47D6B85, 348, 124},
        {0xB454E4A179DD1877, 375, 132},    {0x865B86925B9BC5C2, 402, 140},    {0xC83553C5C8965D3D, 428, 148},
        {0x952AB45CFA97A0B3, 455, 156},    {0xDE469FBD99A05FE3, 481, 164},    {0xA59BC234DB398C25, 508, 172},
        {0xF6C69A72A3989F5C, 534, 180},    {0xB7DCBF5354E9BECE, 561, 188},    {0x88FCF317F22241E2, 588, 196},
        {0xCC20CE9BD35C78A5, 614, 204},    {0x98165AF37B2153DF, 641, 212},    {0xE2A0B5DC971F303A, 667, 220},
        {0xA8D9D1535CE3B396, 694, 228},    {0xFB9B7CD9A4A7443C, 720, 236},    {0xBB764C4CA7A44410, 747, 244},
        {0x8BAB8EEFB6409C1A, 774, 252},    {0xD01FEF10A657842C, 800, 260},    {0x9B10A4E5E9913129, 827, 268},
        {0xE7109BFBA19C0C9D, 853, 276},    {0xAC2820D9623BF429, 880, 284},    {0x80444B5E7AA7CF85, 907, 292},
        {0xBF21E44003ACDD2D, 933, 300},    {0x8E679C2F5E44FF8F, 960, 308},    {0xD433179D9C8CB841, 986, 316},
        {0x9E19DB92B4E31BA9, 1013, 324},
    }};
    int const f = -60 - e - 1;
    int const k = (f * 78913) / (1 << 18) + static_cast<int>(f > 0);
    return powers[std::size_t((300 + k + 7) / 8)];
}

inline void round_last(char* buf, int len, std::uint64_t dist, std::uint64_t delta, std::uint64_t rest,
                       std::uint64_t ten_k) {
    while (rest < dist && delta - rest >= ten_k && (rest + ten_k < dist || dist - rest > rest + ten_k - dist)) {
        buf[len - 1]--;
        rest += ten_k;
    }
}

/// The digits of v = buf · 10^exponent with M- <= v <= M+ (M± normalized, -60 <= e <= -32).
inline void digit_gen(char* buf, int& len, int& exponent, diyfp m_minus, diyfp w, diyfp m_plus) {
    std::uint64_t delta = sub(m_plus, m_minus).f, dist = sub(m_plus, w).f;
    diyfp const one{std::uint64_t{1} << -m_plus.e, m_plus.e};
    auto p1 = static_cast<std::uint32_t>(m_plus.f >> -one.e);
    std::uint64_t p2 = m_plus.f & (one.f - 1);
    std::uint32_t pow10 = 1;
    int n = 1;
    for (std::uint32_t p = 10; n < 10 && p1 >= p; p *= 10, ++n) pow10 = p;  // 10^(n-1) <= p1 < 10^n
    while (n > 0) {
        buf[len++] = static_cast<char>('0' + p1 / pow10);
        p1 %= pow10;
        n--;
        std::uint64_t const rest = (std::uint64_t{p1} << -one.e) + p2;
        if (rest <= delta) {
            exponent += n;
            round_last(buf, len, dist, delta, rest, std::uint64_t{pow10} << -one.e);
            return;
        }
        pow10 /= 10;
    }
    int m = 0;
    for (;;) {
        p2 *= 10;
        buf[len++] = static_cast<char>('0' + (p2 >> -one.e));
        p2 &= one.f - 1;
        m++;
        delta *= 10;
        dist *= 10;
        if (p2 <= delta) break;
    }
    exponent -= m;
    round_last(buf, len, dist, delta, p2, one.f);
}

/// The Grisu2 digits of a finite positive `value`: value ≈ buf · 10^exponent.
inline void digits(char* buf, int& len, int& exponent, double value) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    constexpr std::uint64_t hidden = std::uint64_t{1} << 52;
    std::uint64_t const e = bits >> 52, f = bits & (hidden - 1);
    diyfp const v = e == 0 ? diyfp{f, -1074} : diyfp{f + hidden, int(e) - 1075};
    diyfp const plus = normalize({2 * v.f + 1, v.e - 1});
    diyfp const minus_raw = f == 0 && e > 1 ? diyfp{4 * v.f - 1, v.e - 2} : diyfp{2 * v.f - 1, v.e - 1};
    diyfp const minus{minus_raw.f << (minus_raw.e - plus.e), plus.e};
    cached_power const cached = cached_power_for(plus.e);
    diyfp const c{cached.f, cached.e};
    diyfp const w = mul(normalize(v), c), w_minus = mul(minus, c), w_plus = mul(plus, c);
    exponent = -cached.k;
    digit_gen(buf, len, exponent, {w_minus.f + 1, w_minus.e}, w, {w_plus.f - 1, w_plus.e});
}

}  // namespace grisu

/// `value` as nlohmann-json's dump writes it; "null" for NaN and infinities, as JSON has none.
inline std::string format_double(double value) {
    if (!std::isfinite(value)) return "null";
    char buffer[64];
    char* first = buffer;
    if (std::signbit(value)) {
        value = -value;
        *first++ = '-';
    }
    if (value == 0) return std::string(buffer, first) + "0.0";
    int k = 0, exponent = 0;
    grisu::digits(first, k, exponent, value);
    int const n = k + exponent;  // value = 0.d1d2…dk · 10^n
    char* last = nullptr;
    if (k <= n && n <= 15) {  // digits[000].0
        std::memset(first + k, '0', std::size_t(n - k));
        first[n] = '.';
        first[n + 1] = '0';
        last = first + n + 2;
    } else if (0 < n && n <= 15) {  // dig.its
        std::memmove(first + n + 1, first + n, std::size_t(k - n));
        first[n] = '.';
        last = first + k + 1;
    } else if (-4 < n && n <= 0) {  // 0.[000]digits
        std::memmove(first + 2 - n, first, std::size_t(k));
        first[0] = '0';
        first[1] = '.';
        std::memset(first + 2, '0', std::size_t(-n));
        last = first + 2 - n + k;
    } else {  // d.igitse±XX
        if (k == 1) {
            last = first + 1;
        } else {
            std::memmove(first + 2, first + 1, std::size_t(k - 1));
            first[1] = '.';
            last = first + 1 + k;
        }
        int e = n - 1;
        *last++ = 'e';
        *last++ = e < 0 ? '-' : '+';
        e = e < 0 ? -e : e;
        if (e >= 100) *last++ = char('0' + e / 100);
        *last++ = char('0' + e / 10 % 10);
        *last++ = char('0' + e % 10);
    }
    return std::string(buffer, last);
}

}  // namespace tzero::detail::json
