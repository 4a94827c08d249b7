/*
 * Unit test of the inode table (inode_table.c), built with AddressSanitizer and
 * UndefinedBehaviorSanitizer by `make check`: paths through renames, hard links and unlinks,
 * lifetime through forgets (parents outliving their lookups while children need them), growth,
 * and no leak at the end. Fake (dev, ino) pairs; the fds are /dev/null.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../inode_table.h"

static int failures;

#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); failures++; } } while (0)

static struct stat fake(ino_t ino)
{
	struct stat st;
	memset(&st, 0, sizeof(st));
	st.st_dev = 7;
	st.st_ino = ino;
	return st;
}

static int null_fd(void)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		perror("open /dev/null");
		exit(2);
	}
	return fd;
}

static struct dx_inode *look(struct dx_table *t, ino_t ino, struct dx_inode *parent, const char *name)
{
	struct stat st = fake(ino);
	struct dx_inode *i = dx_table_lookup(t, &st, null_fd(), parent, name);
	CHECK(i != NULL);
	return i;
}

/* 1 if inode's path equals want (NULL = no path). */
static int path_is(struct dx_table *t, struct dx_inode *inode, const char *want)
{
	size_t len;
	bool oom;
	char *p = dx_table_path(t, inode, &len, &oom);
	int ok = want == NULL ? p == NULL && !oom : p != NULL && strcmp(p, want) == 0 && len == strlen(want);
	if (!ok)
		fprintf(stderr, "path is '%s', want '%s'\n", p ? p : "(null)", want ? want : "(null)");
	free(p);
	return ok;
}

int main(void)
{
	struct dx_table t;
	struct stat root_st = fake(1);
	CHECK(dx_table_init(&t, null_fd(), &root_st) == 0);
	struct dx_inode *root = &t.root;
	CHECK(path_is(&t, root, ""));

	struct dx_inode *a = look(&t, 10, root, "a");
	struct dx_inode *b = look(&t, 11, a, "b");
	struct dx_inode *c = look(&t, 12, b, "c");
	CHECK(path_is(&t, c, "a/b/c"));
	CHECK(look(&t, 12, b, "c") == c); /* second lookup: same entry, same single link */
	CHECK(c->nlookup == 2);

	/* Rename a directory: the child's path follows. */
	dx_table_renamed(&t, 7, 11, false, 0, 0, a, "b", root, "z", false);
	CHECK(path_is(&t, c, "z/c"));

	/* Hard link: the first known name wins until it is unlinked. */
	CHECK(dx_table_add_link(&t, c, root, "hard") == 0);
	CHECK(path_is(&t, c, "z/c"));
	dx_table_unlinked(&t, 7, 12, b, "c");
	CHECK(path_is(&t, c, "hard"));
	dx_table_unlinked(&t, 7, 12, root, "hard");
	CHECK(path_is(&t, c, NULL)); /* unlinked but still looked up */

	/* Rename over an existing target: the target loses its name. */
	struct dx_inode *x = look(&t, 20, root, "x");
	struct dx_inode *y = look(&t, 21, root, "y");
	dx_table_renamed(&t, 7, 20, true, 7, 21, root, "x", root, "y", false);
	CHECK(path_is(&t, x, "y"));
	CHECK(path_is(&t, y, NULL));
	/* Exchange swaps names. */
	struct dx_inode *w = look(&t, 22, root, "w");
	dx_table_renamed(&t, 7, 20, true, 7, 22, root, "y", root, "w", true);
	CHECK(path_is(&t, x, "w"));
	CHECK(path_is(&t, w, "y"));

	/* Lifetime: forgetting a parent keeps it while a child names it. */
	size_t before = t.count;
	dx_table_forget(&t, b, 1); /* b ("z") has child c? no: c was unlinked from b, so b goes */
	CHECK(t.count == before - 1);
	struct dx_inode *p = look(&t, 30, root, "p");
	struct dx_inode *q = look(&t, 31, p, "q");
	dx_table_forget(&t, p, 1);
	CHECK(dx_table_find_locked(&t, 7, 30) == p); /* kept: q's link names it */
	CHECK(path_is(&t, q, "p/q"));
	dx_table_forget(&t, q, 1);
	CHECK(dx_table_find_locked(&t, 7, 30) == NULL); /* both gone */
	CHECK(dx_table_find_locked(&t, 7, 31) == NULL);

	/* Growth: many entries stay findable. */
	for (ino_t i = 1000; i < 6000; i++) {
		char name[32];
		snprintf(name, sizeof(name), "n%lu", (unsigned long) i);
		look(&t, i, a, name);
	}
	CHECK(t.nbuckets >= 4096);
	for (ino_t i = 1000; i < 6000; i++) {
		struct dx_inode *e = dx_table_find_locked(&t, 7, i);
		CHECK(e != NULL);
		if (e != NULL)
			dx_table_forget(&t, e, 1);
	}
	CHECK(dx_table_find_locked(&t, 7, 5999) == NULL);

	/* Forget everything else; the table must then be empty. */
	dx_table_forget(&t, c, 3); /* two lookups and the link reply */
	dx_table_forget(&t, x, 1);
	dx_table_forget(&t, y, 1);
	dx_table_forget(&t, w, 1);
	dx_table_forget(&t, a, 1);
	CHECK(t.count == 0);
	for (size_t bk = 0; bk < t.nbuckets; bk++)
		for (struct dx_inode *e = t.buckets[bk]; e != NULL; e = e->hash_next)
			fprintf(stderr, "left: ino %lu nlookup %lu child_links %lu links %s\n", (unsigned long) e->ino,
				(unsigned long) e->nlookup, (unsigned long) e->child_links, e->links ? e->links->name : "-");
	dx_table_destroy(&t);

	if (failures) {
		fprintf(stderr, "inode_table_test: %d check(s) failed\n", failures);
		return 1;
	}
	printf("inode_table_test: all checks passed\n");
	return 0;
}
