/* sipwire-dp: the per-lcore run-to-completion loop.
 *
 * rx burst -> sw_pkt_parse -> (IP fragment: reassemble) -> UDP to/from a
 * SIP port? -> sw_msg_parse -> policy, rewritten in place in the mbuf ->
 * sw_pkt_fixup -> (over the MTU: fragment) -> tx burst on the other port.
 * Each frame leaves exactly one way: transmitted, dropped under one reason,
 * held in reassembly, or merged into a rebuilt datagram; the counters say
 * which (see the accounting rule in app.h).
 */
#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>

#include "app.h"

struct app_txq {
	uint16_t port;
	uint16_t n;
	bool generated; /* counted in generated / generated_dropped, outside the rule */
	struct rte_mbuf *m[APP_BURST * 4];
};

struct app_ctx {
	struct app_lcore *lc;
	enum app_dir dir;
	uint16_t out_port;
	struct app_txq *tx;
	struct app_txq *gen; /* reg-event NOTIFYs, out of the core port */
	uint64_t now;
};

static void
tx_flush(struct app_lcore *lc, struct app_txq *tx)
{
	uint16_t sent = 0;
	uint64_t bytes = 0;

	if (tx->n == 0)
		return;
	for (uint16_t i = 0; i < tx->n; i++)
		bytes += tx->m[i]->pkt_len;
	while (sent < tx->n) {
		uint16_t k = rte_eth_tx_burst(tx->port, lc->index, tx->m + sent, tx->n - sent);

		if (k == 0)
			break;
		sent += k;
	}
	for (uint16_t i = sent; i < tx->n; i++) {
		bytes -= tx->m[i]->pkt_len;
		rte_pktmbuf_free(tx->m[i]);
	}
	if (tx->generated) {
		app_cnt_add(&lc->stats, APP_C_generated, sent);
		app_cnt_add(&lc->stats, APP_C_generated_dropped, tx->n - sent);
	} else {
		app_cnt_add(&lc->stats, APP_C_tx, sent);
		app_cnt_add(&lc->stats, APP_C_tx_bytes, bytes);
		app_cnt_add(&lc->stats, APP_C_drop_tx_full, tx->n - sent);
	}
	tx->n = 0;
}

static void
tx_add(struct app_lcore *lc, struct app_txq *tx, struct rte_mbuf *m)
{
	if (tx->n == RTE_DIM(tx->m))
		tx_flush(lc, tx);
	tx->m[tx->n++] = m;
}

/* Forward unchanged, or drop under drop_malformed with --drop-malformed. */
static void
pass_or_drop(struct app_ctx *cx, struct rte_mbuf *m, enum app_counter why, bool droppable)
{
	app_cnt_add(&cx->lc->stats, why, 1);
	if (droppable && app_cfg.drop_malformed) {
		app_cnt_add(&cx->lc->stats, APP_C_drop_malformed, 1);
		rte_pktmbuf_free(m);
		return;
	}
	tx_add(cx->lc, cx->tx, m);
}

static void
count_fired(struct app_lcore *lc, unsigned fired)
{
	static const struct {
		unsigned bit;
		enum app_counter c;
	} map[] = {
		{SW_POL_PATH, APP_C_rw_path},
		{SW_POL_SERVICE_ROUTE, APP_C_rw_service_route},
		{SW_POL_SR_RESTORE, APP_C_rw_sr_restore},
		{SW_POL_PATH_STRIP, APP_C_rw_path_strip},
		{SW_POL_REFER_SUB, APP_C_rw_refer_sub},
		{SW_POL_SIPFRAG, APP_C_rw_sipfrag},
		{SW_POL_REGINFO, APP_C_rw_reginfo},
	};

	/* usually one bit: visit only the set ones */
	for (unsigned i = 0; fired != 0 && i < RTE_DIM(map); i++) {
		if (fired & map[i].bit) {
			app_cnt_add(&lc->stats, map[i].c, 1);
			fired &= ~map[i].bit;
		}
	}
}

/* Length/checksum fixup after the payload changed: offload flags when the
 * output port computes checksums, software otherwise; in software the UDP
 * checksum is updated by the change of the payload's sum (`sums`: before,
 * after; RFC 1624) or, without them (the datagram had no checksum), summed
 * anew. */
