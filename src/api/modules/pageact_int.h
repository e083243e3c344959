/* SPDX-License-Identifier: MIT */
/*
 * pageact_int.h — shared by the actions that change one page (edit,
 * delete, undelete, protect, move, rollback, ...): naming the page by
 * title= or pageid=, reporting permission refusals, checking the change
 * tags a client asks for, and the watchlist= option. Defined in
 * pageact.c.
 */
#ifndef PAGEACT_INT_H
#define PAGEACT_INT_H

#include "../api_int.h"

#include "../../wiki/wiki.h"

/*
 * The page named by exactly one of `title` (NULL when absent) and
 * `pageid` (`pageid_given` says whether it was sent), as MediaWiki's
 * getTitleOrPageId(): errors invalidparammix / missingparam (neither or
 * both), invalidtitle, pagecannotexist (Special:, Media:), nosuchpageid.
 * Fills `*t`; `*page_id` (may be NULL) gets the page's id, 0 when it
 * does not exist. Returns RC_OK or RC_ERR after api_error().
 */
int pageact_target(struct api_ctx *ctx, const char *title, bool pageid_given, long pageid, struct wiki_title *t,
		   int64_t *page_id);

/* Record every refusal of `r` as an error, in order, repeats once (the first is error.code). Returns RC_ERR. */
int pageact_refuse(struct api_ctx *ctx, const struct wiki_refusal *r);

/*
 * The refusals of `r` as items of the array `list` the way MediaWiki's
 * ApiErrorFormatter::arrayFromStatus() writes a failed part of an action
 * that went on (talkmove-errors, subpage moves): in errorformat=bc
 * {message, params, code, type: "error"}, else {code} with the message
 * as the errorformat writes it.
 */
void pageact_status_array(struct api_ctx *ctx, struct api_node *list, const struct wiki_refusal *r);

/*
 * Append the refusals of `action` on `t` (full check) to `*all`, for
 * actions that check several pages and report them as one status.
 * RC_OK, or RC_ERR after a database error.
 */
int pageact_collect(struct api_ctx *ctx, const char *action, const struct wiki_title *t, struct wiki_refusal **all);

/*
 * May the user do `action` to `t` (full check, see wiki_perm_check(),
 * then the user's block, api_check_blocked())? RC_OK, or RC_ERR after
 * reporting every refusal.
 */
int pageact_permitted(struct api_ctx *ctx, const char *action, const struct wiki_title *t);

/*
 * The change tags a client asks to add (the "tags" parameter), checked
 * by api_check_tags(); `*out` gets them NULL-terminated in the arena
 * (NULL when none). Returns RC_OK or RC_ERR after api_error().
 */
int pageact_tags(struct api_ctx *ctx, const struct api_list *tags, const char *const **out);

/*
 * Spec entry of the "tags" parameter for a params struct `stype` with
 * a struct api_list member `field` (checked by pageact_tags()).
 */
#define PAGEACT_TAGS_PARAM(stype, field, what)                                                          \
	{ .name = "tags", .type = API_T_ENUM, .flags = API_P_MULTI | API_P_UNCHECKED,                      \
	  .values_fn = api_tag_values, .offset = offsetof(stype, field),                            \
	  .desc = "Change tags to apply to " what "." }

/*
 * Spec entry of "watchlist" for a params struct `stype` with a
 * const char * member `field`; `pref_desc` says which preference
 * "preferences" follows.
 */
#define PAGEACT_WATCHLIST_PARAM(stype, field, pref_desc)                                                 \
	{ .name = "watchlist", .type = API_T_ENUM, .dflt = "preferences",                                 \
	  .values = (const char *const[]){ "watch", "unwatch", "preferences", "nochange", NULL },           \
	  .offset = offsetof(stype, field),                                                               \
	  .value_descs = (const char *const[]){ "nochange=Leave the watchlist as it is.",                   \
		"preferences=" pref_desc " Bots keep the watchlist as it is.",                               \
		"unwatch=Take the page off your watchlist.", "watch=Add the page to your watchlist.", NULL },  \
	  .desc = "Whether to add the page to your watchlist, take it off, or neither." }

/*
 * Whether `t` should be watched after the action, as MediaWiki's
 * getWatchlistValue(): "watch", "unwatch", "nochange", or "preferences"
 * — already watched stays watched; bots keep their list as it is; else
 * the preference `pref` (e.g. "watchdeletion"), or with `pref` NULL
 * watchdefault (or watchcreations when `exists` is false).
 */
bool pageact_watch_value(struct api_ctx *ctx, const char *watchlist, const struct wiki_title *t, bool exists,
			 const char *pref);

/*
 * Bring the user's watchlist in line with `watch` for `t`, inside the
 * caller's transaction (WatchlistManager::setWatch()): anonymous users
 * have no watchlist; adding needs no right, removing needs
 * editmywatchlist. RC_OK or a store failure.
 */
int pageact_set_watch(struct api_ctx *ctx, bool watch, const struct wiki_title *t);

#endif
