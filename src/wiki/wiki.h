/* SPDX-License-Identifier: MIT */
/*
 * wiki.h — the wiki's own logic behind the API: start-up of the data
 * directory, titles and namespaces, pages and revisions, users, sessions
 * and rights, logs and recent changes. Modules reach the database only
 * through these functions and store.h.
 */
#ifndef WIKI_H
#define WIKI_H

#include <limits.h>

#include "../util/arena.h"
#include "../util/util.h"

/*
 * Open the data directory named in `config`: database, migrations, secret
 * key, and on a fresh directory the Admin account (its password printed
 * once as "admin password: <password>"). Returns RC_OK or RC_ERR with a
 * message on stderr.
 */
int wiki_init(void);

/* Close what wiki_init() opened. */
void wiki_shutdown(void);

struct store;
struct http_request;
struct http_response;

/* ---------- sessions (session.c) ---------- */

/*
 * The user the request acts as, from its session cookie. `anon_only`
 * (CORS origin=*) ignores cookies. Never NULL: anonymous when there is no
 * valid session. May refresh cookies on `resp`.
 */
struct wiki_user *wiki_session_user(struct arena *a, struct store *st, const struct http_request *req,
				    struct http_response *resp, bool anon_only);

/* ---------- users and rights (rights.c) ---------- */

/*
 * The user a request acts as. Anonymous users have id 0 and their IP
 * address as name. Built per request in the request arena.
 */
struct wiki_user {
	int64_t id;               /* user_id, 0 for anonymous */
	const char *name;         /* user name, or IP for anonymous */
	int64_t actor_id;         /* actor row, 0 when none exists yet */
	const char **groups;      /* explicit groups (user_groups), NULL-terminated */
	const char **rights;      /* effective rights, NULL-terminated */
	int64_t editcount;        /* user_editcount */
	const char *registration; /* 14-digit timestamp or NULL */
	const char *session_id;   /* session the request carries, or NULL */
	const char *bot_password; /* app id when logged in with a bot password */
	bool is_temp;             /* temporary account */
};

/* An anonymous user for `ip`, with the rights of group "*". */
struct wiki_user *wiki_user_anon(struct arena *a, const char *ip);

/*
 * Fill u->rights from the groups: implicit "*", "user" for accounts,
 * "autoconfirmed" by age and edit count, plus u->groups; then config
 * overrides. Call after setting id, groups, editcount, registration.
 */
void wiki_user_compute_rights(struct arena *a, struct wiki_user *u);

/* True when `u` has `right`. */
bool wiki_user_can(const struct wiki_user *u, const char *right);

/* Rights of one group (NULL-terminated, static or arena) for siteinfo/usergroups. */
const char **wiki_group_rights(struct arena *a, const char *group);

/* Every known group name, NULL-terminated (static). */
const char *const *wiki_groups_all(void);

/* Every known right name, NULL-terminated (static). */
const char *const *wiki_rights_all(void);

/* ---------- start-up state (wiki.c) ---------- */

/*
 * The HMAC key for tokens: config.secret_key when set, else a random
 * 32-byte key (64 hex digits) made on the first start and kept in the
 * database (table wikid_meta). Static; NULL before wiki_init().
 *
 * Account conventions the rest of wiki/ relies on: user id 0 means
 * anonymous; an anonymous editor is an `actor` row with actor_user NULL
 * and actor_name the IP address; every account has exactly one actor
 * row with actor_user = user_id.
 */
const char *wiki_secret_key(void);

/* ---------- passwords (password.c) ---------- */

/*
 * PBKDF2 work factor for new hashes: MediaWiki's default for its pbkdf2
 * type, so our hashes cost the same as theirs (about 15-30 ms per login
 * on one core). Raising it only affects hashes made afterwards; stored
 * hashes carry their own count.
 */
#define WIKI_PBKDF2_ITERATIONS 30000
/* Bytes of derived key (MediaWiki's default length, one SHA-512 block). */
#define WIKI_PBKDF2_LEN 64
/* Bytes of random salt per hash (as MediaWiki). */
#define WIKI_PBKDF2_SALT 16

/*
 * Hash `password` for user_password / bp_password in MediaWiki's layout
 * ":pbkdf2:sha512:30000:64:<base64 salt>:<base64 hash>" with a fresh
 * random salt. `*out` is allocated in `a`. Returns RC_OK or RC_ERR.
 */