static int
fixup(struct app_ctx *cx, struct rte_mbuf *m, struct sw_pkt *p, size_t new_len,
      const uint32_t *sums)
{
	uint8_t *f = rte_pktmbuf_mtod(m, uint8_t *);
	size_t cap = rte_pktmbuf_data_len(m) + rte_pktmbuf_tailroom(m), flen;
	unsigned flags = 0;
	/* a packet that will be fragmented needs its UDP checksum now: the
	 * NIC cannot compute one over several fragments */
	bool hw = app_cfg.tx_offloads[cx->out_port] != 0 &&
		  p->payload_off + new_len - p->l3_off <= app_cfg.mtu[cx->out_port];

	if (hw)
		flags = SW_FIX_NO_IP_CSUM | SW_FIX_L4_PSEUDO;
	if ((sums != NULL && !hw ? sw_pkt_fixup_sum(f, cap, p, (uint32_t)new_len, sums[0], sums[1],
						    flags, &flen, NULL)
				 : sw_pkt_fixup(f, cap, p, (uint32_t)new_len, flags, &flen, NULL)) != SW_OK)
		return -1;
	m->data_len = (uint16_t)flen;
	m->pkt_len = (uint32_t)flen;
	if (hw) {
		m->l2_len = p->l3_off;
		m->l3_len = p->l3_hlen;
		m->ol_flags |=
			RTE_MBUF_F_TX_UDP_CKSUM |
			((p->flags & SW_PKT_F_IPV4) ? RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM
						    : RTE_MBUF_F_TX_IPV6);
	}
	return 0;
}

/* Reg-event mirror: remember REGISTERs, answer a 2xx to REGISTER from the
 * core with a NOTIFY to the collector (before the 2xx is rewritten). */
static void
reg_event(struct app_ctx *cx, const uint8_t *f, const struct sw_pkt *p, const struct sw_msg *msg,
	  struct sw_arena *a)
{
	struct rte_mbuf *g, *frags[8];
	struct sw_pkt gp;
	uint16_t n, mtu;

	if (msg->kind == SW_MSG_REQUEST && msg->method == SW_METHOD_REGISTER) {
		app_re_remember(cx->lc, (const char *)f + p->payload_off, p->payload_len, msg);
		return;
	}
	if (cx->dir != APP_DIR_CORE || msg->kind != SW_MSG_RESPONSE || msg->status < 200 ||
	    msg->status > 299 || msg->method != SW_METHOD_REGISTER)
		return;
	g = app_re_notify(cx->lc, f, p, msg, a);
	if (g == NULL)
		return;
	mtu = app_cfg.mtu[cx->gen->port];
	if (g->pkt_len - p->l3_off <= mtu || !(p->flags & SW_PKT_F_IPV4)) {
		tx_add(cx->lc, cx->gen, g);
		return;
	}
	gp = *p; /* same L2/L3 layout as the 2xx it answers */
	gp.ip_end = g->pkt_len;
	n = app_frag_output(cx->lc, g, &gp, mtu, frags, RTE_DIM(frags));
	if (n == 0) {
		rte_pktmbuf_free(g);
		app_cnt_add(&cx->lc->stats, APP_C_reg_event_fail, 1);
		return;
	}
	for (uint16_t i = 0; i < n; i++)
		tx_add(cx->lc, cx->gen, frags[i]);
}

/* Parse and rewrite one complete SIP-over-UDP datagram in place. Returns
 * false when the frame was already forwarded or dropped (malformed SIP, or
 * a fixup failure that cannot happen with the cap below). */
