/*
 * DuplexFlt: the Duplex file-system minifilter (Filter Manager). Shared declarations of the three
 * source files:
 *   duplexflt.c   registration, DriverEntry/unload, the communication port, the configuration
 *   dpx_match.c   which directory a file belongs to, and the request message builder/sender
 *   dpx_ops.c     the pre/post operation callbacks
 * The kernel decides nothing about replication: it tells user mode what an application is about
 * to change, waits for the answer, and completes or passes the I/O accordingly (PROTOCOL.md).
 */
#ifndef DUPLEXFLT_H
#define DUPLEXFLT_H

/* ExAllocatePoolZero also on Windows Server 2019 (before ExAllocatePool2 exists); needs the
 * ExInitializeDriverRuntime(DrvRtPoolNxOptIn) call in DriverEntry. */
#define POOL_ZERO_DOWN_LEVEL_SUPPORT
#include <fltKernel.h>

#include "../include/duplex_protocol.h"

#define DPX_TAG 'xpuD' /* pool tag "Dupx" */

/* One directory rule, as pushed by user mode (struct dpx_rule). */
typedef struct _DPX_RULE {
    ULONG Kind;           /* DPX_RULE_REPLICATED or DPX_RULE_NOTREPLICATED */
    UNICODE_STRING Path;  /* NT device path, no trailing '\', buffer from pool */
} DPX_RULE;

/* The configuration in force; replaced as a whole under Globals.Lock. */
typedef struct _DPX_CONFIG {
    ULONG Mode;            /* enum dpx_mode */
    ULONG ExemptPid;
    BOOLEAN Acl;
    LARGE_INTEGER ReplyTimeout; /* negative, relative, 100 ns units */
    ULONG RuleCount;
    DPX_RULE Rules[DPX_MAX_RULES];
} DPX_CONFIG;

/* Per-stream state (FLT_STREAM_CONTEXT). */
typedef struct _DPX_STREAM_CONTEXT {
    /* A writable section exists: data reaches the file through paging writes, which are then the
     * ones sent (cached writes on this stream are not, or they would be sent twice). */
    BOOLEAN WritableSection;
} DPX_STREAM_CONTEXT;

/* Per-handle state (FLT_STREAMHANDLE_CONTEXT). */
typedef struct _DPX_HANDLE_CONTEXT {
    BOOLEAN DeleteOnClose; /* opened with FILE_DELETE_ON_CLOSE inside a replicated directory */
} DPX_HANDLE_CONTEXT;

typedef struct _DPX_GLOBALS {
    PFLT_FILTER Filter;
    PFLT_PORT ServerPort;
    PFLT_PORT ClientPort;     /* the bridge; NULL when none. Set by DpxConnect, cleared by FltCloseClientPort,
                                 which synchronizes with FltSendMessage through &ClientPort (MaxConnections 1) */
    EX_PUSH_LOCK Lock;        /* guards Config; the only lock, never held while sending */
    DPX_CONFIG *Config;       /* NULL = passthrough */
} DPX_GLOBALS;

extern DPX_GLOBALS Globals;

/* Where a file is, relative to the configuration. */
typedef enum _DPX_WHERE { DPX_OUTSIDE = 0, DPX_REPLICATED = 1, DPX_LOCATE_FAILED = 2 } DPX_WHERE;

/* A snapshot of what a callback needs from the configuration, taken under the lock. */
typedef struct _DPX_VIEW {
    ULONG Mode;
    ULONG ExemptPid;
    BOOLEAN Acl;
    LARGE_INTEGER ReplyTimeout;
} DPX_VIEW;

/* dpx_match.c */
BOOLEAN DpxSnapshot(DPX_VIEW *View);
DPX_WHERE DpxLocate(PCUNICODE_STRING Name, UNICODE_STRING *Relative, PVOID *RelativeBuffer);
NTSTATUS DpxSend(ULONG Op, ULONG Flags, PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Objects,
                 PCUNICODE_STRING Path, PCUNICODE_STRING Path2, const VOID *Bytes, ULONG ByteCount,
                 LONGLONG Offset, ULONGLONG Value, ULONGLONG Value2, const DPX_VIEW *View);
NTSTATUS DpxFileName(PFLT_CALLBACK_DATA Data, PFLT_FILE_NAME_INFORMATION *Info);
void DpxFreeConfig(DPX_CONFIG *Config);

/* dpx_ops.c */
FLT_PREOP_CALLBACK_STATUS FLTAPI DpxPreCreate(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID *);
FLT_POSTOP_CALLBACK_STATUS FLTAPI DpxPostCreate(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID, FLT_POST_OPERATION_FLAGS);
FLT_PREOP_CALLBACK_STATUS FLTAPI DpxPreWrite(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID *);
FLT_PREOP_CALLBACK_STATUS FLTAPI DpxPreSetInformation(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID *);
FLT_PREOP_CALLBACK_STATUS FLTAPI DpxPreCleanup(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID *);
FLT_PREOP_CALLBACK_STATUS FLTAPI DpxPreFlush(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID *);
FLT_PREOP_CALLBACK_STATUS FLTAPI DpxPreSetEaOrSecurity(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID *);
FLT_PREOP_CALLBACK_STATUS FLTAPI DpxPreAcquireForSection(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID *);

#endif
