/*
 * JNI downcalls of org.duplex.fs.filter.FilterMount: mount a filter in place, run its loop,
 * unmount, free. Also JNI_OnLoad, which records the JVM for the upcalls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dx_jni.h"
#include "filter.h"
#include "org_duplex_fs_filter_FilterMount.h"

/* Seconds the kernel may cache attributes and names (as passthrough_ll.c's default "normal"). */
#define CACHE_TIMEOUT_SECONDS 1.0

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved)
{
	(void) reserved;
	dx_upcall_set_vm(vm);
	return JNI_VERSION_1_8;
}

static struct dx_fs *fs_of_handle(jlong handle)
{
	return (struct dx_fs *) (uintptr_t) handle;
}

/* Reports a failed step to Java through err[0] / what[0]; returns 0 (no handle). */
static jlong fail(JNIEnv *env, jintArray err, jobjectArray what, const char *step, int e)
{
	jint v = e;
	(*env)->SetIntArrayRegion(env, err, 0, 1, &v);
	jstring s = (*env)->NewStringUTF(env, step);
	if (s != NULL)
		(*env)->SetObjectArrayElement(env, what, 0, s);
	return 0;
}

JNIEXPORT jlong JNICALL Java_org_duplex_fs_filter_FilterMount_mount0(JNIEnv *env, jclass cls, jbyteArray jpath,
								      jstring jfsname, jobject dispatcher,
								      jintArray err, jobjectArray what)
{
	(void) cls;
	struct dx_fs *fs = calloc(1, sizeof(*fs));
	if (fs == NULL)
		return fail(env, err, what, "allocating the filter state", ENOMEM);
	fs->timeout = CACHE_TIMEOUT_SECONDS;
	fs->mountpoint = dx_cstring(env, jpath);
	if (fs->mountpoint == NULL) {
		free(fs);
		return fail(env, err, what, "copying the mount point", ENOMEM);
	}
	/* The directory first, so the filter keeps reaching the real files once FUSE covers the path. */
	int root_fd = open(fs->mountpoint, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root_fd < 0) {
		int e = errno;
		free(fs->mountpoint);
		free(fs);
		return fail(env, err, what, "open(O_PATH | O_DIRECTORY)", e);
	}
	struct stat st;
	if (fstat(root_fd, &st) < 0) {
		int e = errno;
		close(root_fd);
		free(fs->mountpoint);
		free(fs);
		return fail(env, err, what, "fstat of the directory", e);
	}
	int r = dx_table_init(&fs->table, root_fd, &st);
	if (r < 0) {
		close(root_fd);
		free(fs->mountpoint);
		free(fs);
		return fail(env, err, what, "creating the inode table", -r);
	}
	if (dx_upcall_resolve(env, dispatcher, &fs->m) < 0) {
		(*env)->ExceptionClear(env);
		dx_table_destroy(&fs->table);
		free(fs->mountpoint);
		free(fs);
		return fail(env, err, what, "resolving the Java upcall methods", ENOSYS);
	}
	fs->dispatcher = (*env)->NewGlobalRef(env, dispatcher);
	const char *fsname = (*env)->GetStringUTFChars(env, jfsname, NULL);
	char opts[4096];
	int n = fsname == NULL ? -1 : snprintf(opts, sizeof(opts),
		"default_permissions,allow_other,subtype=duplex,fsname=%s", fsname);
	if (fsname != NULL)
		(*env)->ReleaseStringUTFChars(env, jfsname, fsname);
	if (fs->dispatcher == NULL || n < 0 || (size_t) n >= sizeof(opts)) {
		(*env)->ExceptionClear(env);
		if (fs->dispatcher != NULL)
			(*env)->DeleteGlobalRef(env, fs->dispatcher);
		dx_table_destroy(&fs->table);
		free(fs->mountpoint);
		free(fs);
		return fail(env, err, what, "building mount options", EINVAL);
	}
	char *argv[] = { (char *) "duplex", (char *) "-o", opts, NULL };
	struct fuse_args args = FUSE_ARGS_INIT(3, argv);
	fs->se = fuse_session_new(&args, &dx_filter_ops, sizeof(dx_filter_ops), fs);
	if (fs->se == NULL) {
		(*env)->DeleteGlobalRef(env, fs->dispatcher);
		dx_table_destroy(&fs->table);
		free(fs->mountpoint);
		free(fs);
		return fail(env, err, what, "fuse_session_new (see stderr)", EINVAL);
	}
	if (fuse_session_mount(fs->se, fs->mountpoint) != 0) {
		fuse_session_destroy(fs->se);
		(*env)->DeleteGlobalRef(env, fs->dispatcher);
		dx_table_destroy(&fs->table);
		free(fs->mountpoint);
		free(fs);
		return fail(env, err, what, "fuse_session_mount (needs root and /dev/fuse; see stderr)", EPERM);
	}
	fs->mounted = 1;
	return (jlong) (uintptr_t) fs;
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_filter_FilterMount_loop0(JNIEnv *env, jclass cls, jlong handle, jint max_threads)
{
	(void) env; (void) cls;
	struct dx_fs *fs = fs_of_handle(handle);
	struct fuse_loop_config *cfg = fuse_loop_cfg_create();
	if (cfg == NULL)
		return -ENOMEM;
	fuse_loop_cfg_set_max_threads(cfg, (unsigned int) max_threads);
	fuse_loop_cfg_set_idle_threads(cfg, (unsigned int) (max_threads < 10 ? max_threads : 10));
	int r = fuse_session_loop_mt(fs->se, cfg);
	fuse_loop_cfg_destroy(cfg);
	return r;
}

JNIEXPORT jint JNICALL Java_org_duplex_fs_filter_FilterMount_unmount0(JNIEnv *env, jclass cls, jlong handle, jint flags)
{
	(void) env; (void) cls;
	struct dx_fs *fs = fs_of_handle(handle);
	if (!fs->mounted)
		return 0;
	/* Our own umount2, never libfuse's fuse_session_unmount: that one always detaches lazily as
	   root and would hit whatever is mounted at the path if ours were already gone. */
	if (umount2(fs->mountpoint, flags | UMOUNT_NOFOLLOW) < 0)
		return -errno;
	fs->mounted = 0;
	/* No fuse_session_exit here: after a full unmount the kernel ends the connection and the
	   loop returns by itself (ENODEV); after a lazy detach the loop must go on serving the files
	   still open, until the last one closes. */
	return 0;
}

JNIEXPORT void JNICALL Java_org_duplex_fs_filter_FilterMount_setReadOnly0(JNIEnv *env, jclass cls, jlong handle,
									    jboolean read_only)
{
	(void) env; (void) cls;
	fs_of_handle(handle)->read_only = read_only ? 1 : 0;
}

JNIEXPORT void JNICALL Java_org_duplex_fs_filter_FilterMount_destroy0(JNIEnv *env, jclass cls, jlong handle)
{
	(void) cls;
	struct dx_fs *fs = fs_of_handle(handle);
	if (fs == NULL)
		return;
	fuse_session_destroy(fs->se); /* closes /dev/fuse */
	dx_table_destroy(&fs->table);
	(*env)->DeleteGlobalRef(env, fs->dispatcher);
	free(fs->mountpoint);
	free(fs);
}
