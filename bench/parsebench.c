/* SPDX-License-Identifier: MIT */
/*
 * parsebench.c — the parser's own throughput, single core, in process:
 * ./parsebench [--seconds S] [--passes N] [--dump DIR] [DIR]
 *
 * Loads a page corpus (default tests/pages/corpus: a file's name is its
 * title with "__" for ":" and "_" for " ", as tests/pages/pagediff.py
 * reads it), then renders every article that is not a template through
 * wt_parse() with the wiki's own site configuration (wiki_wt_site(),
 * configured like pagediff's wikid) and an in-memory host: every corpus
 * page exists, templates are fetched from the corpus, interface messages
 * are the wiki's defaults. Whole passes over the articles run until S
 * seconds (default 3) have gone by, or exactly N passes with --passes.
 * Each parse gets a fresh arena, as a request does, and malloc keeps
 * freed memory as in wikid (util_malloc_keep()).
 *
 * Prints "parsebench: corpus of N articles, B bytes of wikitext" and
 * "parse-inproc MB/s PASSES CPU-SECONDS" (wikitext bytes per second of
 * this thread's CPU time; bench/run shows it as a row of `make bench`).
 * --dump DIR writes each article's HTML to DIR/<file>.html after one
 * pass, for checking that an optimization changes no output.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "parser/wt.h"
#include "util/arena.h"
#include "util/config.h"
#include "wiki/wiki.h"

/* Largest corpus file read, in bytes. */
#define MAX_PAGE (4u << 20)

/* A fixed time of the parse, so that dumps compare (2026-01-01T00:00:00Z). */
#define BENCH_NOW 1767225600

/* One corpus page. */
struct page {
	char *file;      /* file name without ".wiki" */
	char *title;     /* prefixed title with spaces */
	char *pdbk;      /* prefixed dbkey (what the host matches) */
	char *text;      /* wikitext */
	size_t len;      /* bytes of text */
	int64_t id;      /* page id (1-based index) */
	bool is_redirect; /* the text is a redirect */
};

/* The host's state: the corpus. */
struct corpus {
	struct page *p;  /* pages */
	size_t n;        /* count */
};

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = xmalloc(MAX_PAGE + 1);
	size_t n = fread(buf, 1, MAX_PAGE, f);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int cmp_page(const void *x, const void *y)
{
	return strcmp(((const struct page *)x)->pdbk, ((const struct page *)y)->pdbk);
}

/* Title of corpus file `base` (no extension): "__" is ':', '_' is ' '. */
static char *file_title(const char *base, bool dbkey)
{
	size_t n = strlen(base);
	char *t = xmalloc(n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (base[i] == '_' && base[i + 1] == '_') {
			t[o++] = ':';
			i++;
		} else {
			t[o++] = base[i] == '_' && !dbkey ? ' ' : base[i];
		}
	}
	t[o] = '\0';
	return t;
}

static bool load(const char *dir, struct corpus *c)
{
	DIR *d = opendir(dir);
	if (!d)
		return false;
	size_t cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t nl = strlen(e->d_name);
		if (nl <= 5 || strcmp(e->d_name + nl - 5, ".wiki") != 0)
			continue;
		if (c->n == cap) {
			cap = cap ? 2 * cap : 32;
			c->p = xrealloc(c->p, cap * sizeof(*c->p));
		}
		struct page *p = &c->p[c->n];
		memset(p, 0, sizeof(*p));
		p->file = xstrndup(e->d_name, nl - 5);
		p->title = file_title(p->file, false);
		p->pdbk = file_title(p->file, true);
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		p->text = read_all(path, &p->len);
		if (!p->text) {
			fprintf(stderr, "parsebench: %s: %s\n", path, strerror(errno));
			closedir(d);
			return false;
		}
		p->is_redirect = strncasecmp(p->text, "#REDIRECT", 9) == 0;
		c->n++;
	}
	closedir(d);
	qsort(c->p, c->n, sizeof(*c->p), cmp_page);
	for (size_t i = 0; i < c->n; i++)
		c->p[i].id = (int64_t)i + 1;
	return true;
}

static const struct page *find(const struct corpus *c, struct arena *a, const struct wt_title *t)
{
	struct page key = { 0 };
	key.pdbk = (char *)wt_title_prefixed(a, wiki_wt_site(), t, true);
	return bsearch(&key, c->p, c->n, sizeof(*c->p), cmp_page);
}

static void host_page_info(void *data, struct arena *a, struct wt_page_info *pages, size_t n)
{
	const struct corpus *c = data;
	for (size_t i = 0; i < n; i++) {
		const struct page *p = find(c, a, pages[i].title);
		if (!p)
			continue;
		pages[i].exists = true;
		pages[i].is_redirect = p->is_redirect;
		pages[i].page_id = p->id;
		pages[i].latest = p->id;
		pages[i].length = (int64_t)p->len;
		pages[i].content_model = "wikitext";
	}
}

