/* sipwire-dp: IP reassembly before parsing, fragmentation on output.
 *
 * Each lcore has its own rte_ip_frag table and death row, so fragments of
 * one datagram must reach the same lcore: RSS on addresses (not ports, which
 * later fragments do not carry) does that; the pcap test setups have one
 * queue per file.
 */
#include <rte_cycles.h>
#include <rte_ip.h>
#include <rte_lcore.h>

#include "app.h"

#define FRAG_BUCKETS	    1024
#define FRAG_BUCKET_ENTRIES 16
#define FRAG_MAX_ENTRIES    4096
#define FRAG_TTL_MS	    2000

int
app_frag_init(struct app_lcore *lc)
{
	uint64_t ttl = (rte_get_tsc_hz() + 999) / 1000 * FRAG_TTL_MS;

	lc->frag_tbl = rte_ip_frag_table_create(FRAG_BUCKETS, FRAG_BUCKET_ENTRIES, FRAG_MAX_ENTRIES,
						ttl, (int)rte_lcore_to_socket_id(lc->lcore_id));
	lc->death_row.cnt = 0;
	return lc->frag_tbl == NULL ? -1 : 0;
}

static void
fix_ipv4_csum(uint8_t *ip)
{
	uint16_t c;

	/* the library zeroes the checksum of the rebuilt header */
	ip[10] = ip[11] = 0;
	c = sw_ipv4_hdr_csum(ip, (size_t)(ip[0] & 0x0F) * 4);
	ip[10] = (uint8_t)(c >> 8);
	ip[11] = (uint8_t)c;
}

/* One linear mbuf with the chain's bytes, or r itself when it cannot be. */
static struct rte_mbuf *
linearise(struct app_lcore *lc, struct rte_mbuf *r)
{
	struct rte_mbuf *n, *s;
	uint8_t *dst;

	if (r->pkt_len > app_cfg.mbuf_data)
		return r;
	n = rte_pktmbuf_alloc(app_cfg.pool);
	if (n == NULL) {
		app_cnt_add(&lc->stats, APP_C_drop_no_mbuf, 1);
		rte_pktmbuf_free(r);
		return NULL;
	}
	dst = (uint8_t *)rte_pktmbuf_append(n, (uint16_t)r->pkt_len);
	for (s = r; s != NULL; s = s->next) {
		rte_memcpy(dst, rte_pktmbuf_mtod(s, void *), s->data_len);
		dst += s->data_len;
	}
	n->port = r->port;
	rte_pktmbuf_free(r);
	return n;
}

struct rte_mbuf *
app_frag_reassemble(struct app_lcore *lc, struct rte_mbuf *m, const struct sw_pkt *p, uint64_t now)
{
	struct rte_ipv4_hdr *ip;
	struct rte_mbuf *r;

	app_cnt_add(&lc->stats, APP_C_frag_in, 1);
	/* Ethernet padding would end up inside the rebuilt payload */
	if (m->data_len > p->ip_end)
		rte_pktmbuf_trim(m, (uint16_t)(m->data_len - p->ip_end));
	m->l2_len = p->l3_off;
	if (p->flags & SW_PKT_F_IPV4) {
		m->l3_len = p->l3_hlen;
		ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, p->l3_off);
		r = rte_ipv4_frag_reassemble_packet(lc->frag_tbl, &lc->death_row, m, now, ip);
	} else {
		/* the library takes a fragment header right after the fixed
		 * header (the caller checked) and removes it when done */
		struct rte_ipv6_hdr *ip6 =
			rte_pktmbuf_mtod_offset(m, struct rte_ipv6_hdr *, p->l3_off);

		m->l3_len = sizeof(*ip6) + sizeof(struct rte_ipv6_fragment_ext);
		r = rte_ipv6_frag_reassemble_packet(lc->frag_tbl, &lc->death_row, m, now, ip6,
						    (struct rte_ipv6_fragment_ext *)(ip6 + 1));
	}
	if (r == NULL)
		return NULL;
	/* input frames are single-segment (no scattered rx), so the chain has
	 * one segment per fragment */
	app_cnt_add(&lc->stats, APP_C_reassembled, 1);
	app_cnt_add(&lc->stats, APP_C_frag_merged, r->nb_segs - 1u);
	if (p->flags & SW_PKT_F_IPV4)
		fix_ipv4_csum(rte_pktmbuf_mtod_offset(r, uint8_t *, r->l2_len));
	return r->nb_segs == 1 ? r : linearise(lc, r);
}

uint16_t
app_frag_output(struct app_lcore *lc, struct rte_mbuf *m, const struct sw_pkt *p, uint16_t mtu,
		struct rte_mbuf **out, uint16_t max)
{
	uint8_t l2[32];
	uint16_t l2len = (uint16_t)p->l3_off;
	int32_t n;

	(void)lc;
	if (l2len > sizeof(l2))
		return 0;
	rte_memcpy(l2, rte_pktmbuf_mtod(m, void *), l2len);
	/* the library wants the IP header first and the exact datagram */
	if (m->pkt_len > p->ip_end)
		rte_pktmbuf_trim(m, (uint16_t)(m->pkt_len - p->ip_end));
	rte_pktmbuf_adj(m, l2len);
	if (p->flags & SW_PKT_F_IPV4)
		n = rte_ipv4_fragment_packet(m, out, max, mtu, app_cfg.pool, app_cfg.indirect_pool);
	else /* a fragment header after the fixed header (caller: no extension headers) */
		n = rte_ipv6_fragment_packet(m, out, max, mtu, app_cfg.pool, app_cfg.indirect_pool);
	if (n <= 0) {
		rte_pktmbuf_prepend(m, l2len);
		return 0;
	}
	for (int32_t i = 0; i < n; i++) {
		uint8_t *f = (uint8_t *)rte_pktmbuf_prepend(out[i], l2len);

		rte_memcpy(f, l2, l2len);
		if (p->flags & SW_PKT_F_IPV4)
			fix_ipv4_csum(f + l2len);
		out[i]->ol_flags = 0;
	}
	rte_pktmbuf_free(m); /* the fragments keep their own references */
	return (uint16_t)n;
}

static void
free_death_row(struct app_lcore *lc)
{
	if (lc->death_row.cnt == 0)
		return;
	app_cnt_add(&lc->stats, APP_C_drop_frag, lc->death_row.cnt);
	rte_ip_frag_free_death_row(&lc->death_row, 0);
}

void
app_frag_flush(struct app_lcore *lc, bool final)
{
	if (!final) {
		rte_ip_frag_table_del_expired_entries(lc->frag_tbl, &lc->death_row, rte_rdtsc());
		free_death_row(lc);
		return;
	}
	/* at exit every held fragment counts as dropped: expire them all */
	for (;;) {
		rte_ip_frag_table_del_expired_entries(lc->frag_tbl, &lc->death_row, UINT64_MAX / 2);
		if (lc->death_row.cnt == 0)
			break;
		free_death_row(lc);
	}
	rte_ip_frag_table_destroy(lc->frag_tbl);
	lc->frag_tbl = NULL;
}