int wiki_password_hash(struct arena *a, const char *password, const char **out);

/*
 * The same with a given salt of `salt_len` bytes (1..256); for tests and
 * for reproducing a known hash. Returns RC_OK, RC_INVALID or RC_ERR.
 */
int wiki_password_hash_salt(struct arena *a, const char *password, const unsigned char *salt,
			    size_t salt_len, const char **out);

/*
 * True when `password` matches the stored hash `stored`. Accepts the
 * ":pbkdf2:" layout with sha1/sha256/sha384/sha512, bounded iteration
 * count and length; any other or malformed value (including "" for an
 * account without a password, and NULL) gives false. The comparison is
 * constant-time.
 */
bool wiki_password_verify(const char *stored, const char *password);

/*
 * ==================================================================
 * Titles, namespaces and interwiki prefixes (namespace.c, title.c,
 * interwiki.c, charref.c). Pure logic over `config`: no database.
 * ==================================================================
 */


/* MediaWiki's built-in namespace numbers. */
enum {
	WIKI_NS_MEDIA = -2,            /* Media: direct links to files */
	WIKI_NS_SPECIAL = -1,          /* Special: generated pages */
	WIKI_NS_MAIN = 0,              /* articles, no prefix */
	WIKI_NS_TALK = 1,              /* Talk: */
	WIKI_NS_USER = 2,              /* User: */
	WIKI_NS_USER_TALK = 3,         /* User talk: */
	WIKI_NS_PROJECT = 4,           /* named after config.sitename; alias Project: */
	WIKI_NS_PROJECT_TALK = 5,      /* "<sitename> talk"; alias Project talk: */
	WIKI_NS_FILE = 6,              /* File: (alias Image:) */
	WIKI_NS_FILE_TALK = 7,         /* File talk: (alias Image talk:) */
	WIKI_NS_MEDIAWIKI = 8,         /* MediaWiki: interface messages */
	WIKI_NS_MEDIAWIKI_TALK = 9,    /* MediaWiki talk: */
	WIKI_NS_TEMPLATE = 10,         /* Template: */
	WIKI_NS_TEMPLATE_TALK = 11,    /* Template talk: */
	WIKI_NS_HELP = 12,             /* Help: */
	WIKI_NS_HELP_TALK = 13,        /* Help talk: */
	WIKI_NS_CATEGORY = 14,         /* Category: */
	WIKI_NS_CATEGORY_TALK = 15,    /* Category talk: */
};

/* "No such namespace", returned by the lookups below. */
#define WIKI_NS_NONE INT_MIN

/* One namespace as meta=siteinfo&siprop=namespaces describes it. */
struct wiki_ns {
	int id;                    /* namespace number */
	const char *canonical;     /* canonical name with spaces; "" for main */
	const char *name;          /* local name with spaces (project: the site name) */
	bool has_subpages;         /* $wgNamespacesWithSubpages */
	bool is_content;           /* counted as content ($wgContentNamespaces: main) */
	bool is_capitalized;       /* first letter upper-cased ("case": "first-letter") */
	bool is_nonincludable;     /* $wgNonincludableNamespaces */
	const char *protection;    /* right needed to edit ("namespaceprotection") or NULL */
	const char *default_model; /* "defaultcontentmodel" or NULL for the usual rules */
};

/* An extra name for a namespace (siprop=namespacealiases). */
struct wiki_ns_alias {
	const char *alias; /* with spaces, e.g. "Image talk" */
	int id;            /* namespace it names */
};

/*
 * (Re)build the namespace table from config (the project namespace is
 * named after config.sitename, spaces kept). Every lookup below builds it
 * on first use, so calling this is needed only after changing config at
 * run time (tests); that call is not thread-safe against lookups.
 */
void wiki_ns_init(void);

/* The namespace `id`, or NULL when there is none. Static storage. */
const struct wiki_ns *wiki_ns_get(int id);

/* True when namespace `id` exists. */
bool wiki_ns_valid(int id);

/*
 * Every namespace in ascending id order; `*n` gets the count. Static
 * storage, for siprop=namespaces.
 */
const struct wiki_ns *wiki_ns_all(size_t *n);

/*
 * Every alias (not the canonical or local names) for
 * siprop=namespacealiases: "Image", "Image talk". Static storage.
 */
