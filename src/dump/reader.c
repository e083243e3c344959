/* SPDX-License-Identifier: MIT */
/*
 * reader.c — reading XML dumps: byte sources (a file, plain, gzip or
 * bzip2, or a buffer in memory) and the walk over the document with
 * libxml2's xmlTextReader, which keeps only the current node in memory.
 *
 * The walk follows MediaWiki's WikiImporter: <siteinfo> gives the
 * foreign namespace names; a <page> is announced at its first
 * <revision> (when title and ns are known), each <revision> is handed
 * over whole, then the end of the page; <logitem> entries are handed
 * over too. Unknown elements are skipped with their subtree. A field's
 * value is the text up to the next end tag, as MediaWiki reads it.
 *
 * Limits: a revision's text is kept up to DUMP_TEXT_MAX bytes (the rest
 * is read and dropped, and the revision marked too big); other fields
 * up to FIELD_MAX bytes. libxml2's own limits stay on (no
 * XML_PARSE_HUGE), external entities and the network are never loaded.
 */
#include "dump.h"

#include <bzlib.h>
#include <errno.h>
#include <fcntl.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* Longest value of a field other than <text> that is kept (titles, comments, names). */
#define FIELD_MAX (64 * 1024)

/* Bytes read from a file per call. */
#define READ_CHUNK (256 * 1024)

/* ---------- sources ---------- */

/* How a source's bytes are stored. */
enum src_kind {
	SRC_MEM,  /* a caller's buffer */
	SRC_GZIP, /* a file read through zlib (plain files too: gzread passes them through) */
	SRC_BZIP2 /* a bzip2 file, possibly several streams one after the other */
};

struct dump_source {
	enum src_kind kind;      /* see above */
	const char *mem;         /* MEM: the bytes */
	size_t mem_len;          /* MEM: their count */
	size_t mem_off;          /* MEM: bytes handed out */
	int fd;                  /* GZIP/BZIP2: the file */
	gzFile gz;               /* GZIP: zlib's reader on fd */
	FILE *bzf;               /* BZIP2: the file as stdio */
	BZFILE *bz;              /* BZIP2: the current stream */
	bool bz_stream_end;      /* BZIP2: it has ended; another may follow */
	uint64_t size;           /* bytes of the file or buffer */
	bool is_eof;             /* nothing more to read */
	bool is_broken;          /* a decompression error */
};

struct dump_source *dump_source_mem(const char *p, size_t len)
{
	struct dump_source *s = xcalloc(1, sizeof(*s));
	s->kind = SRC_MEM;
	s->mem = p;
	s->mem_len = len;
	s->size = len;
	s->fd = -1;
	return s;
}

struct dump_source *dump_source_file(const char *path, const char **err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*err = strerror(errno);
		return NULL;
	}
	unsigned char magic[3] = { 0 };
	ssize_t got = pread(fd, magic, sizeof(magic), 0);
	struct stat sbuf;
	struct dump_source *s = xcalloc(1, sizeof(*s));
	s->fd = fd;
	s->size = fstat(fd, &sbuf) == 0 ? (uint64_t)sbuf.st_size : 0;
	if (got == 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
		s->kind = SRC_BZIP2;
		s->bzf = fdopen(fd, "rb");
		int bzerr;
		s->bz = s->bzf ? BZ2_bzReadOpen(&bzerr, s->bzf, 0, 0, NULL, 0) : NULL;
		if (!s->bz) {
			*err = "cannot read the file as bzip2";
			dump_source_free(s);
			return NULL;
		}
	} else {
		/* gzread reads gzip files and passes anything else through unchanged. */
		s->kind = SRC_GZIP;
		s->gz = gzdopen(dup(fd), "rb");
		if (!s->gz) {
			*err = "cannot open the file";
			dump_source_free(s);
			return NULL;
		}
		gzbuffer(s->gz, READ_CHUNK);
	}
	return s;
}

void dump_source_free(struct dump_source *s)
{
	if (!s)
		return;
	if (s->bz) {
		int bzerr;
		BZ2_bzReadClose(&bzerr, s->bz);
	}
	if (s->bzf)
		fclose(s->bzf);
	else if (s->fd >= 0)
		close(s->fd);
	if (s->gz)
		gzclose(s->gz);
	xfree(s);
}

uint64_t dump_source_size(const struct dump_source *s)
{
	return s->size;
}

