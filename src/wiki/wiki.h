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

/*
 * wikid's version; the MediaWiki version it is compatible with ({{CURRENTVERSION}});
 * the generator siteinfo and XML dumps name ("MediaWiki 1.39" first, so clients parse it).
 */
#define WIKI_VERSION "0.1.0"
#define WIKI_MW_VERSION "1.39.0"
#define WIKI_GENERATOR "MediaWiki " WIKI_MW_VERSION " (wikid " WIKI_VERSION ")"

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
	const char *ip;           /* address the request came from */
	const struct wiki_block *block; /* wiki_block_for_user() result, once looked up */
	bool block_loaded;        /* block is valid (NULL meaning "not blocked") */
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

/* ---------- who may change which groups (rights.c) ---------- */

/*
 * The groups an account can be put in (MediaWiki's listAllGroups():
 * every group but "*", "user" and "autoconfirmed"), in
 * $wgGroupPermissions order. NULL-terminated, static.
 */
const char *const *wiki_groups_explicit(void);

/* Groups one may change, as UserGroupManager::getGroupsChangeableBy() lists them. */
struct wiki_changeable {
	const char **add;         /* may add to anyone (NULL-terminated) */
	const char **remove;      /* may remove from anyone */
	const char **add_self;    /* may add to themself */
	const char **remove_self; /* may remove from themself */
};

/*
 * The groups `who` may change: every explicit group (add and remove)
 * with the userrights right, else the union over `who`'s groups of the
 * [groups] configuration ($wgAddGroups, $wgRemoveGroups,
 * $wgGroupsAddToSelf, $wgGroupsRemoveFromSelf; empty by default). In `a`.
 */
void wiki_groups_changeable(struct arena *a, const struct wiki_user *who, struct wiki_changeable *out);

/* What members of `group` alone may change, as configured (siteinfo's usergroups). In `a`. */
void wiki_groups_changeable_by_group(struct arena *a, const char *group, struct wiki_changeable *out);

/* One action=userrights change (UserrightsPage::doSaveUserGroups()). */
struct wiki_rights_change {
	/* In: */
	const struct wiki_user *by;     /* performer */
	int64_t target_id;              /* the account changed */
	const char *target_name;        /* its name */
	const char *const *add;         /* groups to add, NULL-terminated */
	const char *const *add_expiry;  /* per added group: 14 digits, or NULL for none */
	const char *const *remove;      /* groups to remove, NULL-terminated */
	const char *reason;             /* log reason */
	const char *const *tags;        /* change tags for the log entry, or NULL */
	const char *ip;                 /* performer's address for recent changes */
	/* Out (in the arena): */
	const char **added;             /* groups added or renewed, NULL-terminated */
	const char **removed;           /* groups removed, NULL-terminated */
};

/*
 * Apply `c` inside the caller's write transaction as MediaWiki does:
 * only groups the performer may change (wiki_groups_changeable(), the
 * self lists when changing themself), removal only of groups held, a
 * membership the performer could not remove is never shortened, an
 * unchanged membership is not re-added; then one "rights/rights" log
 * entry (old and new groups with their expiries) when anything changed.
 * Expired memberships are dropped first. RC_OK or a store failure.
 */
int wiki_user_change_groups(struct store *st, struct arena *a, struct wiki_rights_change *c);

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
 * interwiki.c). Pure logic over `config`: no database.
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

/* ---------- special pages (special.c) ---------- */

/*
 * The canonical name of special page `name` (`len` bytes, '_' for
 * spaces, compared ignoring ASCII case, aliases included), or NULL when
 * there is no such special page. The result points into a static
 * "Name|Alias|..." entry; *canon_len gets the length of its first name.
 * In another content language its names count too, and the name is the
 * local one ("Hochladen" for Upload in German) when the language has one.
 */
const char *wiki_special_canonical(const char *name, size_t len, size_t *canon_len);

/*
 * Every special page as a "Name|Alias|..." entry (canonical name first,
 * aliases in MediaWiki's order); *n gets the count. Static storage.
 */
const char *const *wiki_special_pages(size_t *n);

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
 * The `prefixed` text wiki_title_make() gives for the same parts, without
 * the rest: `dbkey` itself when it needs no change (main namespace, no
 * underscore), else a string in `a`. For lists that show a title per row.
 */
const char *wiki_title_prefixed(struct arena *a, int ns, const char *dbkey);

/*
 * Full URL of the title: for local titles config.server +
 * config.articlepath with "$1" replaced by the prefixed dbkey, for
 * interwiki titles the interwiki URL with "$1" replaced by "Ns:dbkey";
 * both encoded as wfUrlencode() does (urlencode, then ; @ $ ! * ( ) , / ~ :
 * kept). A fragment is appended in MediaWiki's "legacy" anchor encoding.
 * Allocated in `a`.
 */
const char *wiki_title_url(struct arena *a, const struct wiki_title *t);

/* ---------- languages (language.c) ---------- */

/* A language MediaWiki knows. */
struct wiki_language {
	const char *code;    /* MediaWiki's code, e.g. "de", "zh-hans" */
	const char *bcp47;   /* the BCP 47 tag, e.g. "zh-Hans" */
	const char *autonym; /* the language's name in itself, e.g. "Deutsch" */
	bool rtl;            /* written right to left */
	const char *const *fallbacks; /* NULL-terminated languages it falls back to, or NULL for none */
	const char *const *variants;  /* NULL-terminated variants (as LanguageConverter lists them), NULL: itself */
};

/* One variant of a language with variants (LanguageConverter). */
struct wiki_lang_variant {
	const char *lang;              /* the language, e.g. "sr" */
	const char *variant;           /* the variant, e.g. "sr-ec" */
	const char *const *fallbacks;  /* NULL-terminated variants to fall back to */
};

/* Every language, sorted by code; *n receives the count. Static storage. */
const struct wiki_language *wiki_languages(size_t *n);
/* The language with `code` (exactly, lower case), or NULL. Static storage. */
const struct wiki_language *wiki_language_find(const char *code);
/*
 * The variants of the languages that have them, grouped by language in
 * code order; *n receives the count. Static storage.
 */
const struct wiki_lang_variant *wiki_language_variants(size_t *n);

/*
 * `s` escaped as MediaWiki's wfEscapeWikiText() does, so that it shows as
 * itself when a message is parsed: markup characters become numeric
 * character references ("*" at the start → "&#42;", "|" → "&#124;"). In `a`.
 */
const char *wiki_escape_wikitext(struct arena *a, const char *s);

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

/* ---------- IP addresses and ranges (ip.c) ---------- */

/*
 * The address `s` (no "/prefix") as bytes into `out`: returns 32 for
 * IPv4 (4 bytes used), 128 for IPv6 (16 bytes), 0 when it is not an
 * address.
 */
int wiki_ip_bytes(const char *s, unsigned char out[16]);

/*
 * MediaWiki's IPUtils::toHex(): 8 upper-case hex digits for IPv4, "v6-"
 * and 32 for IPv6; NULL when `ip` is not a single address. In `a`.
 */
const char *wiki_ip_hex(struct arena *a, const char *ip);

/*
 * First and last address of `s` ("addr/prefix", or one address) in the
 * hex form of wiki_ip_hex() (`start`, `end` may be NULL), and the prefix
 * length (32 or 128 for one address). Returns the family's bit count
 * (32 or 128), or RC_INVALID.
 */
int wiki_ip_range(struct arena *a, const char *s, const char **start, const char **end, int *prefix);

/* An address back from hex (IPUtils::formatHex): "" and short input pad with zeros. In `a`. */
const char *wiki_ip_from_hex(struct arena *a, const char *hex);

/*
 * IPUtils::sanitizeRange(): a range written with its network address in
 * canonical form ("1.2.3.4/24" is "1.2.3.0/24"); a single address as
 * wiki_ip_sanitize(). In `a`.
 */
const char *wiki_ip_sanitize_range(struct arena *a, const char *s);

/* True when address `ip` lies in `range` (CIDR or one address) of the same family. */
bool wiki_ip_in_range(struct arena *a, const char *ip, const char *range);

/*
 * The client's address as MediaWiki's WebRequest::getIP() finds it:
 * `peer` (the TCP peer) unless it is one of `trusted` (space- or
 * comma-separated addresses or ranges, $wgCdnServers), in which case
 * X-Forwarded-For (`xff`, may be NULL) is walked from the right past
 * every trusted hop. Sanitized, in `a`.
 */
const char *wiki_ip_client(struct arena *a, const char *peer, const char *xff, const char *trusted);

/*
 * ==================================================================
 * Accounts: user names, user rows, groups, options, passwords policy,
 * bot passwords and grants, login throttling (user.c); sessions and
 * cookies (session.c); tokens (token.c).
 * ==================================================================
 */

/* ---------- user names (user.c) ---------- */

/* $wgMaxNameChars: longest user name, in bytes as MediaWiki counts (strlen). */
#define WIKI_USER_NAME_MAX 255

/* How strictly a name is checked (MediaWiki's UserNameUtils rigor). */
enum wiki_name_rigor {
	WIKI_NAME_VALID,     /* a name an account could have (no IPs, no '/'-tricks) */
	WIKI_NAME_USABLE,    /* valid and not reserved ("MediaWiki default", ...) */
	WIKI_NAME_CREATABLE, /* usable and free of $wgInvalidUsernameCharacters "@:>" */
};

/*
 * The canonical form of a user name as UserNameUtils::getCanonical():
 * spaces for underscores, whitespace collapsed, first letter upper-cased,
 * then checked with `rigor`. `*out` (in `a`) gets the name. Returns
 * RC_OK, or RC_INVALID when the name fails the check.
 */
int wiki_user_name_canonical(struct arena *a, const char *name, enum wiki_name_rigor rigor,
			     const char **out);

/* ---------- user rows (user.c) ---------- */

/*
 * Load the account named `name` (canonical) or, when `name` is NULL,
 * the account with id `id`: user row, actor, groups (unexpired), rights
 * (wiki_user_compute_rights, then put in MediaWiki's listing order).
 * `*out` is allocated in `a`. Returns RC_OK, RC_NOTFOUND or RC_ERR.
 */
int wiki_user_load(struct arena *a, struct store *st, const char *name, int64_t id,
		   struct wiki_user **out);

/*
 * Given u->id, u->groups, u->editcount, u->registration: compute the
 * rights and order them as MediaWiki lists them (explicit groups sorted,
 * then "*", "user", "autoconfirmed"; per group in $wgGroupPermissions
 * order). With u->bot_password set, keep only rights of `grants`
 * (NULL-terminated grant names, may be NULL for none).
 */
void wiki_user_finish(struct arena *a, struct wiki_user *u, const char *const *grants);

/* Implicit groups of `u` ("*"; "user", "autoconfirmed" for accounts). NULL-terminated. */
const char **wiki_user_implicit_groups(struct arena *a, const struct wiki_user *u);

/* One user_groups row. */
struct wiki_group_membership {
	const char *group;  /* ug_group */
	const char *expiry; /* 14-digit ug_expiry, or NULL for permanent */
};

/*
 * Unexpired group memberships of user `uid`, sorted by group name.
 * `*out` (in `a`) gets `*n` entries. Returns RC_OK or RC_ERR.
 */
int wiki_user_memberships(struct arena *a, struct store *st, int64_t uid,
			  struct wiki_group_membership **out, size_t *n);

/*
 * Create an account: user row (password hashed unless NULL, which stores
 * "" so the account cannot log in with a password), actor row (reusing
 * an IP-less actor of the same name), site_stats.ss_users + 1, in one
 * transaction. `name` must be canonical and creatable. `*uid` gets the
 * new id. Returns RC_OK, RC_CONFLICT when the name is taken, or RC_ERR.
 */
int wiki_user_create(struct store *st, struct arena *a, const char *name, const char *password,
		     const char *email, const char *realname, int64_t *uid);

/*
 * Set account `uid`'s main password (hashed; no policy check here) and,
 * as MediaWiki does on any change of the main credentials, make every
 * bot password of the account unusable until it is reset and drop the
 * temporary password. Returns RC_OK
 * or RC_ERR.
 */
int wiki_user_set_password(struct store *st, struct arena *a, int64_t uid, const char *password);

/*
 * Give account `uid` the temporary password `password` (hashed into
 * user_newpassword, user_newpass_time now), in a write transaction of
 * its own; the main password stays. wiki_user_check_password() accepts
 * it for WIKI_TEMP_PASSWORD_TTL seconds. RC_OK or RC_ERR.
 */
int wiki_user_set_temp_password(struct store *st, struct arena *a, int64_t uid, const char *password);

/* How long a temporary password works ($wgNewPasswordExpiry: a week). */
#define WIKI_TEMP_PASSWORD_TTL (7 * 86400)

/* Drop account `uid`'s temporary password (user_newpassword). RC_OK or RC_ERR. */
int wiki_user_clear_temp_password(struct store *st, int64_t uid);

