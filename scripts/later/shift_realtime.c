/* Moves the wall clock of a process tree by HERALD_SHIFT_SECONDS: clock_gettime(CLOCK_REALTIME*),
 * gettimeofday and time. Monotonic clocks and timers are left alone, which is why this exists
 * beside libfaketime: libfaketime also rewrites timerfd deadlines, and libdispatch's timers (every
 * Task.sleep in Swift) then never fire. Loaded with LD_PRELOAD by scripts/later/run. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static long long shift_seconds(void) {
    static long long shift = -1;
    if (shift == -1) {
        const char *text = getenv("HERALD_SHIFT_SECONDS");
        /* The toolchain keeps the real time: SwiftPM and the compiler compare file times with the
         * clock and would rebuild, or mix module caches built at different times. */
        int toolchain = strncmp(program_invocation_short_name, "swift", 5) == 0 || strncmp(program_invocation_short_name, "clang", 5) == 0;
        shift = text && !toolchain ? atoll(text) : 0;
    }
    return shift;
}

int clock_gettime(clockid_t clock, struct timespec *now) {
    static int (*real)(clockid_t, struct timespec *);
    if (!real) real = (int (*)(clockid_t, struct timespec *))dlsym(RTLD_NEXT, "clock_gettime");
    int result = real(clock, now);
    if (result == 0 && now && (clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE)) now->tv_sec += shift_seconds();
    return result;
}

int gettimeofday(struct timeval *restrict now, void *restrict zone) {
    static int (*real)(struct timeval *restrict, void *restrict);
    if (!real) real = (int (*)(struct timeval *restrict, void *restrict))dlsym(RTLD_NEXT, "gettimeofday");
    int result = real(now, zone);
    if (result == 0 && now) now->tv_sec += shift_seconds();
    return result;
}

time_t time(time_t *out) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    if (out) *out = now.tv_sec;
    return now.tv_sec;
}
