#ifndef SAFETYNET_CLIBPQ_SHIM_H
#define SAFETYNET_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
