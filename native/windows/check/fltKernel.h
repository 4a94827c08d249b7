/* See fltkernel_shim.h: NEVER SHIPPED, compile check only. */
#include "fltkernel_shim.h"
