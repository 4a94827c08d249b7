/*
 * JNI upcalls from libfuse's worker threads into org.duplex.fs.filter.UpcallDispatcher.
 *
 * Threads: a worker attaches to the JVM (as a daemon) on its first upcall and detaches when it
 * exits, through a pthread key destructor. A thread that was already a Java thread is used as
 * is and never detached here.
 * Local references: each upcall runs inside its own local frame (Push/PopLocalFrame), because
 * native threads never return to Java and would otherwise accumulate references.
 * Exceptions: the dispatcher catches everything; if one escapes anyway (e.g. OutOfMemoryError
 * while building arguments) it is printed, cleared, and the operation fails with EIO.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dx_jni.h"
#include "filter.h"

static JavaVM *the_vm;
static pthread_key_t attached_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void detach_thread(void *unused)
{
	(void) unused;
	if (the_vm != NULL)
		(*the_vm)->DetachCurrentThread(the_vm);
}

static void make_key(void)
{
	/* Failure leaves threads attached until exit: harmless, so not fatal. */
	(void) pthread_key_create(&attached_key, detach_thread);
}

void dx_upcall_set_vm(JavaVM *vm)
{
	the_vm = vm;
	pthread_once(&key_once, make_key);
}

/* The calling thread's JNIEnv, attaching it if needed; NULL if the JVM is unreachable. */
static JNIEnv *thread_env(void)
{
	JNIEnv *env = NULL;
	if (the_vm == NULL)
		return NULL;
	jint r = (*the_vm)->GetEnv(the_vm, (void **) &env, JNI_VERSION_1_8);
	if (r == JNI_OK)
		return env;
	if (r != JNI_EDETACHED)
		return NULL;
	JavaVMAttachArgs args = { .version = JNI_VERSION_1_8, .name = (char *) "duplex-fuse-worker", .group = NULL };
	if ((*the_vm)->AttachCurrentThreadAsDaemon(the_vm, (void **) &env, &args) != JNI_OK)
		return NULL;
	(void) pthread_setspecific(attached_key, (void *) 1);
	return env;
}

int dx_upcall_resolve(JNIEnv *env, jobject dispatcher, struct dx_methods *m)
{
	jclass c = (*env)->GetObjectClass(env, dispatcher);
	if (c == NULL)
		return -1;
	struct { jmethodID *id; const char *name, *sig; } table[] = {
		{ &m->write, "write", "(IIIJ[BIJLjava/nio/ByteBuffer;)I" },
		{ &m->create, "create", "(IIIJ[BI[BII)I" },
		{ &m->mkdir, "mkdir", "(IIIJ[BI[BI)I" },
		{ &m->mknod, "mknod", "(IIIJ[BI[BIJ)I" },
		{ &m->symlink, "symlink", "(IIIJ[BI[B[B)I" },
		{ &m->link, "link", "(IIIJ[BIJ[BI[B)I" },
		{ &m->unlink, "unlink", "(IIIJ[BI[B)I" },
		{ &m->rmdir, "rmdir", "(IIIJ[BI[B)I" },
		{ &m->rename, "rename", "(IIIJ[BI[BJ[BI[BI)I" },
		{ &m->setattr, "setattr", "(IIIJ[BIIIIIIJJJJJ)I" },
		{ &m->truncate_on_open, "truncateOnOpen", "(IIIJ[BI)I" },
		{ &m->fallocate, "fallocate", "(IIIJ[BIIJJ)I" },
		{ &m->copy_file_range, "copyFileRange", "(IIIJ[BIJJ[BIJJI)J" },
		{ &m->setxattr, "setxattr", "(IIIJ[BI[B[BI)I" },
		{ &m->removexattr, "removexattr", "(IIIJ[BI[B)I" },
		{ &m->fsync, "fsync", "(IIIJ[BIZ)I" },
		{ &m->fsyncdir, "fsyncdir", "(IIIJ[BIZ)I" },
	};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		*table[i].id = (*env)->GetMethodID(env, c, table[i].name, table[i].sig);
		if (*table[i].id == NULL)
			return -1; /* NoSuchMethodError pending: names the method */
	}
	(*env)->DeleteLocalRef(env, c);
	return 0;
}

/* One upcall in progress: the env, the caller, and whether argument building failed. */
struct call {
	JNIEnv *env;
	jint uid, gid, pid;
	bool failed;
};

static bool begin(struct call *c, fuse_req_t req)
{
	c->env = thread_env();
	c->failed = false;
	if (c->env == NULL)
		return false;
	if ((*c->env)->PushLocalFrame(c->env, 16) != 0) {
		(*c->env)->ExceptionClear(c->env);
		return false;
	}
	const struct fuse_ctx *ctx = fuse_req_ctx(req);
	c->uid = (jint) ctx->uid;
	c->gid = (jint) ctx->gid;
	c->pid = (jint) ctx->pid;
	return true;
}

static long end(struct call *c, long result)
{
	JNIEnv *env = c->env;
	if ((*env)->ExceptionCheck(env)) {
		(*env)->ExceptionDescribe(env); /* prints and clears */
		(*env)->ExceptionClear(env);
		result = -EIO;
	} else if (c->failed) {
		result = -EIO;
	}
	(*env)->PopLocalFrame(env, NULL);
	return result;
}

