#define _GNU_SOURCE
#include "inode_table.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Deeper than any real tree; a longer parent chain means the table is corrupt (a cycle). */
#define MAX_DEPTH 4096

static size_t bucket_of(const struct dx_table *t, dev_t dev, ino_t ino)
{
	uint64_t h = (uint64_t) ino * 0x9E3779B97F4A7C15ull ^ (uint64_t) dev * 0xC2B2AE3D27D4EB4Full;
	return (size_t) (h >> 20) & (t->nbuckets - 1);
}

int dx_table_init(struct dx_table *t, int root_fd, const struct stat *root_st)
{
	memset(t, 0, sizeof(*t));
	t->nbuckets = 1024;
	t->buckets = calloc(t->nbuckets, sizeof(t->buckets[0]));
	if (t->buckets == NULL)
		return -ENOMEM;
	int err = pthread_mutex_init(&t->lock, NULL);
	if (err) {
		free(t->buckets);
		return -err;
	}
	t->root.fd = root_fd;
	t->root.dev = root_st->st_dev;
	t->root.ino = root_st->st_ino;
	t->root.nlookup = 2; /* never freed: the kernel's root reference plus the table's */
	t->root.is_root = true;
	return 0;
}

static void free_links(struct dx_inode *inode)
{
	struct dx_link *l = inode->links;
	while (l != NULL) {
		struct dx_link *next = l->next;
		free(l);
		l = next;
	}
	inode->links = NULL;
}

void dx_table_destroy(struct dx_table *t)
{
	for (size_t b = 0; b < t->nbuckets; b++) {
		struct dx_inode *i = t->buckets[b];
		while (i != NULL) {
			struct dx_inode *next = i->hash_next;
			free_links(i);
			close(i->fd);
			free(i);
			i = next;
		}
	}
	free(t->buckets);
	t->buckets = NULL;
	close(t->root.fd);
	t->root.fd = -1;
	pthread_mutex_destroy(&t->lock);
}

struct dx_inode *dx_table_find_locked(struct dx_table *t, dev_t dev, ino_t ino)
{
	if (t->root.dev == dev && t->root.ino == ino)
		return &t->root;
	for (struct dx_inode *i = t->buckets[bucket_of(t, dev, ino)]; i != NULL; i = i->hash_next)
		if (i->dev == dev && i->ino == ino)
			return i;
	return NULL;
}

/* Doubles the bucket array when the table is full; keeps the old one if memory is short. */
static void grow_locked(struct dx_table *t)
{
	if (t->count < t->nbuckets)
		return;
	size_t old_n = t->nbuckets;
	struct dx_inode **old = t->buckets;
	struct dx_inode **fresh = calloc(old_n * 2, sizeof(fresh[0]));
	if (fresh == NULL)
		return;
	t->buckets = fresh;
	t->nbuckets = old_n * 2;
	for (size_t b = 0; b < old_n; b++) {
		struct dx_inode *i = old[b];
		while (i != NULL) {
			struct dx_inode *next = i->hash_next;
			size_t nb = bucket_of(t, i->dev, i->ino);
			i->hash_next = fresh[nb];
			fresh[nb] = i;
			i = next;
		}
	}
	free(old);
}

static bool has_link_locked(struct dx_inode *inode, struct dx_inode *parent, const char *name)
{
	for (struct dx_link *l = inode->links; l != NULL; l = l->next)
		if (l->parent == parent && strcmp(l->name, name) == 0)
			return true;
	return false;
}

/* Appends (parent, name) to inode's links unless present. 0 or -ENOMEM. */
static int add_link_locked(struct dx_inode *inode, struct dx_inode *parent, const char *name)
{
	if (parent == NULL || name == NULL || inode->is_root || has_link_locked(inode, parent, name))
		return 0;
	size_t n = strlen(name);
	struct dx_link *l = malloc(sizeof(*l) + n + 1);
	if (l == NULL)
		return -ENOMEM;
	memcpy(l->name, name, n + 1);
	l->parent = parent;
	l->next = NULL;
	/* Appended: the first link stays the oldest known name, so paths are stable. */
	struct dx_link **tail = &inode->links;
	while (*tail != NULL)
		tail = &(*tail)->next;
	*tail = l;
	parent->child_links++;
	return 0;
}

static void unhash_locked(struct dx_table *t, struct dx_inode *inode)
{
	struct dx_inode **p = &t->buckets[bucket_of(t, inode->dev, inode->ino)];
	while (*p != NULL && *p != inode)
		p = &(*p)->hash_next;
	if (*p == inode) {
		*p = inode->hash_next;
		t->count--;
	}
}

static bool unreferenced(const struct dx_inode *i)
{
	return !i->is_root && i->nlookup == 0 && i->child_links == 0;
}

/*
 * Frees `inode` if nothing references it, then every parent that becomes unreferenced, with a
 * worklist rather than recursion so a deep chain cannot overflow the stack.
 */
static void release_locked(struct dx_table *t, struct dx_inode *inode)
{
	if (inode == NULL || !unreferenced(inode) || inode->queued)
		return;
	inode->queued = true;
	inode->free_next = NULL;
	struct dx_inode *work = inode;
	while (work != NULL) {
		struct dx_inode *i = work;
		work = i->free_next;
		struct dx_link *l = i->links;
		while (l != NULL) {
			struct dx_link *next = l->next;
			struct dx_inode *p = l->parent;
			p->child_links--;
			if (unreferenced(p) && !p->queued) {
				p->queued = true;
				p->free_next = work;
				work = p;
			}
			free(l);
			l = next;
		}
		unhash_locked(t, i);
		close(i->fd);
		free(i);
	}
}

