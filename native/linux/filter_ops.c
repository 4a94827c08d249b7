/*
 * The filter's low-level FUSE operations, one static handler per op, in the shape of libfuse's
 * example/passthrough_ll.c. Reads are answered here from the directory underneath; every
 * mutating op is exactly one upcall (filter_upcall.c) which performs it, and this file only
 * keeps the inode table in step and replies. Every request ends in exactly one reply.
 * Directory handles live in filter_dir.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "filter.h"

/* Node ids are entry addresses, as in passthrough_ll.c: they must fit. */
_Static_assert(sizeof(fuse_ino_t) >= sizeof(uintptr_t), "fuse_ino_t too small to hold a pointer");

#define MAX_WRITE_BYTES (1024 * 1024)

static void proc_path(char *buf, size_t size, int fd)
{
	snprintf(buf, size, "/proc/self/fd/%d", fd);
}

static void dx_init(void *userdata, struct fuse_conn_info *conn)
{
	(void) userdata;
	/* The kernel must send set-id clearing as explicit setattr requests (replicated like any
	   chmod) instead of expecting the server to clear them as a side effect of writes. */
	conn->want &= ~FUSE_CAP_HANDLE_KILLPRIV;
	/* Writeback caching would let the kernel merge and reorder writes behind the filter's back
	   and resolve O_APPEND from a possibly stale size. */
	conn->want &= ~FUSE_CAP_WRITEBACK_CACHE;
	/* open(O_TRUNC) arrives as one open request (one upcall), not setattr + open. */
	if (conn->capable & FUSE_CAP_ATOMIC_O_TRUNC)
		conn->want |= FUSE_CAP_ATOMIC_O_TRUNC;
	/* Fewer, larger write upcalls: up to 1 MiB per request (the kernel caps it by max_pages). */
	conn->max_write = MAX_WRITE_BYTES;
	/* Locks stay local to this node's kernel. */
	conn->want &= ~(FUSE_CAP_POSIX_LOCKS | FUSE_CAP_FLOCK_LOCKS);
}

/* Looks `name` up under `parent` and registers it; fills e. 0 or errno. */
int dx_lookup_entry(struct dx_fs *fs, struct dx_inode *parent, const char *name, struct fuse_entry_param *e)
{
	memset(e, 0, sizeof(*e));
	e->attr_timeout = fs->timeout;
	e->entry_timeout = fs->timeout;
	int fd = openat(parent->fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno;
	if (fstatat(fd, "", &e->attr, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) < 0) {
		int err = errno;
		close(fd);
		return err;
	}
	struct dx_inode *inode = dx_table_lookup(&fs->table, &e->attr, fd, parent, name);
	if (inode == NULL)
		return ENOMEM;
	e->ino = node_id(inode);
	return 0;
}

static void dx_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct fuse_entry_param e;
	int err = dx_lookup_entry(fs_of(req), inode_of(req, parent), name, &e);
	if (err)
		fuse_reply_err(req, err);
	else
		fuse_reply_entry(req, &e);
}

static void dx_forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup)
{
	dx_table_forget(&fs_of(req)->table, inode_of(req, ino), nlookup);
	fuse_reply_none(req);
}

static void dx_forget_multi(fuse_req_t req, size_t count, struct fuse_forget_data *forgets)
{
	struct dx_fs *fs = fs_of(req);
	for (size_t i = 0; i < count; i++)
		dx_table_forget(&fs->table, inode_of(req, forgets[i].ino), forgets[i].nlookup);
	fuse_reply_none(req);
}

static void dx_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void) fi;
	struct stat st;
	if (fstatat(inode_of(req, ino)->fd, "", &st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) < 0)
		fuse_reply_err(req, errno);
	else
		fuse_reply_attr(req, &st, fs_of(req)->timeout);
}

