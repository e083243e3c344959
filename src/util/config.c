/* SPDX-License-Identifier: MIT */
/*
 * config.c — defaults and the wikid.ini reader (inih). Unknown keys are
 * reported so a typo in the file does not silently do nothing.
 */
#include "config.h"

#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct config config;

static void set_str(char **dst, const char *v)
{
	xfree(*dst);
	*dst = xstrdup(v);
}

void config_set(char **field, const char *value)
{
	set_str(field, value);
}

void config_release(void)
{
	char **fields[] = { &config.listen, &config.data_dir, &config.sitename, &config.server,
			    &config.scriptpath, &config.articlepath, &config.lang, &config.mainpage,
			    &config.timezone, &config.read_only_reason, &config.admin_password,
			    &config.secret_key, &config.cors_origins, &config.db_url, &config.db_replicas,
			    &config.trusted_proxies, &config.mail_sender, &config.smtp_host, &config.mail_spool,
			    &config.ratelimit_excluded_ips };
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		xfree(*fields[i]);
	for (size_t i = 0; i < config.n_rights; i++) {
		xfree((char *)config.rights[i].group);
		xfree((char *)config.rights[i].right);
	}
	xfree(config.rights);
	for (size_t i = 0; i < config.n_group_changes; i++) {
		xfree(config.group_changes[i].group);
		xfree(config.group_changes[i].kind);
		xfree(config.group_changes[i].value);
	}
	xfree(config.group_changes);
	for (size_t i = 0; i < config.n_ratelimits; i++) {
		xfree(config.ratelimits[i].action);
		xfree(config.ratelimits[i].kind);
	}
	xfree(config.ratelimits);
	memset(&config, 0, sizeof(config));
}

void config_defaults(void)
{
	config_release();
	set_str(&config.listen, "127.0.0.1");
	config.port = 8080;
	config.threads = 0; /* auto: see config_workers() */
	set_str(&config.data_dir, "./data");
	config.max_body = 100u << 20;
	config.max_params = 1000;
	config.max_value = 8u << 20;
	config.max_result = 8u << 20;
	set_str(&config.sitename, "wikid");
	set_str(&config.scriptpath, "/w");
	set_str(&config.lang, "en");
	set_str(&config.mainpage, "Main Page");
	set_str(&config.timezone, "UTC");
	set_str(&config.cors_origins, "");
	config.enable_bot_passwords = true;
	set_str(&config.trusted_proxies, "");
	config.block_cidr_v4 = 16;
	config.block_cidr_v6 = 19;
	config.autoblock_expiry = 86400;
	config.block_allows_ut_edit = true;
	config.hideuser_contrib_limit = 1000;
	config.enable_email = true;
	config.enable_user_email = true;
	config.email_authentication = true;
	set_str(&config.smtp_host, "");
	config.smtp_port = 25;
	config.ratelimit_defaults = true;
	set_str(&config.ratelimit_excluded_ips, "");
	/* MediaWiki's load balancer default ("max lag"). */
	config.replica_max_lag = 6;
	/* $wgJobRunRate: one job per request. */
	config.job_run_rate = 1;
}

static bool parse_bool(const char *v)
{
	return streq(v, "1") || streq(v, "true") || streq(v, "yes") || streq(v, "on");
}

/*
 * "[ratelimits] ACTION.KIND = HITS/SECONDS | none" and "ACTION.can_bypass
 * = BOOL" into config.ratelimits. The kind is what follows the first dot
 * (group names may not hold dots; actions do not either). Returns 1
 * when added, 0 when the name does not fit (the caller reports it), -1
 * when the value does not (reported here).
 */
static int add_rate_limit(const char *path, const char *name, const char *value)
{
	const char *dot = strchr(name, '.');
	if (!dot || dot == name || !dot[1])
		return 0;
	struct config_rate_limit r = { 0 };
	if (streq(dot + 1, "can_bypass")) {
		r.hits = parse_bool(value);
	} else if (!streq(value, "none")) {
		const char *slash = strchr(value, '/');
		long long hits, secs;
		char *h = slash ? xstrndup(value, (size_t)(slash - value)) : NULL;
		bool ok = h && util_parse_ll(h, &hits) == RC_OK && util_parse_ll(slash + 1, &secs) == RC_OK &&
			  hits >= 0 && hits <= INT32_MAX && secs > 0 && secs <= INT32_MAX;
		xfree(h);
		if (!ok) {
			fprintf(stderr, "%s: [ratelimits] %s: expected HITS/SECONDS or none\n", path, name);
			return -1;
		}
		r.hits = (int)hits;
		r.seconds = (int)secs;
	}
	config.ratelimits = xrealloc(config.ratelimits, (config.n_ratelimits + 1) * sizeof(*config.ratelimits));
	r.action = xstrndup(name, (size_t)(dot - name));
	r.kind = xstrdup(streq(dot + 1, "can_bypass") ? "&can-bypass" : dot + 1);
	config.ratelimits[config.n_ratelimits++] = r;
	return 1;
}