const struct wiki_ns_alias *wiki_ns_aliases(size_t *n);

/*
 * The namespace a prefix names, MediaWiki's Language::getNsIndex: the
 * `len` bytes of `name` are compared without regard to case (full Unicode
 * lower-casing) and with '_' equal to ' ', against canonical names, local
 * names and aliases. "" is the main namespace. Returns the id or
 * WIKI_NS_NONE.
 */
int wiki_ns_from_name(const char *name, size_t len);

/* The talk namespace of `id` (id | 1), or WIKI_NS_NONE for Special/Media/unknown. */
int wiki_ns_talk(int id);

/* The subject namespace of `id` (id & ~1); negative namespaces are their own. */
int wiki_ns_subject(int id);

/* True for talk namespaces (odd, non-negative ids). */
bool wiki_ns_is_talk(int id);

/*
 * The name to write before ':' in prefixed titles: the local name
 * ("User talk", "<sitename>"), "" for main, NULL for unknown ids.
 */
const char *wiki_ns_text(int id);

/* ---------- interwiki prefixes (interwiki.c) ---------- */

/* One row of the interwiki map (MediaWiki's interwiki table). */
struct wiki_interwiki {
	const char *prefix;   /* lower-case prefix, e.g. "wikipedia" */
	const char *url;      /* URL with "$1" where the title goes */
	const char *api;      /* the wiki's api.php URL, or NULL */
	const char *wikiid;   /* the wiki's id, or NULL */
	bool is_local;        /* iw_local: a wiki of the same farm ("local") */
	bool is_trans;        /* iw_trans: transclusion allowed ("trans") */
	const char *language; /* autonym for interlanguage prefixes, else NULL */
};

/*
 * The entry for the `len` bytes of `prefix`, compared without regard to
 * case (MediaWiki lower-cases prefixes), or NULL. Static storage.
 */
const struct wiki_interwiki *wiki_interwiki_find(const char *prefix, size_t len);

/*
 * The default interwiki map (the 66 prefixes of MediaWiki's installer
 * list), sorted by prefix; `*n` gets the count. Static storage, for
 * siprop=interwikimap and for seeding the database's interwiki table.
 */
const struct wiki_interwiki *wiki_interwiki_all(size_t *n);

/* ---------- titles (title.c) ---------- */

/* Longest dbkey in bytes ($wgMaxTitleBytes semantics: 255, Special: 512). */
#define WIKI_TITLE_MAX_BYTES 255
#define WIKI_TITLE_MAX_BYTES_SPECIAL 512

/*
 * A parsed title (MediaWiki's Title). Every string is NUL-terminated and
 * lives in the arena given to the parser; none is NULL after a successful
 * parse ("" when absent).
 */
struct wiki_title {
	int ns;                       /* namespace id (the default one for interwiki titles) */
	const char *dbkey;            /* title without namespace, '_' for spaces */
	const char *text;             /* the same with spaces */
	const char *prefixed;         /* "iw:Ns:Text" with spaces, as getPrefixedText() */
	const char *prefixed_dbkey;   /* the same with underscores */
	const char *fragment;         /* text after '#', '_' turned to spaces; "" if none */
	const char *interwiki;        /* lower-case interwiki prefix, "" when local */
	const char *user_case_dbkey;  /* dbkey before first-letter capitalisation */
	bool is_external;             /* interwiki != "" */
	bool is_local_interwiki;      /* written with a prefix that names this wiki */
	/* Set when parsing fails (RC_INVALID); see wiki_title_parse(). */
	const char *err_key;          /* message key, e.g. "title-invalid-characters" */
	const char *err_params[2];    /* message parameters, in order */
	int n_err_params;             /* 0..2 */
	int err_num;                  /* for title-invalid-too-long: the byte limit */
};

