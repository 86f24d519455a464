/* sipwire-dp: start-up, launch, stop, summary and the exit checks.
 *
 * Options are parsed before EAL starts, so a bad option exits 2 without
 * touching a device. Every lcore in the EAL core list runs a worker (the
 * main lcore too, which also prints the progress line and enforces
 * --duration / --max-packets). At exit the accounting rule and the mempool
 * fill level are checked; either failing makes the exit status 1.
 */
#include <signal.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_malloc.h>

#include "app.h"

volatile bool force_quit;
struct app_config app_cfg;
struct app_lcore *app_lcores;

static uint64_t start_tsc, next_report, report_every, stop_at;

static void
on_signal(int sig)
{
	(void)sig;
	force_quit = true;
}

static double
elapsed_s(uint64_t now)
{
	return (double)(now - start_tsc) / (double)rte_get_tsc_hz();
}

void
app_main_tick(uint64_t now)
{
	if (report_every != 0 && now >= next_report) {
		app_stats_progress(elapsed_s(now));
		next_report += report_every;
	}
	if (stop_at != 0 && now >= stop_at)
		force_quit = true;
	if (app_cfg.max_packets != 0) {
		uint64_t rx = 0;

		for (uint16_t w = 0; w < app_cfg.nb_workers; w++)
			rx += app_cnt_read(&app_lcores[w].stats, APP_C_rx);
		if (rx >= app_cfg.max_packets)
			force_quit = true;
	}
}

/* Split argv at "--": options for sipwire-dp are parsed first. */
static int
early_options(int argc, char **argv, int *eal_argc)
{
	int sep = argc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			sep = i;
			break;
		}
	}
	*eal_argc = sep;
	if (sep == argc) {
		for (int i = 1; i < argc; i++) {
			if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
				app_usage(stdout, "sipwire-dp");
				return 1;
			}
		}
		return app_parse_args(1, argv, &app_cfg);
	}
	argv[sep] = argv[0]; /* getopt wants a program name in front */
	return app_parse_args(argc - sep, argv + sep, &app_cfg);
}

static int
make_pools(void)
{
	int socket = (int)rte_socket_id();

	app_cfg.pool = rte_pktmbuf_pool_create("sw_pool", app_cfg.nb_mbufs, 256, 0,
					       (uint16_t)(app_cfg.mbuf_data + RTE_PKTMBUF_HEADROOM),
					       socket);
	/* indirect mbufs for output fragmentation: no data room */
	app_cfg.indirect_pool = rte_pktmbuf_pool_create("sw_indirect", 4095, 256, 0, 0, socket);
	if (app_cfg.pool == NULL || app_cfg.indirect_pool == NULL) {
		fprintf(stderr, "sipwire-dp: mempool: %s (--mbufs %u x %u bytes; raise -m?)\n",
			rte_strerror(rte_errno), app_cfg.nb_mbufs, app_cfg.mbuf_data);
		return -1;
	}
	return 0;
}

static int
setup_ports(void)
{
	uint16_t nb = rte_eth_dev_count_avail(), nb_q = app_cfg.nb_workers;
	struct rte_eth_dev_info info;

	if (nb == 0 || nb > APP_MAX_PORTS) {
		fprintf(stderr,
			"sipwire-dp: need 1 or 2 ports, found %u (e.g. "
			"--vdev=net_pcap0,rx_pcap=IN,tx_pcap=OUT)\n",
			nb);
		return -1;
	}
	app_cfg.nb_ports = nb;
	app_cfg.mode = nb == 2 ? APP_MODE_TWO_PORT : APP_MODE_ONE_PORT;
	/* the same queue count on every port: worker i owns queue i everywhere */
	for (uint16_t p = 0; p < nb; p++) {
		if (rte_eth_dev_info_get(p, &info) != 0)
			return -1;
		if (info.max_tx_queues < info.max_rx_queues)
			info.max_rx_queues = info.max_tx_queues;
		nb_q = RTE_MIN(nb_q, info.max_rx_queues);
	}
	for (uint16_t p = 0; p < nb; p++) {
		int rc = app_port_init(p, nb_q, &app_cfg);

		if (rc != 0) {
			fprintf(stderr, "sipwire-dp: port %u: %s\n", p, rte_strerror(-rc));
			return -1;
		}
	}
	if (nb_q < app_cfg.nb_workers)
		printf("sipwire-dp: ports have %u queue pair(s) for %u lcores: %u lcore(s) idle\n",
		       nb_q, app_cfg.nb_workers, app_cfg.nb_workers - nb_q);
	return 0;
}

