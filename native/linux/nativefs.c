/*
 * JNI downcalls of org.duplex.fs.NativeFs: one thin wrapper per syscall.
 *
 * Convention: return the syscall's result, or -errno. Path arguments arrive as Java byte[]
 * (UTF-8, no NUL) and are copied into NUL-terminated C strings. No policy lives here.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/falloc.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "dx_jni.h"
#include "org_duplex_fs_NativeFs.h"

/* A syscall's result as returned to Java: the result itself, or -errno. Evaluates r once. */
static inline long neg_errno(long r)
{
	return r < 0 ? -errno : r;
}
#define NEG(r) neg_errno(r)

JNIEXPORT jintArray JNICALL Java_org_duplex_fs_NativeFs_constants(JNIEnv *env, jclass cls)
{
	(void) cls;
	const jint k[] = {
		O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_DIRECTORY,
		O_NOFOLLOW, O_PATH, O_CLOEXEC, O_DIRECT, O_ACCMODE, AT_FDCWD, AT_SYMLINK_NOFOLLOW,
		AT_SYMLINK_FOLLOW, AT_EMPTY_PATH, AT_REMOVEDIR, RENAME_NOREPLACE, RENAME_EXCHANGE,
		UTIME_NOW, UTIME_OMIT, XATTR_CREATE, XATTR_REPLACE, MNT_DETACH, FALLOC_FL_KEEP_SIZE,
		FALLOC_FL_PUNCH_HOLE, S_IFMT, S_IFDIR, S_IFREG, S_IFLNK, S_ISGID, S_IFIFO,
	};
	jsize n = (jsize) (sizeof(k) / sizeof(k[0]));
	jintArray out = (*env)->NewIntArray(env, n);
	if (out == NULL)
		return NULL; /* OutOfMemoryError pending */
	(*env)->SetIntArrayRegion(env, out, 0, n, k);
	return out;
}

JNIEXPORT jstring JNICALL Java_org_duplex_fs_NativeFs_strerror(JNIEnv *env, jclass cls, jint e)
{
	(void) cls;
	char buf[256];
	const char *s = strerror_r(e, buf, sizeof(buf));
	return (*env)->NewStringUTF(env, s);
}

