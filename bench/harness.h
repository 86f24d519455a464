/* sipwire benchmark harness: Google Benchmark behind a C API, so every
 * benchmark in bench/ is written in C.
 *
 *	static void bm(struct swb_state *st, void *arg) {
 *		while (swb_keep_running(st))
 *			swb_do_not_optimize(work(arg));
 *		swb_set_bytes(st, swb_iterations(st) * len);
 *	}
 *	int main(int argc, char **argv) {
 *		swb_register("parse/a_register", bm, arg);
 *		return swb_main(argc, argv);
 *	}
 */
#ifndef SIPWIRE_BENCH_HARNESS_H
#define SIPWIRE_BENCH_HARNESS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct swb_state;
typedef void (*swb_fn)(struct swb_state *st, void *arg);

/* Register `fn(st, arg)` under `name` (copied). Call before swb_main. */
void swb_register(const char *name, swb_fn fn, void *arg);
/* Runs the registered benchmarks with Google Benchmark's command line
 * (--benchmark_format=json, --benchmark_min_time=0.2, ...). */
int swb_main(int argc, char **argv);

/* True while the timed loop should go on. */
int swb_keep_running(struct swb_state *st);
int64_t swb_iterations(const struct swb_state *st);
/* Bytes and items processed over the whole run (reported as rates). */
void swb_set_bytes(struct swb_state *st, int64_t bytes);
void swb_set_items(struct swb_state *st, int64_t items);
/* A named counter shown beside the timing (e.g. instructions, output size). */
void swb_counter(struct swb_state *st, const char *name, double value);
/* Mark this benchmark failed with `msg`; the loop must not be entered after. */
void swb_error(struct swb_state *st, const char *msg);
/* Untimed regions inside the loop. */
void swb_pause(struct swb_state *st);
void swb_resume(struct swb_state *st);
/* Keep the compiler from discarding a result. */
void swb_do_not_optimize(const void *p);
void swb_clobber(void);

#ifdef __cplusplus
}
#endif

#endif