static int
setup_lcores(void)
{
	unsigned lcore;
	uint16_t w = 0;

	app_cfg.nb_workers = (uint16_t)RTE_MIN(rte_lcore_count(), APP_MAX_WORKERS);
	app_lcores = rte_zmalloc("sw_lcores", sizeof(*app_lcores) * app_cfg.nb_workers,
				 RTE_CACHE_LINE_SIZE);
	if (app_lcores == NULL)
		return -1;
	/* main lcore first, so it owns queue 0 */
	app_lcores[w].lcore_id = rte_get_main_lcore();
	app_lcores[w].is_main = true;
	w++;
	RTE_LCORE_FOREACH_WORKER(lcore)
	{
		if (w == app_cfg.nb_workers)
			break;
		app_lcores[w].lcore_id = lcore;
		app_lcores[w].index = w;
		w++;
	}
	for (w = 0; w < app_cfg.nb_workers; w++) {
		app_policy_lcore_init(&app_lcores[w].pol);
		if (app_frag_init(&app_lcores[w]) != 0)
			return -1;
		if (app_cfg.reg_event && app_re_init(&app_lcores[w]) != 0)
			return -1;
	}
	return 0;
}

static void
run(void)
{
	uint64_t hz = rte_get_tsc_hz();

	start_tsc = rte_rdtsc();
	report_every =
		app_cfg.stats_interval > 0 ? (uint64_t)(app_cfg.stats_interval * (double)hz) : 0;
	next_report = start_tsc + report_every;
	stop_at = app_cfg.duration > 0 ? start_tsc + (uint64_t)(app_cfg.duration * (double)hz) : 0;
	for (uint16_t w = 1; w < app_cfg.nb_workers; w++)
		rte_eal_remote_launch(app_worker_main, &app_lcores[w], app_lcores[w].lcore_id);
	app_worker_main(&app_lcores[0]);
	rte_eal_mp_wait_lcore();
}

static const char *
port_role(uint16_t p)
{
	if (app_cfg.mode == APP_MODE_ONE_PORT)
		return "access and core";
	return p == 0 ? "access" : "core";
}

static bool
pools_full(void)
{
	bool ok = true;
	struct rte_mempool *pools[] = {app_cfg.pool, app_cfg.indirect_pool};

	for (unsigned i = 0; i < RTE_DIM(pools); i++) {
		unsigned avail = rte_mempool_avail_count(pools[i]);

		if (avail != pools[i]->size) {
			fprintf(stderr, "sipwire-dp: mempool %s: %u of %u mbufs back: %u lost\n",
				pools[i]->name, avail, pools[i]->size, pools[i]->size - avail);
			ok = false;
		}
	}
	return ok;
}

static int
finish(void)
{
	double t = elapsed_s(rte_rdtsc());
	struct app_stats s;
	int64_t imb;
	bool acc, pools;

	for (uint16_t p = 0; p < app_cfg.nb_ports; p++)
		app_port_close(p);
	app_stats_sum(&s);
	acc = app_stats_accounting(&s, &imb);
	pools = pools_full();
	app_stats_summary(stdout, t);
	printf("  mempools: %s\n", pools ? "every mbuf back" : "MBUFS MISSING");
	if (app_cfg.stats_json != NULL && app_stats_json(app_cfg.stats_json, t, acc, pools) != 0)
		fprintf(stderr, "sipwire-dp: cannot write %s\n", app_cfg.stats_json);
	if (!acc)
		fprintf(stderr,
			"sipwire-dp: accounting mismatch: %" PRId64 " frame(s) unaccounted\n", imb);
	return acc && pools ? 0 : 1;
}

int
main(int argc, char **argv)
{
	int eal_argc, rc;

	rc = early_options(argc, argv, &eal_argc);
	if (rc != 0)
		return rc == 1 ? 0 : 2;
	if (rte_eal_init(eal_argc, argv) < 0) {
		fprintf(stderr, "sipwire-dp: EAL init failed: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	rc = 1;
	if (setup_lcores() != 0 || make_pools() != 0 || setup_ports() != 0)
		goto out_cleanup;
	app_telemetry_register();
	printf("sipwire-dp: %u lcore(s), %u port(s), %u queue pair(s) per port\n",
	       app_cfg.nb_workers, app_cfg.nb_ports, app_cfg.nb_queues[0]);
	for (uint16_t p = 0; p < app_cfg.nb_ports; p++)
		printf("  port %u (%s): MTU %u, checksums %s\n", p, port_role(p), app_cfg.mtu[p],
		       app_cfg.tx_offloads[p] ? "offloaded" : "in software");
	fflush(stdout);
	run();
	rc = finish();
	for (uint16_t w = 0; w < app_cfg.nb_workers; w++)
		app_re_fini(&app_lcores[w]);
out_cleanup:
	rte_eal_cleanup();
	return rc;
}
