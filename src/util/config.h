/* SPDX-License-Identifier: MIT */
/*
 * config.h — wikid's settings: defaults, then wikid.ini (inih), then
 * command-line flags. Loaded once at start-up into the global `config`,
 * read-only afterwards. Every setting has a default so `make run` needs
 * no file. Sections and keys are documented in README.md.
 */
#ifndef CONFIG_H
#define CONFIG_H

#include "util.h"

/* Rights per group, after $wgGroupPermissions; built by wiki/rights.c. */
struct config_group_right {
	const char *group; /* "*", "user", "sysop", ... */
	const char *right; /* "edit", "apihighlimits", ... */
	bool granted;      /* false revokes a default */
};

/* Who may change which groups ($wgAddGroups and friends), from [groups] GROUP.KIND = ... */
struct config_group_change {
	char *group; /* the group whose members may change groups */
	char *kind;  /* "add", "remove", "add-self" or "remove-self" */
	char *value; /* '|'-separated groups, or "true" for every group */
};

/*
 * One [ratelimits] entry over MediaWiki's $wgRateLimits defaults:
 * "ACTION.KIND = HITS/SECONDS" sets a limit, "ACTION.KIND = none" removes
 * one, "ACTION.can_bypass = false" makes the action limited even for
 * holders of noratelimit ('&can-bypass').
 */
struct config_rate_limit {
	char *action; /* "edit", "move", ... */
	char *kind;   /* "ip", "user", "newbie", "anon", "subnet", "ip-all", "subnet-all", a group, or "&can-bypass" */
	int hits;     /* actions allowed in the window; 0 with seconds 0: no limit of this kind */
	int seconds;  /* window length; for "&can-bypass", 1 (true) or 0 (false) in hits */
};

struct config {
	/* [server] */
	char *listen;          /* bind address; 127.0.0.1 unless configured */
	int port;              /* TCP port, default 8080 */
	int threads;           /* worker threads; 0 (default): config_workers() decides */
	char *data_dir;        /* directory of the database and uploads */
	/* [database] */
	char *db_url;          /* postgresql://... or sqlite:PATH; NULL: sqlite:DATA_DIR/wikid.sqlite */
	char *db_replicas;     /* space-separated postgresql:// URLs of read replicas, or NULL */
	int replica_max_lag;   /* seconds a replica may lag and still serve reads (default 6) */
	size_t max_body;       /* request body limit (bytes), default 100 MiB */
	size_t max_params;     /* parameters per request, default 1000 */
	size_t max_value;      /* bytes in one non-file value, default 8 MiB */
	size_t max_result;     /* soft cap of one API result (bytes), default 8 MiB */
	/* [site] */
	char *sitename;        /* $wgSitename */
	char *server;          /* $wgServer, e.g. "http://127.0.0.1:8080" */
	char *scriptpath;      /* $wgScriptPath, default "/w" */
	char *articlepath;     /* $wgArticlePath, default scriptpath + "/index.php?title=$1" */
	char *lang;            /* content language code, default "en" */
	char *mainpage;        /* main page title */
	char *timezone;        /* $wgLocaltimezone, default "UTC" */
	bool read_only;        /* $wgReadOnly set */
	char *read_only_reason; /* reason shown with readonly errors */
	char *admin_password;  /* initial Admin password, else env or random */
	char *secret_key;      /* HMAC key for tokens; random, persisted in data_dir */
	char *cors_origins;    /* space-separated $wgCrossSiteAJAXdomains, "*" allowed */
	char *trusted_proxies; /* $wgCdnServers: space-separated proxy IPs or ranges whose X-Forwarded-For is believed */
	bool enable_bot_passwords; /* $wgEnableBotPasswords */
	bool show_hostnames;   /* $wgShowHostnames: servedby and maxlag name the host */
	/* [jobs] */
	double job_run_rate;        /* $wgJobRunRate: jobs run per request in the background, 1; 0 runs none */
	/* [blocks] */
	int block_cidr_v4;          /* $wgBlockCIDRLimit['IPv4']: widest IPv4 range block, 16 */
	int block_cidr_v6;          /* $wgBlockCIDRLimit['IPv6']: widest IPv6 range block, 19 */
	int autoblock_expiry;       /* $wgAutoblockExpiry: seconds an autoblock lasts, 86400 */
	bool block_allows_ut_edit;  /* $wgBlockAllowsUTEdit: allowusertalk is honoured, true */
	bool multiblocks;           /* $wgEnableMultiBlocks: newblock adds a second block, false */
	int hideuser_contrib_limit; /* $wgHideUserContribLimit: edits above which hidename is refused, 1000 */
	/* [mail] */
	bool enable_email;          /* $wgEnableEmail: the wiki sends email at all, true */
	bool enable_user_email;     /* $wgEnableUserEmail: users may email each other, true */
	bool email_authentication;  /* $wgEmailAuthentication: addresses must be confirmed first, true */
	char *mail_sender;          /* $wgPasswordSender; default "wikid@" + the server's host */
	char *smtp_host;            /* SMTP server; empty: write messages to the spool directory */
	int smtp_port;              /* its port, 25 */
	char *mail_spool;           /* spool directory; default data_dir + "/mail" */
	/* [ratelimits] ACTION.KIND = HITS/SECONDS | none, defaults, excluded_ips */
	bool ratelimit_defaults;               /* start from MediaWiki's $wgRateLimits, true */
	char *ratelimit_excluded_ips;          /* $wgRateLimitsExcludedIPs: space-separated addresses or ranges */
	struct config_rate_limit *ratelimits;  /* entries over the defaults, in file order (last wins) */
	size_t n_ratelimits;                   /* entries in ratelimits */
	/* [rights] group.right = true|false, applied over MediaWiki's defaults */
	struct config_group_right *rights; /* overrides from the ini file */
	size_t n_rights;                   /* entries in rights */
	/* [groups] GROUP.add / .remove / .add-self / .remove-self = group|group or true */
	struct config_group_change *group_changes; /* $wgAddGroups, $wgRemoveGroups, ... (default: none) */
	size_t n_group_changes;                    /* entries in group_changes */
};

extern struct config config;

/* Fill `config` with defaults (releasing whatever it held). */
void config_defaults(void);

/* Replace a string setting with a copy of `value`. */
void config_set(char **field, const char *value);

/* Free every string of `config` and zero it. */
void config_release(void);

/*
 * Read `path` (wikid.ini format) over the current settings. A missing file
 * is an error only when `must_exist`. Returns RC_OK or RC_INVALID (message
 * printed to stderr).
 */
int config_load(const char *path, bool must_exist);

/* Derive the settings that depend on others (server URL from the port). */
void config_finish(void);

/*
 * Where the database is, for store_global_init(): [database] url when
 * set, else the data directory (its SQLite file). Owned by `config`.
 */
const char *config_database(void);

/*
 * Worker threads to run: [server] threads or --threads when set, else
 * one per core with SQLite and four per core with PostgreSQL.
 */
int config_workers(void);

#endif
