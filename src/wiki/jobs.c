/* SPDX-License-Identifier: MIT */
/*
 * jobs.c — the job queue (MediaWiki's JobQueueDB on the `job` table) and
 * its runners: the background thread fed by requests ($wgJobRunRate),
 * Special:RunJobs and `wikid --run-jobs`.
 *
 * A job is a row: job_cmd (its type, as MediaWiki names them), the title
 * it is about, job_params (a form-encoded string of its own parameters)
 * and job_sha1, the hash of all three. Pushing a job that is already
 * waiting (same hash, unclaimed) does nothing: identical pending jobs are
 * deduplicated. A runner claims a job inside a write transaction (so two
 * runners, in this process or on other nodes of one PostgreSQL, never get
 * the same row: writers are serialized by the store), setting job_token
 * to a random token and counting the attempt; it runs the job in a
 * transaction of its own that also deletes the row, so a job's effects
 * and its removal commit together. A job that fails is released for a
 * retry until it has had JOB_MAX_ATTEMPTS, then dropped; a claim older
 * than JOB_CLAIM_TTL (its runner died) is released again.
 *
 * Types (https://www.mediawiki.org/wiki/Manual:Job_queue):
 *   refreshLinks    with params: the pages that use the title through
 *                   `table` (templatelinks) get refreshLinks jobs of their
 *                   own, JOB_BATCH at a time (the rest in a follow-up job
 *                   with `start`, as BacklinkJobUtils partitions); without:
 *                   re-render the title's current revision and rewrite its
 *                   link tables (RefreshLinksJob).
 *   htmlCacheUpdate the pages linking to the title through `table` get
 *                   page_touched = now, JOB_BATCH at a time
 *                   (HTMLCacheUpdateJob).
 * Within this process every run holds one mutex, so a runner that finds
 * the queue empty knows no job of this process is half done: tests can
 * run the queue and then look at the results without waiting.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "../parser/wt.h"
#include "../store/store.h"
#include "../util/config.h"
#include "../util/progress.h"
#include "../util/sbuf.h"
#include "../util/timestamp.h"
#include "../util/util.h"
#include "wiki.h"

/* Backlinks handled per job: MediaWiki's $wgUpdateRowsPerJob. */
#define JOB_BATCH 300
/* Tries a job gets before it is dropped: JobQueueDB's default maxTries. */
#define JOB_MAX_ATTEMPTS 3
/* Seconds after which a claim is taken to be dead: JobQueue's default claimTTL. */
#define JOB_CLAIM_TTL 3600
/* Most jobs the background thread owes at once (a burst of requests on a long queue). */
#define CREDIT_MAX 1000.0

/* A claimed job. */
struct job {
	int64_t id;         /* job_id */
	const char *cmd;    /* job_cmd */
	int ns;             /* job_namespace */
	const char *dbkey;  /* job_title */
	const char *params; /* job_params */
};

/* One run at a time in this process (see the file comment). */
static pthread_mutex_t run_lock = PTHREAD_MUTEX_INITIALIZER;
/* Set when this process pushed a job and no runner has found the queue empty since. */
static atomic_bool queue_hint;
/* Set when this process may have pushed a job (push_if_linked()): the next request has the queue looked at. */
static atomic_bool queue_maybe;

/* ---------- parameters ---------- */

/* The value of `name` in form-encoded `params` (values hold no '&' or '='), or NULL; in `a`. */
static const char *param(struct arena *a, const char *params, const char *name)
{
	size_t nl = strlen(name);
	for (const char *p = params; p && *p;) {
		const char *amp = strchr(p, '&');
		size_t len = amp ? (size_t)(amp - p) : strlen(p);
		if (len > nl && strncmp(p, name, nl) == 0 && p[nl] == '=')
			return arena_strndup(a, p + nl + 1, len - nl - 1);
		p = amp ? amp + 1 : NULL;
	}
	return NULL;
}

/* ---------- the queue ---------- */

int wiki_job_push(struct store *st, const char *cmd, int ns, const char *dbkey, const char *params)
{
	if (!params)
		params = "";
	struct sbuf key;
	sbuf_init(&key, 4096);
	sbuf_addf(&key, "%s\n%d\n%s\n%s", cmd, ns, dbkey, params);
	char sha1[41];
	store_sha1_hex(key.p, key.len, sha1);
	sbuf_release(&key);
	int64_t have = 0;
	int rc = store_query_int(st, &have, "SELECT job_id FROM job WHERE job_sha1 = ? AND job_token = '' LIMIT 1",
				 "t", sha1);
	if (rc == RC_OK)
		return RC_OK; /* the same job is waiting already */
	if (rc != RC_NOTFOUND)
		return rc;
	char now[15];
	wiki_timestamp_now(now);
	uint32_t r;
	util_random(&r, sizeof(r));
	rc = store_run(st, "INSERT INTO job (job_cmd, job_namespace, job_title, job_timestamp, job_params, job_random,"
			   " job_attempts, job_token, job_sha1) VALUES (?, ?, ?, ?, ?, ?, 0, '', ?)",
		       "tdtttit", cmd, ns, dbkey, now, params, (int64_t)(r & 0x7fffffff), sha1);
	if (rc == RC_OK)
		atomic_store(&queue_hint, true);
	return rc;
}

