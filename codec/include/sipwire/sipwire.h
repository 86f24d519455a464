/* sipwire: umbrella header. */
#ifndef SIPWIRE_SIPWIRE_H
#define SIPWIRE_SIPWIRE_H

#include "sipwire/arena.h"
#include "sipwire/hdr.h"
#include "sipwire/msg.h"
#include "sipwire/refer_sub.h"
#include "sipwire/route.h"
#include "sipwire/slice.h"
#include "sipwire/status.h"
#include "sipwire/uri.h"

#endif
