/* sipwire-dp: the reg-event mirror (--reg-event-to IP:PORT).
 *
 * Every 2xx to REGISTER seen travelling from the core to the access side
 * produces a NOTIFY (Event: reg, RFC 3680) with the full-state reginfo of
 * that AOR as the registration shows it (sw_ri_from_register), written
 * straight into a fresh mbuf and sent out of the core port to the
 * collector. sw_ri_from_register needs the REGISTER too: each lcore keeps
 * the last REGISTERs it forwarded in a small direct-mapped cache keyed by
 * Call-ID and CSeq (a collision overwrites; a 2xx whose REGISTER is gone is
 * counted as reg_event_miss). Each lcore is its own notifier: one
 * subscription dialog (Call-ID, tags, CSeq) and one version counter per
 * lcore, so versions grow by one per document within each dialog.
 *
 * The NOTIFY leaves with the 2xx's L2 header turned round (so it goes back
 * to the core-side neighbour that sent the 2xx, on the same VLANs) and the
 * registrar's IP address and port as its source. It is a one-way mirror:
 * the worker does not absorb the collector's answers.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_malloc.h>

#include "app.h"
#include "sipwire/notify.h"
#include "sipwire/reginfo.h"
#include "sipwire/xmlw.h"

static uint64_t
re_key(const char *base, const struct sw_msg *m)
{
	const struct sw_hdr *h = sw_msg_first(m, SW_HDR_CALL_ID);
	uint64_t k = 1469598103934665603ull ^ m->cseq;

	if (h == NULL)
		return 0;
	for (uint32_t i = 0; i < h->value.len; i++)
		k = (k ^ (uint8_t)base[h->value.off + i]) * 1099511628211ull;
	return k | 1; /* 0 marks an empty slot */
}

int
app_re_init(struct app_lcore *lc)
{
	struct app_re *re = &lc->re;

	re->slots =
		rte_zmalloc_socket("sw_regcache", sizeof(*re->slots) * APP_RE_SLOTS,
				   RTE_CACHE_LINE_SIZE, (int)rte_lcore_to_socket_id(lc->lcore_id));
	if (re->slots == NULL)
		return -1;
	snprintf(re->call_id, sizeof(re->call_id), "regmirror-%u-%" PRIx64 "@sipwire.invalid",
		 lc->lcore_id, rte_rdtsc());
	snprintf(re->from_tag, sizeof(re->from_tag), "swre%u", lc->lcore_id);
	snprintf(re->to, sizeof(re->to), "<sip:collector@%s>;tag=swcol%u", app_cfg.re_hostport,
		 lc->lcore_id);
	re->cseq = 1;
	return 0;
}

void
app_re_fini(struct app_lcore *lc)
{
	rte_free(lc->re.slots);
	lc->re.slots = NULL;
}

void
app_re_remember(struct app_lcore *lc, const char *buf, size_t len, const struct sw_msg *m)
{
	uint64_t k = re_key(buf, m);
	struct app_re_slot *s;

	if (k == 0 || len > APP_RE_BYTES)
		return;
	s = &lc->re.slots[k % APP_RE_SLOTS];
	s->key = k;
	s->len = (uint32_t)len;
	memcpy(s->buf, buf, len);
}

struct re_body {
	const char *reg_buf, *ok_buf;
	const struct sw_msg *reg, *ok;
	uint64_t version;
	const uint8_t *id_key;
};

/* sw_body_fn: the reginfo document written in place by the xmlw writer. */
static int
re_write_body(void *arg, char *dst, size_t cap, size_t *len)
{
	struct re_body *b = arg;
	struct sw_xmlw x;
	int rc;

	sw_xmlw_init(&x, dst, cap, NULL, NULL, 0);
	rc = sw_ri_from_register(&x, b->reg_buf, b->reg, b->ok_buf, b->ok, b->version, b->id_key,
				 NULL);
	*len = (size_t)sw_xmlw_len(&x);
	return rc;
}

/* Ethernet (turned round) + IP + UDP headers in front of the NOTIFY; returns
 * the payload offset. */
static uint32_t
re_headers(uint8_t *f, const uint8_t *ok, const struct sw_pkt *p, uint16_t id)
{
	uint32_t l3 = p->l3_off;

	memcpy(f, ok + 6, 6); /* to the neighbour that sent the 2xx */
	memcpy(f + 6, ok, 6);
	memcpy(f + 12, ok + 12, l3 - 12); /* VLAN tags and ethertype */
	if (p->flags & SW_PKT_F_IPV4) {
		memset(f + l3, 0, 20);
		f[l3] = 0x45;
		f[l3 + 4] = (uint8_t)(id >> 8);
		f[l3 + 5] = (uint8_t)id;
		f[l3 + 8] = 64;
		f[l3 + 9] = SW_IPPROTO_UDP;
		memcpy(f + l3 + 12, ok + l3 + 12, 4); /* from the registrar */
		memcpy(f + l3 + 16, app_cfg.re_addr, 4);
		l3 += 20;
	} else {
		memset(f + l3, 0, 40);
		f[l3] = 0x60;
		f[l3 + 6] = SW_IPPROTO_UDP;
		f[l3 + 7] = 64;
		memcpy(f + l3 + 8, ok + l3 + 8, 16);
		memcpy(f + l3 + 24, app_cfg.re_addr, 16);
		l3 += 40;
	}
	memset(f + l3, 0, 8);
	f[l3] = (uint8_t)(p->sport >> 8);
	f[l3 + 1] = (uint8_t)p->sport;
	f[l3 + 2] = (uint8_t)(app_cfg.re_port >> 8);
	f[l3 + 3] = (uint8_t)app_cfg.re_port;
	return l3 + 8;
}

