/*
 * Tests of the bridge's pure decoding (bridge/dpx_decode.c), built with the host gcc and run on
 * Linux by `make test` (service/windows's Maven build runs it). Every check prints what failed
 * and the run exits 1 on the first failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../bridge/dpx_decode.h"

static int checks;

#define CHECK(cond, ...)                                                        \
    do {                                                                        \
        checks++;                                                               \
        if (!(cond)) {                                                          \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);     \
            fprintf(stderr, __VA_ARGS__);                                       \
            fprintf(stderr, "\n");                                              \
            exit(1);                                                            \
        }                                                                       \
    } while (0)

/* Builds a message: header + UTF-16LE of path (ASCII or \uXXXX given as units) + path2 + data. */
static size_t build(uint8_t *buf, uint32_t op, const uint16_t *path, size_t n_path,
                    const uint16_t *path2, size_t n_path2, const char *data, size_t n_data)
{
    struct dpx_request r;
    memset(&r, 0, sizeof(r));
    r.version = DPX_PROTOCOL_VERSION;
    r.op = op;
    r.pid = 4242;
    r.file_id = 0x1122334455667788ULL;
    r.offset = 8192;
    r.path_bytes = (uint32_t)(n_path * 2);
    r.path2_bytes = (uint32_t)(n_path2 * 2);
    r.data_bytes = (uint32_t)n_data;
    memcpy(buf, &r, sizeof(r));
    size_t o = sizeof(r);
    for (size_t i = 0; i < n_path; i++, o += 2) {
        buf[o] = (uint8_t)(path[i] & 0xff);
        buf[o + 1] = (uint8_t)(path[i] >> 8);
    }
    for (size_t i = 0; i < n_path2; i++, o += 2) {
        buf[o] = (uint8_t)(path2[i] & 0xff);
        buf[o + 1] = (uint8_t)(path2[i] >> 8);
    }
    memcpy(buf + o, data, n_data);
    return o + n_data;
}

static size_t ascii(uint16_t *out, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++) {
        out[i] = (uint8_t)s[i];
    }
    return n;
}

static void test_write_with_nested_path(void)
{
    uint8_t buf[512];
    uint16_t p[64];
    size_t n = ascii(p, "\\pgdata\\base\\16384\\2619");
    size_t len = build(buf, DPX_OP_WRITE, p, n, NULL, 0, "hello", 5);
    struct dpx_decoded d;
    CHECK(dpx_decode(buf, len, &d) == 0, "decode failed");
    CHECK(d.op == DPX_OP_WRITE && d.pid == 4242 && d.offset == 8192, "header fields");
    CHECK(d.file_id == 0x1122334455667788ULL, "file id %llx", (unsigned long long)d.file_id);
    CHECK(strcmp(d.path.full, "pgdata/base/16384/2619") == 0, "full '%s'", d.path.full);
    CHECK(strcmp(d.path.parent, "pgdata/base/16384") == 0, "parent '%s'", d.path.parent);
    CHECK(strcmp(d.path.name, "2619") == 0, "name '%s'", d.path.name);
    CHECK(d.data_len == 5 && memcmp(d.data, "hello", 5) == 0, "data");
    CHECK(d.path2.full == NULL, "no second path");
    dpx_decoded_free(&d);
}

static void test_rename_needs_two_paths_and_top_level_parent_is_empty(void)
{
    uint8_t buf[512];
    uint16_t a[32], b[32];
    size_t na = ascii(a, "old name.txt"), nb = ascii(b, "sub dir\\new name.txt");
    struct dpx_decoded d;
    size_t len = build(buf, DPX_OP_RENAME, a, na, b, nb, "", 0);
    CHECK(dpx_decode(buf, len, &d) == 0, "rename decode");
    CHECK(strcmp(d.path.parent, "") == 0 && strcmp(d.path.name, "old name.txt") == 0, "from '%s'", d.path.full);
    CHECK(strcmp(d.path2.parent, "sub dir") == 0 && strcmp(d.path2.name, "new name.txt") == 0, "to '%s'", d.path2.full);
    CHECK(d.data == NULL, "no data");
    dpx_decoded_free(&d);
    len = build(buf, DPX_OP_RENAME, a, na, NULL, 0, "", 0);
    CHECK(dpx_decode(buf, len, &d) == DPX_ERR_PROTO, "rename without target must be refused");
    len = build(buf, DPX_OP_UNLINK, a, na, b, nb, "", 0);
    CHECK(dpx_decode(buf, len, &d) == DPX_ERR_PROTO, "unlink with a second path must be refused");
}

static void test_non_ascii_names_become_utf8(void)
{
    /* "été\😀" : é = U+00E9, 😀 = U+1F600 = D83D DE00 */
    uint16_t p[] = {0x00E9, 't', 0x00E9, '\\', 0xD83D, 0xDE00};
    uint8_t buf[256];
    struct dpx_decoded d;
    size_t len = build(buf, DPX_OP_CREATE, p, 6, NULL, 0, "", 0);
    CHECK(dpx_decode(buf, len, &d) == 0, "decode");
    CHECK(strcmp(d.path.full, "\xC3\xA9t\xC3\xA9/\xF0\x9F\x98\x80") == 0, "utf8 '%s'", d.path.full);
    dpx_decoded_free(&d);
    uint16_t lone[] = {'a', 0xDC00};
    len = build(buf, DPX_OP_CREATE, lone, 2, NULL, 0, "", 0);
    CHECK(dpx_decode(buf, len, &d) == DPX_ERR_ILSEQ, "unpaired low surrogate");
    uint16_t high_at_end[] = {'a', 0xD83D};
    len = build(buf, DPX_OP_CREATE, high_at_end, 2, NULL, 0, "", 0);
    CHECK(dpx_decode(buf, len, &d) == DPX_ERR_ILSEQ, "high surrogate at end");
}

