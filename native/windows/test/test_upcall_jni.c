/*
 * Linux test library for the bridge's JNI half (bridge/dpx_upcall.c): BridgeUpcallTest calls
 * handle0 with an encoded filter message and a recording dispatcher, exactly as a duplexbridge.dll
 * worker does after FilterGetMessage, and checks the upcall made and the NTSTATUS returned.
 * Built by `make test-jni` with the host gcc; never shipped.
 */
#include <jni.h>

#include "../bridge/dpx_upcall.h"

JNIEXPORT jint JNICALL Java_org_duplex_windows_filter_BridgeUpcallTest_handle0(JNIEnv *env, jclass cls, jobject dispatcher,
                                                                             jbyteArray message)
{
    struct dpx_upcalls m;
    (void)cls;
    if (dpx_lookup_upcalls(env, (*env)->GetObjectClass(env, dispatcher), &m) != 0) {
        return 0; /* NoSuchMethodError pending: the Java caller sees it */
    }
    jsize n = (*env)->GetArrayLength(env, message);
    jbyte *bytes = (*env)->GetByteArrayElements(env, message, NULL);
    if (bytes == NULL) {
        return 0; /* OutOfMemoryError pending */
    }
    int32_t status = dpx_handle_message(env, dispatcher, &m, (const uint8_t *)bytes, (size_t)n);
    (*env)->ReleaseByteArrayElements(env, message, bytes, JNI_ABORT);
    return status;
}
