/* Test-only: the name-addr / URI / parameter code as it was before the
 * split-only and sip-URI fast paths (commit 89e6582), compiled under ref_
 * names so tests/test_route_diff.c and fuzz/fuzz_route.c can compare the
 * current code with it field by field. Each tests/ref/ref_*.c is that
 * file verbatim after including this header; nothing in codec/ uses them. */
#ifndef SIPWIRE_TESTS_REF_RENAME_H
#define SIPWIRE_TESTS_REF_RENAME_H

#define sw_uri_parse ref_uri_parse
#define sw_uri_reset ref_uri_reset
#define sw_param_next ref_param_next
#define sw_param_find ref_param_find
#define sw_lex_quoted ref_lex_quoted
#define sw_lex_param ref_lex_param
#define sw_lex_params ref_lex_params
#define sw_nameaddr_parse ref_nameaddr_parse
#define sw_addr_iter_init ref_addr_iter_init
#define sw_addr_iter_init_flags ref_addr_iter_init_flags
#define sw_addr_iter_next ref_addr_iter_next
#define sw_route_set ref_route_set
#define sw_route_set_reversed ref_route_set_reversed
#define sw_route_write ref_route_write

#endif
