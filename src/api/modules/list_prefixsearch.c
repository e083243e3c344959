/* SPDX-License-Identifier: MIT */
/*
 * list_prefixsearch.c — list=prefixsearch (and generator=prefixsearch):
 * titles that start with the search text, as MediaWiki's completion
 * search does with its default database backend (SearchEngine::
 * completionSearchWithVariants → PrefixSearch::defaultSearchBackend):
 *
 *   1. a known namespace prefix in the text ("Talk:fo") replaces
 *      psnamespace by that namespace; the rest is trimmed;
 *   2. Special: searches the special page names and aliases instead of
 *      the page table (see special_search());
 *   3. otherwise characters that cannot be in a title are dropped, the
 *      text is made a title in every namespace (first letter upper-case),
 *      and pages whose title starts with it are read in (title, namespace)
 *      order, skipping psoffset rows and reading one row more than
 *      pslimit to learn whether another batch exists;
 *   4. on the first batch an existing page whose title is exactly the
 *      text goes to the front (see rescore()).
 * Redirects are listed like other pages. This backend has no search
 * profiles, so — like MediaWiki with its default backend — the module has
 * no psprofile parameter. The continuation value is the numeric offset.
 * Subpage suggestions of special pages ("Special:Log/") are not offered:
 * the text with a '/' after a special page name finds nothing.
 */
#include "query_int.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "../../store/store.h"
#include "../../util/sbuf.h"
#include "../../wiki/wiki.h"

struct prefixsearch_params {
	const char *search; /* the text titles must start with */
	struct api_list ns; /* namespaces to search */
	long limit;         /* titles per batch */
	long offset;        /* titles to skip (continuation) */
};

static const struct api_param params[] = {
	{ .name = "search", .type = API_T_STRING, .flags = API_P_REQUIRED,
	  .offset = offsetof(struct prefixsearch_params, search), .desc = "The start of the titles to find." },
	{ .name = "namespace", .type = API_T_NAMESPACE, .flags = API_P_MULTI | API_P_ALLOW_ALL, .dflt = "0",
	  .offset = offsetof(struct prefixsearch_params, ns),
	  .desc = "Namespaces to search. A namespace prefix in the search text overrides this." },
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct prefixsearch_params, limit), .desc = "How many titles to return." },
	{ .name = "offset", .type = API_T_INT, .dflt = "0", .offset = offsetof(struct prefixsearch_params, offset),
	  .desc = "When more results are available, use this to continue." },
	{ 0 }
};

/* Append `x` to `h`, growing its array in the arena. */
static void hits_push(struct arena *a, struct query_prefix_hits *h, struct query_prefix_hit x)
{
	h->v = arena_grow(a, h->v, h->n, &h->cap, sizeof(*h->v));
	h->v[h->n++] = x;
}

/* PHP's trim(): the text without leading and trailing " \t\n\r\0\x0B". */
static const char *php_trim(struct arena *a, const char *s)
{
	const char *ws = " \t\n\r\v";
	s += strspn(s, ws);
	size_t n = strlen(s);
	while (n && strchr(ws, s[n - 1]))
		n--;
	return arena_strndup(a, s, n);
}

/* True for an ASCII hex digit. */
static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/*
 * The text without what MediaWiki's title-invalid pattern matches: any
 * ASCII character outside the legal title characters, "%XX" escapes and
 * "&name;" character references. So "[[Foo]]" searches for "Foo".
 */
