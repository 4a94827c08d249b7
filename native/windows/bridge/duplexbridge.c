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

#include "dpx_decode.h"

#define DPX_MAX_THREADS 32
/* Linux ABI values the Java handler expects (org.duplex.fs.NativeFs / FUSE_SET_ATTR_*). */
#define L_O_RDWR 02
#define L_O_CREAT 0100
#define L_S_IFREG 0100000
#define L_RENAME_NOREPLACE 1
#define L_FALLOC_FL_KEEP_SIZE 1
#define L_UTIME_OMIT ((1LL << 30) - 2LL)
#define SETATTR_SIZE (1 << 3)
#define SETATTR_ATIME (1 << 4)
#define SETATTR_MTIME (1 << 5)
#define L_EIO 5

struct upcalls {
    jmethodID write, create, mkdir, truncate_on_open, rename, unlink, rmdir, setattr, fallocate, fsync,
        fsyncdir, setxattr;
};

struct bridge {
    JavaVM *vm;
    jobject dispatcher; /* global ref */
    struct upcalls m;
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

static jbyteArray utf8(JNIEnv *env, const char *s)
{
    jsize n = (jsize)strlen(s);
    jbyteArray a = (*env)->NewByteArray(env, n);
    if (a != NULL) {
        (*env)->SetByteArrayRegion(env, a, 0, n, (const jbyte *)s);
    }
    return a;
}

/* Calls the dispatcher for one decoded request; returns the handler's result or -errno. */
static long long upcall(JNIEnv *env, struct bridge *b, const struct dpx_decoded *d)
{
    const jint uid = -1, gid = -1, fd = -1, pid = (jint)d->pid;
    const jlong ino = (jlong)d->file_id;
    jbyteArray path = utf8(env, d->path.full);
    jbyteArray parent = utf8(env, d->path.parent);
    jbyteArray name = utf8(env, d->path.name);
    if (path == NULL || parent == NULL || name == NULL) {
        return -L_EIO; /* OutOfMemoryError pending; cleared by the caller */
    }
    jobject o = b->dispatcher;
    long long r;
    switch (d->op) {
    case DPX_OP_WRITE: {
        jobject buf = (*env)->NewDirectByteBuffer(env, (void *)d->data, (jlong)d->data_len);
        if (buf == NULL) {
            return -L_EIO;
        }
        r = (*env)->CallIntMethod(env, o, b->m.write, uid, gid, pid, ino, path, fd, (jlong)d->offset, buf);
        break;
    }
    case DPX_OP_CREATE:
        r = (*env)->CallIntMethod(env, o, b->m.create, uid, gid, pid, (jlong)0, parent, fd, name,
                                  (jint)(L_O_CREAT | L_O_RDWR), (jint)(L_S_IFREG | 0644));
        break;
    case DPX_OP_MKDIR:
        r = (*env)->CallIntMethod(env, o, b->m.mkdir, uid, gid, pid, (jlong)0, parent, fd, name, (jint)0755);
        break;
    case DPX_OP_TRUNCATE_ON_OPEN:
        r = (*env)->CallIntMethod(env, o, b->m.truncate_on_open, uid, gid, pid, ino, path, fd);
        break;
    case DPX_OP_RENAME: {
        jbyteArray parent2 = utf8(env, d->path2.parent);
        jbyteArray name2 = utf8(env, d->path2.name);
        if (parent2 == NULL || name2 == NULL) {
            return -L_EIO;
        }
        jint flags = (d->flags & DPX_FLAG_REPLACE_IF_EXISTS) ? 0 : L_RENAME_NOREPLACE;
        r = (*env)->CallIntMethod(env, o, b->m.rename, uid, gid, pid, (jlong)0, parent, fd, name,
                                  (jlong)0, parent2, fd, name2, flags);
        break;
    }
    case DPX_OP_UNLINK:
        r = (*env)->CallIntMethod(env, o, b->m.unlink, uid, gid, pid, (jlong)0, parent, fd, name);
        break;
    case DPX_OP_RMDIR:
        r = (*env)->CallIntMethod(env, o, b->m.rmdir, uid, gid, pid, (jlong)0, parent, fd, name);
        break;
    case DPX_OP_SET_EOF:
        r = (*env)->CallIntMethod(env, o, b->m.setattr, uid, gid, pid, ino, path, fd, fd, (jint)SETATTR_SIZE,
                                  (jint)0, (jint)-1, (jint)-1, (jlong)d->offset, (jlong)0, (jlong)L_UTIME_OMIT,
                                  (jlong)0, (jlong)L_UTIME_OMIT);
        break;
    case DPX_OP_SET_TIMES: {
        int64_t msec = 0, mnsec = L_UTIME_OMIT, asec = 0, ansec = L_UTIME_OMIT;
        jint valid = 0;
        if (d->value != 0) {
            dpx_filetime_to_unix(d->value, &msec, &mnsec);
            valid |= SETATTR_MTIME;
        }
        if (d->value2 != 0) {
            dpx_filetime_to_unix(d->value2, &asec, &ansec);
            valid |= SETATTR_ATIME;
        }
        r = (*env)->CallIntMethod(env, o, b->m.setattr, uid, gid, pid, ino, path, fd, fd, valid, (jint)0,
                                  (jint)-1, (jint)-1, (jlong)0, (jlong)asec, (jlong)ansec, (jlong)msec, (jlong)mnsec);
        break;
    }
    case DPX_OP_ALLOCATE:
        r = (*env)->CallIntMethod(env, o, b->m.fallocate, uid, gid, pid, ino, path, fd,
                                  (jint)L_FALLOC_FL_KEEP_SIZE, (jlong)0, (jlong)d->offset);
        break;
    case DPX_OP_FLUSH:
        r = (*env)->CallIntMethod(env, o, (d->flags & DPX_FLAG_DIRECTORY) ? b->m.fsyncdir : b->m.fsync,
                                  uid, gid, pid, ino, path, fd, JNI_FALSE);
        break;
    case DPX_OP_SET_EA:
    case DPX_OP_SET_SECURITY: {
        /* Windows metadata travels as opaque extended attributes: raw FILE_FULL_EA_INFORMATION or
         * a self-relative security descriptor; flags carry the SECURITY_INFORMATION bits. */
        jbyteArray xname = utf8(env, d->op == DPX_OP_SET_EA ? "windows.ea" : "windows.security");
        jbyteArray value = (*env)->NewByteArray(env, (jsize)d->data_len);
        if (xname == NULL || value == NULL) {
            return -L_EIO;
        }
        (*env)->SetByteArrayRegion(env, value, 0, (jsize)d->data_len, (const jbyte *)d->data);
        r = (*env)->CallIntMethod(env, o, b->m.setxattr, uid, gid, pid, ino, path, fd, xname, value,
                                  (jint)(d->op == DPX_OP_SET_SECURITY ? d->value : 0));
        break;
    }
    default: /* DPX_OP_LINK: SafeKit supports no hard links; the filter refuses them too */
        r = -95; /* EOPNOTSUPP */
        break;
    }
    return r;
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
        struct dpx_decoded d;
        int rc = dpx_decode(msg->body, sizeof(msg->body), &d);
        long long result = rc;
        if (rc == 0) {
            if ((*env)->PushLocalFrame(env, 16) == 0) {
                result = upcall(env, b, &d);
                if ((*env)->ExceptionCheck(env)) {
                    (*env)->ExceptionDescribe(env);
                    (*env)->ExceptionClear(env);
                    result = -L_EIO;
                }
                (*env)->PopLocalFrame(env, NULL);
            } else {
                (*env)->ExceptionClear(env); /* OutOfMemoryError: answer EIO, keep serving */
                result = -L_EIO;
            }
            dpx_decoded_free(&d);
        }
        struct reply rep;
        memset(&rep, 0, sizeof(rep));
        rep.header.MessageId = msg->header.MessageId;
        rep.body.ntstatus = dpx_result_to_ntstatus(result);
        hr = FilterReplyMessage(b->port, &rep.header, sizeof(rep));
        if (FAILED(hr) && hr != HRESULT_FROM_WIN32(ERROR_FLT_NO_WAITER_FOR_REPLY)) {
            break; /* the port is gone; a timed-out waiter (iotimeout) is not fatal */
        }
    }
    free(msg);
    (*b->vm)->DetachCurrentThread(b->vm);
    return 0;
}

