#include "sipwire/status.h"

const char *
sw_strerror(int status)
{
	switch (status) {
#define SW_STATUS_TEXT(name, val, sname, text) case (val): return (text);
	SW_STATUS_LIST(SW_STATUS_TEXT)
#undef SW_STATUS_TEXT
	}
	return "unknown status";
}

const char *
sw_status_name(int status)
{
	switch (status) {
#define SW_STATUS_SNAME(name, val, sname, text) case (val): return (sname);
	SW_STATUS_LIST(SW_STATUS_SNAME)
#undef SW_STATUS_SNAME
	}
	return "unknown";
}