static const char *strip_invalid(struct arena *a, const char *s)
{
	static const char legal[] = " %!\"$&'()*,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ\\^_`"
				    "abcdefghijklmnopqrstuvwxyz~+";
	struct sbuf sb;
	sbuf_init(&sb, SIZE_MAX / 2);
	for (size_t i = 0; s[i];) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%' && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
			i += 3;
			continue;
		}
		if (c == '&') {
			size_t j = i + 1;
			while (s[j] && (((unsigned char)s[j] >= 0x80) || strchr("0123456789", s[j]) ||
					((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z')))
				j++;
			if (j > i + 1 && s[j] == ';') {
				i = j + 1;
				continue;
			}
		}
		if (c >= 0x80 || strchr(legal, c))
			sbuf_addc(&sb, (char)c);
		i++;
	}
	const char *out = arena_strndup(a, sbuf_cstr(&sb), sb.len);
	sbuf_release(&sb);
	return out;
}

/* Lower-case ASCII copy of `len` bytes of `s` with ' ' as '_' (MediaWiki's caseFold for English). */
static char *fold(struct arena *a, const char *s, size_t len)
{
	char *out = arena_strndup(a, s, len);
	for (char *p = out; *p; p++) {
		if (*p == ' ')
			*p = '_';
		else if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	}
	return out;
}

/* One special page name with its folded key and rank. */
struct special_key {
	const char *key;  /* folded name */
	const char *name; /* name as listed */
	size_t len;       /* bytes of name */
	int rank;         /* position among the page's names */
	size_t order;     /* position in the whole table, to keep sorting stable */
};

static int cmp_special_key(const void *a, const void *b)
{
	const struct special_key *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->order > y->order) - (x->order < y->order);
}

/*
 * Prefix search among special page names (MediaWiki's PrefixSearch::
 * specialSearch): every name and alias, folded, sorted; names starting
 * with the folded text are listed first by rank (the page's own name
 * before its aliases), then in key order; then offset and limit apply.
 */
static void special_search(struct api_ctx *ctx, const char *search, long limit, long offset, struct query_prefix_hits *out)
{
	if (strchr(search, '/'))
		return; /* subpage suggestions are not offered, see the file header */
	const char *want = fold(ctx->arena, search, strlen(search));
	size_t n_pages;
	const char *const *pages = wiki_special_pages(&n_pages);
	/* Entries have a handful of names; 8 per entry is room to spare (excess names are ignored). */
	size_t n_keys = 0, cap = 8 * n_pages;
	struct special_key *keys = arena_alloc(ctx->arena, cap * sizeof(*keys));
	for (size_t i = 0; i < n_pages; i++) {
		const char *p = pages[i];
		for (int rank = 0; *p && n_keys < cap; rank++) {
			const char *bar = strchr(p, '|');
			size_t len = bar ? (size_t)(bar - p) : strlen(p);
			keys[n_keys] = (struct special_key){ fold(ctx->arena, p, len), p, len, rank, n_keys };
			n_keys++;
			p += len + (bar != NULL);
		}
	}
	qsort(keys, n_keys, sizeof(*keys), cmp_special_key);
	/* A name listed twice counts once, as the last listing (MediaWiki keeps a map). */
	size_t w = 0;
	int max_rank = 0;
	for (size_t i = 0; i < n_keys; i++) {
		if (w && streq(keys[w - 1].key, keys[i].key))
			w--;
		keys[w++] = keys[i];
		if (keys[i].rank > max_rank)
			max_rank = keys[i].rank;
	}
	n_keys = w;
	/* Matches grouped by rank, each group in key order. */
	size_t n_match = 0, wlen = strlen(want);
	struct special_key **match = arena_alloc(ctx->arena, (n_keys + 1) * sizeof(*match));
	for (int rank = 0; rank <= max_rank; rank++)
		for (size_t i = 0; i < n_keys; i++)
			if (keys[i].rank == rank && strncmp(keys[i].key, want, wlen) == 0)
				match[n_match++] = &keys[i];
	for (size_t i = (size_t)offset; i < n_match && (long)(i - (size_t)offset) < limit; i++) {
		struct wiki_title t;
		wiki_title_make(ctx->arena, WIKI_NS_SPECIAL, arena_strndup(ctx->arena, match[i]->name, match[i]->len),
				&t);
		hits_push(ctx->arena, out, (struct query_prefix_hit){ t.ns, t.dbkey, t.prefixed, 0, false });
	}
}

/*
 * The dbkey `text` gets as a title in namespace `ns` (MediaWiki's
 * Title::makeTitleSafe), or NULL when it is not a valid title there.
 */
static const char *dbkey_in(struct api_ctx *ctx, int ns, const char *text)
{
	const char *full = ns ? arena_printf(ctx->arena, "%s:%s", wiki_ns_text(ns), text) : text;
	struct wiki_title t;
	if (wiki_title_parse(ctx->arena, full, WIKI_NS_MAIN, &t, NULL) != RC_OK)
		return NULL;
	return t.dbkey;
}

/*
 * Pages whose title starts with `search` in the namespaces `ns` (an
 * empty `search` lists all of them), rows offset .. offset+limit, one
 * more read to set has_more. Returns RC_OK or RC_ERR after api_error().
 */
static int page_search(struct api_ctx *ctx, const char *search, const long *ns, size_t n_ns, long limit,
		       long offset, struct query_prefix_hits *out)
{
	struct sbuf sql;
	sbuf_init(&sql, 1 << 16);
	sbuf_adds(&sql, "SELECT page_id, page_namespace, page_title, page_is_redirect FROM page WHERE 1 = 0");
	const char **binds = arena_alloc(ctx->arena, 2 * (n_ns + 1) * sizeof(*binds));
	size_t nb = 0;
	const char *clean = *search ? strip_invalid(ctx->arena, search) : "";
	for (size_t i = 0; i < n_ns; i++) {
		const char *key = *search ? dbkey_in(ctx, (int)ns[i], clean) : "";
		if (!key)
			continue;
		sbuf_addf(&sql, " OR (page_namespace = %ld", ns[i]);
		if (*key) {
			/* A range on the title index: [key, key + U+10FFFF). */
			sbuf_adds(&sql, " AND page_title >= ? AND page_title < ?");
			binds[nb++] = key;
			binds[nb++] = arena_printf(ctx->arena, "%s\xf4\x8f\xbf\xbf", key);
		}
		sbuf_adds(&sql, ")");
	}
	sbuf_addf(&sql, " ORDER BY page_title, page_namespace LIMIT %ld OFFSET %ld", limit + 1,
		  offset > 0 ? offset : 0);
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	for (size_t i = 0; i < nb; i++)
		store_bind_text(st, (int)i + 1, binds[i], STORE_NTS);
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		int64_t id = store_col_int(st, 0);
		if ((long)out->n == limit) {
			out->has_more = true;
			out->extra = id;
			break;
		}
		struct wiki_title t;
		wiki_title_make(ctx->arena, (int)store_col_int(st, 1), store_col_dup(st, ctx->arena, 2), &t);
		hits_push(ctx->arena, out, (struct query_prefix_hit){ t.ns, t.dbkey, t.prefixed, id, store_col_int(st, 3) != 0 });
	}
	store_stmt_done(st);
	if (rc < 0)
		return api_db_error(ctx);
	return RC_OK;
}