struct dx_inode *dx_table_lookup(struct dx_table *t, const struct stat *st, int fd,
				 struct dx_inode *parent, const char *name)
{
	pthread_mutex_lock(&t->lock);
	struct dx_inode *inode = dx_table_find_locked(t, st->st_dev, st->st_ino);
	if (inode != NULL) {
		inode->nlookup++;
		/* A missing name only costs path knowledge, never correctness: ignore ENOMEM here. */
		(void) add_link_locked(inode, parent, name);
		pthread_mutex_unlock(&t->lock);
		close(fd);
		return inode;
	}
	inode = calloc(1, sizeof(*inode));
	if (inode == NULL) {
		pthread_mutex_unlock(&t->lock);
		close(fd);
		return NULL;
	}
	inode->fd = fd;
	inode->dev = st->st_dev;
	inode->ino = st->st_ino;
	inode->nlookup = 1;
	(void) add_link_locked(inode, parent, name);
	grow_locked(t);
	size_t b = bucket_of(t, inode->dev, inode->ino);
	inode->hash_next = t->buckets[b];
	t->buckets[b] = inode;
	t->count++;
	pthread_mutex_unlock(&t->lock);
	return inode;
}

int dx_table_add_link(struct dx_table *t, struct dx_inode *inode, struct dx_inode *parent, const char *name)
{
	pthread_mutex_lock(&t->lock);
	inode->nlookup++;
	int r = add_link_locked(inode, parent, name);
	pthread_mutex_unlock(&t->lock);
	return r;
}

void dx_table_forget(struct dx_table *t, struct dx_inode *inode, uint64_t n)
{
	if (inode == NULL || inode->is_root)
		return;
	pthread_mutex_lock(&t->lock);
	inode->nlookup = inode->nlookup >= n ? inode->nlookup - n : 0;
	release_locked(t, inode);
	pthread_mutex_unlock(&t->lock);
}

/* Removes link (parent, name) from inode; returns true if it was there. */
static bool remove_link_locked(struct dx_inode *inode, struct dx_inode *parent, const char *name)
{
	for (struct dx_link **p = &inode->links; *p != NULL; p = &(*p)->next) {
		struct dx_link *l = *p;
		if (l->parent == parent && strcmp(l->name, name) == 0) {
			*p = l->next;
			parent->child_links--;
			free(l);
			return true;
		}
	}
	return false;
}

void dx_table_unlinked(struct dx_table *t, dev_t dev, ino_t ino, struct dx_inode *parent, const char *name)
{
	pthread_mutex_lock(&t->lock);
	struct dx_inode *inode = dx_table_find_locked(t, dev, ino);
	/* The kernel pins `parent` during the operation, so only the file can become unreferenced. */
	if (inode != NULL && remove_link_locked(inode, parent, name))
		release_locked(t, inode);
	pthread_mutex_unlock(&t->lock);
}

void dx_table_renamed(struct dx_table *t, dev_t sdev, ino_t sino, bool has_target, dev_t tdev, ino_t tino,
		      struct dx_inode *parent, const char *name, struct dx_inode *newparent,
		      const char *newname, bool exchange)
{
	pthread_mutex_lock(&t->lock);
	struct dx_inode *source = dx_table_find_locked(t, sdev, sino);
	struct dx_inode *target = has_target ? dx_table_find_locked(t, tdev, tino) : NULL;
	/* Add the new links before removing the old ones so no parent is freed in between. */
	if (source != NULL && source == target) {
		/* Two names of one file: rename(2) does nothing. */
		pthread_mutex_unlock(&t->lock);
		return;
	}
	if (source != NULL) {
		(void) add_link_locked(source, newparent, newname);
		(void) remove_link_locked(source, parent, name);
	}
	if (target != NULL) {
		if (exchange)
			(void) add_link_locked(target, parent, name);
		(void) remove_link_locked(target, newparent, newname);
	}
	if (source != NULL)
		release_locked(t, source);
	if (target != NULL)
		release_locked(t, target);
	/* The parents are pinned by the kernel during the rename: nothing to release there. */
	pthread_mutex_unlock(&t->lock);
}

char *dx_table_path(struct dx_table *t, struct dx_inode *inode, size_t *len, bool *oom)
{
	*len = 0;
	*oom = false;
	pthread_mutex_lock(&t->lock);
	size_t total = 0;
	int depth = 0;
	struct dx_inode *i = inode;
	while (!i->is_root) {
		if (i->links == NULL || ++depth > MAX_DEPTH) {
			pthread_mutex_unlock(&t->lock);
			return NULL;
		}
		total += strlen(i->links->name) + 1;
		i = i->links->parent;
	}
	char *path = malloc(total + 1);
	if (path == NULL) {
		pthread_mutex_unlock(&t->lock);
		*oom = true;
		return NULL;
	}
	/* Components are written from the end backwards: "a/b/c" with the separator before each but the first. */
	size_t end = total > 0 ? total - 1 : 0;
	path[end] = '\0';
	for (i = inode; !i->is_root; i = i->links->parent) {
		size_t n = strlen(i->links->name);
		end -= n;
		memcpy(path + end, i->links->name, n);
		if (end > 0)
			path[--end] = '/';
	}
	pthread_mutex_unlock(&t->lock);
	*len = total > 0 ? total - 1 : 0;
	return path;
}
