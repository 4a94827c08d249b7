/* Pure message decoding for the Windows bridge; see dpx_decode.h. */
#include "dpx_decode.h"

#include <stdlib.h>
#include <string.h>

/* Linux errno values as the Java handler returns them (org.duplex.fs.Errno): fixed numbers, not
 * the C library's, because on Windows <errno.h> numbers differ (e.g. EROFS is 30 on both, but
 * ENOTEMPTY is 39 on Linux and 41 in the MSVC runtime). */
enum linux_errno {
    L_EPERM = 1, L_ENOENT = 2, L_EIO = 5, L_ENOMEM = 12, L_EACCES = 13, L_EEXIST = 17,
    L_EINVAL = 22, L_ENOSPC = 28, L_EROFS = 30, L_ENAMETOOLONG = 36, L_ENOTEMPTY = 39,
    L_EOPNOTSUPP = 95, L_ETIMEDOUT = 110, L_EILSEQ = 84, L_EPROTO = 71
};

int32_t dpx_result_to_ntstatus(long long result)
{
    if (result >= 0) {
        return DPX_STATUS_SUCCESS;
    }
    switch (-result) {
    case L_EPERM:
    case L_EACCES:
        return DPX_STATUS_ACCESS_DENIED;
    case L_ENOENT:
        return DPX_STATUS_OBJECT_NAME_NOT_FOUND;
    case L_EEXIST:
        return DPX_STATUS_OBJECT_NAME_COLLISION;
    case L_ENOSPC:
        return DPX_STATUS_DISK_FULL;
    case L_EROFS:
        return DPX_STATUS_MEDIA_WRITE_PROTECTED;
    case L_EIO:
        return DPX_STATUS_IO_DEVICE_ERROR;
    case L_EINVAL:
    case L_EPROTO:
        return DPX_STATUS_INVALID_PARAMETER;
    case L_ENOTEMPTY:
        return DPX_STATUS_DIRECTORY_NOT_EMPTY;
    case L_EOPNOTSUPP:
        return DPX_STATUS_NOT_SUPPORTED;
    case L_ETIMEDOUT:
        return DPX_STATUS_IO_TIMEOUT;
    case L_ENOMEM:
        return DPX_STATUS_INSUFFICIENT_RESOURCES;
    case L_EILSEQ:
    case L_ENAMETOOLONG:
        return DPX_STATUS_OBJECT_NAME_INVALID;
    default:
        return DPX_STATUS_UNSUCCESSFUL;
    }
}

void dpx_filetime_to_unix(uint64_t filetime, int64_t *sec, int64_t *nsec)
{
    /* 1601-01-01 to 1970-01-01 is 11644473600 s. */
    const int64_t epoch_delta_100ns = 116444736000000000LL;
    int64_t t = (int64_t)filetime - epoch_delta_100ns;
    int64_t s = t / 10000000LL;
    int64_t r = t % 10000000LL;
    if (r < 0) { /* floor for times before 1970 */
        r += 10000000LL;
        s -= 1;
    }
    *sec = s;
    *nsec = r * 100;
}

static size_t put_utf8(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

char *dpx_utf16_to_utf8_path(const uint16_t *units, size_t n_units, int *err)
{
    /* Worst case 3 UTF-8 bytes per UTF-16 unit (a surrogate pair is 2 units -> 4 bytes). */
    char *out = malloc(n_units * 3 + 1);
    if (out == NULL) {
        *err = DPX_ERR_NOMEM;
        return NULL;
    }
    size_t o = 0;
    for (size_t i = 0; i < n_units; i++) {
        uint32_t u = units[i];
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (i + 1 >= n_units || units[i + 1] < 0xDC00 || units[i + 1] > 0xDFFF) {
                free(out);
                *err = DPX_ERR_ILSEQ;
                return NULL;
            }
            u = 0x10000 + ((u - 0xD800) << 10) + (units[i + 1] - 0xDC00);
            i++;
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            free(out);
            *err = DPX_ERR_ILSEQ;
            return NULL;
        } else if (u == 0 || u == '/') {
            /* NTFS forbids both in names; seeing one means the message is corrupt. */
            free(out);
            *err = DPX_ERR_ILSEQ;
            return NULL;
        }
        o += put_utf8(out + o, u == '\\' ? '/' : u);
    }
    out[o] = '\0';
    *err = 0;
    return out;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d != NULL) {
        memcpy(d, s, n);
    }
    return d;
}

