/* SPDX-License-Identifier: MIT */
/*
 * test_diffcorpus.c — wikid's table diff against MediaWiki's, byte for
 * byte, on the corpus of revision pairs in tests/diff/: each case
 * directory holds old.txt, new.txt and expected.html (the diff body the
 * oracle rendered for the pair; scripts/diff-corpus.py captures it), any
 * of them gzipped as NAME.gz. Small edits, rewrites, moved paragraphs,
 * Unicode, whitespace, escaping and pages of a mebibyte.
 */
#include "../harness.h"

#include <dirent.h>
#include <stdlib.h>
#include <zlib.h>

#include "../../src/diff/diff.h"

/* Largest file of the corpus (expected outputs of the rewrites run to a few MiB). */
#define MAX_FILE (64u << 20)

/* tests/diff/<name>/<file>, plain or .gz, into a malloc'd buffer; NULL when missing. */
static char *slurp(const char *dir, const char *file, size_t *len)
{
	char path[512];
	snprintf(path, sizeof(path), "tests/diff/%s/%s.gz", dir, file);
	gzFile f = gzopen(path, "rb");
	if (!f) {
		snprintf(path, sizeof(path), "tests/diff/%s/%s", dir, file);
		f = gzopen(path, "rb");
	}
	if (!f)
		return NULL;
	struct sbuf sb;
	sbuf_init(&sb, MAX_FILE);
	char buf[65536];
	int n;
	while ((n = gzread(f, buf, sizeof(buf))) > 0)
		sbuf_add(&sb, buf, (size_t)n);
	gzclose(f);
	return sbuf_detach(&sb, len);
}

/* MediaWiki's English label, with the number's digits grouped. */
static void lineno(struct sbuf *out, size_t line, void *ud)
{
	(void)ud;
	char digits[32];
	int n = snprintf(digits, sizeof(digits), "%zu", line);
	sbuf_adds(out, "Line ");
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			sbuf_addc(out, ',');
		sbuf_addc(out, digits[i]);
	}
	sbuf_addc(out, ':');
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_case(const char *name)
{
	size_t old_len, new_len, want_len;
	char *old = slurp(name, "old.txt", &old_len);
	char *new = slurp(name, "new.txt", &new_len);
	char *want = slurp(name, "expected.html", &want_len);
	char label[300];
	snprintf(label, sizeof(label), "%s: all three files are there", name);
	if (!OK(old && new && want, label)) {
		xfree(old);
		xfree(new);
		xfree(want);
		return;
	}
	struct arena *a = arena_new();
	struct sbuf out;
	sbuf_init(&out, MAX_FILE);
	int rc = diff_table(a, old, old_len, new, new_len, lineno, NULL, &out);
	snprintf(label, sizeof(label), "%s: the diff is MediaWiki's (%zu bytes)", name, want_len);
	bool same = rc == RC_OK && out.len == want_len && memcmp(sbuf_cstr(&out), want, want_len) == 0;
	OK(same, label);
	if (!same) {
		size_t i = 0;
		while (i < out.len && i < want_len && out.p[i] == want[i])
			i++;
		size_t from = i > 80 ? i - 80 : 0;
		printf("#   first difference at byte %zu of %zu (expected %zu)\n", i, out.len, want_len);
		harness_show_bytes("got", sbuf_cstr(&out) + from, (out.len > from ? out.len - from : 0) > 240 ? 240
										: out.len - from);
		harness_show_bytes("want", want + from, (want_len > from ? want_len - from : 0) > 240 ? 240
										  : want_len - from);
	}
	sbuf_release(&out);
	arena_free(a);
	xfree(old);
	xfree(new);
	xfree(want);
}

int main(void)
{
	DIR *d = opendir("tests/diff");
	if (!OK(d != NULL, "the corpus is there (run from the repository root)"))
		return harness_done();
	char *names[256];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 256)
		if (e->d_name[0] != '.')
			names[n++] = xstrdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_names);
	OK(n >= 20, "the corpus has its cases");
	for (size_t i = 0; i < n; i++) {
		run_case(names[i]);
		xfree(names[i]);
	}
	return harness_done();
}