static int host_fetch(void *data, struct arena *a, const struct wt_title *title, struct wt_fetched *out)
{
	const struct corpus *c = data;
	memset(out, 0, sizeof(*out));
	struct wt_title *dep = arena_alloc(a, sizeof(*dep));
	*dep = *title;
	out->title = *title;
	out->deps = dep;
	out->n_deps = 1;
	const struct page *p = find(c, a, title);
	if (p) {
		out->text = p->text;
		out->len = p->len;
		out->page_id = p->id;
		out->rev_id = p->id;
	}
	return 0;
}

static const char *host_message(void *data, struct arena *a, const char *key, const char *lang)
{
	(void)data;
	(void)a;
	(void)lang;
	return wiki_message_default(key);
}

/* CPU time of this thread in seconds. */
static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Render article `p` once; with `dump` write the HTML there. false on a parser error. */
static bool render(const struct corpus *c, const struct page *p, const char *dump)
{
	struct wt_host host = { 0 };
	host.data = (void *)c;
	host.page_info = host_page_info;
	host.fetch = host_fetch;
	host.message = host_message;
	struct wt_options opt = { 0 };
	opt.title = p->title;
	opt.page_id = p->id;
	opt.rev_id = p->id;
	opt.rev_size = -1;
	opt.now = BENCH_NOW;
	opt.no_limit_report = true;
	struct arena *a = arena_new();
	struct wt_output out;
	int rc = wt_parse(a, wiki_wt_site(), &host, &opt, p->text, p->len, &out);
	if (rc == RC_OK && dump) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s.html", dump, p->file);
		FILE *f = fopen(path, "wb");
		if (f) {
			fwrite(out.html, 1, out.html_len, f);
			fclose(f);
		} else {
			fprintf(stderr, "parsebench: %s: %s\n", path, strerror(errno));
		}
	}
	arena_free(a);
	return rc == RC_OK;
}

static int usage(void)
{
	fprintf(stderr, "usage: parsebench [--seconds S] [--passes N] [--dump DIR] [CORPUS-DIR]\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *dir = "tests/pages/corpus";
	const char *dump = NULL;
	double seconds = 3;
	long passes_wanted = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
			seconds = strtod(argv[++i], NULL);
		else if (strcmp(argv[i], "--passes") == 0 && i + 1 < argc)
			passes_wanted = strtol(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--dump") == 0 && i + 1 < argc)
			dump = argv[++i];
		else if (argv[i][0] == '-')
			return usage();
		else
			dir = argv[i];
	}
	/* Memory as wikid's main() keeps it: a parse's freed blocks stay for the next parse. */
	util_malloc_keep();
	/* The site as pagediff.py configures its wikid (the oracle's settings). */
	config_defaults();
	config_set(&config.sitename, "Oracle Wiki");
	config_set(&config.server, "http://127.0.0.1:8090");
	config_set(&config.scriptpath, "/w");
	config_set(&config.articlepath, "/w/index.php?title=$1");
	config_finish();

	struct corpus c = { 0 };
	if (!load(dir, &c) || c.n == 0) {
		fprintf(stderr, "parsebench: no corpus in %s\n", dir);
		return 1;
	}
	size_t size = 0, n_art = 0;
	for (size_t i = 0; i < c.n; i++) {
		if (strncmp(c.p[i].pdbk, "Template:", 9) == 0)
			continue;
		size += c.p[i].len;
		n_art++;
	}
	printf("parsebench: corpus of %zu articles, %zu bytes of wikitext\n", n_art, size);
	/* Warm-up (and the dump): one pass. */
	for (size_t i = 0; i < c.n; i++) {
		if (strncmp(c.p[i].pdbk, "Template:", 9) == 0)
			continue;
		if (!render(&c, &c.p[i], dump)) {
			fprintf(stderr, "parsebench: %s did not parse\n", c.p[i].title);
			return 1;
		}
	}
	long passes = 0;
	double t0 = cpu_now(), dt = 0;
	while (passes_wanted > 0 ? passes < passes_wanted : passes == 0 || dt < seconds) {
		for (size_t i = 0; i < c.n; i++)
			if (strncmp(c.p[i].pdbk, "Template:", 9) != 0)
				render(&c, &c.p[i], NULL);
		passes++;
		dt = cpu_now() - t0;
	}
	printf("parse-inproc %.3f %ld %.3f\n", (double)size * (double)passes / dt / 1e6, passes, dt);
	for (size_t i = 0; i < c.n; i++) {
		xfree(c.p[i].file);
		xfree(c.p[i].title);
		xfree(c.p[i].pdbk);
		xfree(c.p[i].text);
	}
	xfree(c.p);
	return 0;
}
