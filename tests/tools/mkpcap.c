/* mkpcap: build test pcaps for sipwire-dp from SIP message files.
 *
 *   mkpcap OUT.pcap < SPEC
 *
 * Each SPEC line describes one frame (or a series with repeat=N); '#' starts
 * a comment. Keys (all optional except one payload source):
 *   file=PATH      payload from a file (a SIP message)
 *   text=STRING    payload given inline (no spaces; \r \n decoded)
 *   l3=4|6         IP version (4)
 *   l4=udp|tcp     transport (udp)
 *   src=ADDR dst=ADDR sport=N dport=N   (192.0.2.10 / 198.51.100.20, 5060 / 5060)
 *   vlan=ID        one 802.1Q tag;  qinq=SID,CID  802.1ad S-tag + 802.1Q C-tag
 *   frag=MTU       split into fragments whose IP packets fit MTU bytes (IPv4
 *                  flags/offset; IPv6 fragment header after the fixed header)
 *   trunc=N        write only the first N bytes of the frame (caplen N)
 *   repeat=N       emit N frames; frame k gets k-dependent Call-ID, Via
 *                  branch, source port and source address (same lengths, so
 *                  Content-Length stays right) so every frame is distinct
 *   zerocsum=1     IPv4/UDP without checksum (RFC 768)
 *   badcsum=1      UDP checksum off by one (a datagram corrupted on the way)
 * Checksums are computed here with a plain RFC 1071 loop, independent of the
 * codec the frames are meant to test.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PAYLOAD 65000

struct spec {
	int l3, tcp, nvlan, frag, trunc, repeat, zerocsum, badcsum;
	unsigned vlan[2];
	uint8_t src[16], dst[16];
	unsigned sport, dport;
	char payload[MAX_PAYLOAD];
	size_t plen;
};

static uint64_t ts_usec = 1700000000ull * 1000000ull;
static unsigned long nframes;

static void
die(const char *what, const char *arg)
{
	fprintf(stderr, "mkpcap: %s%s%s\n", what, arg ? ": " : "", arg ? arg : "");
	exit(1);
}

static uint32_t
sum16(uint32_t s, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i += 2)
		s += (uint32_t)b[i] << 8 | (i + 1 < n ? b[i + 1] : 0);
	return s;
}

static uint16_t
fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xFFFF) + (s >> 16);
	return (uint16_t)~s;
}

static void
put16(uint8_t *b, unsigned v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

static void
put32(uint8_t *b, uint32_t v)
{
	put16(b, v >> 16);
	put16(b + 2, v & 0xFFFF);
}

static void
emit(pcap_dumper_t *d, const uint8_t *f, size_t len, int trunc)
{
	struct pcap_pkthdr h;

	ts_usec += 1000;
	h.ts.tv_sec = (time_t)(ts_usec / 1000000);
	h.ts.tv_usec = (suseconds_t)(ts_usec % 1000000);
	h.len = (bpf_u_int32)len;
	h.caplen = (bpf_u_int32)(trunc > 0 && (size_t)trunc < len ? (size_t)trunc : len);
	pcap_dump((u_char *)d, &h, f);
	nframes++;
}

static size_t
l2(uint8_t *f, const struct spec *s)
{
	size_t off = 12;

	memcpy(f, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01", 12);
	for (int i = 0; i < s->nvlan; i++, off += 4) {
		put16(f + off, s->nvlan == 2 && i == 0 ? 0x88A8 : 0x8100);
		put16(f + off + 2, s->vlan[i]);
	}
	put16(f + off, s->l3 == 6 ? 0x86DD : 0x0800);
	return off + 2;
}

/* L4 header + payload at seg; returns its length. */
static size_t
l4(uint8_t *seg, const struct spec *s, unsigned k)
{
	size_t hl = s->tcp ? 20 : 8;

	memset(seg, 0, hl);
	put16(seg, s->sport);
	put16(seg + 2, s->dport);
	if (s->tcp) {
		put32(seg + 4, 1000 + k * 4096);
		put32(seg + 8, 1);
		seg[12] = 5 << 4;
		seg[13] = 0x18; /* PSH ACK */
		put16(seg + 14, 65535);
	} else {
		put16(seg + 4, (unsigned)(hl + s->plen));
	}
	memcpy(seg + hl, s->payload, s->plen);
	return hl + s->plen;
}

static void
l4_csum(uint8_t *seg, size_t len, const struct spec *s)
{
	uint32_t ps = 0;
	size_t alen = s->l3 == 6 ? 16 : 4;
	unsigned proto = s->tcp ? 6 : 17, at = s->tcp ? 16 : 6;
	uint16_t c;

	if (!s->tcp && s->zerocsum && s->l3 == 4)
		return;
	ps = sum16(ps, s->src, alen);
	ps = sum16(ps, s->dst, alen);
	ps += proto + (uint32_t)(len >> 16) + (uint32_t)(len & 0xFFFF);
	c = fold(sum16(ps, seg, len));
	c = !s->tcp && c == 0 ? 0xFFFF : c;
	if (s->badcsum) /* one more, never 0 (that would mean "no checksum") */
		c = c == 0xFFFF ? 1 : (uint16_t)(c + 1);
	put16(seg + at, c);
}