static int lookup(JNIEnv *env, jclass c, struct upcalls *m)
{
#define M(field, name, sig)                                       \
    m->field = (*env)->GetMethodID(env, c, name, sig);            \
    if (m->field == NULL) {                                       \
        return -1;                                                \
    }
    M(write, "write", "(IIIJ[BIJLjava/nio/ByteBuffer;)I");
    M(create, "create", "(IIIJ[BI[BII)I");
    M(mkdir, "mkdir", "(IIIJ[BI[BI)I");
    M(truncate_on_open, "truncateOnOpen", "(IIIJ[BI)I");
    M(rename, "rename", "(IIIJ[BI[BJ[BI[BI)I");
    M(unlink, "unlink", "(IIIJ[BI[B)I");
    M(rmdir, "rmdir", "(IIIJ[BI[B)I");
    M(setattr, "setattr", "(IIIJ[BIIIIIIJJJJJ)I");
    M(fallocate, "fallocate", "(IIIJ[BIIJJ)I");
    M(fsync, "fsync", "(IIIJ[BIZ)I");
    M(fsyncdir, "fsyncdir", "(IIIJ[BIZ)I");
    M(setxattr, "setxattr", "(IIIJ[BI[B[BI)I");
#undef M
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
    if ((*env)->GetJavaVM(env, &b->vm) != JNI_OK || lookup(env, (*env)->GetObjectClass(env, dispatcher), &b->m) != 0) {
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