int wiki_jobs_pending(struct store *st, int64_t *n)
{
	*n = 0;
	return store_query_int(st, n, "SELECT COUNT(*) FROM job WHERE job_token = '' AND job_attempts < ?", "d",
			       JOB_MAX_ATTEMPTS);
}

/* The backlinks of ns:dbkey through `table`: page ids above `after`, at most JOB_BATCH, ascending. */
static int backlinks(struct store *st, const char *table, int ns, const char *dbkey, int64_t after, int64_t *ids,
		     size_t *n)
{
	const char *sql;
	*n = 0;
	if (streq(table, "templatelinks"))
		sql = "SELECT tl_from FROM templatelinks WHERE tl_namespace = ? AND tl_title = ? AND tl_from > ?"
		      " ORDER BY tl_from LIMIT ?";
	else if (streq(table, "pagelinks"))
		sql = "SELECT pl_from FROM pagelinks WHERE pl_namespace = ? AND pl_title = ? AND pl_from > ?"
		      " ORDER BY pl_from LIMIT ?";
	else if (streq(table, "redirect"))
		sql = "SELECT rd_from FROM redirect WHERE rd_namespace = ? AND rd_title = ? AND rd_from > ?"
		      " AND (rd_interwiki IS NULL OR rd_interwiki = '') ORDER BY rd_from LIMIT ?";
	else if (streq(table, "categorylinks") && ns == WIKI_NS_CATEGORY)
		sql = "SELECT cl_from FROM categorylinks WHERE ? >= 0 AND cl_to = ? AND cl_from > ?"
		      " ORDER BY cl_from LIMIT ?";
	else if (streq(table, "imagelinks") && ns == WIKI_NS_FILE)
		sql = "SELECT il_from FROM imagelinks WHERE ? >= 0 AND il_to = ? AND il_from > ?"
		      " ORDER BY il_from LIMIT ?";
	else
		return RC_OK; /* nothing links to it that way */
	struct store_stmt *s = store_prepare(st, sql);
	store_bindv(s, "dtii", ns, dbkey, after, (int64_t)JOB_BATCH);
	int step;
	while ((step = store_step(s)) == STORE_ROW)
		ids[(*n)++] = store_col_int(s, 0);
	store_stmt_done(s);
	return step == STORE_DONE ? RC_OK : step < 0 ? step : RC_ERR;
}

/* Push `cmd` for the backlinks of ns:dbkey through `table` (the caller found at least one). */
static int push_backlinks_job(struct store *st, const char *cmd, int ns, const char *dbkey, const char *table)
{
	char params[64];
	snprintf(params, sizeof(params), "table=%s&recursive=1", table);
	return wiki_job_push(st, cmd, ns, dbkey, params);
}

/* The link tables wiki_jobs_title_changed() asks about. */
enum linked_via {
	VIA_TEMPLATE,  /* templatelinks */
	VIA_IMAGE,     /* imagelinks (a file) */
	VIA_REDIRECT,  /* redirect */
	VIA_PAGE,      /* pagelinks */
	VIA_CATEGORY,  /* categorylinks (a category) */
	VIA_N,         /* count */
};

/* The condition that some page links to ns:dbkey through each table (binds ns, then dbkey). */
static const char *const via_exists[VIA_N] = {
	[VIA_TEMPLATE] = "EXISTS (SELECT 1 FROM templatelinks WHERE tl_namespace = ? AND tl_title = ?)",
	[VIA_IMAGE] = "EXISTS (SELECT 1 FROM imagelinks WHERE ? >= 0 AND il_to = ?)",
	[VIA_REDIRECT] = ("EXISTS (SELECT 1 FROM redirect WHERE rd_namespace = ? AND rd_title = ?"
			  " AND (rd_interwiki IS NULL OR rd_interwiki = ''))"),
	[VIA_PAGE] = "EXISTS (SELECT 1 FROM pagelinks WHERE pl_namespace = ? AND pl_title = ?)",
	[VIA_CATEGORY] = "EXISTS (SELECT 1 FROM categorylinks WHERE ? >= 0 AND cl_to = ?)",
};

/*
 * Whether any page links to ns:dbkey through each table of `want` (the
 * backlinks() conditions), in one query: a creation or deletion asks
 * about three to five tables in one round trip to a database server
 * instead of one each (an edit's jobs: push_if_linked()).
 */
static int linked_from(struct store *st, int ns, const char *dbkey, const bool want[VIA_N], bool has[VIA_N])
{
	char sql[1024];
	size_t o = 0;
	int n = 0;
	for (int v = 0; v < VIA_N; v++) {
		has[v] = false;
		if (want[v])
			o += (size_t)snprintf(sql + o, sizeof(sql) - o, "%s%s", n++ ? ", " : "SELECT ", via_exists[v]);
	}
	if (n == 0)
		return RC_OK;
	struct store_stmt *s = store_prepare(st, sql);
	for (int k = 0; k < n; k++) {
		store_bind_int(s, 2 * k + 1, ns);
		store_bind_text(s, 2 * k + 2, dbkey, STORE_NTS);
	}
	int step = store_step(s);
	if (step == STORE_ROW)
		for (int v = 0, k = 0; v < VIA_N; v++)
			if (want[v])
				has[v] = store_col_int(s, k++) != 0;
	store_stmt_done(s);
	return step == STORE_ROW ? RC_OK : step < 0 ? step : RC_ERR;
}