static void
ipv4_hdr(uint8_t *ip, const struct spec *s, size_t total, unsigned id, unsigned fragfield)
{
	memset(ip, 0, 20);
	ip[0] = 0x45;
	put16(ip + 2, (unsigned)total);
	put16(ip + 4, id);
	put16(ip + 6, fragfield);
	ip[8] = 64;
	ip[9] = s->tcp ? 6 : 17;
	memcpy(ip + 12, s->src, 4);
	memcpy(ip + 16, s->dst, 4);
	put16(ip + 10, fold(sum16(0, ip, 20)));
}

static void
ipv6_hdr(uint8_t *ip, const struct spec *s, size_t plen, unsigned nh)
{
	memset(ip, 0, 40);
	ip[0] = 0x60;
	put16(ip + 4, (unsigned)plen);
	ip[6] = (uint8_t)nh;
	ip[7] = 64;
	memcpy(ip + 8, s->src, 16);
	memcpy(ip + 24, s->dst, 16);
}

/* IPv6, split with a fragment header (RFC 8200 §4.5) when frag= asks */
static void
frame6(pcap_dumper_t *d, uint8_t *f, size_t l3, const uint8_t *seg, size_t slen,
       const struct spec *s, unsigned k)
{
	unsigned proto = s->tcp ? 6 : 17;
	size_t chunk;

	if (s->frag == 0 || 40 + slen <= (size_t)s->frag) {
		ipv6_hdr(f + l3, s, slen, proto);
		memcpy(f + l3 + 40, seg, slen);
		emit(d, f, l3 + 40 + slen, s->trunc);
		return;
	}
	chunk = ((size_t)s->frag - 48) & ~(size_t)7;
	for (size_t off = 0; off < slen; off += chunk) {
		size_t n = slen - off < chunk ? slen - off : chunk;
		uint8_t *fh = f + l3 + 40;

		ipv6_hdr(f + l3, s, 8 + n, 44);
		memset(fh, 0, 8);
		fh[0] = (uint8_t)proto;
		put16(fh + 2, (unsigned)off | (off + n < slen ? 1u : 0u));
		put32(fh + 4, 0x5000u + k);
		memcpy(fh + 8, seg + off, n);
		emit(d, f, l3 + 48 + n, s->trunc);
	}
}

static void
frame(pcap_dumper_t *d, const struct spec *s, unsigned k)
{
	static uint8_t f[MAX_PAYLOAD + 256], seg[MAX_PAYLOAD + 64];
	size_t l3 = l2(f, s), slen = l4(seg, s, k);
	unsigned id = 0x4000 + (k & 0x3FFF);

	l4_csum(seg, slen, s);
	if (s->l3 == 6) {
		frame6(d, f, l3, seg, slen, s, k);
		return;
	}
	if (s->frag == 0 || 20 + slen <= (size_t)s->frag) {
		ipv4_hdr(f + l3, s, 20 + slen, id, 0);
		memcpy(f + l3 + 20, seg, slen);
		emit(d, f, l3 + 20 + slen, s->trunc);
		return;
	}
	size_t chunk = ((size_t)s->frag - 20) & ~(size_t)7;
	for (size_t off = 0; off < slen; off += chunk) {
		size_t n = slen - off < chunk ? slen - off : chunk;
		unsigned mf = off + n < slen ? 0x2000 : 0;

		ipv4_hdr(f + l3, s, 20 + n, id, mf | (unsigned)(off / 8));
		memcpy(f + l3 + 20, seg + off, n);
		emit(d, f, l3 + 20 + n, s->trunc);
	}
}

/* Overwrite up to 6 characters after `key` (in every occurrence) with a
 * hex rendering of k: same length, so framing stays valid. */
static void
vary_token(char *p, size_t len, const char *key, unsigned k)
{
	size_t kl = strlen(key);
	char hex[8];

	snprintf(hex, sizeof(hex), "%06x", k & 0xFFFFFF);
	for (size_t i = 0; i + kl + 6 <= len; i++) {
		if (memcmp(p + i, key, kl) != 0)
			continue;
		for (size_t j = 0; j < 6; j++) {
			char c = p[i + kl + j];

			if (c == '\r' || c == ';' || c == '@' || c == '>' || c == ' ' || c == ',')
				break;
			p[i + kl + j] = hex[j];
		}
	}
}

static void
parse_addr(uint8_t *out, int l3, const char *v)
{
	if (inet_pton(l3 == 6 ? AF_INET6 : AF_INET, v, out) != 1)
		die("bad address (set l3= before src=/dst=)", v);
}

