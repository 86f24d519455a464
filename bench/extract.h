/* The per-message work every sipwire benchmark times (bench_parse,
 * bench_peers, `sipwire bench`, the callgrind counts): a full parse, then
 * the first entry and the entry count of Path and Service-Route over all
 * their lines, and the Refer-Sub value. One function, so every figure in
 * docs/benchmarks.md measures the same thing. */
#ifndef SIPWIRE_BENCH_EXTRACT_H
#define SIPWIRE_BENCH_EXTRACT_H

#include <stddef.h>

#include "sipwire/arena.h"
#include "sipwire/msg.h"

struct swx_out {
	unsigned path_n;             /* Path entries over every line */
	unsigned sr_n;               /* Service-Route entries over every line */
	int refer_sub;               /* -1 absent, 0 false, 1 true */
	struct sw_slice path_first;  /* URI (without <>) of the first Path entry */
	struct sw_slice sr_first;    /* URI of the first Service-Route entry */
};

/* Reset `a`, parse buf[0..len) into *m (datagram mode, default limits) and
 * extract into *x. The slices are offsets into buf. Returns SW_OK or the
 * first failing status (err, when not NULL, says where). */
int swx_parse_extract(const char *buf, size_t len, struct sw_arena *a, struct sw_msg *m,
		      struct swx_out *x, struct sw_err *err);

#endif