static void test_malformed_messages_are_refused(void)
{
    uint8_t buf[256];
    uint16_t p[8];
    size_t n = ascii(p, "f");
    struct dpx_decoded d;
    size_t len = build(buf, DPX_OP_WRITE, p, n, NULL, 0, "abcd", 4);
    CHECK(dpx_decode(buf, len - 1, &d) == DPX_ERR_PROTO, "truncated data");
    CHECK(dpx_decode(buf, 10, &d) == DPX_ERR_PROTO, "truncated header");
    struct dpx_request *r = (struct dpx_request *)buf;
    r->version = 2;
    CHECK(dpx_decode(buf, len, &d) == DPX_ERR_PROTO, "wrong version");
    r->version = DPX_PROTOCOL_VERSION;
    r->op = DPX_OP_MAX + 1;
    CHECK(dpx_decode(buf, len, &d) == DPX_ERR_PROTO, "unknown op");
    r->op = DPX_OP_WRITE;
    r->path_bytes = 1;
    CHECK(dpx_decode(buf, len, &d) == DPX_ERR_PROTO, "odd path length");
    r->path_bytes = 2;
    r->data_bytes = 0xFFFFFFF0u;
    CHECK(dpx_decode(buf, len, &d) == DPX_ERR_PROTO, "length overflow");
    uint16_t dbl[] = {'a', '\\', '\\', 'b'};
    len = build(buf, DPX_OP_WRITE, dbl, 4, NULL, 0, "", 0);
    CHECK(dpx_decode(buf, len, &d) == DPX_ERR_PROTO, "empty component");
    uint16_t slash[] = {'a', '/', 'b'};
    len = build(buf, DPX_OP_WRITE, slash, 3, NULL, 0, "", 0);
    CHECK(dpx_decode(buf, len, &d) == DPX_ERR_ILSEQ, "'/' cannot be in an NTFS name");
}

static void test_root_directory_itself(void)
{
    uint8_t buf[128];
    struct dpx_decoded d;
    size_t len = build(buf, DPX_OP_FLUSH, NULL, 0, NULL, 0, "", 0);
    CHECK(dpx_decode(buf, len, &d) == 0, "decode");
    CHECK(strcmp(d.path.full, "") == 0 && strcmp(d.path.name, "") == 0, "root is the empty path");
    dpx_decoded_free(&d);
}

static void test_errno_to_ntstatus(void)
{
    CHECK(dpx_result_to_ntstatus(0) == DPX_STATUS_SUCCESS, "0");
    CHECK(dpx_result_to_ntstatus(4096) == DPX_STATUS_SUCCESS, "bytes written");
    CHECK(dpx_result_to_ntstatus(-30) == DPX_STATUS_MEDIA_WRITE_PROTECTED, "EROFS");
    CHECK(dpx_result_to_ntstatus(-28) == DPX_STATUS_DISK_FULL, "ENOSPC");
    CHECK(dpx_result_to_ntstatus(-5) == DPX_STATUS_IO_DEVICE_ERROR, "EIO");
    CHECK(dpx_result_to_ntstatus(-39) == DPX_STATUS_DIRECTORY_NOT_EMPTY, "ENOTEMPTY (Linux number)");
    CHECK(dpx_result_to_ntstatus(-84) == DPX_STATUS_OBJECT_NAME_INVALID, "EILSEQ");
    CHECK(dpx_result_to_ntstatus(-9999) == DPX_STATUS_UNSUCCESSFUL, "unknown");
}

static void test_filetime(void)
{
    int64_t s, ns;
    dpx_filetime_to_unix(116444736000000000ULL, &s, &ns);
    CHECK(s == 0 && ns == 0, "epoch %lld %lld", (long long)s, (long long)ns);
    /* 2026-11-25T12:00:00.1234567Z = 1795608000 s + 123456700 ns */
    dpx_filetime_to_unix(116444736000000000ULL + 17956080000000000ULL + 1234567ULL, &s, &ns);
    CHECK(s == 1795608000LL && ns == 123456700LL, "2026 %lld %lld", (long long)s, (long long)ns);
    dpx_filetime_to_unix(116444736000000000ULL - 1ULL, &s, &ns);
    CHECK(s == -1 && ns == 999999900LL, "before 1970 %lld %lld", (long long)s, (long long)ns);
}

int main(void)
{
    test_write_with_nested_path();
    test_rename_needs_two_paths_and_top_level_parent_is_empty();
    test_non_ascii_names_become_utf8();
    test_malformed_messages_are_refused();
    test_root_directory_itself();
    test_errno_to_ntstatus();
    test_filetime();
    printf("test_decode: %d checks passed\n", checks);
    return 0;
}