/*
 * Seconds since the session `session_id` was logged in (its creation),
 * for MediaWiki's reauthentication window of security-sensitive
 * operations; -1 when the session is unknown.
 */
long wiki_session_age(struct store *st, const char *session_id);

/*
 * Check a main-account password. Returns RC_OK and `*uid` when `name`
 * (canonical) has an account whose password matches (`*by_temp` true
 * when it was the fresh temporary password of a reset), RC_NOTFOUND
 * when there is no such account, RC_INVALID for a wrong password.
 */
int wiki_user_check_password(struct store *st, struct arena *a, const char *name,
			     const char *password, int64_t *uid, bool *by_temp);

/* The current time as a 14-digit MediaWiki timestamp into `out`. */
void wiki_timestamp_now(char out[15]);

/* A 14-digit timestamp as ISO 8601 "YYYY-MM-DDTHH:MM:SSZ" in `a`; NULL for NULL/bad input. */
const char *wiki_timestamp_iso(struct arena *a, const char *ts14);
/* The same into `out`: returns 20, or 0 (and "" in `out`) for NULL/bad input. */
size_t wiki_timestamp_iso_to(const char *ts14, char out[21]);

/* ---------- pages and revisions (page.c) ---------- */

struct store;

/* Largest page text in bytes: MediaWiki's $wgMaxArticleSize, 2048 KiB. */
#define WIKI_MAX_ARTICLE_BYTES (2048 * 1024)

/*
 * Every serialization format MediaWiki's content handlers name (the
 * values of contentformat parameters), NULL-terminated; each model
 * supports exactly its own one (wiki_model_format()).
 */
extern const char *const wiki_content_formats[];

/* Every content model MediaWiki's handlers name (contentmodel parameters' values), NULL-terminated. */
extern const char *const wiki_content_models[];

/*
 * The text-level pre-save transform (TextContent's): trailing whitespace
 * cut, "\r\n" and "\r" made "\n". A NUL-terminated copy in `a`, its length
 * in *out_len.
 */
const char *wiki_text_normalize(struct arena *a, const char *s, size_t len, size_t *out_len);

/* The serialization format of content model `model` ("text/x-wiki" for wikitext and unknown models). */
const char *wiki_model_format(const char *model);

/* A page as read inside a save transaction (wiki_page_load()). */
struct wiki_page {
	int ns;                /* namespace */
	const char *dbkey;     /* title, '_' for spaces */
	int64_t id;            /* page_id, 0 when the page does not exist */
	int64_t latest;        /* page_latest (0 when new) */
	int64_t len;           /* page_len */
	const char *model;     /* page_content_model */
	const char *latest_ts; /* rev_timestamp of the latest revision, 14 digits */
	bool is_redirect;      /* page_is_redirect */
	const char *text;      /* text of the latest revision ("" when new) */
	size_t text_len;       /* its length */
};

/* Read page ns:dbkey and its latest text into *p (arena strings). RC_OK even when missing (id 0). */
int wiki_page_load(struct store *st, struct arena *a, int ns, const char *dbkey, struct wiki_page *p);

/* The text (and model, when `model` is not NULL) of revision `rev`, in `a`. RC_NOTFOUND when unknown. */
int wiki_revision_text(struct store *st, struct arena *a, int64_t rev, const char **text, size_t *len,
		       const char **model);

/*
 * Does MediaWiki count a page with this text as an article
 * ($wgArticleCountMethod "link": main namespace, wikitext, not a
 * redirect, at least one "[[")? Scratch memory from `a`.
 */
bool wiki_page_countable(struct arena *a, int ns, const char *model, const char *text);

/*
 * The content model a page ns:dbkey gets when nothing else says: the
 * namespace's default, else css/javascript/json for .css/.js/.json pages
 * in the MediaWiki namespace and user subpages, else wikitext. Static.
 */
const char *wiki_default_model(int ns, const char *dbkey);

/*
 * `s` upper-cased as Language::uc() does (PHP's mb_strtoupper: full
 * Unicode mappings, "ß" gives "SS"). A new string in `a`, or `s` itself
 * when it is not UTF-8.
 */
const char *wiki_uc(struct arena *a, const char *s);

/* ---------- link tables (linksupdate.c) ---------- */

struct wt_output;

/*
 * MediaWiki's LinksUpdate: make the link tables of page `page_id`
 * (namespace `ns`, title `dbkey`) say what parser output `out` lists —
 * pagelinks, templatelinks, imagelinks, externallinks, langlinks,
 * iwlinks, page_props and categorylinks — and set page_links_updated to
 * `now`. Each table is diffed against the rows the page has: rows that
 * stay are not touched (categorylinks keep their cl_timestamp), the
 * category counts move for categories joined or left, and a category
 * left empty loses its row unless its page exists. Run inside the
 * caller's write transaction. Returns RC_OK or RC_ERR.
 */
int wiki_links_update(struct store *st, struct arena *a, int64_t page_id, int ns, const char *dbkey,
		      const struct wt_output *out, const char *now);

/*
 * The rendering wiki_links_refresh() makes the link tables from, alone:
 * revision `rev_id` (text `text` of `len` bytes, content model `model`,
 * NULL for wikitext) of page `page_id` titled `t`, saved at `rev_ts`,
 * rendered into *out (in `a`), or *out left empty for other models.
 * Only reads the store, so a connection of another thread may render
 * while the writer writes. RC_OK, RC_TOOBIG for a text past the
 * parser's size caps (whose rows stay as they are), or a failure.
 */
int wiki_links_render(struct store *st, struct arena *a, const struct wiki_title *t, int64_t page_id, int64_t rev_id,
		      const char *text, size_t len, const char *model, const char *rev_ts, struct wt_output *out);

/*
 * The secondary-data update of a save: render revision `rev_id` (text
 * `text` of `len` bytes, content model `model`, NULL for wikitext) of
 * page `page_id` titled `t`, saved at `rev_ts` (14 digits: what
 * {{REVISIONTIMESTAMP}} and its family show), and wiki_links_update()
 * the link tables, stamped `now`, with what the parser found (nothing
 * for other models). A text past the parser's size caps leaves the rows
 * as they are. Inside the caller's write transaction. RC_OK or RC_ERR.
 */
int wiki_links_refresh(struct store *st, struct arena *a, const struct wiki_title *t, int64_t page_id, int64_t rev_id,
		       const char *text, size_t len, const char *model, const char *rev_ts, const char *now);

/*
 * LinksDeletionUpdate: remove every link-table row of page `page_id`
 * (namespace `ns`), the category counts following. RC_OK or RC_ERR.
 */
int wiki_links_clear(struct store *st, struct arena *a, int64_t page_id, int ns);

/* ---------- the job queue (jobs.c) ---------- */

/*
 * Queue a job of type `cmd` ("refreshLinks", "htmlCacheUpdate") about
 * page ns:dbkey with form-encoded `params` (NULL for none), unless the
 * same job is waiting already. Inside the caller's transaction, so the
 * job exists exactly when the change that asked for it does. RC_OK or a
 * store failure.
 */
int wiki_job_push(struct store *st, const char *cmd, int ns, const char *dbkey, const char *params);

/* What happened to a title, for wiki_jobs_title_changed(). */
enum wiki_jobs_change {
	WIKI_JOBS_EDIT,   /* a new revision of an existing page */
	WIKI_JOBS_CREATE, /* the page came into existence (creation, undeletion, move target) */
	WIKI_JOBS_DELETE, /* the page is gone (deletion, move without redirect) */
};

/*
 * Queue the jobs MediaWiki queues after a change of page ns:dbkey, for
 * each kind of backlink the page has: refreshLinks and htmlCacheUpdate of
 * the pages transcluding it; htmlCacheUpdate of pages showing it as an
 * image, and for an edit of pages redirecting to it; for a creation or
 * deletion, htmlCacheUpdate of the pages linking to it (and of the
 * members of a category). Nothing when nothing links to it. In the
 * caller's write transaction. RC_OK or a store failure.
 */
int wiki_jobs_title_changed(struct store *st, int ns, const char *dbkey, enum wiki_jobs_change change);

/* Jobs waiting to run (unclaimed, tries left) into *n. RC_OK or a store failure. */
int wiki_jobs_pending(struct store *st, int64_t *n);

/* Bounds of one run of the queue (JobRunner::run's options). */
struct wiki_jobs_limits {
	const char *type; /* only jobs of this type, or NULL for any */
	long max_jobs;    /* stop after this many jobs; 0: no limit */
	double max_time;  /* stop after this many seconds; 0: no limit */
};

/* One job run. */
struct wiki_jobs_done {
	const char *type;  /* job_cmd */
	bool ok;           /* it succeeded (else it was released for a retry or dropped) */
	const char *error; /* why it failed, or NULL */
	int64_t time_ms;   /* how long it ran */
};

/* What a run did (JobRunner's response). */
struct wiki_jobs_report {
	struct wiki_jobs_done *jobs; /* in order */
	size_t n_jobs;               /* entries in jobs */
	const char *reached;         /* why it stopped: "none-ready", "job-limit", "time-limit", "read-only" */
	int64_t elapsed_ms;          /* wall time of the run */
	int64_t memory;              /* peak resident memory of the process, bytes */
};

/*
 * Claim and run jobs on `st` until the queue is empty or a limit of
 * `lim` is reached; each job in a transaction of its own (call outside
 * any). `rep` is filled in `a`. Returns RC_OK, or a store failure while
 * claiming (the jobs run before it are in `rep`); a job's own failure is
 * reported in `rep`, not returned.
 */
int wiki_jobs_run(struct store *st, struct arena *a, const struct wiki_jobs_limits *lim, struct wiki_jobs_report *rep);

/*
 * Start the background runner: after every request (see
 * wiki_jobs_after_request()) it owes `run_rate` more jobs ($wgJobRunRate;
 * 0.5 is one job every other request, 0 none) and runs them on a
 * connection of its own, off the requests' path. Also runs the async
 * Special:RunJobs requests. Call once, after config_finish(). RC_OK or
 * RC_ERR when the thread cannot start.
 */
int wiki_jobs_start(double run_rate);

/* Stop the background runner after its current job (before wiki_shutdown()). No-op when not started. */
void wiki_jobs_stop(void);

/* A request was served: the background runner owes run_rate more jobs. Cheap; never blocks on jobs. */
void wiki_jobs_after_request(void);

/*
 * Hand a run with limits `lim` to the background runner (async
 * Special:RunJobs). `lim->type` is copied. False when the runner is not
 * started or has too many runs waiting.
 */
bool wiki_jobs_run_async(const struct wiki_jobs_limits *lim);

/* `wikid --run-jobs`: run the queue until it is empty, with a progress line. Exit status. */
int wiki_jobs_run_cli(void);

/*
 * After `wikid --import`: the queued refreshLinks jobs of single pages
 * (one per imported page) run in batches of pages per transaction, with
 * a progress bar, then the rest of the queue as wiki_jobs_run_cli()
 * runs it. Exit status.
 */
int wiki_jobs_import_links_cli(void);

/* One page of a pass over the whole wiki (wiki_pages_each). */
struct wiki_page_ref {
	int64_t id;        /* page_id */
	int ns;            /* page_namespace */
	const char *dbkey; /* page_title */
	int64_t latest;    /* page_latest */
};

/* What wiki_pages_each() does to one page, inside the batch's transaction; RC_OK to go on. */
typedef int wiki_page_fn(struct store *st, struct arena *a, const struct wiki_page_ref *p, void *data);

struct progress;

/*
 * Call `fn` for every page in page id order, `batch` pages per
 * transaction, updating (and finally closing) the progress bar `bar`.
 * *done gets the number of pages handled. Returns RC_OK or the first
 * failure (its batch rolled back). pagewalk.c.
 */
int wiki_pages_each(struct store *st, size_t batch, struct progress *bar, wiki_page_fn *fn, void *data,
		    int64_t *done);

/* `wikid --rebuild-links`: re-render every page and rewrite its link tables, with a progress line. Exit status. */
int wiki_links_rebuild_cli(void);

/*
 * cl_sortkey of a page titled `title_text` (without namespace, spaces)
 * under sort key prefix `prefix` ("" or NULL for none), in the
 * "uppercase" collation: the prefix, a line feed and the title, upper-
 * cased (Title::getCategorySortkey + Collation::getSortKey). In `a`.
 */
const char *wiki_category_sortkey(struct arena *a, const char *title_text, const char *prefix);

/*
 * The el_index values of external link `url` (LinkFilter::makeIndexes):
 * the host lower-cased with its labels reversed and a dot after them
 * ("http://com.example.www./path"), an IPv4/IPv6 host marked V4./V6.,
 * mailto: as "mailto:domain.reversed.@local"; a protocol-relative URL has
 * two, for http: and https:. Fills out[0..] in `a`, returns the count
 * (0 when `url` has no scheme).
 */
int wiki_extlink_indexes(struct arena *a, const char *url, const char *out[2]);