static bool
sip_rewrite(struct app_ctx *cx, struct rte_mbuf *m, struct sw_pkt *p)
{
	struct app_lcore *lc = cx->lc;
	uint8_t *f = rte_pktmbuf_mtod(m, uint8_t *);
	struct sw_arena a;
	struct sw_msg msg;
	size_t cap, new_len;
	unsigned fired;
	enum app_policy_result r;
	uint32_t sums[2];
	bool want_sum;

	sw_arena_init(&a, lc->arena_mem, sizeof(lc->arena_mem));
	if (sw_msg_parse(f + p->payload_off, p->payload_len, NULL, &a, &msg, NULL) != SW_OK) {
		pass_or_drop(cx, m, APP_C_malformed, true);
		return false;
	}
	app_cnt_add(&lc->stats, APP_C_sip_parsed, 1);
	if (app_cfg.reg_event)
		reg_event(cx, f, p, &msg, &a);
	cap = rte_pktmbuf_data_len(m) + rte_pktmbuf_tailroom(m) - p->payload_off;
	/* no rewrite may push the IP or UDP length past 65535: a longer
	 * result is no_room, so the fixup below cannot fail */
	cap = RTE_MIN(cap, (size_t)(65535 - 8));
	cap = RTE_MIN(cap, (size_t)65535 + ((p->flags & SW_PKT_F_IPV6) ? 40 : 0) -
				   (p->payload_off - p->l3_off));
	/* the UDP checksum is updated from the received one (docs/dpdk-app.md,
	 * "UDP checksums"); a port that computes checksums itself needs no sum */
	want_sum = app_cfg.tx_offloads[cx->out_port] == 0;
	r = app_policy_apply(&app_cfg.policy, &lc->pol, f + p->payload_off, p->payload_len, cap,
			     &msg, cx->dir, p, f, &a, want_sum ? sums : NULL, &new_len, &fired);
	if (r == APP_POL_REWRITTEN &&
	    fixup(cx, m, p, new_len, want_sum && sums[0] != APP_NO_SUM ? sums : NULL) == 0) {
		app_cnt_add(&lc->stats, APP_C_rewritten, 1);
		count_fired(lc, fired);
	} else if (r == APP_POL_REWRITTEN) {
		/* payload rewritten, lengths not: never send such a frame */
		app_cnt_add(&lc->stats, APP_C_drop_fixup, 1);
		rte_pktmbuf_free(m);
		return false;
	} else {
		app_cnt_add(&lc->stats,
			    r == APP_POL_NO_ROOM ? APP_C_no_room
			    : r == APP_POL_ERROR ? APP_C_policy_error
			    : r == APP_POL_AUTH	 ? APP_C_policy_auth
						 : APP_C_unchanged_sip,
			    1);
	}
	return true;
}

/* Transmit a complete datagram, fragmenting it over the output MTU. */
static void
output(struct app_ctx *cx, struct rte_mbuf *m, const struct sw_pkt *p)
{
	struct app_lcore *lc = cx->lc;
	uint16_t mtu = app_cfg.mtu[cx->out_port], n;
	struct rte_mbuf *frags[16];

	if (m->pkt_len - p->l3_off <= mtu) {
		tx_add(lc, cx->tx, m);
		return;
	}
	if (p->flags & SW_PKT_F_IPV6_EXT) {
		/* the per-fragment headers would have to go before the
		 * fragment header: not done, the packet leaves whole */
		app_cnt_add(&lc->stats, APP_C_over_mtu, 1);
		tx_add(lc, cx->tx, m);
		return;
	}
	n = app_frag_output(lc, m, p, mtu, frags, RTE_DIM(frags));
	if (n == 0) {
		app_cnt_add(&lc->stats, APP_C_drop_frag_out, 1);
		rte_pktmbuf_free(m);
		return;
	}
	app_cnt_add(&lc->stats, APP_C_fragmented, 1);
	app_cnt_add(&lc->stats, APP_C_frag_created, n - 1u);
	for (uint16_t i = 0; i < n; i++)
		tx_add(lc, cx->tx, frags[i]);
}

static void
handle_frag(struct app_ctx *cx, struct rte_mbuf *m, struct sw_pkt *p)
{
	/* DPDK reassembles IPv6 only with the fragment header right after the
	 * fixed header; other chains pass whole */
	if ((p->flags & SW_PKT_F_IPV6) && p->frag_hdr_off != p->l3_off + 40) {
		pass_or_drop(cx, m, APP_C_ipv6_frag_passthrough, false);
		return;
	}
	if (!sw_pkt_frag_may_match(p, &app_cfg.sip_ports)) {
		pass_or_drop(cx, m, APP_C_passthrough_non_sip, false);
		return;
	}
	m = app_frag_reassemble(cx->lc, m, p, cx->now);
	if (m == NULL)
		return; /* held for the other fragments, or dropped and counted */
	if (m->nb_segs > 1) {
		/* too big to linearise in one mbuf: forwarded unparsed, the
		 * view now covering the rebuilt datagram */
		app_cnt_add(&cx->lc->stats, APP_C_no_room, 1);
		p->ip_end = m->pkt_len;
		p->flags &= ~(uint32_t)(SW_PKT_F_FRAG | SW_PKT_F_FRAG_FIRST);
		output(cx, m, p);
		return;
	}
	if (sw_pkt_parse(rte_pktmbuf_mtod(m, void *), m->data_len, p, NULL) != SW_OK) {
		pass_or_drop(cx, m, APP_C_bad_frame, true);
		return;
	}
	if (!sw_pkt_is_udp_to(p, &app_cfg.sip_ports)) {
		app_cnt_add(&cx->lc->stats, APP_C_passthrough_non_sip, 1);
		output(cx, m, p);
		return;
	}
	if (sip_rewrite(cx, m, p))
		output(cx, m, p);
}

