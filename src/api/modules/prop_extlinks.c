/* SPDX-License-Identifier: MIT */
/*
 * prop_extlinks.c — prop=extlinks: the external URLs (externallinks) of
 * the pages of the set, as MediaWiki's ApiQueryExternalLinks lists them.
 * Rows are ordered by source page (left out with one page), el_index_60
 * and el_id; the continuation is those values '|'-separated. elprotocol
 * and elquery filter on el_index, the URL with its host reversed
 * ("http://com.example.www./path"): elquery is a prefix of it, a leading
 * "*." on the host matching every subdomain. A protocol-relative link has
 * an index row for http: and one for https:; without a filter only its
 * http: row is listed, so it appears once.
 */
#include <stddef.h>
#include <string.h>

#include "../../store/store.h"
#include "../../util/config.h"
#include "../../util/sbuf.h"
#include "../../wiki/wiki.h"
#include "query_int.h"

struct extlinks_params {
	long limit;           /* URLs per batch */
	const char *cont;     /* "[from|]index60|id" */
	const char *protocol; /* "" (any) or a protocol name */
	const char *query;    /* host/path prefix, without the protocol */
	bool expandurl;       /* protocol-relative URLs with the canonical protocol */
};

/* The protocol names elprotocol offers ($wgUrlProtocols without "//"), with "" for any. */
const char *const query_url_protocols[] = {
	"", "bitcoin", "ftp", "ftps", "geo", "git", "gopher", "http", "https", "irc", "ircs", "magnet", "mailto",
	"matrix", "mms", "news", "nntp", "redis", "sftp", "sip", "sips", "sms", "ssh", "svn", "tel", "telnet", "urn",
	"worldwind", "xmpp", NULL,
};

/* The protocols among them written with "://" rather than ":". */
static const char *const slashed[] = {
	"ftp", "ftps", "git", "gopher", "http", "https", "irc", "ircs", "mms", "nntp", "redis", "sftp", "ssh", "svn",
	"telnet", "worldwind", NULL,
};

static const struct api_param params[] = {
	{ .name = "limit", .type = API_T_LIMIT, .dflt = "10", .min = 1, .max = 500, .max_high = 5000,
	  .offset = offsetof(struct extlinks_params, limit), .desc = "How many links to return." },
	{ .name = "continue", .type = API_T_STRING, .offset = offsetof(struct extlinks_params, cont),
	  .desc = "When more results are available, use this to continue." },
	{ .name = "protocol", .type = API_T_ENUM, .dflt = "", .values = query_url_protocols,
	  .offset = offsetof(struct extlinks_params, protocol),
	  .desc = "Protocol of the URL. Empty and with elquery set, the protocol is http. Leave both this and "
		  "elquery empty to list every external link." },
	{ .name = "query", .type = API_T_STRING, .offset = offsetof(struct extlinks_params, query),
	  .desc = "Search string without protocol. Useful for checking whether a certain page contains a "
		  "certain external URL." },
	{ .name = "expandurl", .type = API_T_BOOL, .offset = offsetof(struct extlinks_params, expandurl),
	  .desc = "Expand protocol-relative URLs with the canonical protocol." },
	{ 0 }
};

/* "http://", "mailto:" ... for protocol name `name` (not ""), in `a`. */
static const char *protocol_prefix(struct arena *a, const char *name)
{
	for (size_t i = 0; slashed[i]; i++)
		if (streq(slashed[i], name))
			return arena_printf(a, "%s://", name);
	return arena_printf(a, "%s:", name);
}

/*
 * The el_index prefix that elquery `query` (after protocol `proto`)
 * selects, or NULL when the query is not one MediaWiki accepts (a '*'
 * anywhere but as a leading "*." of the host). With "*." the path is
 * ignored and every host ending in the rest matches.
 */
static const char *query_prefix(struct arena *a, const char *proto, const char *query)
{
	bool wild = query[0] == '*' && query[1] == '.';
	const char *rest = wild ? query + 2 : query;
	if (strchr(rest, '*'))
		return NULL;
	if (streq(proto, "mailto:") && !strchr(rest, '@')) {
		/* A mail query without '@' names the domain: "mailto:" + reversed domain + "@". */
		const char *idx[2];
		if (wiki_extlink_indexes(a, arena_printf(a, "mailto:x@%s", rest), idx) < 1)
			return NULL;
		size_t n = strlen(idx[0]);
		return arena_strndup(a, idx[0], n - 1);
	}
	const char *url = wild ? arena_printf(a, "%s%.*s", proto, (int)strcspn(rest, "/?#"), rest)
			       : arena_printf(a, "%s%s", proto, rest);
	const char *idx[2];
	if (wiki_extlink_indexes(a, url, idx) < 1)
		return NULL;
	if (!wild)
		return idx[0];
	size_t n = strlen(idx[0]);
	if (n && idx[0][n - 1] == '/')
		n--;
	return arena_strndup(a, idx[0], n);
}

const char *query_expand_url(struct arena *a, const char *url)
{
	if (url[0] != '/' || url[1] != '/')
		return url;
	const char *colon = strstr(config.server, "://");
	if (!colon)
		return arena_printf(a, "http:%s", url);
	return arena_printf(a, "%.*s:%s", (int)(colon - config.server), config.server, url);
}

