/* SPDX-License-Identifier: MIT */
/*
 * pf_int.h — helpers shared by the files that register parser functions
 * and variables (pf_logic.c, pf_core.c, pf_vars.c): scratch buffers that
 * end in the parse's arena, the expensive-function counter, titles from
 * arguments, and the title forms the pagename family prints.
 */
#ifndef PF_INT_H
#define PF_INT_H

#include "wt_int.h"
#include "wt_pf.h"

/*
 * Cap of a scratch buffer. A function's output can never usefully pass
 * the 2 MiB post-expand limit; this is far above it and only stops
 * runaway growth.
 */
#define WT_PF_SCRATCH_MAX ((size_t)64 << 20)

/* Start an empty scratch buffer (capped at WT_PF_SCRATCH_MAX). */
void wt_pf_sbuf(struct sbuf *sb);

/* The buffer's content copied into the arena; the buffer is released. */
struct str wt_pf_take(struct wt_ctx *cx, struct sbuf *sb);

/*
 * Parser::incrementExpensiveFunctionCount: count one expensive call;
 * false when the limit is passed (the caller then answers as for a
 * missing page; parse.c reports the excess).
 */
bool wt_pf_expensive(struct wt_ctx *cx);

/* Set ParserOutput flag(s) `flags` (WT_FLAG_*). */
void wt_pf_flag(struct wt_ctx *cx, unsigned flags);

/*
 * The page's own revision time in date format `fmt` (the site's zone),
 * Parser::getRevisionTimestampSubstring: the revision's time, or the
 * parse's when there is none; without a saved current revision, marked
 * vary-revision-timestamp when the value would differ 15 minutes from now.
 */
struct str wt_pf_own_rev_time(struct wt_ctx *cx, struct wt_frame *frame, const char *fmt);

/* The page's own revision author (Parser::getRevisionUser), "" when unknown; marks vary-user. */
struct str wt_pf_own_rev_user(struct wt_ctx *cx);

/*
 * Title::newFromText of an argument: character references decoded, then
 * parsed with `default_ns`. false for text that is no title (or empty).
 */
bool wt_pf_title(struct wt_ctx *cx, struct str s, int default_ns, struct wt_title *out);

/* The namespace's name with spaces ("" for main, NULL when there is no such namespace). */
const char *wt_pf_ns_text(struct wt_ctx *cx, int ns);

/* `s` with spaces as '_' and wfUrlencode'd, in the arena. */
struct str wt_pf_urlform(struct wt_ctx *cx, const char *s);

/*
 * The pagename family ({{PAGENAME}}, {{FULLPAGENAMEE:t}} ...) for title
 * `t`: `id` is the magic word id ("pagename", "talkspacee" ...). The
 * value as CoreParserFunctions writes it (escaped for wikitext where
 * MediaWiki escapes it).
 */
struct str wt_pf_title_part(struct wt_ctx *cx, const struct wt_title *t, const char *id);

#endif