/*
 * wiki_job_push() of `cmd` for the backlinks of ns:dbkey through
 * `table`, if any page links to it through `via` (the `exists` condition
 * of linked_from()), decided by the database in one INSERT ... SELECT:
 * the caller needs no answer, so inside a write transaction it is sent
 * ahead with the statements that follow (store_run_later()) instead of
 * costing a round trip for the question first, inside the writers' lock.
 * Whether a job came is not known here: queue_maybe has the next request
 * look at the queue (one cheap read by the runner thread, outside the
 * lock), so the job runs as soon as one pushed with queue_hint would.
 */
static int push_if_linked(struct store *st, const char *cmd, int ns, const char *dbkey, const char *table,
			  const char *exists)
{
	char params[64];
	snprintf(params, sizeof(params), "table=%s&recursive=1", table);
	struct sbuf key;
	sbuf_init(&key, 4096);
	sbuf_addf(&key, "%s\n%d\n%s\n%s", cmd, ns, dbkey, params);
	char sha1[41];
	store_sha1_hex(key.p, key.len, sha1);
	sbuf_release(&key);
	char now[15];
	wiki_timestamp_now(now);
	uint32_t r;
	util_random(&r, sizeof(r));
	char sql[768];
	snprintf(sql, sizeof(sql),
		 "INSERT INTO job (job_cmd, job_namespace, job_title, job_timestamp, job_params, job_random,"
		 " job_attempts, job_token, job_sha1) SELECT ?, CAST(? AS INTEGER), ?, ?, ?, CAST(? AS INTEGER), 0, '', ?"
		 " WHERE %s AND NOT EXISTS (SELECT 1 FROM job WHERE job_sha1 = ? AND job_token = '')", exists);
	atomic_store(&queue_maybe, true);
	return store_run_later(st, sql, "tdtttitdtt", cmd, ns, dbkey, now, params, (int64_t)(r & 0x7fffffff), sha1,
			       ns, dbkey, sha1);
}

int wiki_jobs_title_changed(struct store *st, int ns, const char *dbkey, enum wiki_jobs_change change)
{
	bool edit = change == WIKI_JOBS_EDIT;
	if (edit) {
		/* Those of LinksUpdate and WikiPage::onArticleEdit, each pushed if its condition holds, unanswered. */
		int rc = push_if_linked(st, "refreshLinks", ns, dbkey, "templatelinks", via_exists[VIA_TEMPLATE]);
		if (rc == RC_OK)
			rc = push_if_linked(st, "htmlCacheUpdate", ns, dbkey, "templatelinks", via_exists[VIA_TEMPLATE]);
		if (rc == RC_OK && ns == WIKI_NS_FILE)
			rc = push_if_linked(st, "htmlCacheUpdate", ns, dbkey, "imagelinks", via_exists[VIA_IMAGE]);
		/* Pages redirecting here show its content (WikiPage::onArticleEdit). */
		if (rc == RC_OK)
			rc = push_if_linked(st, "htmlCacheUpdate", ns, dbkey, "redirect", via_exists[VIA_REDIRECT]);
		return rc;
	}
	bool want[VIA_N] = {
		[VIA_TEMPLATE] = true, [VIA_IMAGE] = ns == WIKI_NS_FILE, [VIA_PAGE] = true,
		[VIA_CATEGORY] = ns == WIKI_NS_CATEGORY,
	};
	bool has[VIA_N];
	int rc = linked_from(st, ns, dbkey, want, has);
	/* Pages using it as a template: their link tables and renderings (LinksUpdate::queueRecursiveJobs). */
	if (rc == RC_OK && has[VIA_TEMPLATE])
		rc = push_backlinks_job(st, "refreshLinks", ns, dbkey, "templatelinks");
	if (rc == RC_OK && has[VIA_TEMPLATE])
		rc = push_backlinks_job(st, "htmlCacheUpdate", ns, dbkey, "templatelinks");
	if (rc == RC_OK && has[VIA_IMAGE])
		rc = push_backlinks_job(st, "htmlCacheUpdate", ns, dbkey, "imagelinks");
	/* Created or gone: red and blue links to it change (Title::touchLinks). */
	if (rc == RC_OK && has[VIA_PAGE])
		rc = push_backlinks_job(st, "htmlCacheUpdate", ns, dbkey, "pagelinks");
	if (rc == RC_OK && has[VIA_CATEGORY])
		rc = push_backlinks_job(st, "htmlCacheUpdate", ns, dbkey, "categorylinks");
	return rc;
}

/* ---------- running jobs ---------- */

/*
 * Claim the oldest free job (of type `type` when not NULL) into *j, in a
 * write transaction. RC_OK, RC_NOTFOUND when none is free, or a failure.
 */
/*
 * Claims whose runner died long ago are free again, or dropped after
 * their last try (JobQueueDB::recycleAndDeleteStaleJobs). Once per run:
 * it reads the whole table.
 */
static int recycle(struct store *st)
{
	char stale[15];
	ts_format_mw((int64_t)time(NULL) - JOB_CLAIM_TTL, stale);
	int rc = store_begin(st);
	if (rc == RC_OK)
		rc = store_run(st, "UPDATE job SET job_token = '', job_token_timestamp = NULL"
				   " WHERE job_token <> '' AND job_token_timestamp < ? AND job_attempts < ?",
			       "td", stale, JOB_MAX_ATTEMPTS);
	if (rc == RC_OK)
		rc = store_run(st, "DELETE FROM job WHERE job_token <> '' AND job_token_timestamp < ?"
				   " AND job_attempts >= ?", "td", stale, JOB_MAX_ATTEMPTS);
	if (rc == RC_OK)
		return store_commit(st);
	store_rollback(st);
	return rc;
}

