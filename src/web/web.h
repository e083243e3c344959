/* SPDX-License-Identifier: MIT */
/*
 * web.h — the pages wikid serves on /w/index.php (MediaWiki's entry point
 * for humans and for a few machine-readable special pages). Only what
 * works completely is routed; every other title answers 404.
 */
#ifndef WEB_H
#define WEB_H

struct http_request;
struct http_response;

/*
 * The /w/index.php handler installed into the HTTP server: reads the
 * `title` parameter and serves the page it names (Special:Export), or a
 * 404 for titles wikid has no page for.
 */
void web_handle_index(struct http_request *req, struct http_response *resp);

#endif
