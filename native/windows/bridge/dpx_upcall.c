/*
 * The JNI half of the bridge, free of Windows APIs so that it is built and tested on Linux too
 * (test/test_upcall_jni.c + BridgeUpcallTest): looks up the dispatcher's upcall methods (the same
 * names and signatures as the Linux FUSE filter's, native/linux/filter_upcall.c), and turns one
 * filter message into one upcall and its result into an NTSTATUS. PROTOCOL.md has the mapping.
 */
#include "dpx_upcall.h"

#include <string.h>

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
static long long upcall(JNIEnv *env, jobject o, const struct dpx_upcalls *m, const struct dpx_decoded *d)
{
    const jint uid = -1, gid = -1, fd = -1, pid = (jint)d->pid;
    const jlong ino = (jlong)d->file_id;
    jbyteArray path = utf8(env, d->path.full);
    jbyteArray parent = utf8(env, d->path.parent);
    jbyteArray name = utf8(env, d->path.name);
    if (path == NULL || parent == NULL || name == NULL) {
        return -L_EIO; /* OutOfMemoryError pending; cleared by the caller */
    }
    long long r;
    switch (d->op) {
    case DPX_OP_WRITE: {
        jobject buf = (*env)->NewDirectByteBuffer(env, (void *)d->data, (jlong)d->data_len);
        if (buf == NULL) {
            return -L_EIO;
        }
        r = (*env)->CallIntMethod(env, o, m->write, uid, gid, pid, ino, path, fd, (jlong)d->offset, buf);
        break;
    }
    case DPX_OP_CREATE:
        r = (*env)->CallIntMethod(env, o, m->create, uid, gid, pid, (jlong)0, parent, fd, name,
                                  (jint)(L_O_CREAT | L_O_RDWR), (jint)(L_S_IFREG | 0644));
        break;
    case DPX_OP_MKDIR:
        r = (*env)->CallIntMethod(env, o, m->mkdir, uid, gid, pid, (jlong)0, parent, fd, name, (jint)0755);
        break;
    case DPX_OP_TRUNCATE_ON_OPEN:
        r = (*env)->CallIntMethod(env, o, m->truncate_on_open, uid, gid, pid, ino, path, fd);
        break;
    case DPX_OP_RENAME: {
        jbyteArray parent2 = utf8(env, d->path2.parent);
        jbyteArray name2 = utf8(env, d->path2.name);
        if (parent2 == NULL || name2 == NULL) {
            return -L_EIO;
        }
        jint flags = (d->flags & DPX_FLAG_REPLACE_IF_EXISTS) ? 0 : L_RENAME_NOREPLACE;
        r = (*env)->CallIntMethod(env, o, m->rename, uid, gid, pid, (jlong)0, parent, fd, name,
                                  (jlong)0, parent2, fd, name2, flags);
        break;
    }
    case DPX_OP_UNLINK:
        r = (*env)->CallIntMethod(env, o, m->unlink, uid, gid, pid, (jlong)0, parent, fd, name);
        break;
    case DPX_OP_RMDIR:
        r = (*env)->CallIntMethod(env, o, m->rmdir, uid, gid, pid, (jlong)0, parent, fd, name);
        break;
    case DPX_OP_SET_EOF:
        r = (*env)->CallIntMethod(env, o, m->setattr, uid, gid, pid, ino, path, fd, fd, (jint)SETATTR_SIZE,
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
        r = (*env)->CallIntMethod(env, o, m->setattr, uid, gid, pid, ino, path, fd, fd, valid, (jint)0,
                                  (jint)-1, (jint)-1, (jlong)0, (jlong)asec, (jlong)ansec, (jlong)msec, (jlong)mnsec);
        break;
    }
    case DPX_OP_ALLOCATE:
        r = (*env)->CallIntMethod(env, o, m->fallocate, uid, gid, pid, ino, path, fd,
                                  (jint)L_FALLOC_FL_KEEP_SIZE, (jlong)0, (jlong)d->offset);
        break;
    case DPX_OP_FLUSH:
        r = (*env)->CallIntMethod(env, o, (d->flags & DPX_FLAG_DIRECTORY) ? m->fsyncdir : m->fsync,
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
        r = (*env)->CallIntMethod(env, o, m->setxattr, uid, gid, pid, ino, path, fd, xname, value,
                                  (jint)(d->op == DPX_OP_SET_SECURITY ? d->value : 0));
        break;
    }
    default: /* DPX_OP_LINK: SafeKit supports no hard links; the filter refuses them too */
        r = -95; /* EOPNOTSUPP */
        break;
    }
    return r;
}

int dpx_lookup_upcalls(JNIEnv *env, jclass c, struct dpx_upcalls *m)
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

int32_t dpx_handle_message(JNIEnv *env, jobject dispatcher, const struct dpx_upcalls *m, const uint8_t *body,
                           size_t body_len)
{
    struct dpx_decoded d;
    long long result = dpx_decode(body, body_len, &d);
    if (result == 0) {
        if ((*env)->PushLocalFrame(env, 16) == 0) {
            result = upcall(env, dispatcher, m, &d);
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
    return dpx_result_to_ntstatus(result);
}