static int claim(struct store *st, struct arena *a, const char *type, struct job *j)
{
	char now[15];
	wiki_timestamp_now(now);
	unsigned char raw[16];
	util_random(raw, sizeof(raw));
	char token[33];
	util_hex(raw, sizeof(raw), token);
	int rc = store_begin(st);
	if (rc != RC_OK)
		return rc;
	struct store_stmt *s = NULL;
	if (rc == RC_OK) {
		s = store_prepare(st, type ? "SELECT job_id, job_cmd, job_namespace, job_title, job_params FROM job"
					     " WHERE job_cmd = ? AND job_token = '' AND job_attempts < ?"
					     " ORDER BY job_id LIMIT 1"
					   : "SELECT job_id, job_cmd, job_namespace, job_title, job_params FROM job"
					     " WHERE ? = '' AND job_token = '' AND job_attempts < ? ORDER BY job_id LIMIT 1");
		store_bindv(s, "td", type ? type : "", JOB_MAX_ATTEMPTS);
		int step = store_step(s);
		if (step == STORE_ROW) {
			j->id = store_col_int(s, 0);
			j->cmd = store_col_dup(s, a, 1);
			j->ns = (int)store_col_int(s, 2);
			j->dbkey = store_col_dup(s, a, 3);
			j->params = store_col_dup(s, a, 4);
		} else {
			rc = step == STORE_DONE ? RC_NOTFOUND : step < 0 ? step : RC_ERR;
		}
		store_stmt_done(s);
	}
	if (rc == RC_OK)
		rc = store_run(st, "UPDATE job SET job_token = ?, job_token_timestamp = ?,"
				   " job_attempts = job_attempts + 1 WHERE job_id = ?", "tti", token, now, j->id);
	if (rc == RC_OK)
		return store_commit(st);
	store_rollback(st);
	return rc;
}

/* RefreshLinksJob for one page: render its current revision and rewrite its link tables. */
static int refresh_page(struct store *st, struct arena *a, int ns, const char *dbkey)
{
	struct wiki_page pg;
	int rc = wiki_page_load(st, a, ns, dbkey, &pg);
	if (rc == RC_NOTFOUND)
		return RC_OK; /* no current text to render */
	if (rc != RC_OK || !pg.id || !pg.latest)
		return rc; /* gone since: nothing to refresh */
	struct wiki_title t;
	wiki_title_make(a, ns, dbkey, &t);
	char now[15];
	wiki_timestamp_now(now);
	return wiki_links_refresh(st, a, &t, pg.id, pg.latest, pg.text, pg.text_len, pg.model, pg.latest_ts, now);
}

/* A job over the backlinks of its title: one batch of them, and a follow-up job for the rest. */
static int run_backlinks(struct store *st, struct arena *a, const struct job *j)
{
	const char *table = param(a, j->params, "table");
	const char *start = param(a, j->params, "start");
	long long after = 0;
	if (!table || (start && util_parse_ll(start, &after) != RC_OK))
		return RC_INVALID;
	int64_t ids[JOB_BATCH];
	size_t n = 0;
	int rc = backlinks(st, table, j->ns, j->dbkey, after, ids, &n);
	if (rc != RC_OK)
		return rc;
	bool refresh = streq(j->cmd, "refreshLinks");
	char now[15];
	wiki_timestamp_now(now);
	for (size_t i = 0; rc == RC_OK && i < n; i++) {
		if (!refresh) {
			/* page_touched only moves forward, as in HTMLCacheUpdateJob. */
			rc = store_run(st, "UPDATE page SET page_touched = ? WHERE page_id = ? AND page_touched < ?",
				       "tit", now, ids[i], now);
			continue;
		}
		char *key = NULL;
		int64_t ns = 0;
		rc = store_query_int(st, &ns, "SELECT page_namespace FROM page WHERE page_id = ?", "i", ids[i]);
		if (rc == RC_OK)
			rc = store_query_text(st, a, &key, "SELECT page_title FROM page WHERE page_id = ?", "i", ids[i]);
		if (rc == RC_NOTFOUND) {
			rc = RC_OK; /* a link row of a page deleted since */
			continue;
		}
		if (rc == RC_OK)
			rc = wiki_job_push(st, "refreshLinks", (int)ns, key, "");
	}
	if (rc == RC_OK && n == JOB_BATCH) {
		const char *rest = arena_printf(a, "table=%s&recursive=1&start=%lld", table, (long long)ids[n - 1]);
		rc = wiki_job_push(st, j->cmd, j->ns, j->dbkey, rest);
	}
	return rc;
}

/* Run job `j` inside the caller's transaction. */
static int execute(struct store *st, struct arena *a, const struct job *j)
{
	bool has_table = j->params && strstr(j->params, "table=");
	if (streq(j->cmd, "refreshLinks"))
		return has_table ? run_backlinks(st, a, j) : refresh_page(st, a, j->ns, j->dbkey);
	if (streq(j->cmd, "htmlCacheUpdate") && has_table)
		return run_backlinks(st, a, j);
	return RC_INVALID; /* a type this wiki does not know: dropped after its tries */
}

