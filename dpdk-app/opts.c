/* sipwire-dp: command-line options (after the EAL arguments and "--").
 *
 * Every error names the option and the value and makes main exit 2 before
 * any port is started, so a typo never moves a packet.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

enum {
	OPT_HELP = 256,
	OPT_SIP_PORTS,
	OPT_DURATION,
	OPT_MAX_PACKETS,
	OPT_STATS_INTERVAL,
	OPT_STATS_JSON,
	OPT_REG_EVENT_TO,
	OPT_DROP_MALFORMED,
	OPT_POLICY,
	OPT_DIRECTION,
	OPT_MBUFS,
	OPT_MBUF_SIZE,
	OPT_POLICY_FLAG, /* policy options: index into long_opts gives the name */
	OPT_POLICY_VALUE,
};

static const struct option long_opts[] = {
	{"help", no_argument, NULL, OPT_HELP},
	{"sip-ports", required_argument, NULL, OPT_SIP_PORTS},
	{"duration", required_argument, NULL, OPT_DURATION},
	{"max-packets", required_argument, NULL, OPT_MAX_PACKETS},
	{"stats-interval", required_argument, NULL, OPT_STATS_INTERVAL},
	{"stats-json", required_argument, NULL, OPT_STATS_JSON},
	{"reg-event-to", required_argument, NULL, OPT_REG_EVENT_TO},
	{"drop-malformed", no_argument, NULL, OPT_DROP_MALFORMED},
	{"policy", required_argument, NULL, OPT_POLICY},
	{"direction", required_argument, NULL, OPT_DIRECTION},
	{"mbufs", required_argument, NULL, OPT_MBUFS},
	{"mbuf-size", required_argument, NULL, OPT_MBUF_SIZE},
	/* the policy options shared with `sipwire rewrite` */
	{"flow-key", required_argument, NULL, OPT_POLICY_VALUE},
	{"path", required_argument, NULL, OPT_POLICY_VALUE},
	{"path-ob", no_argument, NULL, OPT_POLICY_FLAG},
	{"refer-sub", required_argument, NULL, OPT_POLICY_VALUE},
	{"reginfo-host-map", required_argument, NULL, OPT_POLICY_VALUE},
	{"service-route", required_argument, NULL, OPT_POLICY_VALUE},
	{"sipfrag-headers", required_argument, NULL, OPT_POLICY_VALUE},
	{"strip-path-echo", no_argument, NULL, OPT_POLICY_FLAG},
	{NULL, 0, NULL, 0},
};

void
app_usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [EAL args] -- [options]\n"
		"\n"
		"Ports: one port (rx and tx on port 0) or two (port 0 access, port 1 core).\n"
		"Without hugepages or NICs:\n"
		"  --no-huge -m 512 --no-pci --no-shconf -l 0 "
		"--vdev=net_pcap0,rx_pcap=IN,tx_pcap=OUT\n"
		"\n"
		"Run options:\n"
		"  --sip-ports LIST       UDP ports carrying SIP, e.g. 5060,5080-5090 (5060)\n"
		"  --duration S           stop after S seconds (default: until SIGINT/SIGTERM)\n"
		"  --max-packets N        stop after about N received frames (within a burst per "
		"lcore)\n"
		"  --stats-interval S     progress line every S seconds (1; 0 = none)\n"
		"  --stats-json FILE      write the final counters as JSON\n"
		"  --drop-malformed       drop malformed SIP and bad frames instead of forwarding "
		"them\n"
		"  --policy none|full     none: plain forward loop (no parsing); full: parse + "
		"policies (full)\n"
		"  --direction access|core  direction of traffic in one-port mode (access)\n"
		"  --reg-event-to IP:PORT for every 2xx to REGISTER from the core, a reg-event "
		"NOTIFY\n"
		"                         (RFC 3680 full state) to this collector, out of the core "
		"port\n"
		"  --mbufs N              mbufs in the pool (8191; >= packets in an infinite_rx "
		"pcap\n"
		"                         per queue + 4096)\n"
		"  --mbuf-size N          mbuf data room in bytes (4096; rewrites must fit)\n"
		"\n"
		"Policy options (identical to `sipwire rewrite`):\n"
		"  --path URI  --path-ob  --flow-key HEX  --service-route "
		"keep|prepend:URI|replace:URI\n"
		"  --strip-path-echo  --refer-sub pass|suppress|strip  --sipfrag-headers NAME,...\n"
		"  --reginfo-host-map FROM=TO,...\n"
		"\n"
		"Exit status: 0 ok; 1 runtime failure or accounting mismatch; 2 bad options.\n",
		prog);
}