/*
 * Parse `text` as MediaWiki's Title::newFromTextThrow() does, with
 * `default_ns` for text without a namespace prefix. In order:
 * HTML character references are decoded (then NFC), spaces become '_',
 * bidi marks are dropped, runs of '_' and Unicode spaces collapse and are
 * trimmed, a leading ':' selects the main namespace, namespace and
 * interwiki prefixes are split off ("Talk:" before another prefix is an
 * error), '#' starts the fragment, then the checks: illegal characters,
 * "%XX", entity-like text, relative paths, "~~~", byte length; the first
 * letter is upper-cased (not for interwiki titles), IP addresses in
 * User:/User talk: are canonicalised and a remaining leading ':' is an
 * error.
 *
 * Returns RC_OK and fills `out`, all strings in `a`. A valid title may
 * have an empty dbkey: "#frag" (a link to a section of the current page)
 * and "iw:" (the interwiki's main page). Returns RC_INVALID when the text
 * is not a title: `*err_key` (if err_key is not NULL) and out->err_key get
 * the message key (title-invalid-empty, -utf8, -characters, -relative,
 * -magic-tilde, -too-long, -leading-colon, -talk-namespace), and
 * out->err_params the parameters MediaWiki gives that message: the
 * offending characters for -characters, then always the input (after
 * reference decoding, '_' for spaces) escaped as wfEscapeWikiText() does;
 * for -too-long the byte limit comes first and is also in out->err_num
 * (a number parameter: {"num":255} in errorformat=raw).
 */
int wiki_title_parse(struct arena *a, const char *text, int default_ns, struct wiki_title *out,
		     const char **err_key);

/*
 * A title from trusted parts, as read from the database (page_namespace,
 * page_title): no checks, `dbkey` is used as given (copied into `a`).
 */
void wiki_title_make(struct arena *a, int ns, const char *dbkey, struct wiki_title *out);

/*
 * Full URL of the title: for local titles config.server +
 * config.articlepath with "$1" replaced by the prefixed dbkey, for
 * interwiki titles the interwiki URL with "$1" replaced by "Ns:dbkey";
 * both encoded as wfUrlencode() does (urlencode, then ; @ $ ! * ( ) , / ~ :
 * kept). A fragment is appended in MediaWiki's "legacy" anchor encoding.
 * Allocated in `a`.
 */
const char *wiki_title_url(struct arena *a, const struct wiki_title *t);

/*
 * The path-and-query part alone: config.articlepath with "$1" replaced by
 * the encoded prefixed dbkey, no fragment (local titles only). In `a`.
 */
const char *wiki_title_local_url(struct arena *a, const struct wiki_title *t);

/*
 * `s` encoded as MediaWiki's wfUrlencode(): bytes other than A-Z a-z 0-9
 * - _ . ; @ $ ! * ( ) , / ~ : as %XX (upper-case hex), ' ' as '+'. In `a`.
 */
char *wiki_urlencode(struct arena *a, const char *s);

/*
 * Order of titles in the database: by namespace, then dbkey bytewise
 * (MediaWiki's binary collation). Returns <0, 0 or >0.
 */
int wiki_title_key_cmp(const struct wiki_title *x, const struct wiki_title *y);

/* True when `t` is in a namespace with subpages and its dbkey contains '/'. */
bool wiki_title_is_subpage(const struct wiki_title *t);

/*
 * MediaWiki's user-name/IP canonical form (IPUtils::sanitizeIP): an IPv4
 * address loses leading zeros per octet, an IPv6 address is upper-cased
 * with "::" expanded and leading zeros dropped per word; an optional
 * "/prefix" is kept. Anything else is returned unchanged (a copy). In `a`.
 */
char *wiki_ip_sanitize(struct arena *a, const char *s);

/* True when `s` is an IPv4 or IPv6 address, optionally with a CIDR "/prefix". */
bool wiki_ip_is_address(const char *s);

/* ---------- HTML character references (charref.c) ---------- */

/*
 * Decode "&name;", "&#NNN;" and "&#xHHH;" in the `len` bytes of `s` as
 * MediaWiki's Sanitizer::decodeCharReferences(): HTML5 named references
 * (with ';' only), numeric ones outside XML's allowed characters become
 * U+FFFD, unknown names and bare '&' stay. Returns a new string in `a`;
 * `*n_refs` (if not NULL) gets how many '&' were seen, which is what
 * decides whether MediaWiki normalizes the result afterwards.
 */
char *wiki_charref_decode(struct arena *a, const char *s, size_t len, size_t *n_refs);

/*
 * The UTF-8 text of the HTML5 named reference `name` (without '&' and ';',
 * case-sensitive), or NULL when there is none. Static storage.
 */
const char *wiki_charref_named(const char *name, size_t len);

#endif
