/*
 * duplexbridge.dll: the user-mode end of the Duplex minifilter's communication port.
 *
 * Worker threads block in FilterGetMessage; each message (one pending application I/O) is decoded
 * (dpx_decode.c) and handed to the Java dispatcher through the same upcall methods, names and
 * signatures the Linux FUSE filter calls (org.duplex.fs.filter.UpcallDispatcher, docs/UPCALLS.md);
 * the int result goes back with FilterReplyMessage as an NTSTATUS. Differences from Linux are
 * documented in native/windows/PROTOCOL.md: uid/gid are -1 (Windows identifies callers by SID,
 * the pid is real), every fd is -1 because the kernel performs the operation itself once the
 * handler returns >= 0, and the inode is the NTFS file id.
 *
 * Ownership: the bridge owns the port handle, the worker threads, their message buffers and one
 * global reference to the dispatcher; dpx_close releases all of them. C translates, Java decides:
 * no policy here.
 */
#include <windows.h>
#include <fltuser.h>
#include <jni.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpx_upcall.h"

#define DPX_MAX_THREADS 32
struct bridge {
    JavaVM *vm;
    jobject dispatcher; /* global ref */
    struct dpx_upcalls m;
    HANDLE port;
    int n_threads;
    HANDLE threads[DPX_MAX_THREADS];
};

/* One message buffer: header + request + the largest paths and data the filter may send. */
struct message {
    FILTER_MESSAGE_HEADER header;
    uint8_t body[sizeof(struct dpx_request) + 2 * DPX_MAX_PATH_BYTES + DPX_MAX_DATA_BYTES];
};

struct reply {
    FILTER_REPLY_HEADER header;
    struct dpx_reply body;
};

static void throw_io(JNIEnv *env, const char *what, HRESULT hr)
{
    char text[256];
    snprintf(text, sizeof(text), "duplexbridge: %s failed (HRESULT 0x%08lx)", what, (unsigned long)hr);
    jclass c = (*env)->FindClass(env, "java/io/IOException");
    if (c != NULL) {
        (*env)->ThrowNew(env, c, text);
    }
}

static DWORD WINAPI worker(LPVOID arg)
{
    struct bridge *b = arg;
    JNIEnv *env = NULL;
    if ((*b->vm)->AttachCurrentThreadAsDaemon(b->vm, (void **)&env, NULL) != JNI_OK) {
        return 1;
    }
    struct message *msg = malloc(sizeof(*msg));
    if (msg == NULL) {
        (*b->vm)->DetachCurrentThread(b->vm);
        return 1;
    }
    for (;;) {
        HRESULT hr = FilterGetMessage(b->port, &msg->header, sizeof(*msg), NULL);
        if (FAILED(hr)) {
            break; /* port closed by dpx_close (or the filter unloaded): end the thread */
        }
        /* ReplyLength of the message tells nothing about the body size; the filter sends exactly
         * the request, and dpx_decode checks every length against the buffer we own. */
        int32_t status = dpx_handle_message(env, b->dispatcher, &b->m, msg->body, sizeof(msg->body));
        struct reply rep;
        memset(&rep, 0, sizeof(rep));
        rep.header.MessageId = msg->header.MessageId;
        rep.body.ntstatus = status;
        hr = FilterReplyMessage(b->port, &rep.header, sizeof(rep));
        if (FAILED(hr) && hr != HRESULT_FROM_WIN32(ERROR_FLT_NO_WAITER_FOR_REPLY)) {
            break; /* the port is gone; a timed-out waiter (iotimeout) is not fatal */
        }
    }
    free(msg);
    (*b->vm)->DetachCurrentThread(b->vm);
    return 0;
}

static void dpx_close_bridge(JNIEnv *env, struct bridge *b)
{
    if (b->port != NULL && b->port != INVALID_HANDLE_VALUE) {
        CloseHandle(b->port); /* wakes every FilterGetMessage with an error */
    }
    if (b->n_threads > 0) {
        WaitForMultipleObjects((DWORD)b->n_threads, b->threads, TRUE, INFINITE);
    }
    for (int i = 0; i < b->n_threads; i++) {
        CloseHandle(b->threads[i]);
    }
    if (b->dispatcher != NULL) {
        (*env)->DeleteGlobalRef(env, b->dispatcher);
    }
    free(b);
}