static int
bad(const char *opt, const char *val, const char *want)
{
	fprintf(stderr, "sipwire-dp: --%s: %s (got '%s')\n", opt, want, val ? val : "");
	return 2;
}

static int
parse_seconds(const char *opt, const char *v, double *out, int allow_zero)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(v, &end);
	if (errno != 0 || end == v || *end != '\0' || !(d >= 0) || d > 1e7 ||
	    (!allow_zero && d == 0))
		return bad(opt, v, allow_zero ? "expected seconds >= 0" : "expected seconds > 0");
	*out = d;
	return 0;
}

static int
parse_u64(const char *opt, const char *v, uint64_t lo, uint64_t hi, uint64_t *out)
{
	char *end;
	unsigned long long n;

	errno = 0;
	if (*v < '0' || *v > '9')
		return bad(opt, v, "expected a decimal number");
	n = strtoull(v, &end, 10);
	if (errno != 0 || *end != '\0' || n < lo || n > hi) {
		char want[96];

		snprintf(want, sizeof(want), "expected a number in %llu..%llu",
			 (unsigned long long)lo, (unsigned long long)hi);
		return bad(opt, v, want);
	}
	*out = n;
	return 0;
}

static int
set_policy_opt(struct app_config *cfg, const char *name, const char *value)
{
	char msg[256];

	if (app_policy_set(&cfg->policy, name, value, msg, sizeof(msg)) != 0) {
		fprintf(stderr, "sipwire-dp: %s\n", msg);
		return 2;
	}
	cfg->policy.configured = 1;
	return 0;
}

static int
handle(struct app_config *cfg, int c, int idx, const char *arg)
{
	uint64_t n;
	struct sw_err e = {0};

	switch (c) {
	case OPT_SIP_PORTS:
		sw_portset_clear(&cfg->sip_ports);
		if (sw_portset_parse(&cfg->sip_ports, arg, &e) != SW_OK)
			return bad("sip-ports", arg, e.detail);
		return 0;
	case OPT_DURATION:
		return parse_seconds("duration", arg, &cfg->duration, 0);
	case OPT_STATS_INTERVAL:
		return parse_seconds("stats-interval", arg, &cfg->stats_interval, 1);
	case OPT_MAX_PACKETS:
		return parse_u64("max-packets", arg, 1, UINT64_MAX, &cfg->max_packets);
	case OPT_MBUFS:
		if (parse_u64("mbufs", arg, 1023, 4u << 20, &n) != 0)
			return 2;
		cfg->nb_mbufs = (uint32_t)n;
		return 0;
	case OPT_MBUF_SIZE:
		if (parse_u64("mbuf-size", arg, 2048, 65535 - RTE_PKTMBUF_HEADROOM, &n) != 0)
			return 2;
		cfg->mbuf_data = (uint16_t)n;
		return 0;
	case OPT_STATS_JSON:
		cfg->stats_json = arg;
		return 0;
	case OPT_DROP_MALFORMED:
		cfg->drop_malformed = true;
		return 0;
	case OPT_REG_EVENT_TO:
		if (app_re_parse_target(cfg, arg) != 0)
			return bad("reg-event-to", arg,
				   "expected IPv4:PORT or [IPv6]:PORT, port 1..65535");
		return 0;
	case OPT_POLICY:
		if (strcmp(arg, "none") != 0 && strcmp(arg, "full") != 0)
			return bad("policy", arg, "expected none or full");
		cfg->policy.forward_only = strcmp(arg, "none") == 0;
		return 0;
	case OPT_DIRECTION:
		if (strcmp(arg, "access") != 0 && strcmp(arg, "core") != 0)
			return bad("direction", arg, "expected access or core");
		cfg->one_port_dir = strcmp(arg, "core") == 0 ? APP_DIR_CORE : APP_DIR_ACCESS;
		return 0;
	case OPT_POLICY_FLAG:
		return set_policy_opt(cfg, long_opts[idx].name, NULL);
	case OPT_POLICY_VALUE:
		return set_policy_opt(cfg, long_opts[idx].name, arg);
	}
	return 2;
}

