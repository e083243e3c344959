/* SPDX-License-Identifier: MIT */
/*
 * editstash.c — the edit stash behind action=stashedit: while a user is
 * still writing a summary, the client sends the text ahead, and the
 * pre-save transform and the parse are done then; the edit that follows
 * with the same text finds them here and saves without doing them again
 * (MediaWiki's PageEditStash).
 *
 * Two tables in memory, each guarded by its own lock:
 * - prepared edits, keyed by the SHA-1 of (page, user, content model,
 *   text before the pre-save transform). An entry owns the arena its
 *   rendering lives in (arenacache.c); readers take a reference that their request's
 *   arena drops, as in the parser cache.
 * - texts by their SHA-1 (stashedtexthash=), so that a client can stash
 *   again for another section or base revision without sending the text.
 *
 * Lifetimes follow MediaWiki: an entry lives at most STASH_TTL seconds
 * (STASH_SIGNED_TTL when the text was signed, whose signature carries the
 * stash time); an edit uses it without further checks while it is at
 * most STASH_FRESH seconds old, and afterwards only while nothing in the
 * wiki changed since the parse (the parser cache's change mark). The
 * stash is per process: with several wikid nodes, an edit that lands on
 * another node simply does the work itself.
 */
#include <openssl/evp.h>
#include <pthread.h>
#include <string.h>

#include "../parser/wt.h"
#include "../store/store.h"
#include "../util/util.h"
#include "arenacache.h"
#include "wiki.h"

/* Seconds an entry lives (PageEditStash::MAX_CACHE_TTL). */
#define STASH_TTL 300
/* Seconds an entry of signed text lives (MAX_SIGNATURE_TTL: the signature's time goes stale). */
#define STASH_SIGNED_TTL 60
/* Seconds an entry is used without checking the wiki for changes (PRESUME_FRESH_TTL_SEC). */
#define STASH_FRESH 60
/* Most prepared edits kept: a few minutes of edits in progress; a linear scan stays cheap. */
#define STASH_ENTRIES 256
/* Most bytes of their arenas (a long page's parse takes a few MB). */
#define STASH_BYTES ((size_t)64 * 1024 * 1024)
/* Most texts kept for stashedtexthash=. */
#define TEXT_ENTRIES 256
/* Most bytes of those texts (WIKI_MAX_ARTICLE_BYTES each at most). */
#define TEXT_BYTES ((size_t)64 * 1024 * 1024)

/* One prepared edit. */
struct entry {
	struct wiki_ac_entry ac;  /* table bookkeeping; ac.arena holds everything below */
	char key[41];             /* SHA-1 (hex) of page, user, model and text */
	int64_t made;             /* Unix time of the parse */
	int64_t expires;          /* Unix time it is dropped */
	int64_t mark_rc;          /* the wiki's change mark at the parse: newest rc_id ... */
	int64_t mark_rev;         /* ... and newest rev_id */
	const char *pst;          /* the text after the pre-save transform */
	size_t pst_len;           /* its length */
	struct wt_output out;     /* the rendering (empty for models without links) */
};

/* One stashed text. */
struct text_entry {
	char hash[41];            /* SHA-1 (hex) of the text */
	int64_t expires;          /* Unix time it is dropped */
	char *text;               /* the text (xmalloc'd) */
	size_t len;               /* its length */
};

static struct wiki_ac_entry *slots[STASH_ENTRIES];
static struct wiki_ac stash = WIKI_AC_INIT(slots, STASH_BYTES);

static pthread_mutex_t text_lock = PTHREAD_MUTEX_INITIALIZER;
static struct text_entry texts[TEXT_ENTRIES]; /* slots, text NULL when free */
static size_t text_bytes;                     /* sum of their lengths */

void wiki_sha1_hex(const void *data, size_t len, char out[41])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_Digest(data, len, d, &n, EVP_sha1(), NULL);
	util_hex(d, n, out);
	out[40] = '\0';
}

