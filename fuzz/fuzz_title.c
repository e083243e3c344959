/* SPDX-License-Identifier: MIT */
/*
 * fuzz_title.c — the title parser (src/wiki/title.c) on arbitrary bytes.
 *
 * The first input byte picks the default namespace, the rest is the title
 * text. Beyond "no crash", a title the parser accepts must be well formed:
 * valid UTF-8 without spaces in the dbkey, no more than 255 bytes (512 in
 * Special:) for a local title, and its prefixed text must parse back to
 * the same title (MediaWiki's titles are fixed points of normalisation,
 * except that a newline in the fragment stops the namespace prefix from
 * being recognised, as in MediaWiki: "Talk:A#x\ny" is "Talk:A" in the main
 * namespace, and then "Talk:A" re-parses into Talk:).
 * The helpers that take the same text (URLs, IP sanitising, character
 * references, user names) run on it too.
 */
#include "fuzz.h"

#include <utf8proc.h>

#include "util/charref.h"
#include "util/config.h"
#include "wiki/wiki.h"

/* Default namespaces to parse in: the common ones and a few odd ones. */
static const int default_ns[] = { 0, 1, 2, 3, 4, 6, 10, 14, -1, -2, 8, 12 };

static bool is_utf8(const char *s)
{
	size_t len = strlen(s);
	while (len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &cp);
		if (n <= 0)
			return false;
		s += n;
		len -= (size_t)n;
	}
	return true;
}

/* The invariants of a title the parser accepted from `in`. */
static void check_valid(struct arena *a, const char *in, const struct wiki_title *t)
{
	FUZZ_CHECK(t->dbkey && t->text && t->prefixed && t->prefixed_dbkey && t->fragment && t->interwiki,
		   "NULL string in a valid title from \"%s\"", in);
	FUZZ_CHECK(is_utf8(t->prefixed) && is_utf8(t->fragment), "invalid UTF-8 from \"%s\"", in);
	FUZZ_CHECK(!strchr(t->dbkey, ' '), "space in dbkey \"%s\"", t->dbkey);
	FUZZ_CHECK(!strchr(t->text, '_'), "underscore in text \"%s\"", t->text);
	FUZZ_CHECK(t->is_external == (t->interwiki[0] != '\0'), "is_external disagrees for \"%s\"", in);
	if (t->is_external)
		return;
	size_t max = t->ns == WIKI_NS_SPECIAL ? WIKI_TITLE_MAX_BYTES_SPECIAL : WIKI_TITLE_MAX_BYTES;
	FUZZ_CHECK(strlen(t->dbkey) <= max, "dbkey of %zu bytes from \"%s\"", strlen(t->dbkey), in);
	FUZZ_CHECK(wiki_ns_valid(t->ns), "unknown namespace %d from \"%s\"", t->ns, in);
	if (!t->dbkey[0] || strchr(in, '\n'))
		return;
	FUZZ_CHECK(!strchr(t->dbkey, '#') && !strchr(t->dbkey, '|'), "illegal byte in \"%s\"", t->dbkey);

	/* A normalised title is its own normal form. */
	struct wiki_title again;
	const char *err = NULL;
	int rc = wiki_title_parse(a, t->prefixed, WIKI_NS_MAIN, &again, &err);
	FUZZ_CHECK(rc == RC_OK, "\"%s\" (from \"%s\") does not re-parse: %s", t->prefixed, in, err ? err : "?");
	FUZZ_CHECK(again.ns == t->ns && streq(again.dbkey, t->dbkey) && streq(again.prefixed, t->prefixed),
		   "\"%s\" re-parses as %d:\"%s\"", t->prefixed, again.ns, again.dbkey);
	FUZZ_CHECK(!again.fragment[0], "\"%s\" re-parses with a fragment", t->prefixed);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	if (!ready) {
		config_defaults();
		wiki_ns_init();
		ready = true;
	}
	if (size < 1)
		return 0;
	int ns = default_ns[data[0] % ARRAY_SIZE(default_ns)];
	struct arena *a = arena_new();
	const char *in = fuzz_cstr(a, data + 1, size - 1);
	struct wiki_title t;
	const char *err = NULL;
	if (wiki_title_parse(a, in, ns, &t, &err) == RC_OK) {
		check_valid(a, in, &t);
		wiki_title_url(a, &t);
		if (!t.is_external)
			wiki_title_local_url(a, &t);
		wiki_title_is_subpage(&t);
	} else {
		FUZZ_CHECK(err && t.err_key && streq(err, t.err_key), "invalid title without a reason: \"%s\"", in);
		FUZZ_CHECK(t.n_err_params >= 0 && t.n_err_params <= 2, "%d error parameters", t.n_err_params);
		for (int i = 0; i < t.n_err_params; i++)
			FUZZ_CHECK(t.err_params[i] != NULL, "error parameter %d is NULL", i);
	}
	wiki_urlencode(a, in);
	wiki_ip_sanitize(a, in);
	wiki_ip_is_address(in);
	charref_decode(a, in, strlen(in), NULL);
	const char *name;
	wiki_user_name_canonical(a, in, (enum wiki_name_rigor)(data[0] % 3), &name);
	arena_free(a);
	return 0;
}