/* Page id and redirect flag of page ns:dbkey; false when there is no such page. */
static bool page_row(struct api_ctx *ctx, int ns, const char *dbkey, int64_t *id, bool *is_redirect)
{
	struct store_stmt *st =
		store_prepare(ctx->store, "SELECT page_id, page_is_redirect FROM page WHERE page_namespace = ? AND "
					  "page_title = ?");
	if (!st)
		return false;
	store_bindv(st, "dt", ns, dbkey);
	bool found = store_step(st) == STORE_ROW;
	if (found) {
		*id = store_col_int(st, 0);
		*is_redirect = store_col_int(st, 1) != 0;
	}
	store_stmt_done(st);
	return found;
}

/* Prefixed text of the target of redirect page `id`, or NULL. */
static const char *redirect_target(struct api_ctx *ctx, int64_t id)
{
	struct store_stmt *st =
		store_prepare(ctx->store, "SELECT rd_namespace, rd_title FROM redirect WHERE rd_from = ? AND "
					  "(rd_interwiki IS NULL OR rd_interwiki = '')");
	if (!st)
		return NULL;
	store_bindv(st, "i", id);
	const char *out = NULL;
	if (store_step(st) == STORE_ROW) {
		struct wiki_title t;
		wiki_title_make(ctx->arena, (int)store_col_int(st, 0), store_col_dup(st, ctx->arena, 1), &t);
		out = t.prefixed;
	}
	store_stmt_done(st);
	return out;
}