/* Process peak resident memory in bytes. */
static int64_t peak_memory(void)
{
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return 0;
	return (int64_t)ru.ru_maxrss * 1024;
}

int wiki_jobs_run(struct store *st, struct arena *a, const struct wiki_jobs_limits *lim, struct wiki_jobs_report *rep)
{
	memset(rep, 0, sizeof(*rep));
	int64_t t0 = util_mono_us();
	int rc = RC_OK;
	size_t cap = 0;
	rep->reached = "none-ready";
	if (config.read_only) {
		rep->reached = "read-only";
		return RC_OK;
	}
	/* Nothing pushed here and nothing free at the last look: one cheap read instead of a write transaction. */
	int64_t any = 0;
	if (!atomic_load(&queue_hint) &&
	    store_query_int(st, &any, "SELECT job_id FROM job LIMIT 1", "") == RC_NOTFOUND)
		return RC_OK;
	rc = recycle(st);
	while (rc == RC_OK) {
		if (lim->max_jobs > 0 && rep->n_jobs >= (size_t)lim->max_jobs) {
			rep->reached = "job-limit";
			break;
		}
		if (lim->max_time > 0 && (double)(util_mono_us() - t0) / 1e6 >= lim->max_time) {
			rep->reached = "time-limit";
			break;
		}
		struct arena *ja = arena_new();
		struct job j = { 0 };
		pthread_mutex_lock(&run_lock);
		rc = claim(st, ja, lim->type, &j);
		if (rc == RC_NOTFOUND) {
			pthread_mutex_unlock(&run_lock);
			arena_free(ja);
			atomic_store(&queue_hint, false);
			rep->reached = "none-ready";
			rc = RC_OK;
			break;
		}
		if (rc != RC_OK) {
			pthread_mutex_unlock(&run_lock);
			arena_free(ja);
			break;
		}
		int64_t j0 = util_mono_us();
		int jrc = store_begin(st);
		if (jrc == RC_OK)
			jrc = execute(st, ja, &j);
		if (jrc == RC_OK)
			jrc = store_run(st, "DELETE FROM job WHERE job_id = ?", "i", j.id);
		if (jrc == RC_OK)
			jrc = store_commit(st);
		else if (store_tx_depth(st))
			store_rollback(st);
		const char *error = NULL;
		if (jrc != RC_OK) {
			error = arena_printf(a, "%s: %s", jrc == RC_INVALID ? "bad job" : "database error",
					     jrc == RC_INVALID ? j.cmd : store_errmsg(st));
			/* Free again for another try; after the last one, gone (its attempts say so). */
			int frc = store_run(st, "UPDATE job SET job_token = '', job_token_timestamp = NULL"
						" WHERE job_id = ? AND job_attempts < ?", "id", j.id, JOB_MAX_ATTEMPTS);
			if (frc == RC_OK)
				frc = store_run(st, "DELETE FROM job WHERE job_id = ? AND job_attempts >= ?", "id", j.id,
						JOB_MAX_ATTEMPTS);
			(void)frc;
		}
		pthread_mutex_unlock(&run_lock);
		rep->jobs = arena_grow(a, rep->jobs, rep->n_jobs + 1, &cap, sizeof(*rep->jobs));
		rep->jobs[rep->n_jobs++] = (struct wiki_jobs_done){
			.type = arena_strdup(a, j.cmd), .ok = jrc == RC_OK, .error = error,
			.time_ms = (util_mono_us() - j0) / 1000,
		};
		arena_free(ja);
	}
	rep->elapsed_ms = (util_mono_us() - t0) / 1000;
	rep->memory = peak_memory();
	return rc;
}

/* ---------- the background runner ---------- */

/* What the background thread owes. */
struct async_run {
	char type[64];   /* job type, "" for any */
	long max_jobs;   /* jobs to run */
	double max_time; /* seconds */
};

/* Async Special:RunJobs requests waiting for the thread. */
#define ASYNC_MAX 16

static pthread_mutex_t bg_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t bg_cond = PTHREAD_COND_INITIALIZER;
static pthread_t bg_thread;
static bool bg_started;                       /* the thread runs */
static bool bg_stopping;                      /* wiki_jobs_stop() was called */
static double bg_rate;                        /* jobs per request */
static double bg_credit;                      /* jobs owed to requests */
static struct async_run bg_async[ASYNC_MAX];  /* async requests, oldest first */
static size_t bg_n_async;                     /* entries in bg_async */
static atomic_ulong bg_requests;              /* requests seen */