static void dx_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr, int valid, struct fuse_file_info *fi)
{
	struct dx_fs *fs = fs_of(req);
	struct dx_inode *inode = inode_of(req, ino);
	const int handled = FUSE_SET_ATTR_MODE | FUSE_SET_ATTR_UID | FUSE_SET_ATTR_GID | FUSE_SET_ATTR_SIZE |
			    FUSE_SET_ATTR_ATIME | FUSE_SET_ATTR_MTIME | FUSE_SET_ATTR_ATIME_NOW |
			    FUSE_SET_ATTR_MTIME_NOW;
	if (valid & handled) {
		struct timespec times[2] = { { .tv_sec = 0, .tv_nsec = UTIME_OMIT }, { .tv_sec = 0, .tv_nsec = UTIME_OMIT } };
		int up = valid & (FUSE_SET_ATTR_MODE | FUSE_SET_ATTR_UID | FUSE_SET_ATTR_GID | FUSE_SET_ATTR_SIZE);
		if (valid & FUSE_SET_ATTR_ATIME_NOW) {
			times[0].tv_nsec = UTIME_NOW;
			up |= FUSE_SET_ATTR_ATIME;
		} else if (valid & FUSE_SET_ATTR_ATIME) {
			times[0] = attr->st_atim;
			up |= FUSE_SET_ATTR_ATIME;
		}
		if (valid & FUSE_SET_ATTR_MTIME_NOW) {
			times[1].tv_nsec = UTIME_NOW;
			up |= FUSE_SET_ATTR_MTIME;
		} else if (valid & FUSE_SET_ATTR_MTIME) {
			times[1] = attr->st_mtim;
			up |= FUSE_SET_ATTR_MTIME;
		}
		long r = dx_up_setattr(fs, req, inode, fi ? (int) fi->fh : -1, up, attr, times);
		if (r < 0)
			return (void) fuse_reply_err(req, err_of(r));
	}
	dx_getattr(req, ino, fi);
}

static void dx_readlink(fuse_req_t req, fuse_ino_t ino)
{
	char buf[PATH_MAX + 1];
	ssize_t n = readlinkat(inode_of(req, ino)->fd, "", buf, sizeof(buf));
	if (n < 0)
		return (void) fuse_reply_err(req, errno);
	if ((size_t) n == sizeof(buf))
		return (void) fuse_reply_err(req, ENAMETOOLONG);
	buf[n] = '\0';
	fuse_reply_readlink(req, buf);
}

/* After an upcall created `name` in `parent`: registers and replies the entry. */
static void reply_new_entry(fuse_req_t req, struct dx_inode *parent, const char *name, long r)
{
	if (r < 0)
		return (void) fuse_reply_err(req, err_of(r));
	struct fuse_entry_param e;
	int err = dx_lookup_entry(fs_of(req), parent, name, &e);
	if (err)
		fuse_reply_err(req, err);
	else
		fuse_reply_entry(req, &e);
}

static void dx_mknod(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode, dev_t rdev)
{
	struct dx_inode *dir = inode_of(req, parent);
	reply_new_entry(req, dir, name, dx_up_mknod(fs_of(req), req, dir, name, mode, rdev));
}

static void dx_mkdir(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode)
{
	struct dx_inode *dir = inode_of(req, parent);
	reply_new_entry(req, dir, name, dx_up_mkdir(fs_of(req), req, dir, name, mode));
}

static void dx_symlink(fuse_req_t req, const char *target, fuse_ino_t parent, const char *name)
{
	struct dx_inode *dir = inode_of(req, parent);
	reply_new_entry(req, dir, name, dx_up_symlink(fs_of(req), req, dir, name, target));
}

static void dx_link(fuse_req_t req, fuse_ino_t ino, fuse_ino_t parent, const char *name)
{
	struct dx_fs *fs = fs_of(req);
	struct dx_inode *inode = inode_of(req, ino);
	struct dx_inode *dir = inode_of(req, parent);
	long r = dx_up_link(fs, req, inode, dir, name);
	if (r < 0)
		return (void) fuse_reply_err(req, err_of(r));
	struct fuse_entry_param e;
	memset(&e, 0, sizeof(e));
	e.attr_timeout = fs->timeout;
	e.entry_timeout = fs->timeout;
	if (fstatat(inode->fd, "", &e.attr, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) < 0)
		return (void) fuse_reply_err(req, errno);
	/* On ENOMEM the lookup is still counted; only the new name stays unknown (path knowledge). */
	(void) dx_table_add_link(&fs->table, inode, dir, name);
	e.ino = node_id(inode);
	fuse_reply_entry(req, &e);
}