/*
 * The text of a redirect to `to` in content model `model` (the content
 * handler's makeRedirectContent()), or NULL when the model has none:
 * wikitext "#REDIRECT [[...]]", CSS an @import and JavaScript an
 * mw.loader.load() of the target's raw text (move.c). In `a`.
 */
const char *wiki_redirect_text(struct arena *a, const char *model, const struct wiki_title *to);

/*
 * The length of the redirect magic word at the start of `p` (`avail`
 * bytes there): "#REDIRECT" in any case, or the longest of the content
 * language's synonyms ("#WEITERLEITUNG", Messages*.php) that matches,
 * case-insensitively; 0 when there is none.
 */
size_t wiki_redirect_word(const char *p, size_t avail);

/* Target text of a wikitext redirect ("#REDIRECT [[Target|...]]"), arena copy, or NULL. */
const char *wiki_redirect_target(struct arena *a, const char *text);

/* One new revision for wiki_page_save(). */
struct wiki_edit {
	/* In: */
	const struct wiki_title *title;  /* the page */
	const struct wiki_user *user;    /* the editor */
	int64_t actor;                   /* the editor's actor id read in this transaction, or 0: looked up */
	const struct wiki_page *old;     /* the page as loaded in this transaction */
	const char *text;                /* the new text, already pre-save transformed */
	size_t len;                      /* its length */
	const char *model;               /* its content model */
	const char *summary;             /* edit summary; "" or NULL for the automatic one */
	bool minor;                      /* minor edit (ignored for new pages) */
	bool bot;                        /* bot edit (the caller checked the right) */
	const char *const *tags;         /* more change tags, NULL-terminated, or NULL */
	bool no_autosummary;             /* keep an empty summary empty (the installer's edits) */
	bool no_rc;                      /* no recent-changes row (EDIT_SUPPRESS_RC: a move's redirect) */
	bool no_creation_log;            /* a new page gets no create log entry (a move's redirect) */
	bool no_links;                   /* no link-table update (the installer's page: nothing to link yet) */
	const struct wt_output *rendered; /* the text's rendering made in advance (edit stash), or NULL */
	/* Out: */
	int64_t page_id;                 /* the page (new or old) */
	int64_t rev_id;                  /* the new revision */
	int64_t rc_id;                   /* its recent-changes row */
	char timestamp[15];              /* its timestamp, 14 digits */
};

/*
 * A new page row for ns:dbkey with no revision yet (page_latest 0,
 * page_is_new 1, a fresh page_random), with id `want_id` when it is > 0
 * (undeletion gives a page its old id back), else a new id in
 * `*page_id`. Inside a write transaction. RC_OK, RC_CONFLICT or a failure.
 */
int wiki_page_insert(struct store *st, int ns, const char *dbkey, int64_t want_id, const char *now, int64_t *page_id);

/*
 * Make revision `rev_id` (text `text` of `len` bytes, `model`) the
 * current one of page `page_id` (MediaWiki's updateRevisionOn()):
 * page_latest, page_len, page_touched = `now`, page_is_new, redirect
 * flag and content model, and the redirect row set or removed.
 */
int wiki_page_set_latest(struct store *st, struct arena *a, int64_t page_id, int64_t rev_id, const char *text,
			 size_t len, const char *model, bool is_new, const char *now);

/*
 * A null revision of page `page_id` by `user` (MediaWiki's
 * newNullRevision + updateRevisionOn): the latest revision's content,
 * length and hash again, with `comment` and `minor`, as the page's new
 * latest revision; page_is_new drops. No recent-changes row and no edit
 * count, as in MediaWiki: the log entry that caused it is the change.
 * Protection and moves record themselves in the history this way. Call
 * inside a write transaction. `*rev_id` gets the new revision,
 * `*parent_id` (may be NULL) the previous latest. RC_OK or a failure.
 */
int wiki_revision_null(struct store *st, struct arena *a, int64_t page_id, const struct wiki_user *user,
		       const char *comment, bool minor, int64_t *rev_id, int64_t *parent_id);

/*
 * Write the revision of `e` inside the caller's transaction: content,
 * comment (MediaWiki's automatic summary when none is given), revision,
 * slot, page row, redirect row, recent changes, change tags (the
 * automatic one for redirects, blanking and replacing, plus e->tags),
 * edit count and site statistics. The caller decided that the edit is
 * allowed and not a null edit. RC_OK, or the store's error.
 */
int wiki_page_save(struct store *st, struct arena *a, struct wiki_edit *e);

/* ---------- rendering wikitext (parse.c) ---------- */

struct wt_site;
struct wt_host;
struct wt_title;
struct wt_options;
struct wt_output;

/*
 * The parser's site configuration (src/parser/wt.h) for this wiki: names
 * and URLs from config, the namespace and interwiki tables, MediaWiki
 * 1.39's defaults for the rest. Built on first use (thread-safe), static.
 */
const struct wt_site *wiki_wt_site(void);

/* The parser's form of `t`; the strings are borrowed from `t`. */
void wiki_wt_title(const struct wiki_title *t, struct wt_title *out);

/*
 * Host callbacks (struct wt_host) that answer the parser from the
 * database through `st`: page existence and redirects in batches,
 * template text (current revision, up to two redirects followed),
 * MediaWiki: message pages with wiki_message_default() defaults, user
 * gender, category counts, site statistics and protection. Its state is
 * allocated in `a`; it is valid as long as `a` and `st` are.
 */
void wiki_wt_host(struct store *st, struct arena *a, struct wt_host *out);

/* ---------- interface messages (messages.c) ---------- */

/*
 * The built-in text of interface message `key` (MediaWiki's key, first
 * letter lower-case): the parser's labels, tracking categories and
 * warnings, month and weekday names, separators; "mainpage" is the
 * configured main page. NULL when the wiki has none. Static.
 */
const char *wiki_message_default(const char *key);

/* The number of built-in messages, and the key of the i-th, in strcmp() order. */
size_t wiki_message_count(void);
const char *wiki_message_key(size_t i);

/*
 * The local text of message `key` from the page MediaWiki:Key, or
 * MediaWiki:Key/lang when `lang` is given (a language other than the
 * content language): RC_OK with *text in `a`, RC_NOTFOUND when there is
 * no such page, else a store error.
 */
int wiki_message_page(struct store *st, struct arena *a, const char *key, const char *lang, const char **text);

/* What is being rendered, for wiki_render() and wiki_expand(). */
struct wiki_render_opts {
	const struct wiki_title *title; /* the page the text belongs to (NULL: "Main Page") */
	int64_t page_id;                /* its page id, 0 when it does not exist */
	int64_t rev_id;                 /* the revision rendered, 0 for unsaved text */
	bool rev_current;               /* rev_id is the page's current revision */
	const char *rev_user;           /* author of the revision (REVISIONUSER), NULL when unknown */
	const char *rev_timestamp;      /* its 14-digit timestamp, NULL: now */
	int64_t rev_size;               /* its size in bytes, 0: the text's length */
	const struct wiki_user *user;   /* the reader (signatures, gender), NULL when none */
	const char *user_lang;          /* the reader's interface language (uselang), NULL: the wiki's */
	bool is_preview;                /* an edit preview */
	bool is_section_preview;        /* a preview of one section */
	bool no_edit_section;           /* no edit-section links */
	bool no_toc;                    /* no table of contents */
	bool no_wrap;                   /* no mw-parser-output wrapper */
	bool no_limit_report;           /* no limit report comment */
	bool user_signature;            /* the text was signed by its pre-save transform (a complication) */
};

/* The parser's options (struct wt_options) for `ro`; the time of the parse is now. */
void wiki_wt_options(struct arena *a, const struct wiki_render_opts *ro, struct wt_options *out);

/*
 * Render `len` bytes of wikitext as the page `ro` describes: the HTML and
 * every collection of the parser output (links, templates, categories,
 * external links, images, language and interwiki links, properties,
 * sections, display title, indicators, limit report) in `*out`,
 * allocated in `a`. RC_OK or RC_TOOBIG (see wt_parse()).
 */
int wiki_render(struct store *st, struct arena *a, const struct wiki_render_opts *ro, const char *text, size_t len,
		struct wt_output *out);

/* How long a rendering stays valid when nothing in it expires sooner ($wgParserCacheExpireTime). */
#define WIKI_PARSER_CACHE_TTL 86400

/* Facts of one rendering for the limit report (limitreportdata, the NewPP comment). */
struct wiki_render_report {
	double cpu;       /* CPU seconds the parse took */
	double wall;      /* real seconds */
	char cached[15];  /* time of the parse, 14 digits */
	int ttl;          /* seconds the output stays valid */
	bool from_cache;  /* the rendering came from the parser cache */
};

/*
 * wiki_render(), also filling `*rep` (when not NULL). Unless
 * ro->no_limit_report, the HTML ends with MediaWiki's "NewPP limit
 * report" and transclusion time comments (inside the wrapper).
 */
int wiki_render_report(struct store *st, struct arena *a, const struct wiki_render_opts *ro, const char *text,
		       size_t len, struct wt_output *out, struct wiki_render_report *rep);

/*
 * wiki_render_report() through the parser cache (parsercache.c) when
 * ro->rev_id names a saved revision and `text` is its text: a rendering
 * of the same revision with the same options is reused while nothing in
 * the wiki changed since it was made (rep->from_cache tells). `*out`
 * then points into the cache entry, which stays alive until `a` is
 * freed; treat it as read-only. Without a revision it is a plain render.
 */
int wiki_render_cached(struct store *st, struct arena *a, const struct wiki_render_opts *ro, const char *text,
		       size_t len, struct wt_output *out, struct wiki_render_report *rep);

/*
 * The lines of the transclusion time report of `out` (Parser's
 * limitreport-timingprofile): the ten entries that took longest, the
 * whole parse ("-total", `wall` seconds) among them, each as
 * "%6.2f%% %8.3f %6d name" (percent of the total, milliseconds, calls,
 * the template's prefixed dbkey HTML-escaped). *lines gets an array in
 * `a`; returns its length.
 */
size_t wiki_timing_profile(struct arena *a, const struct wt_output *out, double wall, const char ***lines);

/* Drop every entry of the parser cache (tests; entries in use are freed when their readers finish). */
void wiki_parser_cache_clear(void);

/*
 * The wiki's change mark: the newest recent-changes row and the newest
 * revision, which every edit, creation, deletion, move, undeletion and
 * import advances (the parser cache and the edit stash trust a rendering
 * only while it is unchanged). RC_OK or the store's failure.
 */
int wiki_change_mark(struct store *st, int64_t *rc, int64_t *rev);

/* The SHA-1 of `len` bytes at `data` as 40 lowercase hex digits and a NUL, into `out`. */
void wiki_sha1_hex(const void *data, size_t len, char out[41]);

/*
 * action=stashedit's work (editstash.c): the pre-save transform of
 * `len` bytes of `text` (the whole new text of page `t`, id `page_id`
 * or 0 when it does not exist, in content model `model`, as user `u`
 * will save it) and, for wikitext, its rendering, kept in memory for the
 * edit that follows. *status gets MediaWiki's answer: "stashed", or
 * "error_parse" when the text is past a size cap. RC_OK, or the store's
 * failure.
 */
int wiki_edit_stash(struct store *st, const struct wiki_title *t, int64_t page_id, const struct wiki_user *u,
		    const char *model, const char *text, size_t len, const char **status);

/*
 * The stashed work for an edit by `u` of `t` to `text` (before the
 * pre-save transform) in `model`, when there is one still usable: true
 * with *pst and *pst_len the transformed text and *out the rendering (NULL
 * when it depends on the revision being saved and must be made again).
 * Both stay valid as long as the arena `a`, which holds a reference.
 */
bool wiki_edit_stash_get(struct store *st, struct arena *a, const struct wiki_title *t, const struct wiki_user *u,
			 const char *model, const char *text, size_t len, const char **pst, size_t *pst_len,
			 const struct wt_output **out);

/* Keep a copy of `len` bytes of `text` under its SHA-1 `hash` (40 hex digits) for stashedtexthash=. */
void wiki_edit_stash_text_put(const char *hash, const char *text, size_t len);

/* The text kept under `hash`, copied into `a` with its length in *len, or NULL when there is none (or it expired). */
const char *wiki_edit_stash_text_get(struct arena *a, const char *hash, size_t *len);

/* Drop every stashed edit and text (tests). */
void wiki_edit_stash_clear(void);

/*
 * Expand templates in `len` bytes of wikitext as action=expandtemplates
 * does (wt_preprocess()); `keep_comments` keeps <!-- -->. `*res` and
 * `*res_len` get the wikitext, `*out` what was recorded on the way, all
 * in `a`. RC_OK or RC_TOOBIG.
 */
int wiki_expand(struct store *st, struct arena *a, const struct wiki_render_opts *ro, bool keep_comments,
		const char *text, size_t len, const char **res, size_t *res_len, struct wt_output *out);