static jlong java_node_id(const struct dx_inode *inode)
{
	return inode->is_root ? (jlong) FUSE_ROOT_ID : (jlong) (uintptr_t) inode;
}

/* A byte[] of a C string; NULL input gives a Java null. Marks the call failed on OOM. */
static jbyteArray str(struct call *c, const char *s)
{
	if (s == NULL || c->failed)
		return NULL;
	jbyteArray a = dx_bytes(c->env, s, strlen(s));
	if (a == NULL)
		c->failed = true;
	return a;
}

/* The inode's relative path as a byte[], or a Java null when it has no known name. */
static jbyteArray path(struct call *c, struct dx_fs *fs, struct dx_inode *inode)
{
	if (c->failed)
		return NULL;
	size_t len;
	bool oom;
	char *p = dx_table_path(&fs->table, inode, &len, &oom);
	if (p == NULL) {
		c->failed = oom;
		return NULL;
	}
	jbyteArray a = dx_bytes(c->env, p, len);
	free(p);
	if (a == NULL)
		c->failed = true;
	return a;
}

#define CALL_INT(c, fs, mid, ...) \
	((c)->failed ? 0 : (long) (*(c)->env)->CallIntMethod((c)->env, (fs)->dispatcher, (fs)->m.mid, \
		(c)->uid, (c)->gid, (c)->pid, __VA_ARGS__))

long dx_up_write(struct dx_fs *fs, fuse_req_t req, struct dx_inode *inode, int fd, off_t off,
		 void *data, size_t size)
{
	struct call c;
	if (!begin(&c, req))
		return -EIO;
	jbyteArray p = path(&c, fs, inode);
	jobject buf = c.failed ? NULL : (*c.env)->NewDirectByteBuffer(c.env, data, (jlong) size);
	if (buf == NULL)
		c.failed = true;
	long r = CALL_INT(&c, fs, write, java_node_id(inode), p, (jint) fd, (jlong) off, buf);
	return end(&c, r);
}

long dx_up_create(struct dx_fs *fs, fuse_req_t req, struct dx_inode *parent, const char *name,
		  int flags, mode_t mode)
{
	struct call c;
	if (!begin(&c, req))
		return -EIO;
	jbyteArray pp = path(&c, fs, parent);
	jbyteArray n = str(&c, name);
	long r = CALL_INT(&c, fs, create, java_node_id(parent), pp, (jint) parent->fd, n, (jint) flags, (jint) mode);
	return end(&c, r);
}

long dx_up_mkdir(struct dx_fs *fs, fuse_req_t req, struct dx_inode *parent, const char *name, mode_t mode)
{
	struct call c;
	if (!begin(&c, req))
		return -EIO;
	jbyteArray pp = path(&c, fs, parent);
	jbyteArray n = str(&c, name);
	long r = CALL_INT(&c, fs, mkdir, java_node_id(parent), pp, (jint) parent->fd, n, (jint) mode);
	return end(&c, r);
}

long dx_up_mknod(struct dx_fs *fs, fuse_req_t req, struct dx_inode *parent, const char *name,
		 mode_t mode, dev_t rdev)
{
	struct call c;
	if (!begin(&c, req))
		return -EIO;
	jbyteArray pp = path(&c, fs, parent);
	jbyteArray n = str(&c, name);
	long r = CALL_INT(&c, fs, mknod, java_node_id(parent), pp, (jint) parent->fd, n, (jint) mode, (jlong) rdev);
	return end(&c, r);
}

long dx_up_symlink(struct dx_fs *fs, fuse_req_t req, struct dx_inode *parent, const char *name,
		   const char *target)
{
	struct call c;
	if (!begin(&c, req))
		return -EIO;
	jbyteArray pp = path(&c, fs, parent);
	jbyteArray n = str(&c, name);
	jbyteArray t = str(&c, target);
	long r = CALL_INT(&c, fs, symlink, java_node_id(parent), pp, (jint) parent->fd, n, t);
	return end(&c, r);
}

long dx_up_link(struct dx_fs *fs, fuse_req_t req, struct dx_inode *inode, struct dx_inode *newparent,
		const char *newname)
{
	struct call c;
	if (!begin(&c, req))
		return -EIO;
	jbyteArray p = path(&c, fs, inode);
	jbyteArray np = path(&c, fs, newparent);
	jbyteArray nn = str(&c, newname);
	long r = CALL_INT(&c, fs, link, java_node_id(inode), p, (jint) inode->fd, java_node_id(newparent), np,
			  (jint) newparent->fd, nn);
	return end(&c, r);
}

long dx_up_unlink(struct dx_fs *fs, fuse_req_t req, struct dx_inode *parent, const char *name, int dir)
{
	struct call c;
	if (!begin(&c, req))
		return -EIO;
	jbyteArray pp = path(&c, fs, parent);
	jbyteArray n = str(&c, name);
	long r = dir ? CALL_INT(&c, fs, rmdir, java_node_id(parent), pp, (jint) parent->fd, n)
		     : CALL_INT(&c, fs, unlink, java_node_id(parent), pp, (jint) parent->fd, n);
	return end(&c, r);
}

