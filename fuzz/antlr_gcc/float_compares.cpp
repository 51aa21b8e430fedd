// g++'s -fsanitize-coverage=trace-cmp also reports floating-point comparisons, through two hooks
// that clang never emits and libFuzzer does not define. libFuzzer learns nothing from them, so
// they do nothing; defining them here keeps the g++ objects linkable with clang's runtime.
#include <cstdint>

extern "C" {
void __sanitizer_cov_trace_cmpf(float, float) {}
void __sanitizer_cov_trace_cmpd(double, double) {}
}
