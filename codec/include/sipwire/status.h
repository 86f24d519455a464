/* sipwire: status codes shared by every module.
 *
 * One X-macro list generates the enum, the short names used in JSON
 * ("malformed") and the human-readable strings. SW_OK is 0, errors are
 * negative so callers can test `rc < 0`.
 */
#ifndef SIPWIRE_STATUS_H
#define SIPWIRE_STATUS_H

#define SW_STATUS_LIST(X)                                                        \
	X(OK,          0,   "ok",          "success")                             \
	X(E_MALFORMED, -1,  "malformed",   "input violates the grammar")          \
	X(E_INCOMPLETE, -2, "incomplete",  "input ends before the message does")  \
	X(E_NOSPACE,   -3,  "nospace",     "caller buffer or arena too small")    \
	X(E_TOOMANY,   -4,  "toomany",     "more items than the configured limit") \
	X(E_TOOLONG,   -5,  "toolong",     "line or message longer than the limit") \
	X(E_RANGE,     -6,  "range",       "number out of its allowed range")     \
	X(E_VERSION,   -7,  "version",     "unsupported SIP version")             \
	X(E_LENGTH,    -8,  "length",      "Content-Length disagrees with the data") \
	X(E_XML,       -9,  "xml",         "XML is not well-formed or not allowed") \
	X(E_INVAL,     -10, "inval",       "invalid argument")                    \
	X(E_NOTFOUND,  -11, "notfound",    "required element not present")        \
	X(E_AUTH,      -12, "auth",        "token failed authentication")         \
	X(E_STATE,     -13, "state",       "value violates a protocol rule")      \
	X(E_UNSUPPORTED, -14, "unsupported", "valid but not supported")

enum sw_status {
#define SW_STATUS_ENUM(name, val, sname, text) SW_##name = (val),
	SW_STATUS_LIST(SW_STATUS_ENUM)
#undef SW_STATUS_ENUM
};

/* Where and why an operation stopped. Every parser that can fail fills one
 * when the caller passes it (NULL is allowed). `off` is the byte offset,
 * relative to the start of the input, where parsing stopped; `need` is, for
 * SW_E_INCOMPLETE in stream mode, the total input length that would let the
 * parse proceed (0 when unknown); `detail` is a static string. */
struct sw_err {
	unsigned off;
	unsigned need;
	const char *detail;
};

/* Static string describing `status`; never NULL ("unknown status"). */
const char *sw_strerror(int status);

/* Short lowercase name of `status` as used in JSON ("malformed"); never NULL. */
const char *sw_status_name(int status);

#endif
