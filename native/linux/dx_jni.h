/* Small JNI helpers shared by the downcalls (nativefs.c) and the filter's upcalls. */
#ifndef DX_JNI_H
#define DX_JNI_H

#include <jni.h>
#include <stddef.h>

/* A malloc'd NUL-terminated copy of a Java byte[] (NULL if arr is NULL or memory is short). */
char *dx_cstring(JNIEnv *env, jbyteArray arr);

/* A new Java byte[] holding len bytes of data (NULL with OutOfMemoryError pending on failure). */
jbyteArray dx_bytes(JNIEnv *env, const char *data, size_t len);

#endif
