#include "ctype_tab.h"

#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')
#define IS_ALPHA(c) (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z'))
#define IS_ALNUM(c) (IS_DIGIT(c) || IS_ALPHA(c))
#define IS_HEX(c) (IS_DIGIT(c) || ((c) >= 'a' && (c) <= 'f') || ((c) >= 'A' && (c) <= 'F'))
#define IN2(c, a, b) ((c) == (a) || (c) == (b))
#define IN4(c, a, b, d, e) (IN2(c, a, b) || IN2(c, d, e))
#define IS_MARK(c) (IN4(c, '-', '_', '.', '!') || IN4(c, '~', '*', '\'', '(') || (c) == ')')
#define IS_UNRES(c) (IS_ALNUM(c) || IS_MARK(c))
#define IS_TOKEN(c) (IS_ALNUM(c) || IN4(c, '-', '.', '!', '%') || IN4(c, '*', '_', '+', '`') || \
		     IN2(c, '\'', '~'))
#define IS_RESERVED(c) (IN4(c, ';', '/', '?', ':') || IN4(c, '@', '&', '=', '+') || IN2(c, '$', ','))
#define IS_URIC(c) (IS_UNRES(c) || IS_RESERVED(c) || IN2(c, '%', '[') || (c) == ']')
#define IS_USER(c) (IS_UNRES(c) || IN4(c, '&', '=', '+', '$') || IN4(c, ',', ';', '?', '/') || (c) == '%')
#define IS_PARAM(c) (IS_UNRES(c) || IN4(c, '[', ']', '/', ':') || IN2(c, '&', '+') || IN2(c, '$', '%'))
#define IS_WORD(c) (IS_TOKEN(c) || IN4(c, '(', ')', '<', '>') || IN4(c, ':', '\\', '"', '/') || \
		    IN4(c, '[', ']', '?', '{') || (c) == '}')
#define IS_QDTEXT(c) (IN2(c, ' ', '\t') || (c) == 0x21 || ((c) >= 0x23 && (c) <= 0x5B) || \
		      ((c) >= 0x5D && (c) <= 0x7E) || (c) >= 0x80)
#define IS_HNV(c) (IS_UNRES(c) || IN4(c, '[', ']', '/', '?') || IN4(c, ':', '+', '$', '%'))

#define CT(c)                                                                        \
	(uint16_t)((IS_TOKEN(c) ? SW_CT_TOKEN : 0) | (IN2(c, ' ', '\t') ? SW_CT_WS : 0) | \
		   (IS_DIGIT(c) ? SW_CT_DIGIT : 0) | (IS_ALPHA(c) ? SW_CT_ALPHA : 0) |          \
		   (IS_HEX(c) ? SW_CT_HEX : 0) | (IS_UNRES(c) ? SW_CT_UNRESERVED : 0) |         \
		   (IS_URIC(c) ? SW_CT_URIC : 0) | (IS_USER(c) ? SW_CT_USER : 0) |               \
		   (IS_PARAM(c) ? SW_CT_PARAM : 0) | (IS_WORD(c) ? SW_CT_WORD : 0) |             \
		   ((IS_ALNUM(c) || IN2(c, '-', '.')) ? SW_CT_HOST : 0) |                         \
		   (IS_HNV(c) ? SW_CT_HNV : 0) |                                                 \
		   ((IS_ALNUM(c) || IN4(c, '+', '-', '.', '.')) ? SW_CT_SCHEME : 0) |             \
		   (IS_QDTEXT(c) ? SW_CT_QDTEXT : 0) | ((IS_ALNUM(c) || (c) == '-') ? SW_CT_LABEL : 0))
#define LC(c) (unsigned char)(((c) >= 'A' && (c) <= 'Z') ? (c) + 32 : (c))

#define R4(F, b) F(b), F(b + 1), F(b + 2), F(b + 3)
#define R16(F, b) R4(F, b), R4(F, b + 4), R4(F, b + 8), R4(F, b + 12)
#define R64(F, b) R16(F, b), R16(F, b + 16), R16(F, b + 32), R16(F, b + 48)
#define R256(F) R64(F, 0), R64(F, 64), R64(F, 128), R64(F, 192)

const uint16_t sw_ctype[256] = { R256(CT) };
const unsigned char sw_lower[256] = { R256(LC) };