/* The key of an entry: page, user, model and text, each part closed by a NUL. */
static void entry_key(const struct wiki_title *t, const struct wiki_user *u, const char *model, const char *text,
		      size_t len, char out[41])
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	char ns[24];
	int n = snprintf(ns, sizeof(ns), "%d", t->ns);
	const char *name = u->name ? u->name : "";
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int dn = 0;
	EVP_DigestInit_ex(c, EVP_sha1(), NULL);
	EVP_DigestUpdate(c, ns, (size_t)n + 1);
	EVP_DigestUpdate(c, t->dbkey, strlen(t->dbkey) + 1);
	EVP_DigestUpdate(c, name, strlen(name) + 1);
	EVP_DigestUpdate(c, model, strlen(model) + 1);
	EVP_DigestUpdate(c, text, len);
	EVP_DigestFinal_ex(c, d, &dn);
	EVP_MD_CTX_free(c);
	util_hex(d, dn, out);
	out[40] = '\0';
}

/* Put `e` into the table, replacing an entry of the same key and dropping expired ones; the caller's reference goes. */
static void insert(struct entry *e)
{
	pthread_mutex_lock(&stash.lock);
	int64_t now = util_now();
	for (size_t i = 0; i < STASH_ENTRIES; i++) {
		struct entry *x = (struct entry *)slots[i];
		if (x && (strcmp(x->key, e->key) == 0 || x->expires <= now))
			wiki_ac_evict_locked(&stash, i);
	}
	wiki_ac_put_locked(&stash, &e->ac);
	wiki_ac_unref_locked(&e->ac);
	pthread_mutex_unlock(&stash.lock);
}

int wiki_edit_stash(struct store *st, const struct wiki_title *t, int64_t page_id,
		    const struct wiki_user *u, const char *model, const char *text, size_t len, const char **status)
{
	int64_t mark_rc, mark_rev;
	int rc = wiki_change_mark(st, &mark_rc, &mark_rev);
	if (rc != RC_OK)
		return rc;
	struct entry *e = wiki_ac_new(&stash, sizeof(*e));
	entry_key(t, u, model, text, len, e->key);
	bool is_signed = false;
	rc = wiki_pst(st, e->ac.arena, t, model, u, text, len, &e->pst, &e->pst_len, &is_signed);
	if (rc == RC_OK && streq(model, "wikitext")) {
		/* The rendering the link tables are made from (wiki_links_refresh's options). */
		struct wiki_render_opts ro = { .title = t, .page_id = page_id, .rev_size = (int64_t)e->pst_len,
					       .no_limit_report = true, .user_signature = is_signed };
		rc = wiki_render(st, e->ac.arena, &ro, e->pst, e->pst_len, &e->out);
	}
	if (rc != RC_OK) {
		wiki_ac_unref(&e->ac);
		/* A text the transform or the parser refuses (over a size cap) cannot be prepared. */
		*status = "error_parse";
		return rc == RC_TOOBIG || rc == RC_INVALID ? RC_OK : rc;
	}
	int64_t ttl = is_signed ? STASH_SIGNED_TTL : STASH_TTL;
	if (e->out.ttl > 0 && e->out.ttl < ttl)
		ttl = e->out.ttl;
	e->made = util_now();
	e->expires = e->made + ttl;
	e->mark_rc = mark_rc;
	e->mark_rev = mark_rev;
	insert(e);
	*status = "stashed";
	return RC_OK;
}