static int on_entry(void *user, const char *section, const char *name, const char *value)
{
	const char *path = user;
	long long n;
	bool is_num = util_parse_ll(value, &n) == RC_OK;
#define NUM(field)                                                                     \
	do {                                                                           \
		if (!is_num || n < 0) {                                                \
			fprintf(stderr, "%s: [%s] %s: not a number\n", path, section, name); \
			return 0;                                                      \
		}                                                                      \
		config.field = n;                                                      \
		return 1;                                                              \
	} while (0)
	if (streq(section, "server")) {
		if (streq(name, "listen")) { set_str(&config.listen, value); return 1; }
		if (streq(name, "port")) NUM(port);
		if (streq(name, "threads")) NUM(threads);
		if (streq(name, "data_dir")) { set_str(&config.data_dir, value); return 1; }
		if (streq(name, "max_body")) NUM(max_body);
		if (streq(name, "max_params")) NUM(max_params);
		if (streq(name, "max_value")) NUM(max_value);
		if (streq(name, "max_result")) NUM(max_result);
		if (streq(name, "cors_origins")) { set_str(&config.cors_origins, value); return 1; }
		if (streq(name, "trusted_proxies")) { set_str(&config.trusted_proxies, value); return 1; }
	} else if (streq(section, "site")) {
		if (streq(name, "sitename")) { set_str(&config.sitename, value); return 1; }
		if (streq(name, "server")) { set_str(&config.server, value); return 1; }
		if (streq(name, "scriptpath")) { set_str(&config.scriptpath, value); return 1; }
		if (streq(name, "articlepath")) { set_str(&config.articlepath, value); return 1; }
		if (streq(name, "lang")) { set_str(&config.lang, value); return 1; }
		if (streq(name, "mainpage")) { set_str(&config.mainpage, value); return 1; }
		if (streq(name, "read_only")) {
			config.read_only = *value != '\0';
			set_str(&config.read_only_reason, value);
			return 1;
		}
		if (streq(name, "admin_password")) { set_str(&config.admin_password, value); return 1; }
		if (streq(name, "secret_key")) { set_str(&config.secret_key, value); return 1; }
		if (streq(name, "show_hostnames")) {
			config.show_hostnames = parse_bool(value);
			return 1;
		}
		if (streq(name, "enable_bot_passwords")) {
			config.enable_bot_passwords = parse_bool(value);
			return 1;
		}
	} else if (streq(section, "database")) {
		if (streq(name, "url")) { set_str(&config.db_url, value); return 1; }
		if (streq(name, "replicas")) { set_str(&config.db_replicas, value); return 1; }
		if (streq(name, "replica_max_lag")) NUM(replica_max_lag);
	} else if (streq(section, "jobs")) {
		if (streq(name, "run_rate")) {
			char *end;
			double r = strtod(value, &end);
			if (end == value || *end || !(r >= 0 && r <= 1000)) {
				fprintf(stderr, "%s: [jobs] run_rate: expected a number from 0 to 1000\n", path);
				return 0;
			}
			config.job_run_rate = r;
			return 1;
		}
	} else if (streq(section, "blocks")) {
		if (streq(name, "cidr_limit_ipv4")) NUM(block_cidr_v4);
		if (streq(name, "cidr_limit_ipv6")) NUM(block_cidr_v6);
		if (streq(name, "autoblock_expiry")) NUM(autoblock_expiry);
		if (streq(name, "hideuser_contrib_limit")) NUM(hideuser_contrib_limit);
		if (streq(name, "allow_user_talk")) {
			config.block_allows_ut_edit = parse_bool(value);
			return 1;
		}
		if (streq(name, "multiblocks")) {
			config.multiblocks = parse_bool(value);
			return 1;
		}
	} else if (streq(section, "mail")) {
		if (streq(name, "enable")) {
			config.enable_email = parse_bool(value);
			return 1;
		}
		if (streq(name, "user_email")) {
			config.enable_user_email = parse_bool(value);
			return 1;
		}
		if (streq(name, "email_authentication")) {
			config.email_authentication = parse_bool(value);
			return 1;
		}
		if (streq(name, "sender")) { set_str(&config.mail_sender, value); return 1; }
		if (streq(name, "smtp_host")) { set_str(&config.smtp_host, value); return 1; }
		if (streq(name, "smtp_port")) NUM(smtp_port);
		if (streq(name, "spool")) { set_str(&config.mail_spool, value); return 1; }
	} else if (streq(section, "groups")) {
		/* "sysop.add = bot|interface-admin", "bureaucrat.remove = true" */
		const char *dot = strrchr(name, '.');
		if (dot && dot != name && (streq(dot + 1, "add") || streq(dot + 1, "remove") || streq(dot + 1, "add-self") ||
					   streq(dot + 1, "remove-self"))) {
			config.group_changes = xrealloc(config.group_changes,
							(config.n_group_changes + 1) * sizeof(*config.group_changes));
			struct config_group_change *c = &config.group_changes[config.n_group_changes++];
			c->group = xstrndup(name, (size_t)(dot - name));
			c->kind = xstrdup(dot + 1);
			c->value = xstrdup(value);
			return 1;
		}
	} else if (streq(section, "ratelimits")) {
		if (streq(name, "defaults")) {
			config.ratelimit_defaults = parse_bool(value);
			return 1;
		}
		if (streq(name, "excluded_ips")) { set_str(&config.ratelimit_excluded_ips, value); return 1; }
		int added = add_rate_limit(path, name, value);
		if (added)
			return added > 0;
	} else if (streq(section, "rights")) {
		/* "group.right = true|false" */
		const char *dot = strchr(name, '.');
		if (dot && dot != name && dot[1]) {
			config.rights = xrealloc(config.rights, (config.n_rights + 1) * sizeof(*config.rights));
			struct config_group_right *r = &config.rights[config.n_rights++];
			r->group = xstrndup(name, (size_t)(dot - name));
			r->right = xstrdup(dot + 1);
			r->granted = parse_bool(value);
			return 1;
		}
	}
#undef NUM
	fprintf(stderr, "%s: unknown setting [%s] %s\n", path, section, name);
	return 0;
}