/* Append "col >= ? AND col < ?" for the strings starting with `prefix`, binding both. */
static void add_prefix_range(struct arena *a, struct sbuf *sql, const char *col, const char *prefix,
			     const char **binds, size_t *nb)
{
	sbuf_addf(sql, "%s >= ? AND %s < ?", col, col);
	binds[(*nb)++] = prefix;
	binds[(*nb)++] = arena_printf(a, "%s\xf4\x8f\xbf\xbf", prefix);
}

int query_extlink_filter(struct api_ctx *ctx, struct sbuf *sql, const char *protocol, const char *query,
			 const char **binds, size_t *nb)
{
	const char *proto = protocol && *protocol ? protocol_prefix(ctx->arena, protocol) : NULL;
	if (query && *query) {
		const char *prefix = query_prefix(ctx->arena, proto ? proto : "http://", query);
		if (!prefix)
			return api_error(ctx, "badquery", NULL);
		add_prefix_range(ctx->arena, sql, "el_index", prefix, binds, nb);
	} else if (proto) {
		add_prefix_range(ctx->arena, sql, "el_index_60", proto, binds, nb);
	} else {
		/* Every protocol: a protocol-relative link only through its http: row. */
		sbuf_adds(sql, "(substr(el_to, 1, 2) <> '//' OR (");
		add_prefix_range(ctx->arena, sql, "el_index_60", "http://", binds, nb);
		sbuf_adds(sql, "))");
	}
	return RC_OK;
}

static int exec_extlinks(struct api_ctx *ctx, void *vp)
{
	struct extlinks_params *p = vp;
	size_t n_good;
	const char *ids = query_good_ids(ctx, &n_good);
	if (!ids)
		return RC_OK;
	const char *binds[5];
	size_t nb = 0;
	struct sbuf sql;
	sbuf_init(&sql, 1 << 24);
	sbuf_addf(&sql, "SELECT el_from, el_to, el_index_60, el_id FROM externallinks WHERE el_from IN (%s) AND ", ids);
	if (query_extlink_filter(ctx, &sql, p->protocol, p->query, binds, &nb) != RC_OK) {
		sbuf_release(&sql);
		return RC_ERR;
	}
	long long cont_from = 0, cont_id = 0;
	if (p->cont) {
		/* "[from|]index60|id"; index60 may hold '|' itself. */
		const char *s = p->cont;
		const char *first = strchr(s, '|');
		const char *last = strrchr(s, '|');
		bool ok = first != NULL;
		if (ok && n_good != 1) {
			const char *f = arena_strndup(ctx->arena, s, (size_t)(first - s));
			ok = last != first && util_parse_ll(f, &cont_from) == RC_OK;
			s = first + 1;
		}
		if (ok)
			ok = util_parse_ll(last + 1, &cont_id) == RC_OK;
		if (!ok) {
			sbuf_release(&sql);
			return api_error(ctx, "badcontinue", NULL);
		}
		binds[nb++] = arena_strndup(ctx->arena, s, (size_t)(last - s));
		sbuf_adds(&sql, " AND ");
		if (n_good != 1)
			sbuf_addf(&sql, "(el_from > %lld OR (el_from = %lld AND ", cont_from, cont_from);
		sbuf_addf(&sql, "(el_index_60 > ? OR (el_index_60 = ? AND el_id >= %lld))", cont_id);
		if (n_good != 1)
			sbuf_adds(&sql, "))");
	}
	sbuf_addf(&sql, " ORDER BY %sel_index_60, el_id LIMIT %ld", n_good != 1 ? "el_from, " : "", p->limit + 1);
	struct store_stmt *st = store_prepare(ctx->store, sbuf_cstr(&sql));
	sbuf_release(&sql);
	if (!st)
		return api_db_error(ctx);
	int k = 1;
	for (size_t i = 0; i < nb; i++) {
		store_bind_text(st, k++, binds[i], STORE_NTS);
		if (p->cont && i == nb - 1)
			store_bind_text(st, k++, binds[i], STORE_NTS); /* the index compared twice */
	}
	long n = 0;
	int step;
	while ((step = store_step(st)) == STORE_ROW) {
		int64_t from = store_col_int(st, 0);
		const char *cv = n_good != 1 ? arena_printf(ctx->arena, "%lld|%s|%lld", (long long)from, store_col_text(st, 2),
							     (long long)store_col_int(st, 3))
					     : arena_printf(ctx->arena, "%s|%lld", store_col_text(st, 2),
							     (long long)store_col_int(st, 3));
		struct api_node *e;
		enum query_link_row row =
			query_link_item(ctx, from, cv, &n, p->limit, NULL, 0, NULL, "extlinks", "el", &e);
		if (row == QUERY_LINK_STOP)
			break;
		if (row == QUERY_LINK_SKIP)
			continue;
		const char *url = store_col_text(st, 1);
		if (p->expandurl)
			url = query_expand_url(ctx->arena, url);
		else
			url = arena_strdup(ctx->arena, url);
		api_add_content_as(e, "url", url, strlen(url));
	}
	store_stmt_done(st);
	return step < 0 ? api_db_error(ctx) : RC_OK;
}

const struct api_module api_module_prop_extlinks = {
	.name = "extlinks",
	.group = API_G_PROP,
	.prefix = "el",
	.params = params,
	.params_size = sizeof(struct extlinks_params),
	.summary = "The external URLs (not interwiki links) on the given pages.",
	.examples = (const char *const[]){
		"action=query&prop=extlinks&titles=Main%20Page", "External links on the page Main Page.", NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Extlinks", NULL },
	.exec = exec_extlinks,
};
