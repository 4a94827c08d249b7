/*
 * Wire format between the Duplex minifilter (kernel, driver/duplexflt.c) and the user-mode bridge
 * (bridge/, duplexbridge.dll) over the Filter Manager communication port DPX_PORT_NAME.
 * native/windows/PROTOCOL.md explains each message and how it maps onto the JNI upcalls shared
 * with the Linux FUSE filter (docs/UPCALLS.md). This header is included by kernel and user code
 * alike, so it uses only fixed-width types and no Windows headers.
 *
 * All integers little-endian (x64 only). Variable parts follow the fixed struct, in the order the
 * length fields are listed, with no padding between them; paths are UTF-16LE without a
 * terminating NUL, relative to the replicated directory, '\' separated ("" = the directory).
 */
#ifndef DUPLEX_PROTOCOL_H
#define DUPLEX_PROTOCOL_H

#include <stdint.h>

#define DPX_PORT_NAME L"\\DuplexFltPort"
#define DPX_PROTOCOL_VERSION 1u

/* One write larger than this is failed by the filter with STATUS_INVALID_PARAMETER after logging:
 * bounded kernel allocations (paging writes are at most 1 MiB in practice, cached writes are
 * split by the cache manager; only non-cached writes can be larger). */
#define DPX_MAX_DATA_BYTES (8u * 1024u * 1024u)
#define DPX_MAX_PATH_BYTES (32767u * 2u)
/* How long the filter waits for the bridge's reply before failing the I/O (iotimeout, SafeKit's
 * default 300 s); user mode then sees the op as failed and goes ALONE (PROTOCOL.md). */
#define DPX_DEFAULT_REPLY_TIMEOUT_SECONDS 300u

/* Kernel -> user: one mutating operation, sent from the pre-operation callback while the
 * application's I/O waits. */
enum dpx_op {
    DPX_OP_WRITE = 1,            /* IRP_MJ_WRITE, incl. paging I/O of mapped sections */
    DPX_OP_CREATE = 2,           /* IRP_MJ_CREATE that may create a file (FILE_CREATE/OPEN_IF/...) */
    DPX_OP_MKDIR = 3,            /* IRP_MJ_CREATE with FILE_DIRECTORY_FILE that may create */
    DPX_OP_TRUNCATE_ON_OPEN = 4, /* IRP_MJ_CREATE with FILE_OVERWRITE(_IF) or FILE_SUPERSEDE */
    DPX_OP_RENAME = 5,           /* SET_INFORMATION FileRenameInformation(Ex) */
    DPX_OP_UNLINK = 6,           /* CLEANUP of a file marked for deletion */
    DPX_OP_RMDIR = 7,            /* CLEANUP of a directory marked for deletion */
    DPX_OP_SET_EOF = 8,          /* SET_INFORMATION FileEndOfFileInformation */
    DPX_OP_ALLOCATE = 9,         /* SET_INFORMATION FileAllocationInformation */
    DPX_OP_FLUSH = 10,           /* IRP_MJ_FLUSH_BUFFERS */
    DPX_OP_SET_EA = 11,          /* IRP_MJ_SET_EA (only when acl="on") */
    DPX_OP_SET_SECURITY = 12,    /* IRP_MJ_SET_SECURITY (only when acl="on") */
    DPX_OP_SET_TIMES = 13,       /* SET_INFORMATION FileBasicInformation with times */
    DPX_OP_LINK = 14,            /* SET_INFORMATION FileLinkInformation (refused: SafeKit has no hard links) */
    DPX_OP_MAX = 14
};

/* dpx_request.flags */
#define DPX_FLAG_REPLACE_IF_EXISTS 0x1u  /* RENAME: target may be replaced */
#define DPX_FLAG_PAGING_IO 0x2u          /* WRITE: paging I/O (mapped section or cache flush) */
#define DPX_FLAG_DIRECTORY 0x4u          /* the object is a directory */

#pragma pack(push, 1)
struct dpx_request {
    uint32_t version;     /* DPX_PROTOCOL_VERSION */
    uint32_t op;          /* enum dpx_op */
    uint32_t pid;         /* requesting process */
    uint32_t flags;       /* DPX_FLAG_* */
    uint64_t file_id;     /* NTFS file id (FILE_INTERNAL_INFORMATION), 0 for a file not yet created */
    int64_t offset;       /* WRITE: byte offset; SET_EOF: new size; ALLOCATE: allocation size */
    uint64_t value;       /* SET_TIMES: last write FILETIME; SET_SECURITY: SECURITY_INFORMATION; CREATE: attributes */
    uint64_t value2;      /* SET_TIMES: last access FILETIME (0 = unchanged) */
    uint32_t path_bytes;  /* UTF-16 bytes of the path */
    uint32_t path2_bytes; /* RENAME/LINK: UTF-16 bytes of the new path; else 0 */
    uint32_t data_bytes;  /* WRITE: bytes written; SET_EA: FILE_FULL_EA_INFORMATION; SET_SECURITY: self-relative SD */
    uint32_t reserved;
    /* uint16_t path[path_bytes/2]; uint16_t path2[path2_bytes/2]; uint8_t data[data_bytes]; */
};

/* User -> kernel reply to a dpx_request: the NTSTATUS the application's I/O completes with when
 * it is an error; a success lets the I/O proceed to the file system. */
struct dpx_reply {
    int32_t ntstatus;
    uint32_t reserved;
};

/* User -> kernel commands (FilterSendMessage). */
enum dpx_command { DPX_CMD_SET_CONFIG = 1, DPX_CMD_CLEAR_CONFIG = 2 };

enum dpx_mode {
    DPX_MODE_PASSTHROUGH = 0, /* nothing intercepted (module stopped) */
    DPX_MODE_REPLICATE = 1,   /* primary: every change in the dirs is sent up */
    DPX_MODE_READ_ONLY = 2    /* secondary: changes by anyone but the exempt process fail */
};

#define DPX_RULE_REPLICATED 1u
#define DPX_RULE_NOTREPLICATED 2u
#define DPX_MAX_RULES 64u

/* DPX_CMD_SET_CONFIG: followed by rule_count x (dpx_rule + UTF-16 path). Paths are NT device
 * paths of directories ("\Device\HarddiskVolume3\SSM\pgdata"), matched case-insensitively as
 * prefixes on whole components. */
struct dpx_config {
    uint32_t command;      /* DPX_CMD_SET_CONFIG */
    uint32_t version;      /* DPX_PROTOCOL_VERSION */
    uint32_t mode;         /* enum dpx_mode */
    uint32_t exempt_pid;   /* the Duplex service: its own writes (the secondary's applier, resync) pass */
    uint32_t acl;          /* 1 = also send SET_EA and SET_SECURITY (userconfig acl="on") */
    uint32_t reply_timeout_seconds;
    uint32_t rule_count;
    uint32_t reserved;
};

struct dpx_rule {
    uint32_t kind;       /* DPX_RULE_* */
    uint32_t path_bytes; /* followed by the UTF-16 path */
};
#pragma pack(pop)

/* Layout checks, so a compiler difference between the WDK and mingw-w64 cannot change the ABI. */
#if defined(__cplusplus)
static_assert(sizeof(struct dpx_request) == 64, "dpx_request layout");
#else
_Static_assert(sizeof(struct dpx_request) == 64, "dpx_request layout");
_Static_assert(sizeof(struct dpx_reply) == 8, "dpx_reply layout");
_Static_assert(sizeof(struct dpx_config) == 32, "dpx_config layout");
_Static_assert(sizeof(struct dpx_rule) == 8, "dpx_rule layout");
#endif

#endif