static void do_remove(fuse_req_t req, fuse_ino_t parent, const char *name, int dir)
{
	struct dx_fs *fs = fs_of(req);
	struct dx_inode *p = inode_of(req, parent);
	struct stat st;
	/* Which file goes away, for the table (the kernel holds the directory locked meanwhile). */
	bool known = fstatat(p->fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
	long r = dx_up_unlink(fs, req, p, name, dir);
	if (r < 0)
		return (void) fuse_reply_err(req, err_of(r));
	if (known)
		dx_table_unlinked(&fs->table, st.st_dev, st.st_ino, p, name);
	fuse_reply_err(req, 0);
}

static void dx_unlink(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	do_remove(req, parent, name, 0);
}

static void dx_rmdir(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	do_remove(req, parent, name, 1);
}

static void dx_rename(fuse_req_t req, fuse_ino_t parent, const char *name, fuse_ino_t newparent,
		      const char *newname, unsigned int flags)
{
	struct dx_fs *fs = fs_of(req);
	struct dx_inode *p = inode_of(req, parent);
	struct dx_inode *np = inode_of(req, newparent);
	struct stat src, dst;
	bool src_known = fstatat(p->fd, name, &src, AT_SYMLINK_NOFOLLOW) == 0;
	bool has_target = fstatat(np->fd, newname, &dst, AT_SYMLINK_NOFOLLOW) == 0;
	long r = dx_up_rename(fs, req, p, name, np, newname, flags);
	if (r < 0)
		return (void) fuse_reply_err(req, err_of(r));
	if (src_known)
		dx_table_renamed(&fs->table, src.st_dev, src.st_ino, has_target, dst.st_dev, dst.st_ino, p, name,
				 np, newname, (flags & RENAME_EXCHANGE) != 0);
	fuse_reply_err(req, 0);
}

/*
 * Open flags for the file underneath. O_APPEND goes: the kernel computes each append's offset
 * under its inode lock and sends it, so the handler writes (and replicates) at an absolute
 * offset. O_DIRECT goes: the application's direct I/O is kept by FUSE (direct_io), the real file
 * need not meet O_DIRECT's alignment rules for the filter's buffers.
 */
static int underlying_flags(int flags)
{
	return flags & ~(O_APPEND | O_DIRECT | O_NOFOLLOW | O_CREAT | O_EXCL | O_NOCTTY);
}

static void set_open_options(struct fuse_file_info *fi, int app_flags)
{
	if (app_flags & O_DIRECT)
		fi->direct_io = 1;
	/* Page cache is dropped at each open (keep_cache = 0): after a failover, the new primary
	   must not serve pages cached while its applier wrote underneath. */
	fi->keep_cache = 0;
}

static void dx_create(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode, struct fuse_file_info *fi)
{
	struct dx_fs *fs = fs_of(req);
	struct dx_inode *dir = inode_of(req, parent);
	int flags = (fi->flags & ~(O_APPEND | O_DIRECT | O_NOFOLLOW | O_NOCTTY)) | O_CREAT;
	long fd = dx_up_create(fs, req, dir, name, flags, mode);
	if (fd < 0)
		return (void) fuse_reply_err(req, err_of(fd));
	struct fuse_entry_param e;
	int err = dx_lookup_entry(fs, dir, name, &e);
	if (err) {
		close((int) fd);
		return (void) fuse_reply_err(req, err);
	}
	fi->fh = (uint64_t) fd;
	set_open_options(fi, fi->flags);
	if (fuse_reply_create(req, &e, fi) == -ENOENT) {
		/* Interrupted: the kernel will neither release nor forget. */
		close((int) fd);
		dx_table_forget(&fs->table, inode_of(req, e.ino), 1);
	}
}

static void dx_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct dx_fs *fs = fs_of(req);
	struct dx_inode *inode = inode_of(req, ino);
	/* As on a read-only mount: refuse at open, not only at the first write. */
	if (fs->read_only && ((fi->flags & O_ACCMODE) != O_RDONLY || (fi->flags & O_TRUNC)))
		return (void) fuse_reply_err(req, EROFS);
	char proc[64];
	proc_path(proc, sizeof(proc), inode->fd);
	int fd = open(proc, underlying_flags(fi->flags & ~O_TRUNC) | O_CLOEXEC);
	if (fd < 0)
		return (void) fuse_reply_err(req, errno);
	if (fi->flags & O_TRUNC) {
		long r = dx_up_truncate_on_open(fs, req, inode, fd);
		if (r < 0) {
			close(fd);
			return (void) fuse_reply_err(req, err_of(r));
		}
	}
	fi->fh = (uint64_t) fd;
	set_open_options(fi, fi->flags);
	if (fuse_reply_open(req, fi) == -ENOENT)
		close(fd);
}

