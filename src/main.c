/* SPDX-License-Identifier: MIT */
/*
 * main.c — start-up and shutdown: settings (defaults, wikid.ini, flags),
 * the data directory, the module registry, the HTTP server; then wait
 * for SIGTERM/SIGINT and stop cleanly, letting in-flight requests finish.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api.h"
#include "dump/dump.h"
#include "http/http.h"
#include "store/store.h"
#include "util/config.h"
#include "web/web.h"
#include "wiki/wiki.h"

static void usage(FILE *f)
{
	fputs("usage: wikid [--config FILE] [--listen ADDR] [--port N] [--data-dir DIR]\n"
	      "             [--database URL] [--threads N] [--dump-modules-md]\n"
	      "       wikid [--data-dir DIR] --add-botpassword USER APPID GRANTS\n"
	      "       wikid [--data-dir DIR] [--database URL] --copy-to URL\n"
	      "       wikid [--data-dir DIR] --import FILE   (XML dump, plain, .gz or .bz2)\n"
	      "       wikid [--data-dir DIR] --rebuild-search\n"
	      "       wikid [--data-dir DIR] --rebuild-links\n"
	      "       wikid [--data-dir DIR] --run-jobs\n", f);
}

/* /w/api.php, then the jobs this request owes ($wgJobRunRate), run by the background runner. */
static void api_then_jobs(struct http_request *req, struct http_response *resp)
{
	api_handle_request(req, resp);
	wiki_jobs_after_request();
}

/* /w/index.php, the same way. */
static void index_then_jobs(struct http_request *req, struct http_response *resp)
{
	web_handle_index(req, resp);
	wiki_jobs_after_request();
}

/* The end of a command-line bulk job: its writes made durable; the exit status. */
static int bulk_writes_end(int status)
{
	if (store_bulk_writes(store_thread(), true) != RC_OK && status == 0) {
		fprintf(stderr, "wikid: cannot make the writes durable: %s\n", store_errmsg(store_thread()));
		return 1;
	}
	return status;
}