int config_load(const char *path, bool must_exist)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (!must_exist)
			return RC_OK;
		fprintf(stderr, "wikid: cannot open config file %s\n", path);
		return RC_INVALID;
	}
	int line = ini_parse_file(f, on_entry, (void *)path);
	fclose(f);
	if (line != 0) {
		fprintf(stderr, "wikid: %s: error on line %d\n", path, line);
		return RC_INVALID;
	}
	return RC_OK;
}

void config_finish(void)
{
	if (!config.server) {
		char buf[128];
		const char *host = streq(config.listen, "0.0.0.0") || streq(config.listen, "::")
					   ? "127.0.0.1" : config.listen;
		snprintf(buf, sizeof(buf), "http://%s:%d", host, config.port);
		config.server = xstrdup(buf);
	}
	/* Without pretty URLs, pages are addressed through index.php, as MediaWiki's default. */
	if (!config.articlepath) {
		size_t n = strlen(config.scriptpath) + sizeof("/index.php?title=$1");
		config.articlepath = xmalloc(n);
		snprintf(config.articlepath, n, "%s/index.php?title=$1", config.scriptpath);
	}
	config.threads = config_workers();
}

int config_workers(void)
{
	if (config.threads > 0)
		return config.threads;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	if (ncpu < 1)
		ncpu = 2;
	/*
	 * SQLite answers inside the worker, which is busy the whole time: one
	 * per core. A database server keeps a worker waiting for each answer,
	 * so more workers keep the cores busy: four per core.
	 */
	const char *db = config_database();
	bool is_server = strncmp(db, "postgres", 8) == 0;
	return (int)(is_server ? 4 * ncpu : ncpu);
}

const char *config_database(void)
{
	return config.db_url && *config.db_url ? config.db_url : config.data_dir;
}