bool wiki_edit_stash_get(struct store *st, struct arena *a, const struct wiki_title *t, const struct wiki_user *u,
			 const char *model, const char *text, size_t len, const char **pst, size_t *pst_len,
			 const struct wt_output **out)
{
	char key[41];
	entry_key(t, u, model, text, len, key);
	int64_t now = util_now();
	struct entry *hit = NULL;
	pthread_mutex_lock(&stash.lock);
	for (size_t i = 0; i < STASH_ENTRIES && !hit; i++) {
		struct entry *x = (struct entry *)slots[i];
		if (!x || strcmp(x->key, key) != 0)
			continue;
		if (x->expires <= now) {
			wiki_ac_evict_locked(&stash, i);
			break;
		}
		hit = x;
		wiki_ac_hold_locked(&stash, &hit->ac);
	}
	pthread_mutex_unlock(&stash.lock);
	if (!hit)
		return false;
	wiki_ac_lend(&hit->ac, a);
	if (now - hit->made > STASH_FRESH) {
		/* Older: only while nothing in the wiki changed since the parse. */
		int64_t mark_rc, mark_rev;
		if (wiki_change_mark(st, &mark_rc, &mark_rev) != RC_OK || mark_rc != hit->mark_rc || mark_rev != hit->mark_rev)
			return false;
	}
	*pst = hit->pst;
	*pst_len = hit->pst_len;
	/* A rendering that depends on the revision being saved is not reused, its transform is. */
	*out = hit->out.vary_revision ? NULL : &hit->out;
	return true;
}

void wiki_edit_stash_text_put(const char *hash, const char *text, size_t len)
{
	if (len > TEXT_BYTES / 4)
		return;
	pthread_mutex_lock(&text_lock);
	int64_t now = util_now();
	size_t slot = TEXT_ENTRIES, oldest = TEXT_ENTRIES;
	for (size_t i = 0; i < TEXT_ENTRIES; i++) {
		struct text_entry *x = &texts[i];
		if (x->text && (strcmp(x->hash, hash) == 0 || x->expires <= now)) {
			text_bytes -= x->len;
			xfree(x->text);
			x->text = NULL;
		}
		if (!x->text && slot == TEXT_ENTRIES)
			slot = i;
	}
	/* Full: the entries closest to expiry (the oldest) go first. */
	while (slot == TEXT_ENTRIES || text_bytes + len > TEXT_BYTES) {
		oldest = TEXT_ENTRIES;
		for (size_t i = 0; i < TEXT_ENTRIES; i++)
			if (texts[i].text && (oldest == TEXT_ENTRIES || texts[i].expires < texts[oldest].expires))
				oldest = i;
		if (oldest == TEXT_ENTRIES)
			break;
		text_bytes -= texts[oldest].len;
		xfree(texts[oldest].text);
		texts[oldest].text = NULL;
		if (slot == TEXT_ENTRIES)
			slot = oldest;
	}
	if (slot < TEXT_ENTRIES) {
		struct text_entry *x = &texts[slot];
		memcpy(x->hash, hash, 41);
		x->hash[40] = '\0';
		x->expires = now + STASH_TTL;
		x->text = xmalloc(len + 1);
		memcpy(x->text, text, len);
		x->text[len] = '\0';
		x->len = len;
		text_bytes += len;
	}
	pthread_mutex_unlock(&text_lock);
}

const char *wiki_edit_stash_text_get(struct arena *a, const char *hash, size_t *len)
{
	const char *r = NULL;
	int64_t now = util_now();
	pthread_mutex_lock(&text_lock);
	for (size_t i = 0; i < TEXT_ENTRIES && !r; i++) {
		struct text_entry *x = &texts[i];
		if (x->text && x->expires > now && strcmp(x->hash, hash) == 0) {
			r = arena_strndup(a, x->text, x->len);
			*len = x->len;
		}
	}
	pthread_mutex_unlock(&text_lock);
	return r;
}

void wiki_edit_stash_clear(void)
{
	wiki_ac_clear(&stash);
	pthread_mutex_lock(&text_lock);
	for (size_t i = 0; i < TEXT_ENTRIES; i++) {
		xfree(texts[i].text);
		texts[i].text = NULL;
	}
	text_bytes = 0;
	pthread_mutex_unlock(&text_lock);
}