static void path_free(struct dpx_path *p)
{
    free(p->full);
    free(p->parent);
    free(p->name);
    memset(p, 0, sizeof(*p));
}

static int path_decode(const uint8_t *bytes, uint32_t n_bytes, struct dpx_path *out)
{
    int err = 0;
    uint16_t *units = NULL;
    size_t n = n_bytes / 2;
    /* Copy: the message gives no alignment guarantee for the UTF-16 array. */
    if (n > 0) {
        units = malloc(n * sizeof(uint16_t));
        if (units == NULL) {
            return DPX_ERR_NOMEM;
        }
        for (size_t i = 0; i < n; i++) {
            units[i] = (uint16_t)(bytes[2 * i] | (bytes[2 * i + 1] << 8));
        }
    }
    out->full = dpx_utf16_to_utf8_path(units, n, &err);
    free(units);
    if (out->full == NULL) {
        return err;
    }
    /* Strip a leading '/' (the filter sends "\a\b" or "a\b"); reject empty components. */
    char *f = out->full;
    if (f[0] == '/') {
        memmove(f, f + 1, strlen(f));
    }
    size_t len = strlen(f);
    if ((len > 0 && f[len - 1] == '/') || strstr(f, "//") != NULL) {
        path_free(out);
        return DPX_ERR_PROTO;
    }
    char *slash = strrchr(f, '/');
    size_t parent_len = slash ? (size_t)(slash - f) : 0;
    out->parent = malloc(parent_len + 1);
    out->name = dup_str(slash ? slash + 1 : f);
    if (out->parent == NULL || out->name == NULL) {
        path_free(out);
        return DPX_ERR_NOMEM;
    }
    memcpy(out->parent, f, parent_len);
    out->parent[parent_len] = '\0';
    return 0;
}

int dpx_decode(const uint8_t *body, size_t body_len, struct dpx_decoded *out)
{
    struct dpx_request req;
    memset(out, 0, sizeof(*out));
    if (body_len < sizeof(req)) {
        return DPX_ERR_PROTO;
    }
    memcpy(&req, body, sizeof(req));
    uint64_t needed = (uint64_t)sizeof(req) + req.path_bytes + req.path2_bytes + req.data_bytes;
    if (req.version != DPX_PROTOCOL_VERSION || req.op == 0 || req.op > DPX_OP_MAX
        || (req.path_bytes & 1) != 0 || (req.path2_bytes & 1) != 0
        || req.path_bytes > DPX_MAX_PATH_BYTES || req.path2_bytes > DPX_MAX_PATH_BYTES
        || req.data_bytes > DPX_MAX_DATA_BYTES || needed > body_len) {
        return DPX_ERR_PROTO;
    }
    int two_paths = req.op == DPX_OP_RENAME || req.op == DPX_OP_LINK;
    if (two_paths != (req.path2_bytes > 0)) {
        return DPX_ERR_PROTO;
    }
    out->op = req.op;
    out->pid = req.pid;
    out->flags = req.flags;
    out->file_id = req.file_id;
    out->offset = req.offset;
    out->value = req.value;
    out->value2 = req.value2;
    const uint8_t *p = body + sizeof(req);
    int rc = path_decode(p, req.path_bytes, &out->path);
    if (rc != 0) {
        return rc;
    }
    p += req.path_bytes;
    if (two_paths) {
        rc = path_decode(p, req.path2_bytes, &out->path2);
        if (rc != 0) {
            path_free(&out->path);
            return rc;
        }
    }
    p += req.path2_bytes;
    out->data = req.data_bytes ? p : NULL;
    out->data_len = req.data_bytes;
    return 0;
}

void dpx_decoded_free(struct dpx_decoded *d)
{
    path_free(&d->path);
    path_free(&d->path2);
}
