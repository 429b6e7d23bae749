#pragma once

/// TONEWOOD_SIMD_CLONES marks a hot kernel that GCC builds twice (AVX2 and baseline x86-64); an
/// ifunc resolver picks one when the program loads. No FMA in the AVX2 clone, so both clones
/// round alike. Off under AddressSanitizer (its interceptors and ifuncs do not mix) and on other
/// compilers and CPUs, where the kernel is built once.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_ADDRESS__)
#define TONEWOOD_SIMD_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define TONEWOOD_SIMD_CLONES
#endif
