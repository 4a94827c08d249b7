/*
 * Pure decoding of the filter's messages (include/duplex_protocol.h) into what the JNI upcalls
 * take: UTF-8 '/'-separated paths split into parent and name, Unix times, negative errno mapped
 * back to NTSTATUS. No Windows or JNI calls here, so test/test_decode.c runs it on Linux.
 */
#ifndef DPX_DECODE_H
#define DPX_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "duplex_protocol.h"

/* Errors as negative Linux errno values (the numbers the Java side uses, org.duplex.fs.Errno),
 * independent of the C runtime's <errno.h>, whose numbers differ on Windows. */
#define DPX_ERR_NOMEM (-12)
#define DPX_ERR_PROTO (-71)
#define DPX_ERR_ILSEQ (-84)

struct dpx_path {
    char *full;   /* "a/b/c" (malloc'd, NUL-terminated UTF-8) */
    char *parent; /* "a/b", "" for an entry directly in the replicated directory */
    char *name;   /* "c"; "" only for the replicated directory itself */
};

struct dpx_decoded {
    uint32_t op;
    uint32_t pid;
    uint32_t flags;
    uint64_t file_id;
    int64_t offset;
    uint64_t value;
    uint64_t value2;
    struct dpx_path path;
    struct dpx_path path2;   /* RENAME/LINK target; all NULL otherwise */
    const uint8_t *data;     /* points into the message; NULL when data_len == 0 */
    uint32_t data_len;
};

/*
 * Checks and decodes one request body (the bytes after FILTER_MESSAGE_HEADER).
 * Returns 0, or DPX_ERR_PROTO for a malformed message (sizes, version, op), DPX_ERR_ILSEQ for a
 * path that is not valid UTF-16 (an unpaired surrogate), DPX_ERR_NOMEM. On error nothing needs
 * freeing.
 */
int dpx_decode(const uint8_t *body, size_t body_len, struct dpx_decoded *out);

void dpx_decoded_free(struct dpx_decoded *d);

/* UTF-16LE (n_units code units) to malloc'd UTF-8, '\' turned into '/'; NULL + *err = DPX_ERR_*. */
char *dpx_utf16_to_utf8_path(const uint16_t *units, size_t n_units, int *err);

/* An upcall result (>= 0 success, -errno failure) as the NTSTATUS the application's I/O gets. */
int32_t dpx_result_to_ntstatus(long long result);

/* A FILETIME (100 ns since 1601-01-01 UTC) as Unix seconds and nanoseconds. */
void dpx_filetime_to_unix(uint64_t filetime, int64_t *sec, int64_t *nsec);

/* NTSTATUS values used (from ntstatus.h, repeated so this file needs no Windows header). */
#define DPX_STATUS_SUCCESS ((int32_t)0x00000000)
#define DPX_STATUS_UNSUCCESSFUL ((int32_t)0xC0000001)
#define DPX_STATUS_ACCESS_DENIED ((int32_t)0xC0000022)
#define DPX_STATUS_OBJECT_NAME_NOT_FOUND ((int32_t)0xC0000034)
#define DPX_STATUS_OBJECT_NAME_COLLISION ((int32_t)0xC0000035)
#define DPX_STATUS_DISK_FULL ((int32_t)0xC000007F)
#define DPX_STATUS_MEDIA_WRITE_PROTECTED ((int32_t)0xC00000A2)
#define DPX_STATUS_IO_DEVICE_ERROR ((int32_t)0xC0000185)
#define DPX_STATUS_INVALID_PARAMETER ((int32_t)0xC000000D)
#define DPX_STATUS_DIRECTORY_NOT_EMPTY ((int32_t)0xC0000101)
#define DPX_STATUS_NOT_SUPPORTED ((int32_t)0xC00000BB)
#define DPX_STATUS_IO_TIMEOUT ((int32_t)0xC00000B5)
#define DPX_STATUS_OBJECT_NAME_INVALID ((int32_t)0xC0000033)
#define DPX_STATUS_INSUFFICIENT_RESOURCES ((int32_t)0xC000009A)

#endif