static void dx_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void) ino;
	close((int) fi->fh);
	fuse_reply_err(req, 0);
}

static void dx_flush(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void) ino;
	/* As passthrough_ll.c: report errors close() of the real file would report (e.g. NFS). */
	int dupfd = dup((int) fi->fh);
	int r = dupfd < 0 ? -1 : close(dupfd);
	fuse_reply_err(req, r < 0 ? errno : 0);
}

static void dx_fsync(fuse_req_t req, fuse_ino_t ino, int datasync, struct fuse_file_info *fi)
{
	long r = dx_up_fsync(fs_of(req), req, inode_of(req, ino), (int) fi->fh, datasync, 0);
	fuse_reply_err(req, r < 0 ? err_of(r) : 0);
}

static void dx_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t offset, struct fuse_file_info *fi)
{
	(void) ino;
	struct fuse_bufvec buf = FUSE_BUFVEC_INIT(size);
	buf.buf[0].flags = FUSE_BUF_IS_FD | FUSE_BUF_FD_SEEK;
	buf.buf[0].fd = (int) fi->fh;
	buf.buf[0].pos = offset;
	fuse_reply_data(req, &buf, FUSE_BUF_SPLICE_MOVE);
}

static void dx_write_buf(fuse_req_t req, fuse_ino_t ino, struct fuse_bufvec *in, off_t off, struct fuse_file_info *fi)
{
	size_t size = fuse_buf_size(in);
	void *data;
	void *owned = NULL;
	if (in->count == 1 && in->idx == 0 && in->off == 0 && !(in->buf[0].flags & FUSE_BUF_IS_FD)) {
		data = in->buf[0].mem; /* the request's own memory: handed to Java without a copy */
	} else {
		/* Only with splice or a multi-part vector, which this filter does not enable. */
		owned = malloc(size ? size : 1);
		if (owned == NULL)
			return (void) fuse_reply_err(req, ENOMEM);
		struct fuse_bufvec dst = FUSE_BUFVEC_INIT(size);
		dst.buf[0].mem = owned;
		ssize_t n = fuse_buf_copy(&dst, in, 0);
		if (n < 0) {
			free(owned);
			return (void) fuse_reply_err(req, (int) -n);
		}
		size = (size_t) n;
		data = owned;
	}
	long r = dx_up_write(fs_of(req), req, inode_of(req, ino), (int) fi->fh, off, data, size);
	free(owned);
	if (r < 0)
		fuse_reply_err(req, err_of(r));
	else
		fuse_reply_write(req, (size_t) r);
}

static void dx_statfs(fuse_req_t req, fuse_ino_t ino)
{
	struct statvfs st;
	if (fstatvfs(inode_of(req, ino)->fd, &st) < 0)
		fuse_reply_err(req, errno);
	else
		fuse_reply_statfs(req, &st);
}

static void dx_fallocate(fuse_req_t req, fuse_ino_t ino, int mode, off_t offset, off_t length,
			 struct fuse_file_info *fi)
{
	long r = dx_up_fallocate(fs_of(req), req, inode_of(req, ino), (int) fi->fh, mode, offset, length);
	fuse_reply_err(req, r < 0 ? err_of(r) : 0);
}