/* Declares `char *name` from byte[] `arr`, returning -ENOMEM from the enclosing function when it fails. */
#define CSTR(name, arr) \
	char *name = dx_cstring(env, arr); \
	if (name == NULL) return -ENOMEM

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_openat0(JNIEnv *env, jclass c, jint dirfd, jbyteArray p, jint flags, jint mode)
{
	(void) c;
	CSTR(path, p);
	int r = openat(dirfd, path, flags, (mode_t) mode);
	r = NEG(r);
	free(path);
	return r;
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_openBeneath0(JNIEnv *env, jclass c, jint dirfd, jbyteArray p, jint flags, jint mode)
{
	(void) c;
	CSTR(path, p);
	struct open_how how = {
		.flags = (unsigned long long) (unsigned int) flags,
		.mode = (flags & (O_CREAT | O_TMPFILE)) ? (unsigned long long) mode : 0,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
	};
	long r = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
	r = NEG(r);
	free(path);
	return (jint) r;
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_close(JNIEnv *env, jclass c, jint fd)
{
	(void) env; (void) c;
	return NEG(close(fd));
}

/* The address of buf[position], checked against the buffer's capacity. */
static char *direct_at(JNIEnv *env, jobject buf, jint position, jint length)
{
	char *base = (*env)->GetDirectBufferAddress(env, buf);
	jlong cap = (*env)->GetDirectBufferCapacity(env, buf);
	if (base == NULL || cap < 0 || position < 0 || length < 0 || (jlong) position + length > cap)
		return NULL;
	return base + position;
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_pwrite0(JNIEnv *env, jclass c, jint fd, jobject buf, jint position, jint length, jlong offset)
{
	(void) c;
	char *p = direct_at(env, buf, position, length);
	if (p == NULL)
		return -EINVAL;
	return (jint) NEG(pwrite(fd, p, (size_t) length, offset));
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_pread0(JNIEnv *env, jclass c, jint fd, jobject buf, jint position, jint length, jlong offset)
{
	(void) c;
	char *p = direct_at(env, buf, position, length);
	if (p == NULL)
		return -EINVAL;
	return (jint) NEG(pread(fd, p, (size_t) length, offset));
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_ftruncate(JNIEnv *env, jclass c, jint fd, jlong len)
{
	(void) env; (void) c;
	return NEG(ftruncate(fd, len));
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_truncate0(JNIEnv *env, jclass c, jbyteArray p, jlong len)
{
	(void) c;
	CSTR(path, p);
	int r = NEG(truncate(path, len));
	free(path);
	return r;
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_fallocate(JNIEnv *env, jclass c, jint fd, jint mode, jlong off, jlong len)
{
	(void) env; (void) c;
	return NEG(fallocate(fd, mode, off, len));
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_fsync(JNIEnv *env, jclass c, jint fd)
{
	(void) env; (void) c;
	return NEG(fsync(fd));
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_fdatasync(JNIEnv *env, jclass c, jint fd)
{
	(void) env; (void) c;
	return NEG(fdatasync(fd));
}

JNIEXPORT jlong JNICALL Java_org_duplex_fs_NativeFs_copyFileRange(JNIEnv *env, jclass c, jint in, jlong offIn, jint out, jlong offOut, jlong len, jint flags)
{
	(void) env; (void) c;
	loff_t oi = offIn, oo = offOut;
	if (len < 0)
		return -EINVAL;
	return NEG(copy_file_range(in, &oi, out, &oo, (size_t) len, (unsigned int) flags));
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_mkdirat0(JNIEnv *env, jclass c, jint dirfd, jbyteArray p, jint mode)
{
	(void) c;
	CSTR(path, p);
	int r = NEG(mkdirat(dirfd, path, (mode_t) mode));
	free(path);
	return r;
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_mknodat0(JNIEnv *env, jclass c, jint dirfd, jbyteArray p, jint mode, jlong dev)
{
	(void) c;
	CSTR(path, p);
	int r = NEG(mknodat(dirfd, path, (mode_t) mode, (dev_t) dev));
	free(path);
	return r;
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_symlinkat0(JNIEnv *env, jclass c, jbyteArray t, jint dirfd, jbyteArray p)
{
	(void) c;
	CSTR(target, t);
	char *path = dx_cstring(env, p);
	if (path == NULL) {
		free(target);
		return -ENOMEM;
	}
	int r = NEG(symlinkat(target, dirfd, path));
	free(target);
	free(path);
	return r;
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_linkat0(JNIEnv *env, jclass c, jint od, jbyteArray op, jint nd, jbyteArray np, jint flags)
{
	(void) c;
	CSTR(oldp, op);
	char *newp = dx_cstring(env, np);
	if (newp == NULL) {
		free(oldp);
		return -ENOMEM;
	}
	int r = NEG(linkat(od, oldp, nd, newp, flags));
	free(oldp);
	free(newp);
	return r;
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_unlinkat0(JNIEnv *env, jclass c, jint dirfd, jbyteArray p, jint flags)
{
	(void) c;
	CSTR(path, p);
	int r = NEG(unlinkat(dirfd, path, flags));
	free(path);
	return r;
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_renameat20(JNIEnv *env, jclass c, jint od, jbyteArray op, jint nd, jbyteArray np, jint flags)
{
	(void) c;
	CSTR(oldp, op);
	char *newp = dx_cstring(env, np);
	if (newp == NULL) {
		free(oldp);
		return -ENOMEM;
	}
	int r = NEG(renameat2(od, oldp, nd, newp, (unsigned int) flags));
	free(oldp);
	free(newp);
	return r;
}

/* Stores -errno in errOut[0] (if given) and returns NULL. */
static jbyteArray fail_bytes(JNIEnv *env, jintArray errOut, int e)
{
	jint v = e;
	if (errOut != NULL && (*env)->GetArrayLength(env, errOut) > 0)
		(*env)->SetIntArrayRegion(env, errOut, 0, 1, &v);
	return NULL;
}

JNIEXPORT jbyteArray JNICALL Java_org_duplex_fs_NativeFs_readlinkat0(JNIEnv *env, jclass c, jint dirfd, jbyteArray p, jintArray errOut)
{
	(void) c;
	char *path = dx_cstring(env, p);
	if (path == NULL)
		return fail_bytes(env, errOut, ENOMEM);
	char buf[PATH_MAX + 1];
	ssize_t n = readlinkat(dirfd, path, buf, sizeof(buf));
	int e = errno;
	free(path);
	if (n < 0)
		return fail_bytes(env, errOut, e);
	if ((size_t) n == sizeof(buf))
		return fail_bytes(env, errOut, ENAMETOOLONG);
	return dx_bytes(env, buf, (size_t) n);
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_fchmodat0(JNIEnv *env, jclass c, jint dirfd, jbyteArray p, jint mode, jint flags)
{
	(void) c;
	CSTR(path, p);
	int r = NEG(fchmodat(dirfd, path, (mode_t) mode, flags));
	free(path);
	return r;
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_fchmod(JNIEnv *env, jclass c, jint fd, jint mode)
{
	(void) env; (void) c;
	return NEG(fchmod(fd, (mode_t) mode));
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_fchownat0(JNIEnv *env, jclass c, jint dirfd, jbyteArray p, jint uid, jint gid, jint flags)
{
	(void) c;
	CSTR(path, p);
	int r = NEG(fchownat(dirfd, path, (uid_t) uid, (gid_t) gid, flags));
	free(path);
	return r;
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_fchown(JNIEnv *env, jclass c, jint fd, jint uid, jint gid)
{
	(void) env; (void) c;
	return NEG(fchown(fd, (uid_t) uid, (gid_t) gid));
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_utimensat0(JNIEnv *env, jclass c, jint dirfd, jbyteArray p, jlong as, jlong ans, jlong ms, jlong mns, jint flags)
{
	(void) c;
	CSTR(path, p);
	struct timespec tv[2] = { { .tv_sec = as, .tv_nsec = ans }, { .tv_sec = ms, .tv_nsec = mns } };
	int r = NEG(utimensat(dirfd, path, tv, flags));
	free(path);
	return r;
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_futimens(JNIEnv *env, jclass c, jint fd, jlong as, jlong ans, jlong ms, jlong mns)
{
	(void) env; (void) c;
	struct timespec tv[2] = { { .tv_sec = as, .tv_nsec = ans }, { .tv_sec = ms, .tv_nsec = mns } };
	return NEG(futimens(fd, tv));
}

static void put_stat(JNIEnv *env, jlongArray out, const struct stat *st)
{
	const jlong f[15] = {
		(jlong) st->st_dev, (jlong) st->st_ino, (jlong) st->st_mode, (jlong) st->st_nlink,
		(jlong) st->st_uid, (jlong) st->st_gid, (jlong) st->st_rdev, (jlong) st->st_size,
		(jlong) st->st_blocks, (jlong) st->st_atim.tv_sec, (jlong) st->st_atim.tv_nsec,
		(jlong) st->st_mtim.tv_sec, (jlong) st->st_mtim.tv_nsec, (jlong) st->st_ctim.tv_sec,
		(jlong) st->st_ctim.tv_nsec,
	};
	(*env)->SetLongArrayRegion(env, out, 0, 15, f);
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_fstatat0(JNIEnv *env, jclass c, jint dirfd, jbyteArray p, jint flags, jlongArray out)
{
	(void) c;
	CSTR(path, p);
	struct stat st;
	int r = NEG(fstatat(dirfd, path, &st, flags));
	free(path);
	if (r == 0)
		put_stat(env, out, &st);
	return r;
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_fstat0(JNIEnv *env, jclass c, jint fd, jlongArray out)
{
	(void) c;
	struct stat st;
	int r = NEG(fstat(fd, &st));
	if (r == 0)
		put_stat(env, out, &st);
	return r;
}

/* xattr values: a byte[] (may be empty, never null from Java). */
static int with_value(JNIEnv *env, jbyteArray v, void **data, size_t *len)
{
	*len = v == NULL ? 0 : (size_t) (*env)->GetArrayLength(env, v);
	*data = malloc(*len ? *len : 1);
	if (*data == NULL)
		return -ENOMEM;
	if (*len)
		(*env)->GetByteArrayRegion(env, v, 0, (jsize) *len, *data);
	return 0;
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_fsetxattr0(JNIEnv *env, jclass c, jint fd, jbyteArray n, jbyteArray v, jint flags)
{
	(void) c;
	CSTR(name, n);
	void *data;
	size_t len;
	int r = with_value(env, v, &data, &len);
	if (r == 0) {
		r = NEG(fsetxattr(fd, name, data, len, flags));
		free(data);
	}
	free(name);
	return r;
}

static jint path_setxattr(JNIEnv *env, jbyteArray p, jbyteArray n, jbyteArray v, jint flags, int follow)
{
	CSTR(path, p);
	char *name = dx_cstring(env, n);
	if (name == NULL) {
		free(path);
		return -ENOMEM;
	}
	void *data;
	size_t len;
	int r = with_value(env, v, &data, &len);
	if (r == 0) {
		r = follow ? setxattr(path, name, data, len, flags) : lsetxattr(path, name, data, len, flags);
		r = NEG(r);
		free(data);
	}
	free(path);
	free(name);
	return r;
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_lsetxattr0(JNIEnv *env, jclass c, jbyteArray p, jbyteArray n, jbyteArray v, jint flags)
{
	(void) c;
	return path_setxattr(env, p, n, v, flags, 0);
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_setxattr0(JNIEnv *env, jclass c, jbyteArray p, jbyteArray n, jbyteArray v, jint flags)
{
	(void) c;
	return path_setxattr(env, p, n, v, flags, 1);
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_fremovexattr0(JNIEnv *env, jclass c, jint fd, jbyteArray n)
{
	(void) c;
	CSTR(name, n);
	int r = NEG(fremovexattr(fd, name));
	free(name);
	return r;
}

static jint path_removexattr(JNIEnv *env, jbyteArray p, jbyteArray n, int follow)
{
	CSTR(path, p);
	char *name = dx_cstring(env, n);
	if (name == NULL) {
		free(path);
		return -ENOMEM;
	}
	int r = NEG(follow ? removexattr(path, name) : lremovexattr(path, name));
	free(path);
	free(name);
	return r;
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_lremovexattr0(JNIEnv *env, jclass c, jbyteArray p, jbyteArray n)
{
	(void) c;
	return path_removexattr(env, p, n, 0);
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_removexattr0(JNIEnv *env, jclass c, jbyteArray p, jbyteArray n)
{
	(void) c;
	return path_removexattr(env, p, n, 1);
}

JNIEXPORT jbyteArray JNICALL Java_org_duplex_fs_NativeFs_lgetxattr0(JNIEnv *env, jclass c, jbyteArray p, jbyteArray n, jintArray errOut)
{
	(void) c;
	char *path = dx_cstring(env, p);
	char *name = dx_cstring(env, n);
	jbyteArray result = NULL;
	if (path == NULL || name == NULL) {
		fail_bytes(env, errOut, ENOMEM);
		goto out;
	}
	char buf[65536];
	ssize_t len = lgetxattr(path, name, buf, sizeof(buf));
	if (len < 0)
		fail_bytes(env, errOut, errno);
	else
		result = dx_bytes(env, buf, (size_t) len);
out:
	free(path);
	free(name);
	return result;
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_NativeFs_umount20(JNIEnv *env, jclass c, jbyteArray p, jint flags)
{
	(void) c;
	CSTR(path, p);
	int r = NEG(umount2(path, flags));
	free(path);
	return r;
}

JNIEXPORT jlong JNICALL Java_org_duplex_fs_NativeFs_statfsType0(JNIEnv *env, jclass c, jbyteArray p)
{
	(void) c;
	char *path = dx_cstring(env, p);
	if (path == NULL)
		return -ENOMEM;
	struct statfs sf;
	int r = statfs(path, &sf);
	int e = errno;
	free(path);
	return r < 0 ? -(jlong) e : (jlong) (unsigned long) sf.f_type;
}