/* Move hit `i` to the front. */
static void pull_front(struct query_prefix_hits *h, size_t i)
{
	struct query_prefix_hit x = h->v[i];
	memmove(h->v + 1, h->v, i * sizeof(*h->v));
	h->v[0] = x;
}

static ssize_t find_title(const struct query_prefix_hits *h, const char *title)
{
	for (size_t i = 0; i < h->n; i++)
		if (title && streq(h->v[i].title, title))
			return (ssize_t)i;
	return -1;
}

/*
 * MediaWiki's SearchExactMatchRescorer, on the first batch: the page
 * whose title is exactly the search text (in the main namespace when it
 * is searched, else the first namespace) leads the list. If it is not
 * among the hits and is a redirect, the hit it redirects to — or a hit
 * redirecting to the same target — is pulled to the front instead;
 * otherwise the page is put in front and the list cut to `limit`.
 */
static void rescore(struct api_ctx *ctx, const char *search, const long *ns, size_t n_ns, long limit,
		    struct query_prefix_hits *h)
{
	int pick = (int)ns[0];
	for (size_t i = 0; i < n_ns; i++)
		if (ns[i] == WIKI_NS_MAIN)
			pick = WIKI_NS_MAIN;
	struct wiki_title t;
	int64_t id;
	bool is_redirect;
	if (pick < 0 || wiki_title_parse(ctx->arena, search, pick, &t, NULL) != RC_OK || t.is_external || t.ns < 0 ||
	    !page_row(ctx, t.ns, t.dbkey, &id, &is_redirect))
		return;
	ssize_t at = find_title(h, t.prefixed);
	if (at >= 0) {
		pull_front(h, (size_t)at);
		return;
	}
	if (is_redirect) {
		const char *target = redirect_target(ctx, id);
		at = find_title(h, target);
		for (size_t i = 0; at < 0 && target && i < h->n; i++) {
			const char *other = h->v[i].is_redirect ? redirect_target(ctx, h->v[i].id) : NULL;
			if (other && streq(other, target))
				at = (ssize_t)i;
		}
		if (at >= 0) {
			pull_front(h, (size_t)at);
			return;
		}
	}
	/* MediaWiki skips a page it has already seen: the one row read past the limit. */
	if (id == h->extra)
		return;
	hits_push(ctx->arena, h, (struct query_prefix_hit){ t.ns, t.dbkey, t.prefixed, id, is_redirect });
	pull_front(h, h->n - 1);
	if ((long)h->n > limit) {
		h->n = (size_t)limit;
		h->has_more = true;
	}
}