/*
 * The pre-save transform a save of `model` content gets as page `title`
 * by `user` (ContentHandler::preSaveTransform): wt_pst() for wikitext,
 * CSS and JavaScript (MediaWiki 1.39 transforms code pages whatever the
 * pst-cssjs preference says), with the signature from the nickname and
 * fancysig preferences; other models keep the text. `*res` and `*res_len` get the text in `a`; `*is_signed`
 * (may be NULL) whether a signature went in. RC_OK or RC_TOOBIG.
 */
int wiki_pst(struct store *st, struct arena *a, const struct wiki_title *title, const char *model,
	     const struct wiki_user *user, const char *text, size_t len, const char **res, size_t *res_len,
	     bool *is_signed);

/* ---------- sections of wikitext (section.c) ---------- */

/*
 * Parse a section id as action=edit takes it: digits, or "T-" and digits
 * (the section as the page reads when transcluded). RC_OK or RC_INVALID.
 */
int wiki_section_id(const char *s, long *n, bool *transcluded);

/*
 * Read a section id as prop=revisions' rvsection does, which never fails:
 * the integer at the start of the part after the last '-' ("x" is 0).
 */
void wiki_section_id_lax(const char *s, long *n, bool *transcluded);

/*
 * Byte range [*start, *end) of section `n` of wikitext `text`: 0 is the
 * text before the first heading, N the N-th heading with everything up to
 * the next heading of the same or a higher level. RC_NOTFOUND when there
 * is no such section or it lies inside a template call. Scratch memory
 * comes from `a`.
 */
int wiki_section_find(struct arena *a, const char *text, size_t len, long n, bool transcluded, size_t *start,
		      size_t *end);

/* Section `n` as a view into `text`, trailing whitespace cut. RC_NOTFOUND as above. */
int wiki_section_get(struct arena *a, const char *text, size_t len, long n, bool transcluded, const char **out,
		     size_t *out_len);

/*
 * `text` with section `n` replaced by `repl` (a blank line is kept after
 * a non-empty replacement; an empty one removes the section), trailing
 * whitespace cut. *out is a NUL-terminated copy in `a`. RC_NOTFOUND above.
 */
int wiki_section_replace(struct arena *a, const char *text, size_t len, long n, bool transcluded,
			 const char *repl, size_t repl_len, char **out, size_t *out_len);

/* ---------- preferences (user.c) ---------- */

/* Kinds of preference defaults, for the JSON type they are written with. */
enum wiki_option_type {
	WIKI_OPT_INT,    /* a number: 0, 1, 50 ... */
	WIKI_OPT_STRING, /* text */
	WIKI_OPT_BOOL,   /* true/false (search-match-redirect) */
};

/* One default preference ($wgDefaultUserOptions plus core's computed ones). */
struct wiki_option_default {
	const char *name;           /* preference name */
	const char *value;          /* default value as text */
	enum wiki_option_type type; /* how siteinfo/userinfo write it */
};

/*
 * The default preferences in MediaWiki 1.39's order (userinfo options,
 * siteinfo defaultoptions). Static; `*n` gets the count.
 */
const struct wiki_option_default *wiki_user_default_options(size_t *n);

/* The default of preference `name`, or NULL when it is not a preference. */
const struct wiki_option_default *wiki_user_option_default(const char *name);

/*
 * The user's stored preferences (user_properties) as parallel arrays in
 * `a`: `*names`, `*values`, `*n` entries, sorted by name.
 */
int wiki_user_options_load(struct arena *a, struct store *st, int64_t uid, const char ***names,
			   const char ***values, size_t *n);

/*
 * Set preference `name` of `uid` to `value`; a value equal to the
 * default (or NULL) deletes the row, as MediaWiki keeps only non-defaults.
 */
int wiki_user_option_set(struct store *st, int64_t uid, const char *name, const char *value);

/*
 * The value of preference `name` for `uid`: the stored one, else the
 * default, else NULL for an unknown preference. Anonymous users (uid 0)
 * get the default. In `a` or static.
 */
const char *wiki_user_option_get(struct store *st, struct arena *a, int64_t uid, const char *name);

/* ---------- password policy (user.c) ---------- */

/* One complaint of the password policy. */
struct wiki_pw_problem {
	const char *key;   /* message key, e.g. "passwordtooshort" */
	long param;        /* numeric $1 (length limits), or -1 for none */
	bool fatal;        /* the password cannot be used at all (not just "change") */
};

/*
 * Check `password` for account `name` (canonical, may be NULL) in
 * `groups` (explicit groups, NULL-terminated, may be NULL) against
 * MediaWiki 1.39's default $wgPasswordPolicy: minimal length 1 (10 for
 * sysop, interface-admin, bureaucrat, bot), maximal length 4096, not a
 * substring of the user name, not a known default-credential pair, not
 * in the common-passwords list. `*out` (in `a`) gets `*n` problems.
 */
void wiki_password_policy(struct arena *a, const char *name, const char *const *groups,
			  const char *password, struct wiki_pw_problem **out, size_t *n);

/* ---------- common passwords (commonpw.c) ---------- */

/*
 * Index the embedded list of the 100,000 most common passwords (once;
 * thread-safe). wiki_init() calls it so the first check costs nothing;
 * the lookups below call it too.
 */
void wiki_commonpw_init(void);

/* Number of passwords in the list. */
size_t wiki_commonpw_count(void);

/* True when `password` is in the list (exact, case-sensitive match). */
bool wiki_commonpw_has(const char *password);

/* ---------- bot passwords and grants (user.c) ---------- */

/* Core grant names ($wgGrantPermissions keys), NULL-terminated, static. */
const char *const *wiki_grants_all(void);

/* Rights of grant `grant` (NULL-terminated, static), or NULL for an unknown grant. */
const char *const *wiki_grant_rights(const char *grant);

/* Length of a generated bot password (MediaWiki: 32 base-32 characters). */
#define WIKI_BOTPASSWORD_LEN 32

/*
 * Create (or replace) the bot password `app_id` of account `user`
 * (canonical) with `grants` ('|' or ','-separated grant names; "basic"
 * is always added). `*password` (in `a`) gets the generated password.
 * Returns RC_OK, RC_NOTFOUND (no such user), RC_INVALID (bad app id or
 * grant) or RC_ERR.
 */
int wiki_botpassword_create(struct store *st, struct arena *a, const char *user, const char *app_id,
			    const char *grants, const char **password);

/*
 * Check "User@app" / password. Returns RC_OK with `*uid` and `*grants`
 * (in `a`, NULL-terminated), RC_NOTFOUND when there is no such bot
 * password, RC_INVALID for a wrong password.
 */
int wiki_botpassword_check(struct store *st, struct arena *a, const char *user, const char *app_id,
			   const char *password, int64_t *uid, const char ***grants);

/* The grants of bot password (uid, app_id), NULL-terminated in `a`; NULL when none. */
const char **wiki_botpassword_grants(struct store *st, struct arena *a, int64_t uid,
				     const char *app_id);

/*
 * Command-line helper for `wikid --add-botpassword USER APPID GRANTS`:
 * opens the configured data directory (wiki_init() must have run),
 * creates the bot password and prints "USER@APPID PASSWORD". Returns a
 * process exit status.
 */
int wiki_botpassword_cli(const char *user, const char *app_id, const char *grants);

/* ---------- rate limits (ratelimit.c) ---------- */

/* One limit of $wgRateLimits: `hits` actions per `seconds` for one kind of actor. */
struct wiki_ratelimit {
	const char *action; /* "edit", "move", "mailpassword", ... */
	const char *kind;   /* "anon", "user", "newbie", "ip", "subnet", "ip-all", "subnet-all" or a group */
	int hits;           /* actions allowed per window */
	int seconds;        /* window length */
};

/*
 * User::pingLimiter(): true when `u` (acting from u->ip) has used up a
 * limit of `action`. With `incr` > 0 the action is counted as well —
 * in every applicable counter, and only when none is exhausted — in a
 * write transaction of its own (a savepoint when the caller holds one,
 * so the count goes with the caller's commit or rollback); with 0 the
 * counters are only read. False when the action has no limits, when `u`
 * is exempt (noratelimit or [ratelimits] excluded_ips, unless the action
 * cannot be bypassed), or when the database fails.
 */
bool wiki_ratelimit_hit(struct store *st, struct arena *a, const struct wiki_user *u, const char *action, int incr);

/* True when `u` is exempt from bypassable limits (User::isPingLimitable() false). */
bool wiki_ratelimit_exempt(struct arena *a, const struct wiki_user *u);

/*
 * The limits that name a category `u` is in (anon or user; ip, subnet
 * and newbie without autoconfirmed; its explicit groups), per action in
 * configuration order, as meta=userinfo&uiprop=ratelimits lists them;
 * none when `u` is exempt, unless `theoretical`. Array in `a`, count
 * returned.
 */
size_t wiki_ratelimit_list(struct arena *a, const struct wiki_user *u, bool theoretical,
			   struct wiki_ratelimit **out);

/* ---------- outgoing mail (mail.c) ---------- */

/* One mailbox: an address and an optional display name. */
struct wiki_mail_addr {
	const char *addr; /* "user@example.org"; NULL for none (reply_to only) */
	const char *name; /* display name, any UTF-8, or NULL */
};

/* One plain-text message. */
struct wiki_mail {
	struct wiki_mail_addr to;       /* recipient */
	struct wiki_mail_addr from;     /* From: and the SMTP envelope sender */
	struct wiki_mail_addr reply_to; /* Reply-To:, when addr is set */
	const char *subject;            /* UTF-8 */
	const char *body;               /* UTF-8, "\n" line ends */
};

/* Sanitizer::validateEmail(): the HTML5 email grammar (local@label.label...). */
bool wiki_email_valid(const char *s);

/* The wiki's own sender address: [mail] sender, else "wikid@" + the server's host. In `a` or config. */
const char *wiki_mail_sender(struct arena *a);

/*
 * `m` as RFC 5322 text with CRLF line ends (Date, From, To, Reply-To,
 * Subject, Message-ID, MIME headers; non-ASCII names and subjects as
 * encoded words; the body 8bit, or quoted-printable when a line is over
 * 998 bytes). `*out` in `a`. Returns RC_OK or RC_TOOBIG (over 10 MiB).
 */
int wiki_mail_compose(struct arena *a, const struct wiki_mail *m, char **out, size_t *len);

/*
 * Send `m`: over SMTP to [mail] smtp_host when set, else as a new file
 * in the spool directory ([mail] spool, default DATA_DIR/mail). Returns
 * RC_OK; RC_INVALID for a bad address, RC_TOOBIG, or RC_ERR when the
 * server or the file system refused — with `*err` saying why (static or
 * in `a`), for the log and the API's mailerror.
 */
int wiki_mail_send(struct arena *a, const struct wiki_mail *m, const char **err);

/*
 * User::isEmailConfirmed(): account `uid` has a valid address, confirmed
 * unless [mail] email_authentication is off. `*email` gets it (in `a`)
 * when true, else NULL.
 */
bool wiki_user_email_confirmed(struct store *st, struct arena *a, int64_t uid, const char **email);

/*
 * Start confirming `uid`'s address: a new random token (32 hex digits,
 * `*token` in `a`; only its hash is stored) valid for 7 days until
 * `*expires` (14-digit timestamp, in `a`). For the confirmation mail's
 * Special:ConfirmEmail/TOKEN and Special:InvalidateEmail/TOKEN links.
 * Call inside a write transaction or alone. Returns RC_OK or a store error.
 */
int wiki_email_confirm_start(struct store *st, struct arena *a, int64_t uid, const char **token, const char **expires);

/*
 * Use a confirmation token: mark the address confirmed now, or with
 * `cancel` unconfirmed; the token is spent either way. `*name` gets the
 * account's name (in `a`). RC_NOTFOUND for an unknown or expired token.
 */
int wiki_email_confirm_token(struct store *st, struct arena *a, const char *token, bool cancel, const char **name);

/* ---------- login throttle (user.c) ---------- */

/*
 * $wgPasswordAttemptThrottle: failed logins per (IP, user name) allowed
 * in each window. Returns RC_OK when another attempt may be made, or
 * RC_BUSY with `*wait` = seconds until the window frees up.
 */
int wiki_login_throttle_check(struct store *st, const char *ip, const char *name, int64_t *wait);

/* Count one failed attempt. */
void wiki_login_throttle_hit(struct store *st, const char *ip, const char *name);

/* Forget the failures after a successful login. */
void wiki_login_throttle_clear(struct store *st, const char *ip, const char *name);

/*
 * One login attempt as action=login and action=clientlogin make it:
 * throttle check, then (with `allow_botpassword`) a bot password given
 * as "User@app" + password or "User" + "app@password", else the main
 * account's password. On success returns RC_OK with `*uid` and `*bp_app`
 * (the app id, or NULL for a main-account login) and clears the
 * throttle; `*fail_key` is then NULL, or "resetpass-temp-emailed" when
 * the password was the temporary one of a reset, and the login may
 * complete only after the user chose a new password. On failure returns RC_INVALID with `*fail_key` set to
 * "wrongpassword", "authmanager-authn-no-primary" (no usable name or
 * empty password) or "login-throttled" (`*wait` = seconds to wait),
 * counting the failure against the throttle.
 */
