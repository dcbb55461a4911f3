#ifndef HOIST_CZIP_SHIM_H
#define HOIST_CZIP_SHIM_H
#include <zip.h>
#include <zlib.h>
#endif