uint64_t dump_source_pos(const struct dump_source *s)
{
	switch (s->kind) {
	case SRC_MEM:
		return s->mem_off;
	case SRC_GZIP: {
		z_off_t off = gzoffset(s->gz);
		return off > 0 ? (uint64_t)off : 0;
	}
	case SRC_BZIP2: {
		long off = ftell(s->bzf);
		return off > 0 ? (uint64_t)off : 0;
	}
	}
	return 0;
}

/*
 * The next bzip2 bytes. At the end of one stream another may follow
 * (pbzip2 and Wikimedia's multistream dumps): the bytes bzlib read past
 * the end start the next stream.
 */
static int bz_read(struct dump_source *s, char *buf, int len)
{
	for (;;) {
		int bzerr;
		if (s->bz_stream_end) {
			/* The next stream starts with the bytes bzlib read past the end of this one. */
			void *unused;
			int n_unused;
			char rest[BZ_MAX_UNUSED];
			BZ2_bzReadGetUnused(&bzerr, s->bz, &unused, &n_unused);
			if (bzerr != BZ_OK) {
				s->is_broken = true;
				return -1;
			}
			memcpy(rest, unused, (size_t)n_unused);
			BZ2_bzReadClose(&bzerr, s->bz);
			s->bz = NULL;
			s->bz_stream_end = false;
			if (n_unused == 0) {
				int c = fgetc(s->bzf);
				if (c == EOF)
					return 0;
				ungetc(c, s->bzf);
			}
			s->bz = BZ2_bzReadOpen(&bzerr, s->bzf, 0, 0, n_unused ? rest : NULL, n_unused);
			if (!s->bz) {
				s->is_broken = true;
				return -1;
			}
		}
		int n = BZ2_bzRead(&bzerr, s->bz, buf, len);
		if (bzerr == BZ_STREAM_END)
			s->bz_stream_end = true;
		else if (bzerr != BZ_OK) {
			s->is_broken = true;
			return -1;
		}
		if (n > 0)
			return n;
	}
}

/* libxml2 input callback: up to `len` more bytes into `buf`; 0 at the end, -1 on error. */
static int source_read(void *ctx, char *buf, int len)
{
	struct dump_source *s = ctx;
	if (s->is_eof || len <= 0)
		return 0;
	int n = 0;
	switch (s->kind) {
	case SRC_MEM:
		n = (int)MIN((size_t)len, s->mem_len - s->mem_off);
		memcpy(buf, s->mem + s->mem_off, (size_t)n);
		s->mem_off += (size_t)n;
		break;
	case SRC_GZIP:
		n = gzread(s->gz, buf, (unsigned)len);
		if (n < 0)
			s->is_broken = true;
		break;
	case SRC_BZIP2:
		n = bz_read(s, buf, len);
		break;
	}
	if (n == 0)
		s->is_eof = true;
	return n;
}

/* libxml2 close callback: the source stays open; its owner frees it. */
static int source_close(void *ctx)
{
	(void)ctx;
	return 0;
}

void dump_init(void)
{
	xmlInitParser();
}

/* ---------- the walk ---------- */

struct walk {
	xmlTextReaderPtr r;              /* the libxml2 reader */
	struct dump_source *src;         /* where the bytes come from */
	const struct dump_reader_ops *ops; /* callbacks */
	void *h;                         /* their argument */
	struct arena *a;                 /* strings of the current item; renewed per revision */
	struct sbuf text;                /* the current revision's text */
	char err[512];                   /* first XML error, "" when none */
	int err_line;                    /* its line */
	bool cb_failed;                  /* a callback stopped the walk (its code is returned) */
};

/* libxml2 error callback: keep the first error with its line. */
static void on_error(void *arg, xmlErrorPtr e)
{
	struct walk *w = arg;
	if (w->err[0] || !e || e->level < XML_ERR_ERROR)
		return;
	snprintf(w->err, sizeof(w->err), "%s", e->message ? e->message : "malformed XML");
	size_t n = strlen(w->err);
	while (n && (w->err[n - 1] == '\n' || w->err[n - 1] == ' '))
		w->err[--n] = '\0';
	w->err_line = e->line;
}

/* One step of the reader: 1 on a node, 0 at the end of the document, -1 on an error. */
static int step(struct walk *w)
{
	return xmlTextReaderRead(w->r);
}

static int node_type(struct walk *w)
{
	return xmlTextReaderNodeType(w->r);
}

static bool name_is(struct walk *w, const char *name)
{
	const xmlChar *n = xmlTextReaderConstLocalName(w->r);
	return n && strcmp((const char *)n, name) == 0;
}

