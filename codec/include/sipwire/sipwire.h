/* sipwire: umbrella header. */
#ifndef SIPWIRE_SIPWIRE_H
#define SIPWIRE_SIPWIRE_H

#include "sipwire/arena.h"
#include "sipwire/edit.h"
#include "sipwire/hdr.h"
#include "sipwire/msg.h"
#include "sipwire/policy.h"
#include "sipwire/notify.h"
#include "sipwire/refer_sub.h"
#include "sipwire/route.h"
#include "sipwire/sipfrag.h"
#include "sipwire/sipfrag_policy.h"
#include "sipwire/slice.h"
#include "sipwire/status.h"
#include "sipwire/token.h"
#include "sipwire/uri.h"

#endif