int wiki_login_attempt(struct store *st, struct arena *a, const char *ip, const char *name,
		       const char *password, bool allow_botpassword, int64_t *uid, const char **bp_app,
		       const char **fail_key, int64_t *wait);

/* ---------- sessions and cookies (session.c) ---------- */

/* Cookie name prefix ($wgCookiePrefix): "wikid", giving "wikid_session" etc. */
const char *wiki_cookie_prefix(void);

/*
 * Give the anonymous user `u` a session if it has none: a sessions row
 * (user 0) and the session cookie. Login and createaccount tokens need
 * one. Sets u->session_id. Returns RC_OK or RC_ERR.
 */
int wiki_session_ensure(struct arena *a, struct store *st, struct http_response *resp,
			struct wiki_user *u);

/*
 * Log `uid` in: drop the request's old session, create a new one (with
 * `bp_app` the bot-password app id, or NULL), set the cookies and
 * return the loaded user in `*out`. Returns RC_OK or RC_ERR.
 */
int wiki_session_login(struct arena *a, struct store *st, const struct http_request *req,
		       struct http_response *resp, int64_t uid, const char *bp_app,
		       struct wiki_user **out);

/*
 * The data an anonymous session keeps between requests (sessions.data:
 * a reserved temporary-account name, a login waiting for a new
 * password): `*data` in `a`, NULL when none. RC_OK or RC_ERR.
 */
int wiki_session_data_get(struct store *st, struct arena *a, const char *session_id, char **data);
/* Replace it (NULL clears it). RC_OK or RC_ERR. */
int wiki_session_data_set(struct store *st, const char *session_id, const char *data);

/* Delete the session of `u` and clear the cookies (logout). */
int wiki_session_logout(struct arena *a, struct store *st, struct http_response *resp,
			const struct wiki_user *u);

/* ---------- temporary accounts (tempuser.c) ---------- */

/* True when anonymous edits create temporary accounts ([site] temp_accounts). */
bool wiki_temp_enabled(void);

/* True when `name` has the temporary-account form ("~...") and the feature is on, so nobody may register it. */
bool wiki_temp_is_reserved(const char *name);

/*
 * The temporary-account name of the anonymous session `session_id`: the
 * one stashed there before, else the next free "~YEAR-N", then stashed
 * (not stashed when `session_id` is NULL). `*name` in `a`. RC_OK or RC_ERR.
 */
int wiki_temp_acquire(struct store *st, struct arena *a, const char *session_id, const char **name);

/*
 * Create the temporary account of anonymous user `anon` (its stashed
 * name, or a fresh one) and log the request's session into it, as
 * wiki_session_login(); `*out` gets the new user. RC_OK or RC_ERR.
 */
int wiki_temp_create(struct store *st, struct arena *a, const struct http_request *req, struct http_response *resp,
		     const struct wiki_user *anon, struct wiki_user **out);

/* ---------- tokens (token.c) ---------- */

/* Token types of MediaWiki 1.39 core, sorted, NULL-terminated. */
const char *const *wiki_token_types(void);

/*
 * The `type` token of user `u` at Unix time `now`: hex HMAC-SHA256
 * (truncated to 32 digits) of the session, the type and the time, keyed
 * with wiki_secret_key(), then the time in hex, then "+\". Anonymous
 * users get "+\" for every type but login and createaccount (which need
 * u->session_id; NULL is returned without one). In `a`.
 */
const char *wiki_token_make(struct arena *a, const struct wiki_user *u, const char *type, int64_t now);

/* Result of wiki_token_check(). */
enum wiki_token_status {
	WIKI_TOKEN_VALID,   /* matches */
	WIKI_TOKEN_INVALID, /* does not match */
	WIKI_TOKEN_EXPIRED, /* matches but is older than maxage */
};

/*
 * Check `token` of `type` for `u`; `maxage` < 0 means no age limit.
 * `*generated` (may be NULL) gets the token's time, or -1 for "+\".
 */
enum wiki_token_status wiki_token_check(const struct wiki_user *u, const char *type, const char *token,
					int64_t maxage, int64_t *generated);

/*
 * ==================================================================
 * Shared rows and logs: comment and actor rows (comment.c, actor.c),
 * PHP-serialized values (phpser.c), log entries (log.c).
 * ==================================================================
 */

/* ---------- comments as HTML (comment_html.c) ---------- */

/*
 * Edit summary or log comment `comment` as MediaWiki renders it
 * ("parsedcomment"): escaped, with "/ * section * /" autocomments linked
 * to that section of `page` (NULL: left as text) and [[links]] as links
 * (blue, red, redirect, interwiki), page existence read from `st` (NULL:
 * every page counts as missing).
 * The result lives in `a`.
 */
const char *wiki_comment_html(struct arena *a, struct store *st, const char *comment, const struct wiki_title *page);

/* ---------- comment and actor rows (comment.c, actor.c) ---------- */

/*
 * The comment row for `text` (edit summary, log reason), found by its
 * 32-bit hash and text or inserted. The same hash edit.c has always
 * used, so rows are shared between revisions, logs and recent changes.
 * Call inside the caller's write transaction. Returns RC_OK or a failure.
 */
int wiki_comment_id(struct store *st, const char *text, int64_t *id);

/*
 * The actor row of a performer: for an account (`user_id` > 0) its one
 * actor row, for an anonymous user the row named `name` (the IP),
 * created on first use. Call inside a write transaction. Returns RC_OK,
 * RC_NOTFOUND (an account without an actor row) or a failure.
 */
int wiki_actor_id(struct store *st, int64_t user_id, const char *name, int64_t *id);

/* ---------- PHP-serialized values (phpser.c) ---------- */

/*
 * MediaWiki keeps log_params and rc_params as PHP serialize() output:
 * `a:2:{s:9:"4::userid";i:5;i:0;b:1;}`. A value is a tree of these
 * nodes, allocated in an arena.
 */
enum wiki_pv_type {
	WIKI_PV_NULL,   /* N; */
	WIKI_PV_BOOL,   /* b:0; / b:1; */
	WIKI_PV_INT,    /* i:-12; */
	WIKI_PV_FLOAT,  /* d:1.5; */
	WIKI_PV_STRING, /* s:LEN:"bytes"; */
	WIKI_PV_ARRAY,  /* a:N:{key value ...} */
};

struct wiki_pvalue {
	enum wiki_pv_type type;      /* see above */
	const char *key;             /* member of an array: its key as text; NULL otherwise */
	bool key_is_int;             /* that key is an integer key (i:N) */
	bool b;                      /* BOOL */
	int64_t i;                   /* INT */
	double d;                    /* FLOAT */
	const char *s;               /* STRING bytes, NUL-terminated */
	size_t len;                  /* STRING length */
	struct wiki_pvalue *items;   /* ARRAY members in order */
	size_t n_items;              /* ARRAY member count */
};

/*
 * `v` in PHP's serialize() format, in `a`. An array member's key is
 * written as an integer when key_is_int, else as a string.
 */
char *wiki_php_serialize(struct arena *a, const struct wiki_pvalue *v);

/*
 * Parse the `len` bytes of `s` as PHP serialize() output into `out`
 * (nodes and strings in `a`). Objects ("O:") and references are not
 * supported. Nesting deeper than WIKI_PHP_MAX_DEPTH is refused. Returns
 * RC_OK, or RC_INVALID for anything malformed or trailing bytes.
 */
int wiki_php_unserialize(struct arena *a, const char *s, size_t len, struct wiki_pvalue *out);

/* Nesting limit of wiki_php_unserialize(): log parameters are two levels deep. */
#define WIKI_PHP_MAX_DEPTH 32

/* ---------- log entries (log.c) ---------- */

/* log_deleted / rc_deleted bits (MediaWiki's LogPage::DELETED_*). */
enum {
	WIKI_LOG_DELETED_ACTION = 1,     /* target and details hidden */
	WIKI_LOG_DELETED_COMMENT = 2,    /* reason hidden */
	WIKI_LOG_DELETED_USER = 4,       /* performer hidden */
	WIKI_LOG_DELETED_RESTRICTED = 8, /* hidden from admins too (suppressed) */
};

/*
 * One log entry to write (MediaWiki's ManualLogEntry). Strings are
 * borrowed for the duration of wiki_log_add().
 */
struct wiki_log_entry {
	const char *type;                 /* log_type: "newusers", "create", ... */
	const char *action;               /* log_action: "create", "create2", ... */
	int64_t user_id;                  /* performer's user id, 0 for anonymous */
	const char *user_name;            /* performer's name (the IP when anonymous) */
	int64_t actor_id;                 /* performer's actor row, or 0 to look it up */
	int ns;                           /* target namespace */
	const char *dbkey;                /* target title, '_' for spaces */
	int64_t page_id;                  /* log_page and rc_cur_id; 0 when none */
	const char *comment;              /* reason; NULL means "" */
	const struct wiki_pvalue *params; /* WIKI_PV_ARRAY of "N:type:name" keys; NULL means none */
	const char *timestamp;            /* 14 digits; NULL means now */
	int deleted;                      /* WIKI_LOG_DELETED_* bits */
	int64_t assoc_rev_id;             /* associated revision (log_search), 0 for none */
	const char *const *tags;          /* NULL-terminated change tags, or NULL */
	bool no_rc;                       /* do not publish a recentchanges row */
	bool rc_bot;                      /* the published row is a bot change */
	bool rc_autopatrol;               /* performer has the autopatrol right */
	const char *ip;                   /* rc_ip of the published row, or NULL */
};

/*
 * Write `e` inside the caller's open write transaction: the logging
 * row (reason through wiki_comment_id(), params serialized as PHP
 * does, "a:0:{}" when none), a log_search row for an associated
 * revision, the change tags (change_tag with ct_log_id, and ct_rc_id
 * when published; change_tag_def created or counted), and unless
 * e->no_rc a recentchanges row of rc_type 3 (RC_LOG) with source
 * "mw.log", the log type/action/id and the same params blob. Log rows
 * of types other than "upload" are marked autopatrolled in recent
 * changes, as MediaWiki only patrols uploads among logs; uploads are
 * autopatrolled when e->rc_autopatrol. `*log_id` (may be NULL) gets the
 * new id. Returns RC_OK or a store failure (the caller rolls back).
 */
int wiki_log_add(struct store *st, struct arena *a, const struct wiki_log_entry *e, int64_t *log_id);

/*
 * Log types MediaWiki 1.39 core knows, sorted (letype values, "" first
 * meaning any), and the "type/action" pairs of its log-action handlers
 * (leaction values), sorted; the page language log only with [wiki]
 * page_language_use_db on. Static, NULL-terminated.
 */
const char *const *wiki_log_types(void);
const char *const *wiki_log_actions(void);

/* The right needed to read log type `type` ($wgLogRestrictions), or NULL for public logs. */
const char *wiki_log_restriction(const char *type);

/*
 * ==================================================================
 * Blocks (block.c): who may not write, after MediaWiki's
 * DatabaseBlock, BlockManager and BlockUser (1.39 behaviour, stored in
 * the 1.42 block_target + block layout).
 * ===========================================================
 */

/* What a block is placed on (MediaWiki's AbstractBlock::TYPE_*). */
enum wiki_block_type {
	WIKI_BLOCK_USER = 1,  /* an account */
	WIKI_BLOCK_IP = 2,    /* one address */
	WIKI_BLOCK_RANGE = 3, /* a CIDR range */
	WIKI_BLOCK_AUTO = 4,  /* an autoblock on an address a blocked account used */
};

/* Kinds of partial-block restriction (ipblocks_restrictions.ir_type). */
enum wiki_block_rtype {
	WIKI_BLOCK_R_PAGE = 1,   /* one page, by page id */
	WIKI_BLOCK_R_NS = 2,     /* one namespace */
	WIKI_BLOCK_R_ACTION = 3, /* one action: upload, move, create (wiki_block_actions()) */
};

/* One restriction of a partial block. */
struct wiki_block_restriction {
	int type;          /* WIKI_BLOCK_R_* */
	int64_t value;     /* page id, namespace number or action id */
	int ns;            /* PAGE: the page's namespace, when the page exists */
	const char *dbkey; /* PAGE: the page's title, NULL when it no longer exists */
};

/*
 * A block as read from the database, or the combination of several
 * that apply to one request (MediaWiki's CompositeBlock: `parts` set,
 * id 0, no blocker, the strictest flags of its parts). Strings live in
 * the arena of the call that made it.
 */