static void
process(struct app_ctx *cx, struct rte_mbuf *m)
{
	struct sw_pkt p;

	if (sw_pkt_parse(rte_pktmbuf_mtod(m, void *), m->data_len, &p, NULL) != SW_OK) {
		pass_or_drop(cx, m, APP_C_bad_frame, true);
		return;
	}
	if (p.flags & SW_PKT_F_FRAG) {
		handle_frag(cx, m, &p);
		return;
	}
	if (!sw_pkt_is_udp_to(&p, &app_cfg.sip_ports) || m->nb_segs > 1) {
		pass_or_drop(cx, m, APP_C_passthrough_non_sip, false);
		return;
	}
	if (!sip_rewrite(cx, m, &p))
		return;
	/* a message that passes the MTU after a rewrite leaves as fragments
	 * (IPv6 with extension headers: whole, counted over_mtu) */
	if (m->pkt_len - p.l3_off > app_cfg.mtu[cx->out_port])
		output(cx, m, &p);
	else
		tx_add(cx->lc, cx->tx, m);
}

static uint16_t
rx_budget(const struct app_lcore *lc)
{
	uint64_t got;

	if (app_cfg.max_packets == 0)
		return APP_BURST;
	/* one worker: stop exactly at the bound; several: main stops them */
	got = app_cnt_read(&lc->stats, APP_C_rx);
	if (got >= app_cfg.max_packets)
		return 0;
	return (uint16_t)RTE_MIN((uint64_t)APP_BURST, app_cfg.max_packets - got);
}

static void
poll_port(struct app_lcore *lc, uint16_t port, struct app_txq *tx, struct app_txq *gen)
{
	struct rte_mbuf *pkts[APP_BURST];
	struct app_ctx cx = {lc, APP_DIR_ACCESS, 0, tx, gen, 0};
	uint16_t n = rx_budget(lc), i;
	uint64_t bytes = 0, t1;

	if (n == 0 || (n = rte_eth_rx_burst(port, lc->index, pkts, n)) == 0)
		return;
	cx.now = rte_rdtsc();
	if (app_cfg.mode == APP_MODE_TWO_PORT) {
		cx.dir = port == 0 ? APP_DIR_ACCESS : APP_DIR_CORE;
		cx.out_port = port ^ 1;
	} else {
		cx.dir = (enum app_dir)app_cfg.one_port_dir;
	}
	tx->port = cx.out_port;
	for (i = 0; i < n; i++)
		bytes += pkts[i]->pkt_len;
	app_cnt_add(&lc->stats, APP_C_rx, n);
	app_cnt_add(&lc->stats, APP_C_rx_bytes, bytes);
	if (app_cfg.policy.forward_only) {
		for (i = 0; i < n; i++)
			tx->m[tx->n++] = pkts[i];
	} else {
		for (i = 0; i < n; i++) {
			if (i + 1 < n)
				rte_prefetch0(rte_pktmbuf_mtod(pkts[i + 1], void *));
			process(&cx, pkts[i]);
		}
	}
	tx_flush(lc, tx);
	tx_flush(lc, gen);
	if (lc->frag_tbl != NULL)
		app_frag_flush(lc, false);
	t1 = rte_rdtsc();
	app_cnt_add(&lc->stats, APP_C_busy_cycles, t1 - cx.now);
	app_stats_hist_add(&lc->stats, (t1 - cx.now) / n, n);
}

int
app_worker_main(void *arg)
{
	struct app_lcore *lc = arg;
	struct app_txq tx = {0, 0, false, {NULL}};
	struct app_txq gen = {app_cfg.mode == APP_MODE_TWO_PORT ? 1 : 0, 0, true, {NULL}};
	bool has_queue = lc->index < app_cfg.nb_queues[0];

	if (!has_queue && !lc->is_main)
		return 0;
	while (!force_quit) {
		if (lc->is_main)
			app_main_tick(rte_rdtsc());
		if (!has_queue)
			continue;
		for (uint16_t port = 0; port < app_cfg.nb_ports; port++)
			poll_port(lc, port, &tx, &gen);
	}
	if (lc->frag_tbl != NULL)
		app_frag_flush(lc, true);
	return 0;
}
