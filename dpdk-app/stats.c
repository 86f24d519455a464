/* sipwire-dp: counters, progress line, final summary, JSON, telemetry.
 *
 * Workers write only their own struct app_stats; the main lcore (and the
 * telemetry thread) read them with relaxed atomic loads and sum.
 */
#include <inttypes.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_telemetry.h>

#include "app.h"

static const char *const counter_names[] = {
#define APP_CNT_NAME(name, help) #name,
	APP_COUNTER_LIST(APP_CNT_NAME)
#undef APP_CNT_NAME
};

static const char *const counter_help[] = {
#define APP_CNT_HELP(name, help) help,
	APP_COUNTER_LIST(APP_CNT_HELP)
#undef APP_CNT_HELP
};

void
app_stats_hist_add(struct app_stats *s, uint64_t cycles_per_pkt, uint64_t n)
{
	unsigned b = cycles_per_pkt == 0 ? 0 : 64u - (unsigned)__builtin_clzll(cycles_per_pkt);

	if (b >= APP_HIST_BUCKETS)
		b = APP_HIST_BUCKETS - 1;
	__atomic_store_n(&s->hist[b], s->hist[b] + n, __ATOMIC_RELAXED);
}

static void
sum_one(struct app_stats *out, const struct app_stats *s)
{
	for (unsigned i = 0; i < APP_C__COUNT; i++)
		out->c[i] += app_cnt_read(s, (enum app_counter)i);
	for (unsigned i = 0; i < APP_HIST_BUCKETS; i++)
		out->hist[i] += __atomic_load_n(&s->hist[i], __ATOMIC_RELAXED);
}

void
app_stats_sum(struct app_stats *out)
{
	memset(out, 0, sizeof(*out));
	for (uint16_t w = 0; w < app_cfg.nb_workers; w++)
		sum_one(out, &app_lcores[w].stats);
}

static uint64_t
drops(const struct app_stats *s)
{
	uint64_t d = 0;

	for (unsigned i = APP_C_drop_malformed; i <= APP_C_drop_no_mbuf; i++)
		d += s->c[i];
	return d;
}

bool
app_stats_accounting(const struct app_stats *s, int64_t *imbalance)
{
	uint64_t in = s->c[APP_C_rx] + s->c[APP_C_frag_created];
	uint64_t out = s->c[APP_C_tx] + drops(s) + s->c[APP_C_frag_merged];

	*imbalance = (int64_t)(in - out);
	return in == out;
}

static double
ns_per_pkt(uint64_t cycles, uint64_t pkts)
{
	return pkts == 0 ? 0.0 : (double)cycles * 1e9 / (double)rte_get_tsc_hz() / (double)pkts;
}

void
app_stats_progress(double elapsed)
{
	static struct app_stats prev;
	static double prev_t;
	struct app_stats s;
	double dt = elapsed - prev_t;
	uint64_t rx, bytes;

	app_stats_sum(&s);
	rx = s.c[APP_C_rx] - prev.c[APP_C_rx];
	bytes = s.c[APP_C_rx_bytes] - prev.c[APP_C_rx_bytes];
	if (dt <= 0)
		return;
	printf("[%7.1fs] %9.3f Mpps %9.1f Mbit/s %7.1f ns/pkt | rx %" PRIu64 " tx %" PRIu64
	       " sip %" PRIu64 " rewritten %" PRIu64 " dropped %" PRIu64 "\n",
	       elapsed, (double)rx / dt / 1e6, (double)bytes * 8 / dt / 1e6,
	       ns_per_pkt(s.c[APP_C_busy_cycles] - prev.c[APP_C_busy_cycles], rx), s.c[APP_C_rx],
	       s.c[APP_C_tx], s.c[APP_C_sip_parsed], s.c[APP_C_rewritten], drops(&s));
	fflush(stdout);
	prev = s;
	prev_t = elapsed;
}