static void *bg_main(void *unused)
{
	(void)unused;
	struct store *st = store_thread();
	pthread_mutex_lock(&bg_lock);
	while (!bg_stopping) {
		if (bg_credit < 1 && bg_n_async == 0) {
			pthread_cond_wait(&bg_cond, &bg_lock);
			continue;
		}
		struct wiki_jobs_limits lim = { .max_time = 30 };
		if (bg_n_async) {
			struct async_run r = bg_async[0];
			memmove(bg_async, bg_async + 1, --bg_n_async * sizeof(*bg_async));
			lim.max_jobs = r.max_jobs;
			lim.max_time = r.max_time;
			/* The type lives in this copy while the lock is dropped. */
			pthread_mutex_unlock(&bg_lock);
			struct arena *a = arena_new();
			struct wiki_jobs_report rep;
			lim.type = *r.type ? r.type : NULL;
			wiki_jobs_run(st, a, &lim, &rep);
			arena_free(a);
			store_idle(st);
			pthread_mutex_lock(&bg_lock);
			continue;
		}
		lim.max_jobs = (long)bg_credit;
		bg_credit -= (double)lim.max_jobs;
		pthread_mutex_unlock(&bg_lock);
		struct arena *a = arena_new();
		struct wiki_jobs_report rep;
		int rc = wiki_jobs_run(st, a, &lim, &rep);
		bool empty = rc != RC_OK || streq(rep.reached, "none-ready") || streq(rep.reached, "read-only");
		arena_free(a);
		store_idle(st);
		pthread_mutex_lock(&bg_lock);
		/* An empty queue owes nothing: credit does not pile up for a later burst. */
		if (empty)
			bg_credit = 0;
	}
	pthread_mutex_unlock(&bg_lock);
	store_thread_close();
	return NULL;
}

int wiki_jobs_start(double run_rate)
{
	if (bg_started)
		return RC_OK;
	bg_rate = run_rate;
	bg_stopping = false;
	if (pthread_create(&bg_thread, NULL, bg_main, NULL) != 0)
		return RC_ERR;
	bg_started = true;
	/* Jobs left from before a restart are run by the first requests. */
	atomic_store(&queue_hint, true);
	return RC_OK;
}

void wiki_jobs_stop(void)
{
	if (!bg_started)
		return;
	pthread_mutex_lock(&bg_lock);
	bg_stopping = true;
	pthread_cond_signal(&bg_cond);
	pthread_mutex_unlock(&bg_lock);
	pthread_join(bg_thread, NULL);
	bg_started = false;
}

void wiki_jobs_after_request(void)
{
	if (!bg_started || bg_rate <= 0)
		return;
	/*
	 * Without a job pushed here, look at the queue only every 64th
	 * request: jobs other nodes pushed still get run, and a read-only
	 * load costs no query per request.
	 */
	unsigned long n = atomic_fetch_add(&bg_requests, 1);
	bool maybe = atomic_load(&queue_maybe) && atomic_exchange(&queue_maybe, false);
	if (!atomic_load(&queue_hint) && !maybe && (n & 63) != 0)
		return;
	pthread_mutex_lock(&bg_lock);
	bg_credit += bg_rate;
	if (bg_credit > CREDIT_MAX)
		bg_credit = CREDIT_MAX;
	if (bg_credit >= 1)
		pthread_cond_signal(&bg_cond);
	pthread_mutex_unlock(&bg_lock);
}

bool wiki_jobs_run_async(const struct wiki_jobs_limits *lim)
{
	if (!bg_started)
		return false;
	pthread_mutex_lock(&bg_lock);
	bool ok = bg_n_async < ASYNC_MAX;
	if (ok) {
		struct async_run *r = &bg_async[bg_n_async++];
		snprintf(r->type, sizeof(r->type), "%s", lim->type ? lim->type : "");
		r->max_jobs = lim->max_jobs;
		r->max_time = lim->max_time;
		pthread_cond_signal(&bg_cond);
	}
	pthread_mutex_unlock(&bg_lock);
	return ok;
}

/* ---------- command line ---------- */

int wiki_jobs_run_cli(void)
{
	struct store *st = store_thread();
	struct progress bar;
	progress_init(&bar, "jobs");
	int64_t done = 0, failed = 0;
	int rc = RC_OK;
	for (;;) {
		int64_t pending = 0;
		wiki_jobs_pending(st, &pending);
		struct arena *a = arena_new();
		struct wiki_jobs_limits lim = { .max_jobs = 100 };
		struct wiki_jobs_report rep;
		rc = wiki_jobs_run(st, a, &lim, &rep);
		for (size_t i = 0; i < rep.n_jobs; i++)
			failed += !rep.jobs[i].ok;
		done += (int64_t)rep.n_jobs;
		bool more = rc == RC_OK && streq(rep.reached, "job-limit");
		bool ro = streq(rep.reached, "read-only");
		arena_free(a);
		progress_update(&bar, (uint64_t)done, (uint64_t)(done + pending - (int64_t)rep.n_jobs), done, NULL, false);
		if (ro) {
			fprintf(stderr, "wikid: the wiki is read-only; no jobs run\n");
			rc = RC_ERR;
		}
		if (!more)
			break;
	}
	progress_update(&bar, (uint64_t)done, (uint64_t)done, done, NULL, true);
	progress_break(&bar);
	if (rc != RC_OK && !config.read_only)
		fprintf(stderr, "wikid: running jobs stopped: %s\n", store_errmsg(st));
	printf("wikid: %lld jobs run, %lld failed\n", (long long)done, (long long)failed);
	return rc == RC_OK && failed == 0 ? 0 : 1;
}

/* Pages read per batch of the link rebuild. */
#define REBUILD_BATCH 100

/*
 * Pages the import's link build has in flight between its two threads:
 * rendered and waiting for the writer, or queued for the renderer. Each
 * holds its text and rendering (some hundred KB for a big page), so this
 * bounds the memory; twice a batch keeps the renderer busy while the
 * writer commits.
 */
#define PIPE_SLOTS (2 * REBUILD_BATCH)

