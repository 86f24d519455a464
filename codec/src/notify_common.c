/* Shared by the NOTIFY and SUBSCRIBE builders: checks on caller strings,
 * the prepared local identity (Via prefix, Contact line) and
 * Subscription-State.
 *
 * The local identity is rendered once by sw_local_prepare, so building a
 * request only copies it: that keeps a REFER-progress NOTIFY within its
 * instruction budget.
 */
#include <string.h>

#include "err_int.h"
#include "ctype_tab.h"
#include "notify_int.h"

int
sw_nb_fail(struct sw_err *err, int rc, unsigned off, const char *detail)
{
	return sw_err_at(err, rc, off, detail);
}

int
sw_nb_is_class(const char *s, unsigned cls)
{
	if (s == NULL || *s == 0)
		return 0;
	for (; *s; s++)
		if (!sw_is((unsigned char)*s, cls))
			return 0;
	return 1;
}

int
sw_nb_is_text(const char *s)
{
	if (s == NULL || *s == 0)
		return 0;
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
			return 0;
	return 1;
}

int
sw_nb_is_uri(const char *s)
{
	return sw_nb_is_class(s, SW_CT_URIC) && s[0] != '<';
}

int
sw_nb_is_call_id(const char *s)
{
	const char *at;

	if (s == NULL)
		return 0;
	at = strchr(s, '@');
	for (const char *p = s; *p; p++)
		if (p != at && !sw_is((unsigned char)*p, SW_CT_WORD))
			return 0;
	return *s != 0 && s != at && (at == NULL || at[1] != 0);
}

/* RFC 3261 §8.1.1.7: the magic cookie marks a 3261 branch. */
int
sw_nb_is_branch(const char *s)
{
	return s != NULL && strncmp(s, "z9hG4bK", 7) == 0 && sw_nb_is_class(s + 7, SW_CT_TOKEN);
}

static int
is_host(const char *h)
{
	size_t n;

	if (h == NULL || *h == 0)
		return 0;
	if (h[0] != '[')
		return sw_nb_is_class(h, SW_CT_HOST) && h[0] != '-' && h[0] != '.';
	n = strlen(h);
	if (n < 3 || h[n - 1] != ']')
		return 0;
	for (size_t i = 1; i + 1 < n; i++)
		if (!sw_is((unsigned char)h[i], SW_CT_HEX) && h[i] != ':' && h[i] != '.')
			return 0;
	return 1;
}

static int
is_udp(const char *t)
{
	return t == NULL || (sw_lower[(unsigned char)t[0]] == 'u' && sw_lower[(unsigned char)t[1]] == 'd' &&
			     sw_lower[(unsigned char)t[2]] == 'p' && t[3] == 0);
}

static void
put_hostport(struct sw_ob *o, const struct sw_local_id *id)
{
	sw_ob_str(o, id->host);
	if (id->port != 0) {
		SW_OB_LIT(o, ":");
		sw_ob_u32(o, id->port);
	}
}

/* "Contact: <sip:[user@]host[:port][;transport=t]>\r\n"; UDP is the default
 * transport of a sip: URI (RFC 3261 §19.1.1), so it is not written. */
static void
put_contact(struct sw_ob *o, const struct sw_local_id *id)
{
	SW_OB_LIT(o, "Contact: <sip:");
	if (id->user != NULL) {
		sw_ob_str(o, id->user);
		SW_OB_LIT(o, "@");
	}
	put_hostport(o, id);
	if (!is_udp(id->transport)) {
		SW_OB_LIT(o, ";transport=");
		for (const char *t = id->transport; *t; t++)
			sw_ob_put(o, &sw_lower[(unsigned char)*t], 1);
	}
	SW_OB_LIT(o, ">\r\n");
}

int
sw_local_prepare(struct sw_local *l, const struct sw_local_id *id, struct sw_err *err)
{
	struct sw_ob o;

	if (id == NULL || !is_host(id->host))
		return sw_nb_fail(err, SW_E_INVAL, 0, "local host is not a host name or address");
	if (id->transport != NULL && !sw_nb_is_class(id->transport, SW_CT_TOKEN))
		return sw_nb_fail(err, SW_E_INVAL, 0, "local transport is not a token");
	if (id->user != NULL && !sw_nb_is_class(id->user, SW_CT_USER))
		return sw_nb_fail(err, SW_E_INVAL, 0, "local user has characters a SIP URI user cannot hold");
	sw_ob_init(&o, l->via, sizeof(l->via));
	SW_OB_LIT(&o, "Via: SIP/2.0/");
	sw_ob_str(&o, id->transport != NULL ? id->transport : "UDP");
	SW_OB_LIT(&o, " ");
	put_hostport(&o, id);
	SW_OB_LIT(&o, ";branch=");
	l->via_len = (uint16_t)sw_ob_len(&o);
	if (o.err != SW_OK)
		return sw_nb_fail(err, SW_E_TOOLONG, 0, "local host or transport too long");
	sw_ob_init(&o, l->contact, sizeof(l->contact));
	put_contact(&o, id);
	l->contact_len = (uint16_t)sw_ob_len(&o);
	if (o.err != SW_OK)
		return sw_nb_fail(err, SW_E_TOOLONG, 0, "local user or host too long");
	return SW_OK;
}

void
sw_nb_via(struct sw_ob *o, const struct sw_local *l, const char *branch)
{
	sw_ob_put(o, l->via, l->via_len);
	sw_ob_str(o, branch);
	SW_OB_LIT(o, "\r\n");
}

int
sw_nb_substate(struct sw_ob *o, enum sw_substate st, uint32_t expires, const char *term_reason)
{
	switch (st) {
	case SW_SUBSTATE_ACTIVE:
		SW_OB_LIT(o, "Subscription-State: active;expires=");
		sw_ob_u32(o, expires);
		break;
	case SW_SUBSTATE_PENDING:
		SW_OB_LIT(o, "Subscription-State: pending;expires=");
		sw_ob_u32(o, expires);
		break;
	case SW_SUBSTATE_TERMINATED:
		if (term_reason == NULL)
			term_reason = "noresource";
		if (*term_reason != 0 && !sw_nb_is_class(term_reason, SW_CT_TOKEN))
			return SW_E_INVAL;
		SW_OB_LIT(o, "Subscription-State: terminated");
		if (*term_reason != 0) {
			SW_OB_LIT(o, ";reason=");
			sw_ob_str(o, term_reason);
		}
		break;
	default:
		return SW_E_INVAL;
	}
	SW_OB_LIT(o, "\r\n");
	return SW_OK;
}