void
app_stats_summary(FILE *f, double elapsed)
{
	struct app_stats s;
	int64_t imb;
	bool ok;

	app_stats_sum(&s);
	ok = app_stats_accounting(&s, &imb);
	fprintf(f, "sipwire-dp summary: %.3f s, %u worker lcore(s), %s mode, policy %s\n", elapsed,
		app_cfg.nb_workers, app_cfg.mode == APP_MODE_TWO_PORT ? "two-port" : "one-port",
		app_cfg.policy.forward_only ? "none (forward only)" : "full");
	for (unsigned i = 0; i < APP_C__COUNT; i++)
		fprintf(f, "  %-22s %14" PRIu64 "  %s\n", counter_names[i], s.c[i],
			counter_help[i]);
	fprintf(f, "  rate: %.3f Mpps, %.1f ns/pkt busy\n",
		elapsed > 0 ? (double)s.c[APP_C_rx] / elapsed / 1e6 : 0.0,
		ns_per_pkt(s.c[APP_C_busy_cycles], s.c[APP_C_rx]));
	fprintf(f, "  cycles/packet histogram (bucket upper bound: packets):");
	for (unsigned b = 0; b < APP_HIST_BUCKETS; b++)
		if (s.hist[b] != 0)
			fprintf(f, " <%llu:%" PRIu64, 1ull << b, s.hist[b]);
	fprintf(f,
		"\n  accounting: rx %" PRIu64 " + frag_created %" PRIu64 " %s tx %" PRIu64
		" + dropped %" PRIu64 " + frag_merged %" PRIu64 "%s\n",
		s.c[APP_C_rx], s.c[APP_C_frag_created], ok ? "==" : "!=", s.c[APP_C_tx], drops(&s),
		s.c[APP_C_frag_merged], ok ? "" : "  MISMATCH");
}

static void
json_counters(FILE *f, const struct app_stats *s)
{
	fprintf(f, "{");
	for (unsigned i = 0; i < APP_C__COUNT; i++)
		fprintf(f, "%s\"%s\": %" PRIu64, i ? ", " : "", counter_names[i], s->c[i]);
	fprintf(f, "}");
}

int
app_stats_json(const char *path, double elapsed, bool accounting_ok, bool pools_ok)
{
	FILE *f = fopen(path, "w");
	struct app_stats s;
	int64_t imb;

	if (f == NULL)
		return -1;
	app_stats_sum(&s);
	app_stats_accounting(&s, &imb);
	fprintf(f, "{\"elapsed_s\": %.6f, \"workers\": %u, \"mode\": \"%s\", \"policy\": \"%s\",\n",
		elapsed, app_cfg.nb_workers,
		app_cfg.mode == APP_MODE_TWO_PORT ? "two-port" : "one-port",
		app_cfg.policy.forward_only ? "none" : "full");
	fprintf(f, " \"mpps\": %.6f, \"ns_per_pkt\": %.3f,\n",
		elapsed > 0 ? (double)s.c[APP_C_rx] / elapsed / 1e6 : 0.0,
		ns_per_pkt(s.c[APP_C_busy_cycles], s.c[APP_C_rx]));
	fprintf(f,
		" \"dropped\": %" PRIu64 ", \"accounting_ok\": %s, \"imbalance\": %" PRId64
		", \"mempool_ok\": %s,\n \"counters\": ",
		drops(&s), accounting_ok ? "true" : "false", imb, pools_ok ? "true" : "false");
	json_counters(f, &s);
	fprintf(f, ",\n \"per_lcore\": [");
	for (uint16_t w = 0; w < app_cfg.nb_workers; w++) {
		struct app_stats one;

		memset(&one, 0, sizeof(one));
		sum_one(&one, &app_lcores[w].stats);
		fprintf(f, "%s\n  {\"lcore\": %u, \"counters\": ", w ? "," : "",
			app_lcores[w].lcore_id);
		json_counters(f, &one);
		fprintf(f, "}");
	}
	fprintf(f, "],\n \"cycles_per_packet_hist\": [");
	for (unsigned b = 0; b < APP_HIST_BUCKETS; b++)
		fprintf(f, "%s{\"lt\": %llu, \"packets\": %" PRIu64 "}", b ? ", " : "", 1ull << b,
			s.hist[b]);
	fprintf(f, "]}\n");
	return fclose(f) == 0 ? 0 : -1;
}

static int
telemetry_stats(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct app_stats s;

	(void)cmd;
	(void)params;
	app_stats_sum(&s);
	rte_tel_data_start_dict(d);
	for (unsigned i = 0; i < APP_C__COUNT; i++)
		rte_tel_data_add_dict_u64(d, counter_names[i], s.c[i]);
	return 0;
}

void
app_telemetry_register(void)
{
	rte_telemetry_register_cmd("/sipwire/stats", telemetry_stats,
				   "sipwire-dp counters summed over the worker lcores");
}