int
app_re_parse_target(struct app_config *cfg, const char *arg)
{
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon = strrchr(arg, ':');
	size_t hl;
	uint64_t port;
	int v6;

	if (colon == NULL || (hl = (size_t)(colon - arg)) == 0 || hl >= sizeof(host))
		return -1;
	v6 = arg[0] == '[';
	if (v6 && (hl < 3 || arg[hl - 1] != ']'))
		return -1;
	memcpy(host, arg + v6, hl - 2 * (size_t)v6);
	host[hl - 2 * (size_t)v6] = '\0';
	if (inet_pton(v6 ? AF_INET6 : AF_INET, host, cfg->re_addr) != 1)
		return -1;
	port = 0;
	for (const char *q = colon + 1; *q != '\0'; q++) {
		if (*q < '0' || *q > '9' || (port = port * 10 + (uint64_t)(*q - '0')) > 65535)
			return -1;
	}
	if (port == 0)
		return -1;
	cfg->reg_event = true;
	cfg->re_family = v6 ? 6 : 4;
	cfg->re_port = (uint16_t)port;
	snprintf(cfg->re_hostport, sizeof(cfg->re_hostport), "%s", arg);
	snprintf(cfg->re_ruri, sizeof(cfg->re_ruri), "sip:collector@%s", arg);
	return 0;
}

static void
defaults(struct app_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	app_policy_init(&cfg->policy);
	sw_portset_clear(&cfg->sip_ports);
	sw_portset_add(&cfg->sip_ports, 5060);
	cfg->stats_interval = 1.0;
	cfg->nb_mbufs = 8191;
	cfg->mbuf_data = 4096;
	cfg->one_port_dir = APP_DIR_ACCESS;
}

int
app_parse_args(int argc, char **argv, struct app_config *cfg)
{
	int c, idx, rc;

	defaults(cfg);
	opterr = 0;
	optind = 0; /* glibc: full re-initialisation after EAL's own getopt use */
	while ((c = getopt_long(argc, argv, "h", long_opts, &idx)) != -1) {
		if (c == 'h' || c == OPT_HELP) {
			app_usage(stdout, "sipwire-dp");
			return 1;
		}
		if (c == '?' || c == ':') {
			fprintf(stderr,
				"sipwire-dp: unknown option or missing value: %s (try --help)\n",
				argv[optind - 1]);
			return 2;
		}
		if ((rc = handle(cfg, c, idx, optarg)) != 0)
			return rc;
	}
	if (optind < argc) {
		fprintf(stderr, "sipwire-dp: unexpected argument '%s' (try --help)\n",
			argv[optind]);
		return 2;
	}
	if (cfg->policy.configured) {
		char msg[256];

		if (app_policy_finish(&cfg->policy, msg, sizeof(msg)) != 0) {
			fprintf(stderr, "sipwire-dp: %s\n", msg);
			return 2;
		}
	}
	if (cfg->policy.forward_only && cfg->policy.configured) {
		fprintf(stderr, "sipwire-dp: --policy none forwards without parsing: "
				"policy options make no sense with it\n");
		return 2;
	}
	return 0;
}
