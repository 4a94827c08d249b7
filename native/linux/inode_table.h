/*
 * The filter's inode table: one entry per file the kernel knows (its FUSE node id is the
 * entry's address), keyed by (st_dev, st_ino) of the real file, holding an O_PATH fd on it, the
 * kernel's lookup count, and the (parent, name) links the filter has seen, from which the
 * relative path handed to Java is built. Same correctness model as libfuse's passthrough_ll.c
 * and passthrough_hp.cc, plus names.
 *
 * Lifetime: an entry lives while the kernel holds lookups on it (nlookup > 0) or another
 * entry's link names it as parent (child_links > 0), so a path can always be walked to the root.
 *
 * Locking: one mutex per table guards every field of every entry except `fd`, `dev`, `ino`,
 * which never change after creation. It is never held across a syscall that can block on the
 * file system nor across a JNI upcall.
 */
#ifndef DX_INODE_TABLE_H
#define DX_INODE_TABLE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

struct dx_inode;

/* One name of a file: `name` inside directory `parent`. */
struct dx_link {
	struct dx_link *next;
	struct dx_inode *parent;
	char name[];
};

struct dx_inode {
	struct dx_inode *hash_next;
	int fd;               /* O_PATH, owned */
	dev_t dev;
	ino_t ino;
	uint64_t nlookup;     /* kernel lookup count (FORGET decreases it) */
	uint64_t child_links; /* links of other entries naming this one as parent */
	struct dx_link *links;
	bool is_root;
	bool queued;                 /* on release_locked's worklist */
	struct dx_inode *free_next;  /* release_locked's worklist */
};

struct dx_table {
	pthread_mutex_t lock;
	struct dx_inode **buckets;
	size_t nbuckets;
	size_t count;
	struct dx_inode root;
};

/* Sets up the table with the replicated directory's fd (kept, closed by dx_table_destroy). 0 or -errno. */
int dx_table_init(struct dx_table *t, int root_fd, const struct stat *root_st);

/* Frees every entry and closes every fd, the root's included. The file system must be unmounted. */
void dx_table_destroy(struct dx_table *t);

/*
 * Registers one kernel lookup of the file `st` describes, reached as `name` in `parent`
 * (name may be NULL when unknown). `fd` is a fresh O_PATH fd on it: the table keeps it for a new
 * entry, or closes it if the entry exists. Returns the entry, or NULL (ENOMEM) with fd closed.
 */
struct dx_inode *dx_table_lookup(struct dx_table *t, const struct stat *st, int fd,
				 struct dx_inode *parent, const char *name);

/* The kernel added one lookup to an existing entry (link): also records name in parent. 0 or -ENOMEM. */
int dx_table_add_link(struct dx_table *t, struct dx_inode *inode, struct dx_inode *parent, const char *name);

/* The kernel dropped n lookups (FORGET). Frees the entry when nothing references it. */
void dx_table_forget(struct dx_table *t, struct dx_inode *inode, uint64_t n);

/* The entry known by (dev, ino), or NULL; the caller holds no reference (use under the lock only). */
struct dx_inode *dx_table_find_locked(struct dx_table *t, dev_t dev, ino_t ino);

/* After a successful unlink/rmdir of `name` in `parent`: forgets that link of the file (dev, ino). */
void dx_table_unlinked(struct dx_table *t, dev_t dev, ino_t ino, struct dx_inode *parent, const char *name);

/*
 * After a successful rename: the file (sdev, sino) moved from (parent, name) to
 * (newparent, newname); the file (tdev, tino), if has_target, was at (newparent, newname) and is
 * now gone (exchange = false) or at (parent, name) (exchange = true).
 */
void dx_table_renamed(struct dx_table *t, dev_t sdev, ino_t sino, bool has_target, dev_t tdev, ino_t tino,
		      struct dx_inode *parent, const char *name, struct dx_inode *newparent,
		      const char *newname, bool exchange);

/*
 * The path of `inode` relative to the root, malloc'd, NUL-terminated, length in *len; "" for the
 * root. NULL with *len = 0 when the file has no known name (unlinked) or memory is short
 * (*oom = true then).
 */
char *dx_table_path(struct dx_table *t, struct dx_inode *inode, size_t *len, bool *oom);

#endif