struct wiki_block {
	int64_t id;                 /* bl_id; 0 for a composite */
	int64_t target_id;          /* bt_id */
	enum wiki_block_type type;  /* what it is placed on */
	const char *target;         /* user name, address or range (the address of an autoblock) */
	int64_t user_id;            /* blocked account, 0 for addresses */
	int64_t by_actor;           /* blocker's actor row */
	const char *by_name;        /* blocker's name ("" for a composite) */
	int64_t by_id;              /* blocker's user id */
	const char *reason;         /* reason text; NULL for a composite (the caller words it) */
	const char *timestamp;      /* 14 digits: placed or last changed */
	const char *expiry;         /* "infinity" or 14 digits */
	bool hardblock;             /* applies to accounts on the address too (not anononly) */
	bool create_account;        /* account creation is blocked (nocreate) */
	bool autoblock;             /* autoblocks the addresses the account uses */
	bool email;                 /* sending email is blocked (noemail) */
	bool allow_usertalk;        /* the account may still edit its own talk page */
	bool hidden;                /* hidename: the account is hidden (bl_deleted) */
	bool sitewide;              /* false for partial blocks */
	int64_t parent_id;          /* autoblocks: the block they come from */
	struct wiki_block_restriction *restrictions; /* partial blocks: what they cover */
	size_t n_restrictions;      /* entries in restrictions */
	const struct wiki_block **parts; /* composite: the blocks combined, else NULL */
	size_t n_parts;             /* entries in parts */
};

/*
 * The block actions of partial blocks with their ids (BlockActionInfo):
 * "upload" 1, "move" 2, "create" 3. NULL-terminated; the id of entry i
 * is i + 1.
 */
const char *const *wiki_block_actions(void);

/*
 * Parse a block target as BlockUtils::parseBlockTarget(): an address
 * (sanitized), a CIDR range (network address), "#N" (a block id, type
 * WIKI_BLOCK_AUTO with `*name` "N"), or a user name (canonical; an old
 * subpage "Name/x" means "Name"). `*user_id` gets the account's id, 0
 * when there is none. Returns RC_OK, or RC_INVALID for text that is
 * none of these.
 */
int wiki_block_parse_target(struct store *st, struct arena *a, const char *text, enum wiki_block_type *type,
			    const char **name, int64_t *user_id);

/*
 * The block with id `id` (expired or not), into `*out` (in `a`).
 * RC_OK, RC_NOTFOUND or a store failure.
 */
int wiki_block_get(struct store *st, struct arena *a, int64_t id, struct wiki_block **out);

/*
 * The unexpired blocks placed exactly on a target, autoblocks left out:
 * on account `user_id` when it is non-zero, else on address or range
 * `address` (sanitized). Newest first; `*out` gets `*n` pointers in
 * `a`. RC_OK or a store failure.
 */
int wiki_block_list_target(struct store *st, struct arena *a, int64_t user_id, const char *address,
			   struct wiki_block ***out, size_t *n);

/*
 * The block that applies to `u` making a request from `ip`
 * (BlockManager::getUserBlock): blocks on the account, and unless `u`
 * has ipblock-exempt the blocks on the address, the ranges holding it
 * and its autoblocks (anon-only ones only for anonymous users). One
 * block is returned as it is, several as a composite, none as NULL.
 * The result is cached in `u` for the rest of the request. `*out` in
 * `a`; RC_OK or a store failure.
 */
int wiki_block_for_user(struct store *st, struct arena *a, struct wiki_user *u, const struct wiki_block **out);

/*
 * Every block covering address `ip`, anon-only ones included
 * (DatabaseBlock::newFromTarget(null, ip)), one or a composite; NULL
 * when none. For the account-creation check of registered users.
 */
int wiki_block_for_address(struct store *st, struct arena *a, const char *ip, const struct wiki_block **out);

/*
 * The newest unexpired block on account `uid` alone (no address blocks),
 * as list=users and list=allusers show it; NULL when there is none.
 */
int wiki_block_of_account(struct store *st, struct arena *a, int64_t uid, const struct wiki_block **out);

/*
 * Does `b` decide right `right` by itself (AbstractBlock::appliesToRight)?
 * 1 when it blocks it (createaccount with nocreate, sendemail with
 * noemail, upload for sitewide blocks, a matching action restriction),
 * 0 when it never blocks it (read, purge, or those flags unset), -1
 * when it depends on the page.
 */
int wiki_block_applies_right(const struct wiki_block *b, const char *right);

/*
 * Does `b` keep `u` from changing page ns:dbkey? As
 * PermissionManager::isBlockedFrom: a hidden account is blocked
 * everywhere; sitewide blocks cover every page but the account's own
 * talk page when allowusertalk is set (and $wgBlockAllowsUTEdit);
 * partial blocks cover their pages and namespaces.
 */
bool wiki_block_applies_page(const struct wiki_block *b, const struct wiki_user *u, int ns, const char *dbkey);

/* What to place (BlockUser's options). */
struct wiki_block_spec {
	enum wiki_block_type type;  /* USER, IP or RANGE */
	const char *target;         /* canonical name, sanitized address or range */
	int64_t user_id;            /* the account for USER blocks */
	const struct wiki_user *by; /* performer */
	const char *reason;         /* reason, "" for none */
	const char *expiry;         /* "infinity" or 14 digits */
	const char *raw_expiry;     /* the expiry as given, for the log ("infinity" when infinite) */
	bool hardblock;             /* !anononly */
	bool create_account;        /* nocreate */
	bool autoblock;             /* autoblock (accounts only) */
	bool email;                 /* noemail */
	bool allow_usertalk;        /* allowusertalk */
	bool hidden;                /* hidename */
	bool sitewide;              /* !partial */
	const struct wiki_block_restriction *restrictions; /* partial: pages (id, ns, dbkey), namespaces, actions */
	size_t n_restrictions;      /* entries in restrictions */
	const char *const *tags;    /* change tags for the log entry, NULL-terminated or NULL */
	const char *ip;             /* performer's address for the recent-changes row */
};

/*
 * Is a block placed with `s` the same as `b` (DatabaseBlock::equals):
 * same target, flags, expiry, reason and restrictions?
 */
bool wiki_block_equals(const struct wiki_block *b, const struct wiki_block_spec *s);

/*
 * Place block `s` inside the caller's write transaction: a new block
 * when `prior` is NULL, else `prior` changed in place (a reblock, whose
 * autoblocks follow it or go when it stops autoblocking). Writes the
 * block log entry ("block"/"reblock", type "suppress" with hidename)
 * with MediaWiki's parameters and the ipb_id relation, hides the
 * account's name in revisions, logs and recent changes for hidename,
 * and autoblocks the address the account last edited from. `*id` gets
 * the block id. RC_OK or a store failure.
 */
int wiki_block_place(struct store *st, struct arena *a, const struct wiki_block_spec *s, const struct wiki_block *prior,
		     int64_t *id);

/*
 * Remove block `b` and its autoblocks inside the caller's transaction,
 * log "block/unblock" by `by` with `reason` and `tags` (the target of an
 * autoblock's entry is "User:#<id>"), and show a hidden name again.
 * RC_OK or a store failure.
 */
int wiki_block_remove(struct store *st, struct arena *a, const struct wiki_block *b, const struct wiki_user *by,
		      const char *reason, const char *const *tags, const char *ip);

/*
 * Autoblock `ip` on behalf of `parent` (DatabaseBlock::doAutoblock), in
 * a write transaction of its own: nothing when `parent` does not
 * autoblock; an address already blocked keeps its block, an autoblock
 * of it is renewed; otherwise a new autoblock lasting
 * config.autoblock_expiry (never beyond the parent's expiry) that copies
 * the parent's flags and restrictions. RC_OK or a store failure.
 */
int wiki_block_autoblock(struct store *st, struct arena *a, const struct wiki_block *parent, const char *ip);

/*
 * ==================================================================
 * Full-text search (search.c): the query language, snippets, spelling
 * suggestions and the index. The index itself is store.h's.
 * ==================================================================
 */

struct store_search_term;

/* A parsed search query. Everything lives in the arena given to wiki_search_parse(). */
struct wiki_search {
	struct store_search_term *terms; /* words, prefixes, phrases, each maybe negated or title-only */
	size_t n_terms;                  /* entries in terms */
	const char **categories;         /* incategory: dbkeys ("A|B" for either), all required */
	size_t n_categories;             /* entries in categories */
	const char **marks;              /* PCRE patterns of the positive terms, for highlighting */
	size_t n_marks;                  /* entries in marks */
};

/*
 * Parse `query` (see search.c for the language) into `out`; with
 * `title_only` every term must match the title. Words are lower-cased.
 * Returns RC_OK (a query without usable terms has none).
 */
int wiki_search_parse(struct arena *a, const char *query, bool title_only, struct wiki_search *out);

/*
 * MediaWiki's search snippet of `text` for `q`: up to two lines with a
 * match, 75 characters of context each side, escaped, matches wrapped in
 * <span class='searchmatch'>, each line ending in "\n"; "" without a
 * match. In `a`.
 */
const char *wiki_search_snippet(struct arena *a, const struct wiki_search *q, const char *text);

/* `text` escaped with every match of `q` marked; "" when nothing matches. In `a`. */
const char *wiki_search_highlight(struct arena *a, const struct wiki_search *q, const char *text);

/*
 * The first heading of wikitext `text` that `q` matches: its text in
 * `*title`, marked in `*snippet` (both in `a`). False when none does.
 */
bool wiki_search_section(struct arena *a, const struct wiki_search *q, const char *text, const char **title,
			 const char **snippet);

/* The first [[Category:...]] of `text` that `q` matches, marked; "" when none. In `a`. */
const char *wiki_search_category_snippet(struct arena *a, const struct wiki_search *q, const char *text);

/* Words in `text` as PHP's str_word_count() counts them (MediaWiki's "wordcount"). */
long wiki_search_wordcount(const char *text);

/*
 * A spelling suggestion for `query`: each plain word the index does not
 * have replaced by its nearest word that it has. `*suggestion` gets the
 * new query and `*snippet` the same with the replaced words in <em>
 * (escaped HTML), both in `a`, or NULL when nothing was replaced.
 * Returns RC_OK or a store failure.
 */
int wiki_search_suggest(struct store *st, struct arena *a, const char *query, const char **suggestion,
			const char **snippet);

/*
 * Index page `page_id` (ns:dbkey) with its current text, inside the
 * caller's write transaction. Returns RC_OK or a store failure.
 */
int wiki_search_index(struct store *st, struct arena *a, int64_t page_id, int ns, const char *dbkey,
		      const char *text, size_t len);

/*
 * `wikid --rebuild-search`: empty the index and index every page again
 * (wiki_init() has run), with a progress bar on a terminal. Returns the
 * process exit status.
 */
int wiki_search_rebuild_cli(void);

/*
 * ==================================================================
 * Watchlist (watch.c): watched pages per user and their notification
 * timestamps. A page and its talk page are watched together.
 * ==================================================================
 */

/* True when pages of namespace `ns` can be watched (not Special:, not Media:). */
bool wiki_watch_is_watchable(int ns);

/*
 * Watch ns:dbkey and its talk (or subject) page for `uid`. Rows that
 * exist keep their notification timestamp. Returns RC_OK or a store failure.
 */
int wiki_watch_add(struct store *st, int64_t uid, int ns, const char *dbkey);

/* Stop watching ns:dbkey and its talk (or subject) page. RC_OK or a store failure. */
int wiki_watch_remove(struct store *st, int64_t uid, int ns, const char *dbkey);

/*
 * The watchlist row of `uid` for ns:dbkey: RC_OK with `*notif` (may be
 * NULL) set to its notification timestamp in `a` (NULL when seen),
 * RC_NOTFOUND when not watched, or a store failure.
 */
int wiki_watch_get(struct store *st, struct arena *a, int64_t uid, int ns, const char *dbkey, const char **notif);

/* True when `uid` (> 0) watches ns:dbkey. */
bool wiki_watch_is_watched(struct store *st, int64_t uid, int ns, const char *dbkey);

/* How many users watch ns:dbkey. */
int64_t wiki_watch_count(struct store *st, int ns, const char *dbkey);

/*
 * Set the notification timestamp of one watched page of `uid` to `ts`
 * (14 digits; NULL marks it seen). No row is made for an unwatched page.
 */
int wiki_watch_set_notification(struct store *st, int64_t uid, int ns, const char *dbkey, const char *ts);

/*
 * Set it for the whole watchlist of `uid` (NULL: everything seen), except
 * rows already marked with a change newer than now.
 */
int wiki_watch_set_notification_all(struct store *st, int64_t uid, const char *ts);

/*
 * An edit of ns:dbkey by `editor_uid` at `ts`: every other watcher who
 * had seen the page gets `ts` as notification timestamp. Call in the
 * save transaction.
 */
int wiki_watch_page_changed(struct store *st, int64_t editor_uid, int ns, const char *dbkey, const char *ts);

/*
 * ==================================================================
 * Moderation: permissions of an action on a page (permission.c), page
 * protection (protect.c).
 * ==================================================================
 */

/* ---------- change tags (tags.c) ---------- */

