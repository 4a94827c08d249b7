/* The JNI upcalls of the Windows bridge, shared by duplexbridge.c and the Linux test library. */
#ifndef DPX_UPCALL_H
#define DPX_UPCALL_H

#include <jni.h>
#include <stddef.h>
#include <stdint.h>

#include "dpx_decode.h"

/* The dispatcher's methods (org.duplex.fs.filter.UpcallDispatcher, or any object with the same shapes). */
struct dpx_upcalls {
    jmethodID write, create, mkdir, truncate_on_open, rename, unlink, rmdir, setattr, fallocate, fsync,
        fsyncdir, setxattr;
};

/* Fills m from class c; -1 with NoSuchMethodError pending when a method is missing. */
int dpx_lookup_upcalls(JNIEnv *env, jclass c, struct dpx_upcalls *m);

/* Decodes one request body, makes its upcall, and returns the NTSTATUS to reply with. Never leaves
 * a Java exception pending. */
int32_t dpx_handle_message(JNIEnv *env, jobject dispatcher, const struct dpx_upcalls *m, const uint8_t *body,
                           size_t body_len);

#endif