static bool is_end_of(struct walk *w, const char *name)
{
	return node_type(w) == XML_READER_TYPE_END_ELEMENT && name_is(w, name);
}

/*
 * The text content of the current element, up to the next end tag (as
 * MediaWiki's nodeContents()), appended to `out` up to its cap; the rest
 * is read and dropped (out->is_toobig tells). Returns 1, or -1 when the
 * document ends or breaks first.
 */
static int contents_into(struct walk *w, struct sbuf *out)
{
	if (xmlTextReaderIsEmptyElement(w->r))
		return 1;
	int rc;
	while ((rc = step(w)) == 1) {
		int t = node_type(w);
		if (t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
		    t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
			const xmlChar *v = xmlTextReaderConstValue(w->r);
			if (v)
				sbuf_adds(out, (const char *)v);
		} else if (t == XML_READER_TYPE_END_ELEMENT) {
			return 1;
		}
	}
	return -1;
}

/* A field's text as an arena string (FIELD_MAX bytes at most), or NULL when the document broke. */
static const char *contents(struct walk *w)
{
	struct sbuf sb;
	sbuf_init(&sb, FIELD_MAX);
	int rc = contents_into(w, &sb);
	const char *s = rc == 1 ? arena_strndup(w->a, sbuf_cstr(&sb), sb.len) : NULL;
	sbuf_release(&sb);
	return s;
}

/* The attribute `name` of the current element as an arena string, or NULL. */
static const char *attr(struct walk *w, const char *name)
{
	xmlChar *v = xmlTextReaderGetAttribute(w->r, (const xmlChar *)name);
	if (!v)
		return NULL;
	const char *s = arena_strdup(w->a, (const char *)v);
	xmlFree(v);
	return s;
}

/* A decimal field, 0 when it is not a number. */
static int64_t to_int(const char *s)
{
	long long v = 0;
	return s && util_parse_ll(s, &v) == RC_OK ? (int64_t)v : 0;
}

/*
 * Read the element we are on to its end tag, calling `field` for each
 * child element. `field` returns 1 when it consumed the child, 0 to have
 * it skipped, -1 on a broken document. Returns 1 or -1.
 */
static int children(struct walk *w, const char *name, int (*field)(struct walk *w, void *arg), void *arg)
{
	if (xmlTextReaderIsEmptyElement(w->r))
		return 1;
	int rc = step(w);
	while (rc == 1) {
		if (is_end_of(w, name))
			return 1;
		if (node_type(w) != XML_READER_TYPE_ELEMENT) {
			rc = step(w);
			continue;
		}
		int f = field(w, arg);
		if (f < 0)
			return -1;
		rc = f == 1 ? step(w) : xmlTextReaderNext(w->r);
	}
	return -1;
}

/* <contributor>: username, ip, id; or deleted="deleted". */
static int contributor_field(struct walk *w, void *arg)
{
	struct dump_rev *r = arg;
	if (name_is(w, "username"))
		return (r->username = contents(w)) ? 1 : -1;
	if (name_is(w, "ip"))
		return (r->ip = contents(w)) ? 1 : -1;
	if (name_is(w, "id")) {
		const char *s = contents(w);
		r->user_id = to_int(s);
		return s ? 1 : -1;
	}
	return 0;
}

static int read_contributor(struct walk *w, struct dump_rev *r)
{
	const char *del = attr(w, "deleted");
	r->has_contributor = true;
	r->contributor_deleted = del != NULL;
	return children(w, "contributor", contributor_field, r);
}

/* <text>: the content (capped), its deleted attribute. */
static int read_text(struct walk *w, struct dump_rev *r)
{
	r->has_text = true;
	r->text_deleted = attr(w, "deleted") != NULL;
	sbuf_clear(&w->text);
	w->text.is_toobig = false;
	if (contents_into(w, &w->text) < 0)
		return -1;
	r->text = sbuf_cstr(&w->text);
	r->text_len = w->text.len;
	r->is_toobig = w->text.is_toobig;
	return 1;
}