/*
 * Tag a change with change tag `tag` (defined on first use as a
 * software tag, and counted): any of the recent-changes row, revision
 * and log entry ids may be 0 when the change has none. Call inside a
 * write transaction. RC_OK or a store failure.
 */
int wiki_tag_apply(struct store *st, const char *tag, int64_t rc_id, int64_t rev_id, int64_t log_id);

/* True when users may add `tag` to their changes: made with managetags and active. */
bool wiki_tag_applicable(struct store *st, const char *tag);

/* The tags the software applies itself (MediaWiki's $wgSoftwareTags), sorted, NULL-terminated. */
const char *const *wiki_tag_software_list(void);

/* True when `tag` is one of wiki_tag_software_list(). */
bool wiki_tag_software(const char *tag);

/* A tag's change_tag_def row, as wiki_tag_state() reads it. */
struct wiki_tag_state {
	bool exists;       /* the tag has a definition row (defined or used) */
	bool user_defined; /* made with managetags and active */
	int64_t count;     /* changes carrying it */
};

/* Read `tag`'s definition row into `out` (all zero when none). RC_OK or RC_ERR. */
int wiki_tag_state(struct store *st, const char *tag, struct wiki_tag_state *out);

/*
 * managetags's writes, inside the caller's write transaction:
 * define (create or activate: ctd_user_defined = 1, the row made when
 * missing), undefine (deactivate: ctd_user_defined = 0, the row dropped
 * when no change carries the tag, as ChangeTags::undefineTag) and delete
 * (the tag taken off every change and its row dropped). RC_OK or a
 * store failure.
 */
int wiki_tag_define(struct store *st, const char *tag);
int wiki_tag_undefine(struct store *st, const char *tag);
int wiki_tag_delete(struct store *st, const char *tag);

/*
 * The tags of one change, sorted by name: those on change_tag rows that
 * match every non-zero id of `rc_id`, `rev_id` and `log_id` (at least one
 * non-zero). `*out` (NULL-terminated, or NULL when none) and its strings
 * in `a`, `*n_out` the count. RC_OK or RC_ERR.
 */
int wiki_tag_names(struct store *st, struct arena *a, int64_t rc_id, int64_t rev_id, int64_t log_id,
		   const char ***out, size_t *n_out);

/*
 * action=tag's writes, inside the caller's write transaction:
 * wiki_tag_attach() puts `tag` on one change (a change_tag row with the
 * non-zero ids; the tag defined on first use and counted when the row is
 * new); wiki_tag_detach() takes it off the rows matching every non-zero
 * id, counting down, and drops a tag nobody defined by hand once no
 * change carries it. RC_OK or a store error.
 */
int wiki_tag_attach(struct store *st, const char *tag, int64_t rc_id, int64_t rev_id, int64_t log_id);
int wiki_tag_detach(struct store *st, const char *tag, int64_t rc_id, int64_t rev_id, int64_t log_id);

/* ---------- revision deletion bits ---------- */

/* rev_deleted / ar_deleted bits (MediaWiki's RevisionRecord::DELETED_*). */
enum {
	WIKI_REV_DELETED_TEXT = 1,       /* content hidden */
	WIKI_REV_DELETED_COMMENT = 2,    /* edit summary hidden */
	WIKI_REV_DELETED_USER = 4,       /* editor hidden */
	WIKI_REV_DELETED_RESTRICTED = 8, /* hidden from administrators too (suppressed) */
};

/* ---------- history merges (merge.c) ---------- */

/* Most revisions one history merge may move (MergeHistory::REVISION_LIMIT). */
#define WIKI_MERGE_MAX_REVISIONS 5000

struct wiki_refusal;

/* A history merge for wiki_merge_check() and wiki_merge_history(). */
struct wiki_merge {
	/* In: */
	const struct wiki_title *source; /* page whose revisions move */
	const struct wiki_title *dest;   /* page that receives them */
	int64_t source_id;               /* its page id, 0 when it does not exist */
	int64_t dest_id;                 /* likewise */
	const char *timestamp;           /* 14 digits: merge the revisions up to then; NULL: all */
	const struct wiki_user *user;    /* who merges */
	const char *reason;              /* the client's reason, may be "" */
	/* Out (wiki_merge_check()): */
	char limit[15];                  /* the merge point: newest source revision that moves */
	char max[15];                    /* the destination's first revision */
	char insert[15];                 /* revisions up to this time move */
	/* Out (wiki_merge_history()): */
	int64_t merged;                  /* revisions moved */
	int64_t log_id;                  /* the merge log entry */
};

/*
 * MergeHistory::isValidMerge(): compute the merge point of `m` and
 * append to `*out` (in `a`) each reason the merge is invalid, in
 * MediaWiki's order: mergehistory-fail-invalid-source, -invalid-dest,
 * -self-merge, -timestamps-overlap (the merge point comes after the
 * destination's first revision), -toobig. RC_OK or a store failure.
 */
int wiki_merge_check(struct store *st, struct arena *a, struct wiki_merge *m, struct wiki_refusal **out);

/*
 * Merge after a successful wiki_merge_check(), inside the caller's write
 * transaction (MergeHistory::merge()): the source's revisions up to
 * m->insert move to the destination; a source left without revisions
 * gets a revision redirecting to the destination (or, for a content
 * model without redirects, an empty one, and is deleted), summarised
 * with a generated comment that also becomes the log reason; watchers
 * of the source watch the destination too; a merge/merge log entry
 * (4::dest, 5::mergepoint) is written and published. RC_OK,
 * RC_NOTFOUND when no revision moved (mergehistory-fail-no-change), or
 * a store failure.
 */
int wiki_merge_history(struct store *st, struct arena *a, struct wiki_merge *m);

/* ---------- deletion and undeletion (delete.c) ---------- */

/* A page deletion for wiki_page_delete(). */
struct wiki_delete {
	/* In: */
	const struct wiki_title *title;         /* the page */
	const struct wiki_user *user;           /* who deletes */
	const char *reason;                     /* log reason, may be NULL */
	const char *const *tags;                /* change tags for the log entry, NULL-terminated or NULL */
	bool suppress;                          /* hide everything and log in the suppression log */
	const char *log_action;                 /* log action, NULL for "delete" */
	const struct wiki_pvalue *log_params;   /* log parameters, NULL for none */
	/* Out: */
	int64_t page_id;                        /* the id the page had */
	int64_t log_id;                         /* the log entry */
};

/*
 * Delete page d->title inside the caller's write transaction, as
 * MediaWiki's DeletePage (see delete.c): revisions to the archive, the
 * page row and its derived rows removed, statistics, log entry.
 * RC_OK, RC_NOTFOUND when there is no such page, or a store failure.
 */
int wiki_page_delete(struct store *st, struct arena *a, struct wiki_delete *d);

/*
 * MediaWiki's automatic deletion reason for page `page_id`: its text
 * quoted (or what it held before it was blanked), naming the only
 * editor when there is one. `*reason` in `a`. RC_OK or a failure.
 */
int wiki_delete_auto_reason(struct store *st, struct arena *a, int64_t page_id, const char **reason);

/* True when ns:dbkey has archived (deleted) revisions. */
bool wiki_archive_has(struct store *st, int ns, const char *dbkey);

/* An undeletion for wiki_page_undelete(). */
struct wiki_undelete {
	/* In: */
	const struct wiki_title *title;   /* the page */
	const struct wiki_user *user;     /* who restores */
	const char *reason;               /* log reason, may be NULL */
	const char *const *tags;          /* change tags for the log entry, NULL-terminated or NULL */
	const char *const *timestamps;    /* restore only revisions with these 14-digit timestamps */
	size_t n_timestamps;              /* entries in timestamps; 0 restores everything */
	bool unsuppress;                  /* clear the deletion bits of restored revisions */
	bool log;                         /* write the delete/restore log entry */
	/* Out: */
	int64_t page_id;                  /* the page restored into */
	int restored;                     /* revisions restored */
	int failed;                       /* revisions left archived because their id is taken */
	int64_t log_id;                   /* the log entry, 0 when none was written */
};

/*
 * Restore archived revisions of u->title inside the caller's write
 * transaction, as MediaWiki's UndeletePage (see delete.c). Returns
 * RC_OK (u->restored may be 0 when every id was taken), RC_NOTFOUND
 * when nothing archived matches, RC_INVALID when the revision that
 * would become current has hidden text (undeleterevdel), or a failure.
 */
int wiki_page_undelete(struct store *st, struct arena *a, struct wiki_undelete *u);

/* ---------- moves (move.c) ---------- */

/* Most change tags a move passes on to the redirect it leaves. */
#define WIKI_MOVE_MAX_TAGS 50
/* Subpages moved with a page at most ($wgMaximumMovedPages). */
#define WIKI_MOVE_MAX_SUBPAGES 100

struct wiki_refusal;

/*
 * Why moving `from` to `to` is not possible, whoever asks (MovePage's
 * isValidMove): selfmove, articleexists / redirectexists (a target that
 * is not a single-revision redirect back to the source), immobile
 * source or target namespace, a missing source, files moved out of or
 * into the File namespace. `*out` gets the list (NULL when valid).
 * RC_OK or a store failure.
 */
int wiki_move_check(struct store *st, struct arena *a, const struct wiki_title *from, const struct wiki_title *to,
		    struct wiki_refusal **out);

/* A page move for wiki_page_move(). */
struct wiki_move {
	/* In: */
	const struct wiki_title *from;   /* the page */
	const struct wiki_title *to;     /* its new title */
	const struct wiki_user *user;    /* who moves */
	const char *reason;              /* log reason, may be NULL */
	bool create_redirect;            /* leave a redirect (the caller checked suppressredirect) */
	const char *const *tags;         /* change tags for the log entries and the redirect, or NULL */
	/* Out: */
	int64_t page_id;                 /* the moved page */
	bool redirect_created;           /* a redirect was left at the old title */
	bool over_redirect;              /* a redirect at the new title was deleted first */
	int64_t log_id;                  /* the move log entry */
};

/*
 * Move page m->from to m->to inside the caller's write transaction, as
 * MediaWiki's MovePage::moveUnsafe() (see move.c). The caller checked
 * wiki_move_check() and the permissions. RC_OK, RC_NOTFOUND when the
 * page does not exist, or a store failure.
 */
int wiki_page_move(struct store *st, struct arena *a, struct wiki_move *m);

/* One subpage to move along with its page. */
struct wiki_subpage_move {
	struct wiki_title from; /* the subpage */
	struct wiki_title to;   /* its new title (unset when invalid) */
	int64_t page_id;        /* its page id */
	bool invalid;           /* the new title would not be valid */
};

/*
 * The subpages of `from` (titles starting with "from/", deeper levels
 * included) with their new titles under `to` (talk subpages go to the
 * talk namespace of `to`), at most WIKI_MOVE_MAX_SUBPAGES + 1 so the
 * caller sees when there are too many. `*out` (in `a`) gets `*n`.
 */
int wiki_move_subpages(struct store *st, struct arena *a, const struct wiki_title *from, const struct wiki_title *to,
		       struct wiki_subpage_move **out, size_t *n);

/* ---------- rollback and patrol (rollback.c, patrol.c) ---------- */

/* How a rollback ended (struct wiki_rollback's outcome). */
enum wiki_rb_outcome {
	WIKI_RB_DONE,          /* a new revision was saved */
	WIKI_RB_MISSING,       /* the page does not exist */
	WIKI_RB_ALREADYROLLED, /* the latest edit is not by `by`, or nothing would change */
	WIKI_RB_ONLYAUTHOR,    /* nobody else ever edited the page */
	WIKI_RB_NOTVISIBLE,    /* the target revision's text or author is hidden */
};

/* A rollback (wiki_page_rollback()). */
struct wiki_rollback {
	/* In: */
	const struct wiki_title *title;   /* the page */
	const struct wiki_user *user;     /* the performer */
	const char *by;                   /* the user whose latest edits are reverted */
	const char *summary;              /* the client's summary ($1..$6 filled), or NULL/"" for automatic */
	const char *msg_revert;           /* automatic summary with $1 target author, $2 reverted author */
	const char *msg_nouser;           /* automatic summary when the reverted author is hidden */
	bool bot;                         /* mark the rollback and the reverted edits as bot edits */
	const char *const *tags;          /* the client's change tags, NULL-terminated, or NULL */
	/* Out: */
	enum wiki_rb_outcome outcome;     /* see above */
	const char *current_user;         /* the latest revision's author ("" when hidden) */
	int64_t page_id;                  /* the page */
	int64_t old_rev;                  /* the revision that was current */
	int64_t last_rev;                 /* the revision restored */
	int64_t new_rev;                  /* the rollback's revision */
	const char *summary_out;          /* the summary saved */
};

