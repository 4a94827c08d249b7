/*
 * The FUSE filter: state of one mount and the two halves that use it, the low-level operations
 * (filter_ops.c, pure C translation to syscalls on the directory underneath) and the JNI upcalls
 * into Java for every mutating operation (filter_upcall.c).
 */
#ifndef DX_FILTER_H
#define DX_FILTER_H

#define FUSE_USE_VERSION 312
#include <fuse_lowlevel.h>
#include <errno.h>
#include <jni.h>
#include <stdint.h>

#include "inode_table.h"

/* Method ids of org.duplex.fs.filter.UpcallDispatcher, resolved once per mount. */
struct dx_methods {
	jmethodID write, create, mkdir, mknod, symlink, link, unlink, rmdir, rename, setattr,
		truncate_on_open, fallocate, copy_file_range, setxattr, removexattr, fsync, fsyncdir;
};

struct dx_fs {
	struct dx_table table;
	struct fuse_session *se;
	char *mountpoint;
	jobject dispatcher; /* global ref */
	struct dx_methods m;
	double timeout;     /* attr/entry cache timeout, seconds */
	volatile int read_only; /* set by Java (FilterMode.READ_ONLY): opens for writing fail with EROFS */
	int mounted;
};

/* The request's mount. */
static inline struct dx_fs *fs_of(fuse_req_t req)
{
	return (struct dx_fs *) fuse_req_userdata(req);
}

static inline struct dx_inode *inode_of(fuse_req_t req, fuse_ino_t ino)
{
	if (ino == FUSE_ROOT_ID)
		return &fs_of(req)->table.root;
	return (struct dx_inode *) (uintptr_t) ino;
}

static inline fuse_ino_t node_id(struct dx_inode *inode)
{
	return inode->is_root ? FUSE_ROOT_ID : (fuse_ino_t) (uintptr_t) inode;
}

/* A reply error from a negative result (-errno), guarding against a bogus 0 or positive. */
static inline int err_of(long r)
{
	return r < 0 && r > -4096 ? (int) -r : EIO;
}

/* Looks `name` up under `parent` and registers it in the table; fills e. 0 or errno. */
int dx_lookup_entry(struct dx_fs *fs, struct dx_inode *parent, const char *name, struct fuse_entry_param *e);

/* Directory operations (filter_dir.c). */
void dx_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi);
void dx_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t offset, struct fuse_file_info *fi);
void dx_readdirplus(fuse_req_t req, fuse_ino_t ino, size_t size, off_t offset, struct fuse_file_info *fi);
void dx_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi);
void dx_fsyncdir(fuse_req_t req, fuse_ino_t ino, int datasync, struct fuse_file_info *fi);

/* The operations table handed to fuse_session_new. */
extern const struct fuse_lowlevel_ops dx_filter_ops;

/* Remembers the JVM (from JNI_OnLoad) for the upcalls. */
void dx_upcall_set_vm(JavaVM *vm);

/* Resolves the dispatcher's methods; 0, or -1 with a Java exception pending. */
int dx_upcall_resolve(JNIEnv *env, jobject dispatcher, struct dx_methods *m);

/*
 * The upcalls. Each returns the Java handler's result (>= 0, or -errno), or -EIO when the JVM
 * cannot be reached or an exception escaped. `inode`s give the path and ino; fds are passed as is.
 */
long dx_up_write(struct dx_fs *fs, fuse_req_t req, struct dx_inode *inode, int fd, off_t off,
		 void *data, size_t size);
long dx_up_create(struct dx_fs *fs, fuse_req_t req, struct dx_inode *parent, const char *name,
		  int flags, mode_t mode);
long dx_up_mkdir(struct dx_fs *fs, fuse_req_t req, struct dx_inode *parent, const char *name, mode_t mode);
long dx_up_mknod(struct dx_fs *fs, fuse_req_t req, struct dx_inode *parent, const char *name,
		 mode_t mode, dev_t rdev);
long dx_up_symlink(struct dx_fs *fs, fuse_req_t req, struct dx_inode *parent, const char *name,
		   const char *target);
long dx_up_link(struct dx_fs *fs, fuse_req_t req, struct dx_inode *inode, struct dx_inode *newparent,
		const char *newname);
long dx_up_unlink(struct dx_fs *fs, fuse_req_t req, struct dx_inode *parent, const char *name, int dir);
long dx_up_rename(struct dx_fs *fs, fuse_req_t req, struct dx_inode *parent, const char *name,
		  struct dx_inode *newparent, const char *newname, unsigned int flags);
long dx_up_setattr(struct dx_fs *fs, fuse_req_t req, struct dx_inode *inode, int open_fd, int valid,
		   const struct stat *attr, const struct timespec times[2]);
long dx_up_truncate_on_open(struct dx_fs *fs, fuse_req_t req, struct dx_inode *inode, int fd);
long dx_up_fallocate(struct dx_fs *fs, fuse_req_t req, struct dx_inode *inode, int fd, int mode,
		     off_t offset, off_t length);
long dx_up_copy_file_range(struct dx_fs *fs, fuse_req_t req, struct dx_inode *in, int fd_in, off_t off_in,
			   struct dx_inode *out, int fd_out, off_t off_out, size_t len, int flags);
long dx_up_setxattr(struct dx_fs *fs, fuse_req_t req, struct dx_inode *inode, const char *name,
		    const char *value, size_t size, int flags);
long dx_up_removexattr(struct dx_fs *fs, fuse_req_t req, struct dx_inode *inode, const char *name);
long dx_up_fsync(struct dx_fs *fs, fuse_req_t req, struct dx_inode *inode, int fd, int datasync, int dir);

#endif