long dx_up_rename(struct dx_fs *fs, fuse_req_t req, struct dx_inode *parent, const char *name,
		  struct dx_inode *newparent, const char *newname, unsigned int flags)
{
	struct call c;
	if (!begin(&c, req))
		return -EIO;
	jbyteArray pp = path(&c, fs, parent);
	jbyteArray n = str(&c, name);
	jbyteArray np = path(&c, fs, newparent);
	jbyteArray nn = str(&c, newname);
	long r = CALL_INT(&c, fs, rename, java_node_id(parent), pp, (jint) parent->fd, n, java_node_id(newparent), np,
			  (jint) newparent->fd, nn, (jint) flags);
	return end(&c, r);
}

long dx_up_setattr(struct dx_fs *fs, fuse_req_t req, struct dx_inode *inode, int open_fd, int valid,
		   const struct stat *attr, const struct timespec times[2])
{
	struct call c;
	if (!begin(&c, req))
		return -EIO;
	jbyteArray p = path(&c, fs, inode);
	long r = CALL_INT(&c, fs, setattr, java_node_id(inode), p, (jint) inode->fd, (jint) open_fd, (jint) valid,
			  (jint) attr->st_mode, (jint) attr->st_uid, (jint) attr->st_gid, (jlong) attr->st_size,
			  (jlong) times[0].tv_sec, (jlong) times[0].tv_nsec, (jlong) times[1].tv_sec,
			  (jlong) times[1].tv_nsec);
	return end(&c, r);
}

long dx_up_truncate_on_open(struct dx_fs *fs, fuse_req_t req, struct dx_inode *inode, int fd)
{
	struct call c;
	if (!begin(&c, req))
		return -EIO;
	jbyteArray p = path(&c, fs, inode);
	long r = CALL_INT(&c, fs, truncate_on_open, java_node_id(inode), p, (jint) fd);
	return end(&c, r);
}

long dx_up_fallocate(struct dx_fs *fs, fuse_req_t req, struct dx_inode *inode, int fd, int mode,
		     off_t offset, off_t length)
{
	struct call c;
	if (!begin(&c, req))
		return -EIO;
	jbyteArray p = path(&c, fs, inode);
	long r = CALL_INT(&c, fs, fallocate, java_node_id(inode), p, (jint) fd, (jint) mode, (jlong) offset, (jlong) length);
	return end(&c, r);
}

long dx_up_copy_file_range(struct dx_fs *fs, fuse_req_t req, struct dx_inode *in, int fd_in, off_t off_in,
			   struct dx_inode *out, int fd_out, off_t off_out, size_t len, int flags)
{
	struct call c;
	if (!begin(&c, req))
		return -EIO;
	jbyteArray pi = path(&c, fs, in);
	jbyteArray po = path(&c, fs, out);
	long r = c.failed ? 0 : (long) (*c.env)->CallLongMethod(c.env, fs->dispatcher, fs->m.copy_file_range,
			c.uid, c.gid, c.pid, java_node_id(in), pi, (jint) fd_in, (jlong) off_in, java_node_id(out), po,
			(jint) fd_out, (jlong) off_out, (jlong) len, (jint) flags);
	return end(&c, r);
}

long dx_up_setxattr(struct dx_fs *fs, fuse_req_t req, struct dx_inode *inode, const char *name,
		    const char *value, size_t size, int flags)
{
	struct call c;
	if (!begin(&c, req))
		return -EIO;
	jbyteArray p = path(&c, fs, inode);
	jbyteArray n = str(&c, name);
	jbyteArray v = c.failed ? NULL : dx_bytes(c.env, value, size);
	if (v == NULL)
		c.failed = true;
	long r = CALL_INT(&c, fs, setxattr, java_node_id(inode), p, (jint) inode->fd, n, v, (jint) flags);
	return end(&c, r);
}

long dx_up_removexattr(struct dx_fs *fs, fuse_req_t req, struct dx_inode *inode, const char *name)
{
	struct call c;
	if (!begin(&c, req))
		return -EIO;
	jbyteArray p = path(&c, fs, inode);
	jbyteArray n = str(&c, name);
	long r = CALL_INT(&c, fs, removexattr, java_node_id(inode), p, (jint) inode->fd, n);
	return end(&c, r);
}

long dx_up_fsync(struct dx_fs *fs, fuse_req_t req, struct dx_inode *inode, int fd, int datasync, int dir)
{
	struct call c;
	if (!begin(&c, req))
		return -EIO;
	jbyteArray p = path(&c, fs, inode);
	jboolean d = datasync ? JNI_TRUE : JNI_FALSE;
	long r = dir ? CALL_INT(&c, fs, fsyncdir, java_node_id(inode), p, (jint) fd, d)
		     : CALL_INT(&c, fs, fsync, java_node_id(inode), p, (jint) fd, d);
	return end(&c, r);
}