/* long WindowsFilterPort.open0(String port, Object dispatcher, int threads) */
JNIEXPORT jlong JNICALL Java_org_duplex_windows_filter_WindowsFilterPort_open0(JNIEnv *env, jclass cls, jstring port,
                                                                              jobject dispatcher, jint threads)
{
    (void)cls;
    if (threads < 1 || threads > DPX_MAX_THREADS) {
        throw_io(env, "open: thread count out of range", E_INVALIDARG);
        return 0;
    }
    struct bridge *b = calloc(1, sizeof(*b));
    if (b == NULL) {
        throw_io(env, "open: out of memory", E_OUTOFMEMORY);
        return 0;
    }
    if ((*env)->GetJavaVM(env, &b->vm) != JNI_OK || dpx_lookup_upcalls(env, (*env)->GetObjectClass(env, dispatcher), &b->m) != 0) {
        free(b); /* NoSuchMethodError pending: the dispatcher does not match the upcall table */
        return 0;
    }
    b->dispatcher = (*env)->NewGlobalRef(env, dispatcher);
    const jchar *name = (*env)->GetStringChars(env, port, NULL);
    if (b->dispatcher == NULL || name == NULL) {
        dpx_close_bridge(env, b);
        return 0;
    }
    HRESULT hr = FilterConnectCommunicationPort((LPCWSTR)name, 0, NULL, 0, NULL, &b->port);
    (*env)->ReleaseStringChars(env, port, name);
    if (FAILED(hr)) {
        b->port = NULL;
        dpx_close_bridge(env, b);
        throw_io(env, "FilterConnectCommunicationPort (is the DuplexFlt driver loaded? fltmc filters)", hr);
        return 0;
    }
    for (int i = 0; i < threads; i++) {
        b->threads[i] = CreateThread(NULL, 0, worker, b, 0, NULL);
        if (b->threads[i] == NULL) {
            HRESULT thr = HRESULT_FROM_WIN32(GetLastError());
            dpx_close_bridge(env, b);
            throw_io(env, "CreateThread", thr);
            return 0;
        }
        b->n_threads = i + 1;
    }
    return (jlong)(intptr_t)b;
}

/* int WindowsFilterPort.sendConfig0(long handle, byte[] config): the HRESULT of FilterSendMessage */
JNIEXPORT jint JNICALL Java_org_duplex_windows_filter_WindowsFilterPort_sendConfig0(JNIEnv *env, jclass cls,
                                                                                   jlong handle, jbyteArray config)
{
    (void)cls;
    struct bridge *b = (struct bridge *)(intptr_t)handle;
    jsize n = (*env)->GetArrayLength(env, config);
    jbyte *bytes = (*env)->GetByteArrayElements(env, config, NULL);
    if (bytes == NULL) {
        return (jint)E_OUTOFMEMORY;
    }
    DWORD returned = 0;
    HRESULT hr = FilterSendMessage(b->port, bytes, (DWORD)n, NULL, 0, &returned);
    (*env)->ReleaseByteArrayElements(env, config, bytes, JNI_ABORT);
    return (jint)hr;
}

/* String WindowsFilterPort.deviceOf0(String drive): "C:" -> "\Device\HarddiskVolume3", or null */
JNIEXPORT jstring JNICALL Java_org_duplex_windows_filter_WindowsFilterPort_deviceOf0(JNIEnv *env, jclass cls,
                                                                                    jstring drive)
{
    (void)cls;
    const jchar *d = (*env)->GetStringChars(env, drive, NULL);
    if (d == NULL) {
        return NULL;
    }
    WCHAR target[1024];
    DWORD n = QueryDosDeviceW((LPCWSTR)d, target, 1024);
    (*env)->ReleaseStringChars(env, drive, d);
    if (n == 0) {
        return NULL;
    }
    return (*env)->NewString(env, (const jchar *)target, (jsize)wcslen(target));
}

/* void WindowsFilterPort.close0(long handle) */
JNIEXPORT void JNICALL Java_org_duplex_windows_filter_WindowsFilterPort_close0(JNIEnv *env, jclass cls, jlong handle)
{
    (void)cls;
    if (handle != 0) {
        dpx_close_bridge(env, (struct bridge *)(intptr_t)handle);
    }
}