/* One page of the link build: its queued job and, once rendered, what its link tables get. */
struct link_slot {
	int64_t job_id;         /* the refreshLinks job */
	int ns;                 /* its title */
	char *dbkey;            /* ... (xmalloc'd) */
	struct arena *a;        /* the rendering's memory (made by its renderer, freed by the writer) */
	bool is_rendered;       /* the fields below are set */
	int rc;                 /* RC_OK, or the rendering's failure */
	bool skip;              /* nothing to write: no current text, or past the parser's caps */
	int64_t page_id;        /* the page */
	char now[15];           /* page_links_updated */
	struct wt_output out;   /* the rendering */
};

/*
 * The two threads of the import's link build: the writer (the caller)
 * queues jobs into `slots` (a ring, `produced` of them so far), the
 * renderer takes them in order (`claimed`) and renders them on its own
 * read-only connection, the writer writes their link tables in the same
 * order (`consumed`); when the writer has caught up with the renderer it
 * renders the next page itself, so both cores stay busy whichever half
 * is slower. Rendering reads what the import committed (page rows,
 * texts, templates), none of which the link tables change, so it may run
 * ahead of the writer.
 */
struct link_pipe {
	pthread_mutex_t lock;
	pthread_cond_t work;    /* the renderer: something queued, or stop */
	pthread_cond_t done;    /* the writer: something rendered */
	struct link_slot slots[PIPE_SLOTS];
	uint64_t produced, claimed, consumed;
	bool stop;              /* the renderer ends (what is queued stays unrendered) */
};

/* Load and render the page of slot `s` on `st` (RefreshLinksJob's first half). */
static void render_slot(struct store *st, struct link_slot *s)
{
	s->a = arena_new();
	s->skip = true;
	if (!st) {
		s->rc = RC_ERR;
		return;
	}
	struct wiki_page pg;
	s->rc = wiki_page_load(st, s->a, s->ns, s->dbkey, &pg);
	if (s->rc == RC_NOTFOUND)
		s->rc = RC_OK; /* no current text to render */
	if (s->rc != RC_OK || !pg.id || !pg.latest)
		return; /* gone since: nothing to refresh */
	struct wiki_title t;
	wiki_title_make(s->a, s->ns, s->dbkey, &t);
	wiki_timestamp_now(s->now);
	s->page_id = pg.id;
	s->rc = wiki_links_render(st, s->a, &t, pg.id, pg.latest, pg.text, pg.text_len, pg.model, pg.latest_ts,
				  &s->out);
	if (s->rc == RC_TOOBIG)
		s->rc = RC_OK; /* its rows stay as they were */
	else if (s->rc == RC_OK)
		s->skip = false;
}

static void *renderer_main(void *arg)
{
	struct link_pipe *p = arg;
	struct store *st = store_thread();
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (p->claimed == p->produced && !p->stop)
			pthread_cond_wait(&p->work, &p->lock);
		if (p->stop)
			break;
		struct link_slot *s = &p->slots[p->claimed++ % PIPE_SLOTS];
		pthread_mutex_unlock(&p->lock);
		render_slot(st, s);
		pthread_mutex_lock(&p->lock);
		s->is_rendered = true;
		pthread_cond_signal(&p->done);
	}
	pthread_mutex_unlock(&p->lock);
	if (st)
		store_thread_close();
	return NULL;
}

/*
 * Queue up to the free slots' worth of refreshLinks jobs of single pages
 * after job `*after` (keyset order, so jobs already done in the open
 * transaction are not read again). `*more` is cleared when the queue has
 * no further ones.
 */
static int queue_jobs(struct store *st, struct link_pipe *p, int64_t *after, bool *more)
{
	pthread_mutex_lock(&p->lock);
	uint64_t produced = p->produced, free_slots = PIPE_SLOTS - (p->produced - p->consumed);
	pthread_mutex_unlock(&p->lock);
	if (free_slots < REBUILD_BATCH / 2)
		return RC_OK; /* a query for a few rows: wait for more room */
	struct store_stmt *s = store_prepare(st, "SELECT job_id, job_namespace, job_title FROM job"
						 " WHERE job_cmd = 'refreshLinks' AND job_params = ''"
						 " AND job_token = '' AND job_id > ? ORDER BY job_id LIMIT ?");
	store_bindv(s, "ii", *after, (int64_t)free_slots);
	uint64_t n = 0;
	int step = STORE_DONE;
	while (n < free_slots && (step = store_step(s)) == STORE_ROW) {
		struct link_slot *sl = &p->slots[(produced + n) % PIPE_SLOTS];
		memset(sl, 0, sizeof(*sl));
		sl->job_id = store_col_int(s, 0);
		sl->ns = (int)store_col_int(s, 1);
		sl->dbkey = xstrdup(store_col_text(s, 2));
		*after = sl->job_id;
		n++;
	}
	store_stmt_done(s);
	if (n < free_slots)
		*more = false;
	pthread_mutex_lock(&p->lock);
	p->produced += n;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->lock);
	return step < 0 ? step : RC_OK;
}

/* Write the link tables of rendered slot `s` and drop its job, in the open transaction. */
static int write_slot(struct store *st, struct link_slot *s)
{
	int rc = s->rc;
	if (rc == RC_OK && !s->skip)
		rc = wiki_links_update(st, s->a, s->page_id, s->ns, s->dbkey, &s->out, s->now);
	if (rc == RC_OK)
		rc = store_run(st, "DELETE FROM job WHERE job_id = ?", "i", s->job_id);
	return rc;
}

