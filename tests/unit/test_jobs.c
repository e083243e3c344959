/* SPDX-License-Identifier: MIT */
/*
 * test_jobs.c — the job queue (wiki/jobs.c) on SQLite and, when the test
 * cluster is up (WIKID_TEST_PGHOST), on PostgreSQL: identical pending
 * jobs are pushed once, runs stop at their job limit or an empty queue,
 * a job claimed by another runner is left alone until its claim is stale,
 * a failing job is retried and then dropped, and backlinks jobs split
 * into batches with a follow-up job for the rest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../harness.h"
#include "store/store.h"
#include "wiki/wiki.h"

static int64_t count(struct store *st, const char *sql)
{
	int64_t n = -1;
	store_query_int(st, &n, sql, "");
	return n;
}

/* Run the queue on `st` with `max_jobs` (0: all) and `type`; the report lives in `a`. */
static struct wiki_jobs_report run(struct store *st, struct arena *a, const char *type, long max_jobs)
{
	struct wiki_jobs_limits lim = { .type = type, .max_jobs = max_jobs, .max_time = 60 };
	struct wiki_jobs_report rep;
	INT_EQ(wiki_jobs_run(st, a, &lim, &rep), RC_OK, "run");
	return rep;
}

static void test_queue(struct store *st, const char *label)
{
	printf("# %s\n", label);
	struct arena *a = arena_new();
	INT_EQ(store_migrate(st), RC_OK, "migrate");
	int64_t n = -1;

	/* Deduplication: the same job once; other params or titles are other jobs. */
	INT_EQ(wiki_job_push(st, "refreshLinks", 0, "Foo", NULL), RC_OK, "push");
	INT_EQ(wiki_job_push(st, "refreshLinks", 0, "Foo", ""), RC_OK, "push the same again");
	INT_EQ(wiki_job_push(st, "refreshLinks", 0, "Bar", NULL), RC_OK, "push another title");
	INT_EQ(wiki_job_push(st, "htmlCacheUpdate", 0, "Foo", "table=pagelinks&recursive=1"), RC_OK, "another type");
	INT_EQ(count(st, "SELECT COUNT(*) FROM job"), 3, "three rows: the duplicate was not added");
	INT_EQ(wiki_jobs_pending(st, &n), RC_OK, "pending");
	INT_EQ(n, 3, "three waiting");

	/* Limits: one job, then the rest of one type, then everything. */
	struct wiki_jobs_report rep = run(st, a, NULL, 1);
	INT_EQ(rep.n_jobs, 1, "max_jobs 1: one job");
	STR_EQ(rep.reached, "job-limit", "stopped at the job limit");
	STR_EQ(rep.jobs[0].type, "refreshLinks", "oldest first");
	OK(rep.jobs[0].ok, "a page that does not exist is nothing to refresh");
	rep = run(st, a, "htmlCacheUpdate", 0);
	INT_EQ(rep.n_jobs, 1, "type filter: only the htmlCacheUpdate job");
	STR_EQ(rep.reached, "none-ready", "then none of that type");
	INT_EQ(count(st, "SELECT COUNT(*) FROM job"), 1, "the other refreshLinks job waits");
	rep = run(st, a, NULL, 0);
	INT_EQ(rep.n_jobs, 1, "the last one");
	STR_EQ(rep.reached, "none-ready", "queue empty");
	rep = run(st, a, NULL, 0);
	INT_EQ(rep.n_jobs, 0, "nothing to run");
	STR_EQ(rep.reached, "none-ready", "none-ready at once");

	/* A job another runner holds is not taken; a stale claim is. */
	INT_EQ(wiki_job_push(st, "refreshLinks", 0, "Held", NULL), RC_OK, "push");
	INT_EQ(store_run(st, "UPDATE job SET job_token = 'other', job_token_timestamp = '29991231000000',"
			     " job_attempts = 1", ""), RC_OK, "claimed elsewhere");
	INT_EQ(wiki_jobs_pending(st, &n), RC_OK, "pending");
	INT_EQ(n, 0, "a claimed job is not waiting");
	INT_EQ(wiki_job_push(st, "refreshLinks", 0, "Held", NULL), RC_OK, "push it again while it is claimed");
	INT_EQ(count(st, "SELECT COUNT(*) FROM job"), 2, "a claimed job does not absorb a new push");
	rep = run(st, a, NULL, 0);
	INT_EQ(rep.n_jobs, 1, "only the free one runs");
	INT_EQ(store_run(st, "UPDATE job SET job_token_timestamp = '20000101000000'", ""), RC_OK, "claim goes stale");
	rep = run(st, a, NULL, 0);
	INT_EQ(rep.n_jobs, 1, "the stale claim is run again");
	INT_EQ(count(st, "SELECT COUNT(*) FROM job"), 0, "queue empty");

	/* A job that fails: retried, then dropped after its tries. */
	INT_EQ(wiki_job_push(st, "noSuchJob", 0, "X", NULL), RC_OK, "push an unknown type");
	rep = run(st, a, NULL, 0);
	INT_EQ(rep.n_jobs, 3, "three tries");
	OK(!rep.jobs[0].ok && !rep.jobs[2].ok && rep.jobs[0].error != NULL, "each failed, with a reason");
	INT_EQ(count(st, "SELECT COUNT(*) FROM job"), 0, "then dropped");

	/* Backlinks: JOB_BATCH (300) pages per job, a follow-up for the rest. */
	INT_EQ(store_begin(st), RC_OK, "begin");
	for (int i = 0; i < 301; i++) {
		int64_t id = 0;
		char key[32];
		snprintf(key, sizeof(key), "User_%03d", i);
		wiki_page_insert(st, 0, key, 0, "20200101000000", &id);
		store_run(st, "INSERT INTO templatelinks (tl_from, tl_namespace, tl_title, tl_from_namespace)"
			      " VALUES (?, 10, 'Box', 0)", "i", id);
	}
	INT_EQ(store_commit(st), RC_OK, "301 pages using Template:Box");
	INT_EQ(wiki_jobs_title_changed(st, 10, "Box", WIKI_JOBS_EDIT), RC_OK, "the template changed");
	INT_EQ(count(st, "SELECT COUNT(*) FROM job WHERE job_title = 'Box'"), 2, "refreshLinks and htmlCacheUpdate");
	INT_EQ(wiki_jobs_title_changed(st, 10, "Nobody_uses_this", WIKI_JOBS_DELETE), RC_OK, "an unused title");
	INT_EQ(count(st, "SELECT COUNT(*) FROM job"), 2, "no jobs for a title nothing links to");
	rep = run(st, a, "refreshLinks", 1);
	INT_EQ(count(st, "SELECT COUNT(*) FROM job WHERE job_cmd = 'refreshLinks' AND job_params = ''"), 300,
	       "one batch: a refreshLinks job per page");
	INT_EQ(count(st, "SELECT COUNT(*) FROM job WHERE job_cmd = 'refreshLinks' AND job_params LIKE '%start=%'"), 1,
	       "and a follow-up for the rest");
	rep = run(st, a, NULL, 0);
	INT_EQ(rep.n_jobs, 2 + 1 + 301, "htmlCacheUpdate twice, the follow-up, 301 page jobs");
	STR_EQ(rep.reached, "none-ready", "all done");
	INT_EQ(count(st, "SELECT COUNT(*) FROM page WHERE page_title LIKE 'User_%' AND page_touched > '20200101000000'"),
	       301, "every using page touched");
	INT_EQ(count(st, "SELECT COUNT(*) FROM job"), 0, "queue empty");
	arena_free(a);
}