static void
load_payload(struct spec *s, const char *path)
{
	FILE *fp = fopen(path, "rb");

	if (fp == NULL)
		die(strerror(errno), path);
	s->plen = fread(s->payload, 1, sizeof(s->payload), fp);
	if (!feof(fp))
		die("payload too large", path);
	fclose(fp);
}

static void
load_text(struct spec *s, const char *v)
{
	size_t n = 0;

	for (; *v && n < sizeof(s->payload); v++) {
		if (v[0] == '\\' && (v[1] == 'r' || v[1] == 'n')) {
			s->payload[n++] = v[1] == 'r' ? '\r' : '\n';
			v++;
		} else {
			s->payload[n++] = *v;
		}
	}
	s->plen = n;
}

static void
set_key(struct spec *s, const char *key, const char *v)
{
	if (!strcmp(key, "file"))
		load_payload(s, v);
	else if (!strcmp(key, "text"))
		load_text(s, v);
	else if (!strcmp(key, "l3")) {
		s->l3 = atoi(v);
		if (s->l3 == 6) {
			parse_addr(s->src, 6, "2001:db8::10");
			parse_addr(s->dst, 6, "2001:db8:1::20");
		}
	} else if (!strcmp(key, "l4"))
		s->tcp = !strcmp(v, "tcp");
	else if (!strcmp(key, "src"))
		parse_addr(s->src, s->l3, v);
	else if (!strcmp(key, "dst"))
		parse_addr(s->dst, s->l3, v);
	else if (!strcmp(key, "sport"))
		s->sport = (unsigned)atoi(v);
	else if (!strcmp(key, "dport"))
		s->dport = (unsigned)atoi(v);
	else if (!strcmp(key, "vlan"))
		s->nvlan = 1, s->vlan[0] = (unsigned)atoi(v);
	else if (!strcmp(key, "qinq")) {
		s->nvlan = 2;
		if (sscanf(v, "%u,%u", &s->vlan[0], &s->vlan[1]) != 2)
			die("qinq=SID,CID", v);
	} else if (!strcmp(key, "frag"))
		s->frag = atoi(v);
	else if (!strcmp(key, "trunc"))
		s->trunc = atoi(v);
	else if (!strcmp(key, "repeat"))
		s->repeat = atoi(v);
	else if (!strcmp(key, "zerocsum"))
		s->zerocsum = atoi(v);
	else if (!strcmp(key, "badcsum"))
		s->badcsum = atoi(v);
	else
		die("unknown key", key);
}

static void
run_line(pcap_dumper_t *d, char *line)
{
	static struct spec s;
	static char base[MAX_PAYLOAD];
	char *tok, *save = NULL;

	memset(&s, 0, sizeof(s));
	s.l3 = 4;
	s.sport = s.dport = 5060;
	parse_addr(s.src, 4, "192.0.2.10");
	parse_addr(s.dst, 4, "198.51.100.20");
	for (tok = strtok_r(line, " \t\r\n", &save); tok; tok = strtok_r(NULL, " \t\r\n", &save)) {
		char *eq = strchr(tok, '=');

		if (eq == NULL)
			die("expected key=value", tok);
		*eq = '\0';
		set_key(&s, tok, eq + 1);
	}
	if (s.repeat <= 0) {
		frame(d, &s, 0);
		return;
	}
	memcpy(base, s.payload, s.plen);
	unsigned sport0 = s.sport;
	for (int k = 0; k < s.repeat; k++) {
		memcpy(s.payload, base, s.plen);
		vary_token(s.payload, s.plen, "Call-ID: ", (unsigned)k);
		vary_token(s.payload, s.plen, "branch=z9hG4bK", (unsigned)k);
		s.sport = 10000 + ((sport0 + (unsigned)k) % 50000);
		if (s.l3 == 4)
			s.src[3] = (uint8_t)(1 + k % 250), s.src[2] = (uint8_t)(k / 250);
		frame(d, &s, (unsigned)k);
	}
}

int
main(int argc, char **argv)
{
	static char line[8192];
	pcap_t *p;
	pcap_dumper_t *d;

	if (argc != 2)
		die("usage: mkpcap OUT.pcap < SPEC", NULL);
	p = pcap_open_dead(DLT_EN10MB, 65535);
	d = pcap_dump_open(p, argv[1]);
	if (d == NULL)
		die(pcap_geterr(p), argv[1]);
	while (fgets(line, sizeof(line), stdin) != NULL) {
		char *h = strchr(line, '#');

		if (h != NULL)
			*h = '\0';
		if (strspn(line, " \t\r\n") == strlen(line))
			continue;
		run_line(d, line);
	}
	pcap_dump_close(d);
	pcap_close(p);
	fprintf(stderr, "mkpcap: %lu frames -> %s\n", nframes, argv[1]);
	return 0;
}