static void dx_copy_file_range(fuse_req_t req, fuse_ino_t ino_in, off_t off_in, struct fuse_file_info *fi_in,
			       fuse_ino_t ino_out, off_t off_out, struct fuse_file_info *fi_out, size_t len,
			       int flags)
{
	long r = dx_up_copy_file_range(fs_of(req), req, inode_of(req, ino_in), (int) fi_in->fh, off_in,
				       inode_of(req, ino_out), (int) fi_out->fh, off_out, len, flags);
	if (r < 0)
		fuse_reply_err(req, err_of(r));
	else
		fuse_reply_write(req, (size_t) r);
}

static void dx_getxattr(fuse_req_t req, fuse_ino_t ino, const char *name, size_t size)
{
	char proc[64];
	proc_path(proc, sizeof(proc), inode_of(req, ino)->fd);
	if (size == 0) {
		ssize_t n = getxattr(proc, name, NULL, 0);
		if (n < 0)
			fuse_reply_err(req, errno);
		else
			fuse_reply_xattr(req, (size_t) n);
		return;
	}
	char *value = malloc(size);
	if (value == NULL)
		return (void) fuse_reply_err(req, ENOMEM);
	ssize_t n = getxattr(proc, name, value, size);
	if (n < 0)
		fuse_reply_err(req, errno);
	else
		fuse_reply_buf(req, value, (size_t) n);
	free(value);
}

static void dx_listxattr(fuse_req_t req, fuse_ino_t ino, size_t size)
{
	char proc[64];
	proc_path(proc, sizeof(proc), inode_of(req, ino)->fd);
	if (size == 0) {
		ssize_t n = listxattr(proc, NULL, 0);
		if (n < 0)
			fuse_reply_err(req, errno);
		else
			fuse_reply_xattr(req, (size_t) n);
		return;
	}
	char *value = malloc(size);
	if (value == NULL)
		return (void) fuse_reply_err(req, ENOMEM);
	ssize_t n = listxattr(proc, value, size);
	if (n < 0)
		fuse_reply_err(req, errno);
	else
		fuse_reply_buf(req, value, (size_t) n);
	free(value);
}

static void dx_setxattr(fuse_req_t req, fuse_ino_t ino, const char *name, const char *value, size_t size, int flags)
{
	long r = dx_up_setxattr(fs_of(req), req, inode_of(req, ino), name, value, size, flags);
	fuse_reply_err(req, r < 0 ? err_of(r) : 0);
}

static void dx_removexattr(fuse_req_t req, fuse_ino_t ino, const char *name)
{
	long r = dx_up_removexattr(fs_of(req), req, inode_of(req, ino), name);
	fuse_reply_err(req, r < 0 ? err_of(r) : 0);
}

static void dx_lseek(fuse_req_t req, fuse_ino_t ino, off_t off, int whence, struct fuse_file_info *fi)
{
	(void) ino;
	off_t r = lseek((int) fi->fh, off, whence);
	if (r < 0)
		fuse_reply_err(req, errno);
	else
		fuse_reply_lseek(req, r);
}

const struct fuse_lowlevel_ops dx_filter_ops = {
	.init = dx_init,
	.lookup = dx_lookup,
	.forget = dx_forget,
	.forget_multi = dx_forget_multi,
	.getattr = dx_getattr,
	.setattr = dx_setattr,
	.readlink = dx_readlink,
	.mknod = dx_mknod,
	.mkdir = dx_mkdir,
	.symlink = dx_symlink,
	.link = dx_link,
	.unlink = dx_unlink,
	.rmdir = dx_rmdir,
	.rename = dx_rename,
	.opendir = dx_opendir,
	.readdir = dx_readdir,
	.readdirplus = dx_readdirplus,
	.releasedir = dx_releasedir,
	.fsyncdir = dx_fsyncdir,
	.create = dx_create,
	.open = dx_open,
	.release = dx_release,
	.flush = dx_flush,
	.fsync = dx_fsync,
	.read = dx_read,
	.write_buf = dx_write_buf,
	.statfs = dx_statfs,
	.fallocate = dx_fallocate,
	.copy_file_range = dx_copy_file_range,
	.getxattr = dx_getxattr,
	.listxattr = dx_listxattr,
	.setxattr = dx_setxattr,
	.removexattr = dx_removexattr,
	.lseek = dx_lseek,
};
