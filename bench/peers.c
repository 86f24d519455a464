/* The implementation table for bench_peers and peer_driver: sipwire (through
 * the shared extract.c), the memchr line-count floor, and the peers. */
#include <stdio.h>
#include <string.h>

#include "extract.h"
#include "peers.h"

void
swp_text(char *dst, size_t n, const char *p, size_t len)
{
	if (len >= n)
		len = n - 1;
	if (len > 0)
		memcpy(dst, p, len);
	dst[len] = 0;
}

static unsigned
sipwire_run(const char *buf, size_t len, struct swp_result *out)
{
	static unsigned char mem[16384];
	struct sw_arena a;
	struct sw_msg m;
	struct swx_out x;

	sw_arena_init(&a, mem, sizeof(mem));
	if (swx_parse_extract(buf, len, &a, &m, &x, NULL) != SW_OK)
		return 0;
	if (out != NULL) {
		out->path_n = x.path_n;
		out->sr_n = x.sr_n;
		out->refer_sub = x.refer_sub;
		swp_text(out->path_first, sizeof(out->path_first), buf + x.path_first.off,
			 x.path_first.len);
		swp_text(out->sr_first, sizeof(out->sr_first), buf + x.sr_first.off, x.sr_first.len);
	}
	return 1 + x.path_n + x.sr_n * 16 + (unsigned)(x.refer_sub + 1) * 256 + m.nhdrs;
}

/* What touching every byte once costs: count the lines with memchr. Extracts
 * nothing, so it is never compared. */
static unsigned
floor_run(const char *buf, size_t len, struct swp_result *out)
{
	const char *p = buf, *end = buf + len;
	unsigned n = 1;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	if (out != NULL)
		memset(out, 0, sizeof(*out));
	return n;
}

static const struct swp_impl swp_sipwire = { "sipwire", NULL, sipwire_run };
static const struct swp_impl swp_floor = { "memchr-floor", NULL, floor_run };

const struct swp_impl *const swp_impls[] = {
	&swp_sipwire,
	&swp_floor,
#ifdef SWP_HAVE_PEERS
	&swp_sofia,
	&swp_osip,
	&swp_re,
#endif
	NULL,
};

const struct swp_impl *
swp_find(const char *name)
{
	for (size_t i = 0; swp_impls[i] != NULL; i++)
		if (strcmp(swp_impls[i]->name, name) == 0)
			return swp_impls[i];
	return NULL;
}

int
swp_result_eq(const struct swp_result *a, const struct swp_result *b, char *why, size_t n)
{
	if (a->path_n != b->path_n || a->sr_n != b->sr_n) {
		snprintf(why, n, "entry counts differ: Path %u/%u, Service-Route %u/%u", a->path_n,
			 b->path_n, a->sr_n, b->sr_n);
		return 0;
	}
	if (a->refer_sub != b->refer_sub) {
		snprintf(why, n, "Refer-Sub differs: %d/%d", a->refer_sub, b->refer_sub);
		return 0;
	}
	if (strcmp(a->path_first, b->path_first) != 0 || strcmp(a->sr_first, b->sr_first) != 0) {
		snprintf(why, n, "first URI differs: Path '%s'/'%s', Service-Route '%s'/'%s'",
			 a->path_first, b->path_first, a->sr_first, b->sr_first);
		return 0;
	}
	return 1;
}