/* Lengths and checksums of the finished frame, through the same codec
 * fixup as rewritten packets. */
static int
re_finish(uint8_t *f, size_t cap, uint32_t poff, size_t nlen, const struct sw_pkt *okp,
	  size_t *flen)
{
	struct sw_pkt v;
	uint32_t l3 = okp->l3_off;

	if (okp->flags & SW_PKT_F_IPV4) {
		uint16_t total = (uint16_t)(poff - l3), c;

		f[l3 + 2] = (uint8_t)(total >> 8);
		f[l3 + 3] = (uint8_t)total;
		c = sw_ipv4_hdr_csum(f + l3, 20);
		f[l3 + 10] = (uint8_t)(c >> 8);
		f[l3 + 11] = (uint8_t)c;
	} else {
		f[l3 + 4] = 0;
		f[l3 + 5] = 8;
	}
	f[poff - 4] = 0;
	f[poff - 3] = 8; /* an empty UDP datagram first: the view must parse */
	if (sw_pkt_parse(f, poff, &v, NULL) != SW_OK)
		return -1;
	return sw_pkt_fixup(f, cap, &v, (uint32_t)nlen, 0, flen, NULL) == SW_OK ? 0 : -1;
}

/* The registrar's address as a Via host ("192.0.2.1" or "[2001:db8::1]"). */
static void
re_src_host(struct app_re *re, const uint8_t *frame, const struct sw_pkt *p)
{
	char a[INET6_ADDRSTRLEN];

	if (p->flags & SW_PKT_F_IPV4) {
		inet_ntop(AF_INET, frame + p->l3_off + 12, re->src_host, sizeof(re->src_host));
		return;
	}
	inet_ntop(AF_INET6, frame + p->l3_off + 8, a, sizeof(a));
	snprintf(re->src_host, sizeof(re->src_host), "[%s]", a);
}

/* The stored REGISTER of this 2xx, parsed into `reg`, or NULL. */
static const char *
re_lookup(struct app_lcore *lc, const char *ok_buf, const struct sw_msg *ok, struct sw_arena *a,
	  struct sw_msg *reg)
{
	uint64_t k = re_key(ok_buf, ok);
	struct app_re_slot *s = &lc->re.slots[k % APP_RE_SLOTS];

	if (k == 0 || s->key != k)
		return NULL;
	if (sw_msg_parse(s->buf, s->len, NULL, a, reg, NULL) != SW_OK)
		return NULL;
	return s->buf;
}

struct rte_mbuf *
app_re_notify(struct app_lcore *lc, const uint8_t *frame, const struct sw_pkt *p,
	      const struct sw_msg *ok, struct sw_arena *a)
{
	struct app_re *re = &lc->re;
	const char *ok_buf = (const char *)frame + p->payload_off;
	struct sw_msg reg;
	struct re_body b;
	struct sw_local_id local = {re->src_host, p->sport, "UDP", re->branch, NULL};
	struct sw_reg_notify n;
	struct rte_mbuf *m;
	uint8_t *f;
	uint32_t poff;
	size_t nlen, flen, cap;

	if (!(p->flags & (app_cfg.re_family == 4 ? SW_PKT_F_IPV4 : SW_PKT_F_IPV6))) {
		app_cnt_add(&lc->stats, APP_C_reg_event_fail, 1); /* family of the collector */
		return NULL;
	}
	b.reg_buf = re_lookup(lc, ok_buf, ok, a, &reg);
	if (b.reg_buf == NULL) {
		app_cnt_add(&lc->stats, APP_C_reg_event_miss, 1);
		return NULL;
	}
	m = rte_pktmbuf_alloc(app_cfg.pool);
	if (m == NULL) {
		app_cnt_add(&lc->stats, APP_C_reg_event_fail, 1);
		return NULL;
	}
	f = rte_pktmbuf_mtod(m, uint8_t *);
	cap = rte_pktmbuf_tailroom(m);
	poff = re_headers(f, frame, p, (uint16_t)re->cseq);
	b.ok_buf = ok_buf;
	b.reg = &reg;
	b.ok = ok;
	b.version = re->version;
	b.id_key = app_cfg.policy.sw.have_key ? app_cfg.policy.sw.key : NULL;
	re_src_host(re, frame, p);
	snprintf(re->branch, sizeof(re->branch), "z9hG4bKswre%u.%u", lc->lcore_id, re->cseq);
	memset(&n, 0, sizeof(n));
	n.ruri = app_cfg.re_ruri;
	n.from = "<sip:reg-mirror@sipwire.invalid>";
	n.from_tag = re->from_tag;
	n.to = re->to;
	n.call_id = re->call_id;
	n.cseq = re->cseq;
	n.state = SW_SUBSTATE_ACTIVE;
	n.expires = SW_REG_EXPIRES_DEFAULT;
	if (sw_notify_reg_build(&local, &n, re_write_body, &b, f + poff, cap - poff, &nlen, NULL) !=
		    SW_OK ||
	    re_finish(f, cap, poff, nlen, p, &flen) != 0) {
		rte_pktmbuf_free(m);
		app_cnt_add(&lc->stats, APP_C_reg_event_fail, 1);
		return NULL;
	}
	m->data_len = (uint16_t)flen;
	m->pkt_len = (uint32_t)flen;
	re->version++;
	re->cseq++;
	return m;
}
