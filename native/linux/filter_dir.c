/*
 * The filter's directory operations: opendir, readdir, readdirplus (which registers each entry
 * like a lookup), releasedir, and fsyncdir (an upcall). Split from filter_ops.c, same rules:
 * one reply per request, reads answered in C.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "filter.h"

struct dx_dir {
	DIR *dp;
	struct dirent *entry;
	off_t offset;
};

static struct dx_dir *dir_of(struct fuse_file_info *fi)
{
	return (struct dx_dir *) (uintptr_t) fi->fh;
}

void dx_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct dx_dir *d = calloc(1, sizeof(*d));
	if (d == NULL)
		return (void) fuse_reply_err(req, ENOMEM);
	int fd = openat(inode_of(req, ino)->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		int err = errno;
		free(d);
		return (void) fuse_reply_err(req, err);
	}
	d->dp = fdopendir(fd);
	if (d->dp == NULL) {
		int err = errno;
		close(fd);
		free(d);
		return (void) fuse_reply_err(req, err);
	}
	fi->fh = (uintptr_t) d;
	if (fuse_reply_open(req, fi) == -ENOENT) {
		/* The request was interrupted: no release will come. */
		closedir(d->dp);
		free(d);
	}
}

static bool is_dot_or_dotdot(const char *name)
{
	return name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
}

static void do_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t offset, struct fuse_file_info *fi,
		       bool plus)
{
	struct dx_fs *fs = fs_of(req);
	struct dx_dir *d = dir_of(fi);
	struct dx_inode *dir = inode_of(req, ino);
	char *buf = calloc(1, size);
	if (buf == NULL)
		return (void) fuse_reply_err(req, ENOMEM);
	char *p = buf;
	size_t rem = size;
	int err = 0;
	if (offset != d->offset) {
		seekdir(d->dp, offset);
		d->entry = NULL;
		d->offset = offset;
	}
	for (;;) {
		if (d->entry == NULL) {
			errno = 0;
			d->entry = readdir(d->dp);
			if (d->entry == NULL) {
				err = errno;
				break;
			}
		}
		off_t next = d->entry->d_off;
		const char *name = d->entry->d_name;
		size_t entsize;
		struct dx_inode *added = NULL;
		if (plus) {
			struct fuse_entry_param e;
			if (is_dot_or_dotdot(name)) {
				memset(&e, 0, sizeof(e));
				e.attr.st_ino = d->entry->d_ino;
				e.attr.st_mode = (mode_t) d->entry->d_type << 12;
			} else {
				err = dx_lookup_entry(fs, dir, name, &e);
				if (err)
					break;
				added = inode_of(req, e.ino);
			}
			entsize = fuse_add_direntry_plus(req, p, rem, name, &e, next);
		} else {
			struct stat st = { .st_ino = d->entry->d_ino, .st_mode = (mode_t) d->entry->d_type << 12 };
			entsize = fuse_add_direntry(req, p, rem, name, &st, next);
		}
		if (entsize > rem) {
			if (added != NULL)
				dx_table_forget(&fs->table, added, 1);
			break;
		}
		p += entsize;
		rem -= entsize;
		d->entry = NULL;
		d->offset = next;
	}
	/* An error after entries were stored cannot be reported without breaking lookup counts:
	   return what was collected (as passthrough_ll.c does). */
	if (err && rem == size)
		fuse_reply_err(req, err);
	else
		fuse_reply_buf(req, buf, size - rem);
	free(buf);
}

void dx_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t offset, struct fuse_file_info *fi)
{
	do_readdir(req, ino, size, offset, fi, false);
}

void dx_readdirplus(fuse_req_t req, fuse_ino_t ino, size_t size, off_t offset, struct fuse_file_info *fi)
{
	do_readdir(req, ino, size, offset, fi, true);
}

void dx_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void) ino;
	struct dx_dir *d = dir_of(fi);
	closedir(d->dp);
	free(d);
	fuse_reply_err(req, 0);
}

void dx_fsyncdir(fuse_req_t req, fuse_ino_t ino, int datasync, struct fuse_file_info *fi)
{
	long r = dx_up_fsync(fs_of(req), req, inode_of(req, ino), dirfd(dir_of(fi)->dp), datasync, 1);
	fuse_reply_err(req, r < 0 ? err_of(r) : 0);
}