/*
 * The queued refreshLinks jobs of single pages (what an import queues),
 * with REBUILD_BATCH pages per transaction: one commit per batch instead
 * of the runner's claim and commit per job, which on a durable SQLite
 * database cost an fsync each. Pages are loaded and rendered by a second
 * thread (struct link_pipe) while this one writes, so the two halves of
 * the work share the machine's cores. A batch that fails is rolled back
 * and left to the ordinary runner, which retries each job on its own.
 * `*done` counts the pages refreshed. RC_OK, or the failure (after which
 * the remaining jobs are still queued).
 */
static int refresh_queued_pages(struct store *st, struct progress *bar, int64_t *done)
{
	int64_t total = 0;
	*done = 0;
	store_query_int(st, &total, "SELECT COUNT(*) FROM job WHERE job_cmd = 'refreshLinks' AND job_params = ''"
				    " AND job_token = ''", "");
	struct link_pipe *p = xcalloc(1, sizeof(*p));
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	pthread_t th;
	if (pthread_create(&th, NULL, renderer_main, p) != 0) {
		xfree(p);
		return RC_ERR;
	}
	int64_t after = 0, in_tx = 0;
	bool more = true;
	int rc = RC_OK;
	while (rc == RC_OK) {
		if (more)
			rc = queue_jobs(st, p, &after, &more);
		pthread_mutex_lock(&p->lock);
		bool empty = p->consumed == p->produced;
		struct link_slot *s = &p->slots[p->consumed % PIPE_SLOTS];
		if (rc == RC_OK && !empty && p->claimed == p->consumed) {
			/* Caught up: this page is rendered here, on the writer's connection. */
			p->claimed++;
			pthread_mutex_unlock(&p->lock);
			render_slot(st, s);
			pthread_mutex_lock(&p->lock);
			s->is_rendered = true;
		}
		while (rc == RC_OK && !empty && !s->is_rendered)
			pthread_cond_wait(&p->done, &p->lock);
		pthread_mutex_unlock(&p->lock);
		if (rc != RC_OK || empty)
			break;
		if (!store_tx_depth(st))
			rc = store_begin(st);
		if (rc == RC_OK)
			rc = write_slot(st, s);
		arena_free(s->a);
		xfree(s->dbkey);
		s->a = NULL;
		s->dbkey = NULL;
		pthread_mutex_lock(&p->lock);
		p->consumed++;
		pthread_mutex_unlock(&p->lock);
		if (rc == RC_OK && ++in_tx == REBUILD_BATCH) {
			rc = store_commit(st);
			if (rc == RC_OK)
				*done += in_tx;
			in_tx = 0;
			progress_update(bar, (uint64_t)*done, (uint64_t)total, *done, NULL, false);
		}
	}
	if (rc == RC_OK && store_tx_depth(st)) {
		rc = store_commit(st);
		if (rc == RC_OK)
			*done += in_tx;
	} else if (rc != RC_OK && store_tx_depth(st)) {
		store_rollback(st);
	}
	pthread_mutex_lock(&p->lock);
	p->stop = true;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->lock);
	pthread_join(th, NULL);
	/* Slots queued or rendered but not written: their jobs stay queued. */
	for (uint64_t i = p->consumed; i < p->produced; i++) {
		arena_free(p->slots[i % PIPE_SLOTS].a);
		xfree(p->slots[i % PIPE_SLOTS].dbkey);
	}
	pthread_cond_destroy(&p->done);
	pthread_cond_destroy(&p->work);
	pthread_mutex_destroy(&p->lock);
	xfree(p);
	progress_update(bar, (uint64_t)*done, (uint64_t)(total > *done ? total : *done), *done, NULL, true);
	progress_break(bar);
	return rc;
}

int wiki_jobs_import_links_cli(void)
{
	struct store *st = store_thread();
	if (!config.read_only) {
		struct progress bar;
		progress_init(&bar, "pages");
		int64_t done = 0;
		if (refresh_queued_pages(st, &bar, &done) != RC_OK)
			fprintf(stderr, "wikid: building link tables in batches stopped (%s); the job runner goes on\n",
				store_errmsg(st));
		printf("wikid: link tables of %lld pages built\n", (long long)done);
	}
	/* What is left: jobs of other kinds (pages linking to the imported titles), or a failed batch's. */
	int64_t pending = 0;
	if (wiki_jobs_pending(st, &pending) == RC_OK && pending == 0) {
		printf("wikid: 0 jobs run, 0 failed\n");
		return 0;
	}
	return wiki_jobs_run_cli();
}

static int rebuild_links_of(struct store *st, struct arena *a, const struct wiki_page_ref *p, void *data)
{
	(void)data;
	return refresh_page(st, a, p->ns, p->dbkey);
}

int wiki_links_rebuild_cli(void)
{
	struct store *st = store_thread();
	struct progress bar;
	progress_init(&bar, "pages");
	int64_t done = 0;
	if (wiki_pages_each(st, REBUILD_BATCH, &bar, rebuild_links_of, NULL, &done) != RC_OK) {
		fprintf(stderr, "wikid: rebuilding the link tables stopped: %s\n", store_errmsg(st));
		return 1;
	}
	printf("wikid: link tables of %lld pages rebuilt\n", (long long)done);
	return 0;
}