/* One child of <revision>. */
static int revision_field(struct walk *w, void *arg)
{
	struct dump_rev *r = arg;
	const char **slot = NULL;
	if (name_is(w, "text"))
		return read_text(w, r);
	if (name_is(w, "contributor"))
		return read_contributor(w, r);
	if (name_is(w, "minor")) {
		r->is_minor = true;
		return contents(w) ? 1 : -1;
	}
	if (name_is(w, "comment")) {
		r->comment_deleted = attr(w, "deleted") != NULL;
		return (r->comment = contents(w)) ? 1 : -1;
	}
	if (name_is(w, "id") || name_is(w, "parentid")) {
		bool is_id = name_is(w, "id");
		const char *s = contents(w);
		*(is_id ? &r->id : &r->parent_id) = to_int(s);
		return s ? 1 : -1;
	}
	if (name_is(w, "timestamp"))
		slot = &r->timestamp;
	else if (name_is(w, "model"))
		slot = &r->model;
	else if (name_is(w, "format"))
		slot = &r->format;
	else if (name_is(w, "sha1"))
		slot = &r->sha1;
	if (slot)
		return (*slot = contents(w)) ? 1 : -1;
	/* <origin>, <content> (extra slots: only the main slot exists here) and unknown tags. */
	return 0;
}

/* What <page> collects, and whether its callback has been called. */
struct page_walk {
	struct dump_page p;    /* the page */
	bool is_announced;     /* ops->page ran */
	bool is_skipped;       /* ops->page said to skip its revisions */
	int rc;                /* a callback's failure, RC_OK otherwise */
};

/* One child of <page>. */
static int page_field(struct walk *w, void *arg)
{
	struct page_walk *pw = arg;
	if (name_is(w, "title"))
		return (pw->p.title = contents(w)) ? 1 : -1;
	if (name_is(w, "ns")) {
		const char *s = contents(w);
		pw->p.ns = (int)to_int(s);
		return s ? 1 : -1;
	}
	if (name_is(w, "id")) {
		const char *s = contents(w);
		pw->p.id = to_int(s);
		return s ? 1 : -1;
	}
	if (name_is(w, "redirect")) {
		pw->p.redirect = attr(w, "title");
		return 0;
	}
	if (!name_is(w, "revision"))
		return 0;
	if (!pw->is_announced) {
		pw->is_announced = true;
		int rc = w->ops->page(w->h, &pw->p);
		if (rc == DUMP_SKIP) {
			pw->is_skipped = true;
		} else if (rc != RC_OK) {
			w->cb_failed = true;
			pw->rc = rc;
			return -1;
		}
	}
	if (pw->is_skipped)
		return 0;
	struct dump_rev r = { 0 };
	/* The page's strings live in the page arena; a revision's strings die with it. */
	struct arena *page_arena = w->a;
	w->a = arena_new();
	int rc = children(w, "revision", revision_field, &r);
	if (rc == 1) {
		int cb = w->ops->revision(w->h, &pw->p, &r);
		if (cb != RC_OK) {
			w->cb_failed = true;
			pw->rc = cb;
			rc = -1;
		}
	}
	arena_free(w->a);
	w->a = page_arena;
	return rc;
}

static int read_page(struct walk *w)
{
	struct page_walk pw = { 0 };
	pw.p.ns = 0;
	struct arena *outer = w->a;
	w->a = arena_new();
	int rc = children(w, "page", page_field, &pw);
	if (rc == 1 && pw.is_announced && !pw.is_skipped && w->ops->page_end) {
		pw.rc = w->ops->page_end(w->h, &pw.p);
		if (pw.rc != RC_OK) {
			w->cb_failed = true;
			rc = -1;
		}
	}
	arena_free(w->a);
	w->a = outer;
	return rc == 1 ? RC_OK : pw.rc != RC_OK ? pw.rc : RC_INVALID;
}

/* One child of <logitem>. */
static int logitem_field(struct walk *w, void *arg)
{
	struct dump_logitem *li = arg;
	const char **slot = NULL;
	if (name_is(w, "contributor")) {
		struct dump_rev r = { 0 };
		int rc = read_contributor(w, &r);
		li->username = r.username;
		li->ip = r.ip;
		return rc;
	}
	if (name_is(w, "comment"))
		slot = &li->comment;
	else if (name_is(w, "type"))
		slot = &li->type;
	else if (name_is(w, "action"))
		slot = &li->action;
	else if (name_is(w, "timestamp"))
		slot = &li->timestamp;
	else if (name_is(w, "logtitle"))
		slot = &li->logtitle;
	else if (name_is(w, "params"))
		slot = &li->params;
	if (slot)
		return (*slot = contents(w)) ? 1 : -1;
	return 0;
}