int main(void)
{
	char dir[] = "/tmp/wikid-test-jobs-XXXXXX";
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	struct store *st = store_open(dir);
	if (OK(st != NULL, "open SQLite")) {
		test_queue(st, "SQLite");
		store_close(st);
	}
	char cmd[1024];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);

	const char *host = getenv("WIKID_TEST_PGHOST"), *port = getenv("WIKID_TEST_PGPORT");
	if (!host || !port) {
		printf("# no PostgreSQL cluster (WIKID_TEST_PGHOST unset): PostgreSQL queue tests not run\n");
		return harness_done();
	}
	char name[64], url[512];
	snprintf(name, sizeof(name), "unit_jobs_%d", (int)getpid());
	snprintf(cmd, sizeof(cmd), "\"$(pg_config --bindir)/createdb\" -h '%s' -p '%s' -U wikid -T template0 %s",
		 host, port, name);
	if (!OK(system(cmd) == 0, "create a test database"))
		return harness_done();
	snprintf(url, sizeof(url), "postgresql:///%s?host=%s&port=%s&user=wikid", name, host, port);
	st = store_open(url);
	if (OK(st != NULL, "connect to PostgreSQL")) {
		test_queue(st, "PostgreSQL");
		store_close(st);
	}
	return harness_done();
}