int main(int argc, char **argv)
{
	const char *config_path = "wikid.ini";
	bool config_given = false, dump_docs = false, rebuild_search = false;
	bool rebuild_links = false, run_jobs = false; /* --rebuild-links, --run-jobs */
	const char *listen = NULL, *port = NULL, *data_dir = NULL, *threads = NULL, *database = NULL;
	const char *copy_to = NULL; /* --copy-to URL */
	const char *import = NULL;  /* --import FILE */
	const char *const *botpw = NULL; /* --add-botpassword USER APPID GRANTS */

	/* Every request allocates and frees its arena and output buffer: keep freed memory for the next. */
	util_malloc_keep();

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		if (streq(a, "--config")) {
			slot = &config_path;
			config_given = true;
		} else if (streq(a, "--listen")) {
			slot = &listen;
		} else if (streq(a, "--port")) {
			slot = &port;
		} else if (streq(a, "--data-dir")) {
			slot = &data_dir;
		} else if (streq(a, "--database")) {
			slot = &database;
		} else if (streq(a, "--copy-to")) {
			slot = &copy_to;
		} else if (streq(a, "--threads")) {
			slot = &threads;
		} else if (streq(a, "--import")) {
			slot = &import;
		} else if (streq(a, "--add-botpassword")) {
			if (i + 3 >= argc) {
				usage(stderr);
				return 2;
			}
			botpw = (const char *const *)&argv[i + 1];
			i += 3;
			continue;
		} else if (streq(a, "--rebuild-search")) {
			rebuild_search = true;
			continue;
		} else if (streq(a, "--rebuild-links")) {
			rebuild_links = true;
			continue;
		} else if (streq(a, "--run-jobs")) {
			run_jobs = true;
			continue;
		} else if (streq(a, "--dump-modules-md")) {
			dump_docs = true;
			continue;
		} else if (streq(a, "--help") || streq(a, "-h")) {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return 2;
		}
		if (++i >= argc) {
			usage(stderr);
			return 2;
		}
		*slot = argv[i];
	}

	config_defaults();
	if (config_load(config_path, config_given) != RC_OK)
		return 2;
	long long n;
	if (listen)
		config_set(&config.listen, listen);
	if (data_dir)
		config_set(&config.data_dir, data_dir);
	if (database && !*database) {
		fprintf(stderr, "wikid: --database needs a URL: sqlite:PATH or postgresql://...\n");
		return 2;
	}
	if (database)
		config_set(&config.db_url, database);
	if (port) {
		if (util_parse_ll(port, &n) != RC_OK || n < 0 || n > 65535) {
			fprintf(stderr, "wikid: bad --port %s\n", port);
			return 2;
		}
		config.port = (int)n;
	}
	if (threads) {
		if (util_parse_ll(threads, &n) != RC_OK || n < 1 || n > 1024) {
			fprintf(stderr, "wikid: bad --threads %s\n", threads);
			return 2;
		}
		config.threads = (int)n;
	}

	api_init();
	dump_init();
	if (dump_docs)
		return api_docs_markdown(stdout) == RC_OK ? 0 : 1;

	if (mkdir(config.data_dir, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "wikid: cannot create %s: %s\n", config.data_dir, strerror(errno));
		return 1;
	}

	/* Moving the wiki to another database: nothing is served. */
	if (copy_to)
		return store_copy(config_database(), copy_to, stderr) == RC_OK ? 0 : 1;

	/* Block the stop signals in every thread; the main thread waits for them. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* Database, migrations and the first admin account, before serving. */
	if (wiki_init() != RC_OK)
		return 1;
	if (botpw)
		return wiki_botpassword_cli(botpw[0], botpw[1], botpw[2]);
	if (import || rebuild_search) {
		store_bulk_writes(store_thread(), false);
		int status = import ? dump_import_cli(import) : wiki_search_rebuild_cli();
		/*
		 * Then the imported pages' link tables: the import queued a
		 * refreshLinks job for each page with a new current revision;
		 * they run here in batches, then the rest of the queue
		 * (rendering needs the site's URLs). An interrupted import
		 * leaves its jobs queued; the next run (or --run-jobs, or a
		 * server's job runner) does them.
		 */
		if (status == 0 && import) {
			config_finish();
			status = wiki_jobs_import_links_cli();
		}
		status = bulk_writes_end(status);
		wiki_shutdown();
		return status;
	}
	if (rebuild_links || run_jobs) {
		/* Rendering needs the site's URLs. */
		config_finish();
		store_bulk_writes(store_thread(), false);
		int status = rebuild_links ? wiki_links_rebuild_cli() : 0;
		if (status == 0 && run_jobs)
			status = wiki_jobs_run_cli();
		status = bulk_writes_end(status);
		wiki_shutdown();
		return status;
	}

	struct http_options opt = {
		.listen = config.listen,
		.port = config.port,
		.threads = config_workers(),
		.max_body = config.max_body,
		.max_params = config.max_params,
		.max_value = config.max_value,
		.api = api_then_jobs,
		.index = index_then_jobs,
	};
	struct http_server *srv;
	int bound;
	if (http_server_start(&opt, &srv, &bound) != RC_OK) {
		fprintf(stderr, "wikid: cannot listen on %s:%d\n", config.listen, config.port);
		return 1;
	}
	config.port = bound;
	config_finish();
	/* The background job runner renders pages: after the site's URLs are known. */
	if (wiki_jobs_start(config.job_run_rate) != RC_OK) {
		fprintf(stderr, "wikid: cannot start the job runner\n");
		http_server_stop(srv);
		wiki_shutdown();
		return 1;
	}
	printf("wikid: serving %s%s/api.php\n", config.server, config.scriptpath);
	fflush(stdout);

	int sig;
	sigwait(&stop, &sig);
	fprintf(stderr, "wikid: stopping (signal %d)\n", sig);
	http_server_stop(srv);
	wiki_jobs_stop();
	wiki_shutdown();
	return 0;
}