/*
 * Roll back the latest edits of rb->by on rb->title (MediaWiki's
 * RollbackPage::rollback(), permissions already checked) inside the
 * caller's write transaction; see rollback.c. rb->outcome says whether
 * it was done; RC_OK also when it was refused, a store failure else.
 * With WIKI_RB_ALREADYROLLED after a target was found the reverted
 * edits' recent changes were still patrolled, as in MediaWiki, so the
 * caller commits either way.
 */
int wiki_page_rollback(struct store *st, struct arena *a, struct wiki_rollback *rb);

/* A recent-changes row as patrolling sees it (wiki_rc_load()). */
struct wiki_rc {
	int64_t id;          /* rc_id, 0 when not found */
	int ns;              /* rc_namespace */
	const char *dbkey;   /* rc_title */
	int64_t page_id;     /* rc_cur_id */
	int64_t this_oldid;  /* rc_this_oldid */
	int64_t last_oldid;  /* rc_last_oldid */
	int type;            /* rc_type */
	int patrolled;       /* rc_patrolled: 0, 1 patrolled, 2 autopatrolled */
	const char *user;    /* the performer's name */
};

/*
 * The recent change `rc_id` (when > 0), else the edit or page creation
 * row of revision `rev_id`, into *out (out->id 0 when there is none).
 * RC_OK or a store failure.
 */
int wiki_rc_load(struct store *st, struct arena *a, int64_t rc_id, int64_t rev_id, struct wiki_rc *out);

/*
 * Mark `rc` patrolled by `user` (RecentChange::doMarkPatrolled() after
 * its checks) inside the caller's write transaction: nothing when it is
 * patrolled already, else rc_patrolled = 1 and a patrol/patrol log
 * entry (curid, previd, auto = 0) with `tags` (NULL-terminated, or
 * NULL) and no recent-changes row of its own. RC_OK or a store failure.
 */
int wiki_rc_patrol(struct store *st, struct arena *a, const struct wiki_rc *rc, const struct wiki_user *user,
		   const char *const *tags);

/* ---------- revision deletion (revdel.c) ---------- */

/* Deletion bits of revisions, archived revisions and log entries (rev_deleted, ar_deleted, log_deleted). */
enum {
	WIKI_RD_TEXT = 1,       /* the text (a log entry's action and target) */
	WIKI_RD_COMMENT = 2,    /* the summary or reason */
	WIKI_RD_USER = 4,       /* the author or performer */
	WIKI_RD_SUPPRESSED = 8, /* hidden from administrators too */
};

/* What kind of item wiki_revdel_apply() changes. */
enum wiki_revdel_kind {
	WIKI_RD_REVISION, /* revisions of a page, by rev_id */
	WIKI_RD_ARCHIVE,  /* deleted revisions of a title, by ar_timestamp */
	WIKI_RD_LOGGING,  /* log entries, by log_id */
	WIKI_RD_FILE,     /* file versions (oldimage, filearchive): none exist here */
};

/* How one item fared (RevDelList::setVisibility()'s item statuses). */
enum wiki_rd_status {
	WIKI_RDS_DONE,           /* changed */
	WIKI_RDS_NOCHANGE,       /* warning revdelete-no-change */
	WIKI_RDS_HIDECURRENT,    /* error revdelete-hide-current: the current revision's text */
	WIKI_RDS_NOACCESS_SHOW,  /* error revdelete-show-no-access */
	WIKI_RDS_NOACCESS_MODIFY,/* error revdelete-modify-no-access */
	WIKI_RDS_ONLYRESTRICTED, /* warning revdelete-only-restricted */
	WIKI_RDS_MISSING,        /* fatal revdelete-modify-missing */
};

/* One item of a revision deletion. */
struct wiki_revdel_item {
	const char *id;             /* its id: rev_id or log_id in digits, ar_timestamp; as given when missing */
	bool found;                 /* the row exists */
	enum wiki_rd_status status; /* see above */
	int old_bits, new_bits;     /* deletion bits before and as asked */
	const char *ts;             /* its timestamp, 14 digits */
	int64_t row_id;             /* rev_id, ar_rev_id or log_id */
	int64_t actor;              /* its author or performer */
	bool is_current;            /* a page's current revision */
	const char *log_type;       /* a log entry's type, "" otherwise */
};

/* A revision deletion (wiki_revdel_apply()). */
struct wiki_revdel {
	/* In: */
	enum wiki_revdel_kind kind;      /* see above */
	const char *type_name;           /* the API's type: revision, archive, logging, oldimage, filearchive */
	const struct wiki_title *target; /* the page (revision, archive) */
	int64_t page_id;                 /* its id, 0 when it does not exist */
	const char *const *ids;          /* the item ids (archive: timestamps as 14 digits) */
	const char *const *given_ids;    /* the ids as the client wrote them (missing ones are named so), or NULL */
	size_t n_ids;                    /* their count */
	int set_bits, clear_bits;        /* WIKI_RD_* bits to set and to clear */
	const struct wiki_user *user;    /* the performer */
	const char *reason;              /* the log entry's reason */
	const char *const *tags;         /* change tags for the log entry, NULL-terminated, or NULL */
	/* Out: */
	struct wiki_revdel_item *items;  /* found items newest first, then the missing ones in the order given */
	size_t n_items;                  /* their count */
	int64_t log_id;                  /* the log entry, 0 when nothing changed */
};

/*
 * Change the deletion bits of rd->ids (see revdel.c) inside the caller's
 * write transaction, the performer's rights to do so already checked.
 * Fills rd->items and rd->log_id. RC_OK or a store failure.
 */
int wiki_revdel_apply(struct store *st, struct arena *a, struct wiki_revdel *rd);

/* ---------- new-message notification (newtalk.c) ---------- */

/*
 * After revision `rev_id` of `t` by `editor`: when `t` is the talk page
 * of another account or IP address (not a subpage) and the edit is not
 * a minor one by a user with nominornewtalk, flag its owner as having
 * new messages (user_newtalk). Inside the save transaction.
 */
int wiki_newtalk_on_edit(struct store *st, struct arena *a, const struct wiki_title *t, const struct wiki_user *editor,
			 bool minor, int64_t rev_id);

/* Clear the new-messages flag of the account or IP address `name`. */
int wiki_newtalk_clear_name(struct store *st, struct arena *a, const char *name);

/* ---------- permissions (permission.c) ---------- */

/* How thoroughly wiki_perm_check() looks (PermissionManager's rigor). */
enum wiki_rigor {
	WIKI_RIGOR_QUICK, /* rights and namespace only, no protection lookups (UI hints) */
	WIKI_RIGOR_FULL,  /* everything, as before any write */
};

/*
 * One reason an action is refused: the API error code MediaWiki gives
 * it, its message key and up to three parameters (NULL-terminated),
 * strings in the arena of the check.
 */
struct wiki_refusal {
	const char *code;          /* API code: "protectedpage", "permissiondenied", ... */
	const char *key;           /* message key: "protectedpagetext", "badaccess-groups", ... */
	const char *params[4];     /* message parameters, NULL-terminated */
	struct wiki_refusal *next; /* the next reason, in MediaWiki's order */
};

/*
 * Why `u` may not do `action` ("edit", "create", "move", "move-target",
 * "delete", "undelete", "protect", "rollback", or any right) to page
 * `t`: `*out` gets the list of refusals (NULL when allowed), in `a`.
 * `model` is the content model to judge CSS/JS/JSON pages by (NULL: the
 * page's own, or its title's default). With `is_short` the check stops
 * at the first refusal (and a missing right is badaccess-group0, as
 * MediaWiki's short checks). See permission.c for the order of checks.
 * Blocks are not checked here. Returns RC_OK or a store failure.
 */
int wiki_perm_check(struct store *st, struct arena *a, const struct wiki_user *u, const char *action,
		    const struct wiki_title *t, const char *model, enum wiki_rigor rigor, bool is_short,
		    struct wiki_refusal **out);
/*
 * The same for a caller that has read the page's row in its transaction
 * already: `page_id` is its id (0 when `t` does not exist) and `model`
 * the content model to judge by (not NULL), so the page is not looked up
 * again (a round trip on a database server, inside an edit's lock).
 */
int wiki_perm_check_page(struct store *st, struct arena *a, const struct wiki_user *u, const char *action,
			 const struct wiki_title *t, int64_t page_id, const char *model, enum wiki_rigor rigor,
			 bool is_short, struct wiki_refusal **out);

/*
 * The refusal for lacking `right`: badaccess-groups naming the groups
 * that have it (a link to each group's project page, and the count),
 * or badaccess-group0 when no group has it. In `a`.
 */
struct wiki_refusal *wiki_perm_missing_right(struct arena *a, const char *right);

/* ---------- protection (protect.c) ---------- */

/* The expiry that never comes, as MediaWiki stores it. */
#define WIKI_INFINITY "infinity"

/* $wgRestrictionLevels: "", "autoconfirmed", "sysop"; NULL-terminated, static. */
const char *const *wiki_protect_levels(void);

/* The right a protection level asks for: sysop → editprotected, autoconfirmed → editsemiprotected, else the level. */
const char *wiki_protect_level_right(const char *level);

/*
 * The protection types that apply to a page of namespace `ns` (none for
 * Special/Media): edit and move for existing pages, create for missing
 * titles, and upload for files. Into out[]; returns the count.
 */
size_t wiki_protect_types(int ns, bool exists, const char *out[3]);

/* True when `expiry` (14 digits or "infinity"; NULL never expires) is at or before `now` (14 digits). */
bool wiki_expiry_passed(const char *expiry, const char *now);

/* One protection in force. */
struct wiki_protection {
	const char *type;   /* pr_type: edit, move, upload; "create" for a missing title */
	const char *level;  /* pr_level / pt_create_perm: "autoconfirmed", "sysop", ... */
	const char *expiry; /* 14 digits or "infinity" */
	bool cascade;       /* pr_cascade */
	int64_t user_id;    /* create protection: who set it (pt_user) */
	const char *reason; /* create protection: its reason; "" otherwise */
};

/*
 * The protections in force (unexpired) on page `page_id`, or, when it
 * is 0, the create protection of the missing title ns:dbkey. `*out`
 * (in `a`) gets `*n` entries in row order. RC_OK or a store failure.
 */
int wiki_protect_load(struct store *st, struct arena *a, int64_t page_id, int ns, const char *dbkey,
		      struct wiki_protection **out, size_t *n);

/* One protection reaching a page through a cascade-protected page that uses it. */
struct wiki_cascade {
	int ns;            /* the cascade-protected page */
	const char *dbkey; /* ... its title */
	const char *type;  /* its protection type (edit) */
	const char *level; /* ... and level */
};

/*
 * Unexpired cascading protections covering ns:dbkey: pages protected
 * with cascade that transclude it (templatelinks) or, for a file, use
 * it (imagelinks). `*out` (in `a`) gets `*n` entries, ordered by page.
 */
int wiki_protect_cascade_sources(struct store *st, struct arena *a, int ns, const char *dbkey,
				 struct wiki_cascade **out, size_t *n);

/*
 * Both of the above for existing page `page_id` at ns:dbkey, in one
 * query (one round trip to a database server: a full permission check
 * needs both, inside an edit's lock): `*prot` as wiki_protect_load()
 * gives it, `*casc` as wiki_protect_cascade_sources(), in `a`.
 */
int wiki_protect_load_both(struct store *st, struct arena *a, int64_t page_id, int ns, const char *dbkey,
			   struct wiki_protection **prot, size_t *n_prot, struct wiki_cascade **casc, size_t *n_casc);

/* One protection to set: type, level ("" removes it), expiry. */
struct wiki_protect_item {
	const char *type;   /* edit, move, upload, create */
	const char *level;  /* "", "autoconfirmed", "sysop" */
	const char *expiry; /* 14 digits or "infinity" */
};

/* A change of protection for wiki_protect_update(). */
struct wiki_protect_change {
	/* In: */
	const struct wiki_title *title;       /* the page or missing title */
	const struct wiki_user *user;         /* who protects */
	const struct wiki_protect_item *items; /* the types to set; applicable types not named are removed */
	size_t n;                             /* entries in items */
	const char *reason;                   /* log reason, may be NULL */
	const char *const *tags;              /* change tags for the log entry, NULL-terminated or NULL */
	/* In and out: */
	bool cascade;                         /* asked for; false after when not allowed (edit level below sysop) */
	/* Out: */
	bool changed;                         /* something changed (else nothing was written) */
	int64_t log_id;                       /* the protect log entry */
};

/*
 * Set the protection of a page or missing title as
 * WikiPage::doUpdateRestrictions() does, inside the caller's write
 * transaction: expired rows are purged; when nothing changes, nothing
 * is written (c->changed false). Otherwise an existing page gets a null
 * revision describing the change and its page_restrictions rows
 * replaced; a missing title gets its protected_titles row set or
 * removed; and a protect/protect, modify or unprotect log entry is
 * written (params description, cascade and details, as MediaWiki).
 * RC_OK or a store failure.
 */
int wiki_protect_update(struct store *st, struct arena *a, struct wiki_protect_change *c);

#endif