int query_prefix_search(struct api_ctx *ctx, const char *search, const long *nsv, size_t n_nsv, long limit,
			long offset, struct query_prefix_hits *h)
{
	memset(h, 0, sizeof(*h));
	/*
	 * The namespaces, or the main one when none of those given was
	 * recognized (as MediaWiki's backend falls back). Special: is not a
	 * value of psnamespace; a "Special:" prefix in the text reaches it.
	 */
	long *ns = arena_alloc(ctx->arena, (n_nsv + 1) * sizeof(*ns));
	size_t n_ns = n_nsv;
	if (n_ns)
		memcpy(ns, nsv, n_ns * sizeof(*ns));
	else
		ns[n_ns++] = WIKI_NS_MAIN;
	if (!*php_trim(ctx->arena, search))
		return RC_OK;
	/* A namespace prefix in the text selects that namespace alone. */
	const char *colon = strchr(search, ':');
	if (colon) {
		int only = wiki_ns_from_name(search, (size_t)(colon - search));
		if (only != WIKI_NS_NONE) {
			search = colon + 1;
			ns[0] = only;
			n_ns = 1;
		}
	}
	search = php_trim(ctx->arena, search);
	bool special = false;
	for (size_t i = 0; i < n_ns; i++)
		special |= ns[i] == WIKI_NS_SPECIAL;
	if (special) {
		special_search(ctx, search, limit + 1, offset, h);
		if ((long)h->n > limit) {
			h->n = (size_t)limit;
			h->has_more = true;
		}
		return RC_OK;
	}
	if (page_search(ctx, search, ns, n_ns, limit, offset, h) != RC_OK)
		return RC_ERR;
	if (offset == 0)
		rescore(ctx, search, ns, n_ns, limit, h);
	return RC_OK;
}

static int run(struct api_ctx *ctx, struct prefixsearch_params *p, struct api_node *list, struct api_pageset *gen)
{
	struct query_prefix_hits h;
	if (!*p->search) {
		/* Like MediaWiki's string type, a required parameter may not be empty. */
		return api_error(ctx, "missingparam", "paramvalidator-missingparam",
				 arena_printf(ctx->arena, "%ssearch", api_main_of(ctx)->prefix));
	}
	if (query_prefix_search(ctx, p->search, p->ns.iv, p->ns.n, p->limit, p->offset, &h) != RC_OK)
		return RC_ERR;
	long long next = h.has_more ? (long long)p->offset + p->limit : -1;
	for (size_t i = 0; i < h.n; i++) {
		const struct query_prefix_hit *x = &h.v[i];
		if (gen) {
			query_pageset_add_title(ctx, gen, x->ns, x->dbkey);
			query_pageset_set_index(gen, x->ns, x->dbkey, (long)(i + 1) + p->offset);
			continue;
		}
		if (api_result_full(ctx)) {
			/*
			 * Resume at the title that did not fit. (MediaWiki counts
			 * that title before setting the offset and so skips it;
			 * we do not copy the loss.)
			 */
			next = (long long)p->offset + (long long)i;
			break;
		}
		struct api_node *e = api_add_object(list, NULL);
		api_add_int(e, "ns", x->ns);
		api_add_str(e, "title", x->title);
		if (x->ns == WIKI_NS_SPECIAL)
			api_add_bool(e, "special", true);
		else
			api_add_int(e, "pageid", x->id);
	}
	if (next >= 0)
		query_continue_set_int(ctx, "offset", next);
	return RC_OK;
}

static int exec_prefixsearch(struct api_ctx *ctx, void *vp)
{
	struct api_node *list = api_add_array(api_query_node(ctx), "prefixsearch", "ps");
	return run(ctx, vp, list, NULL);
}

static int generate_prefixsearch(struct api_ctx *ctx, void *vp, struct api_pageset *out)
{
	return run(ctx, vp, NULL, out);
}

const struct api_module api_module_list_prefixsearch = {
	.name = "prefixsearch",
	.group = API_G_LIST,
	.prefix = "ps",
	.flags = API_M_GENERATOR,
	.params = params,
	.params_size = sizeof(struct prefixsearch_params),
	.summary = "Find page titles that start with a given text.",
	.help = "This is the search behind title suggestions: titles are matched from their start, "
		"ordered by title, with an exact match first. For searching page text, use list=search.",
	.examples = (const char *const[]){
		"action=query&list=prefixsearch&pssearch=meaning", "Titles that start with \"meaning\".",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Prefixsearch",
					   NULL },
	.exec = exec_prefixsearch,
	.generate = generate_prefixsearch,
};