static int read_logitem(struct walk *w)
{
	struct dump_logitem li = { 0 };
	struct arena *outer = w->a;
	w->a = arena_new();
	int rc = children(w, "logitem", logitem_field, &li);
	int cb = RC_OK;
	if (rc == 1 && w->ops->logitem)
		cb = w->ops->logitem(w->h, &li);
	if (cb != RC_OK)
		w->cb_failed = true;
	arena_free(w->a);
	w->a = outer;
	return rc != 1 ? RC_INVALID : cb;
}

/* One child of <siteinfo>: the foreign namespaces. */
static int siteinfo_field(struct walk *w, void *arg)
{
	struct dump_siteinfo *si = arg;
	if (name_is(w, "namespaces"))
		return children(w, "namespaces", siteinfo_field, si);
	if (!name_is(w, "namespace"))
		return 0;
	const char *key = attr(w, "key");
	const char *name = contents(w);
	if (!name)
		return -1;
	if (key && si->n_ns < DUMP_MAX_NAMESPACES) {
		si->ns_ids[si->n_ns] = (int)to_int(key);
		si->ns_names[si->n_ns] = name;
		si->n_ns++;
	}
	return 1;
}

static int read_siteinfo(struct walk *w)
{
	struct dump_siteinfo si = { 0 };
	int rc = children(w, "siteinfo", siteinfo_field, &si);
	if (rc != 1)
		return RC_INVALID;
	int cb = w->ops->siteinfo ? w->ops->siteinfo(w->h, &si) : RC_OK;
	if (cb != RC_OK)
		w->cb_failed = true;
	return cb;
}

/* The error text for a broken document, in `a`. */
static const char *xml_error(struct walk *w, struct arena *a)
{
	if (w->src->is_broken)
		return "the compressed file is damaged";
	if (w->err[0])
		return arena_printf(a, "XML error at line %d: %s", w->err_line, w->err);
	return "the XML document ends too early";
}

int dump_read(struct dump_source *src, const struct dump_reader_ops *ops, void *h, struct arena *a,
	      const char **err)
{
	struct walk w = { .src = src, .ops = ops, .h = h };
	*err = NULL;
	/* No network, no external entities, no DTD: a dump never needs them. */
	w.r = xmlReaderForIO(source_read, source_close, src, NULL, NULL, XML_PARSE_NONET);
	if (!w.r) {
		*err = "cannot start the XML reader";
		return RC_ERR;
	}
	xmlTextReaderSetStructuredErrorHandler(w.r, on_error, &w);
	sbuf_init(&w.text, DUMP_TEXT_MAX);
	w.a = arena_new();
	int rc = RC_OK;

	/* The first element must be <mediawiki>. */
	int s;
	while ((s = step(&w)) == 1 && node_type(&w) != XML_READER_TYPE_ELEMENT)
		;
	if (s != 1) {
		*err = w.err[0] || src->is_broken ? xml_error(&w, a) : "the file holds no XML document";
		rc = RC_INVALID;
	} else if (!name_is(&w, "mediawiki")) {
		const xmlChar *n = xmlTextReaderConstLocalName(w.r);
		*err = arena_printf(a, "the document starts with <%s>, not with <mediawiki>", n ? (const char *)n : "");
		rc = RC_INVALID;
	}
	if (rc == RC_OK && !xmlTextReaderIsEmptyElement(w.r)) {
		s = step(&w);
		while (s == 1 && rc == RC_OK) {
			if (is_end_of(&w, "mediawiki"))
				break;
			if (node_type(&w) != XML_READER_TYPE_ELEMENT) {
				s = step(&w);
				continue;
			}
			if (name_is(&w, "siteinfo"))
				rc = read_siteinfo(&w);
			else if (name_is(&w, "page"))
				rc = read_page(&w);
			else if (name_is(&w, "logitem"))
				rc = read_logitem(&w);
			else {
				s = xmlTextReaderNext(w.r);
				continue;
			}
			if (rc == RC_OK)
				s = step(&w);
		}
		if (rc == RC_OK && s != 1)
			rc = RC_INVALID;
		if (rc != RC_OK && !w.cb_failed)
			*err = xml_error(&w, a);
	}
	/* Anything after </mediawiki> must still be well-formed. */
	while (rc == RC_OK && (s = step(&w)) == 1)
		;
	if (rc == RC_OK && s < 0) {
		*err = xml_error(&w, a);
		rc = RC_INVALID;
	}
	arena_free(w.a);
	sbuf_release(&w.text);
	xmlFreeTextReader(w.r);
	return rc;
}
