/* SPDX-License-Identifier: MIT */
/*
 * tags.c — change tags (MediaWiki's ChangeTags): attaching a tag to a
 * revision, recent change or log entry, and which tags users may add
 * by hand.
 *
 * change_tag_def holds one row per tag name: ctd_user_defined is 1 for
 * tags made with action=managetags and still active (the only ones
 * users may apply), 0 for tags the software applies; ctd_count counts
 * the change_tag rows that carry it (list=tags's hitcount). A tag
 * applied by the software is defined on first use, not user-defined.
 */
#include "wiki.h"

#include <string.h>

#include "../store/store.h"

int wiki_tag_apply(struct store *st, const char *tag, int64_t rc_id, int64_t rev_id, int64_t log_id)
{
	int64_t tid = 0;
	int rc = store_query_int(st, &tid, "SELECT ctd_id FROM change_tag_def WHERE ctd_name = ?", "t", tag);
	if (rc == RC_NOTFOUND) {
		rc = store_run(st, "INSERT INTO change_tag_def (ctd_name, ctd_user_defined, ctd_count) VALUES (?, 0, 0)",
			       "t", tag);
		tid = store_last_id(st);
	}
	if (rc == RC_OK)
		rc = store_run(st, "INSERT INTO change_tag (ct_rc_id, ct_log_id, ct_rev_id, ct_tag_id, ct_params)"
				   " VALUES (NULLIF(?, 0), NULLIF(?, 0), NULLIF(?, 0), ?, NULL)", "iiii", rc_id,
			       log_id, rev_id, tid);
	if (rc == RC_OK)
		rc = store_run(st, "UPDATE change_tag_def SET ctd_count = ctd_count + 1 WHERE ctd_id = ?", "i", tid);
	return rc;
}

bool wiki_tag_applicable(struct store *st, const char *tag)
{
	int64_t one = 0;
	return store_query_int(st, &one, "SELECT 1 FROM change_tag_def WHERE ctd_name = ? AND ctd_user_defined = 1",
			       "t", tag) == RC_OK;
}

/* The tags MediaWiki 1.39 core applies itself ($wgSoftwareTags), sorted. */
static const char *const software_tags[] = {
	"mw-blank",    "mw-changed-redirect-target", "mw-contentmodelchange", "mw-manual-revert",
	"mw-new-redirect", "mw-removed-redirect",    "mw-replace",            "mw-reverted",
	"mw-rollback", "mw-server-side-upload",      "mw-undo",               NULL
};

const char *const *wiki_tag_software_list(void)
{
	return software_tags;
}

bool wiki_tag_software(const char *tag)
{
	for (size_t i = 0; software_tags[i]; i++)
		if (streq(software_tags[i], tag))
			return true;
	return false;
}

int wiki_tag_state(struct store *st, const char *tag, struct wiki_tag_state *out)
{
	memset(out, 0, sizeof(*out));
	struct store_stmt *s = store_prepare(st, "SELECT ctd_user_defined, ctd_count FROM change_tag_def WHERE ctd_name = ?");
	if (!s)
		return RC_ERR;
	store_bind_text(s, 1, tag, STORE_NTS);
	int rc = store_step(s);
	if (rc == STORE_ROW) {
		out->exists = true;
		out->user_defined = store_col_int(s, 0) != 0;
		out->count = store_col_int(s, 1);
		rc = RC_OK;
	} else {
		rc = rc == STORE_DONE ? RC_OK : RC_ERR;
	}
	store_stmt_done(s);
	return rc;
}

int wiki_tag_define(struct store *st, const char *tag)
{
	int rc = store_run(st, "UPDATE change_tag_def SET ctd_user_defined = 1 WHERE ctd_name = ?", "t", tag);
	if (rc == RC_OK && store_changes(st) == 0)
		rc = store_run(st, "INSERT INTO change_tag_def (ctd_name, ctd_user_defined, ctd_count) VALUES (?, 1, 0)",
			       "t", tag);
	return rc;
}

int wiki_tag_undefine(struct store *st, const char *tag)
{
	int rc = store_run(st, "UPDATE change_tag_def SET ctd_user_defined = 0 WHERE ctd_name = ?", "t", tag);
	if (rc == RC_OK)
		rc = store_run(st, "DELETE FROM change_tag_def WHERE ctd_name = ? AND ctd_count = 0", "t", tag);
	return rc;
}

int wiki_tag_delete(struct store *st, const char *tag)
{
	int rc = store_run(st, "DELETE FROM change_tag WHERE ct_tag_id IN"
			       " (SELECT ctd_id FROM change_tag_def WHERE ctd_name = ?)", "t", tag);
	if (rc == RC_OK)
		rc = store_run(st, "DELETE FROM change_tag_def WHERE ctd_name = ?", "t", tag);
	return rc;
}

/*
 * The change_tag rows of one change: every non-zero id must match (an
 * id of 0 is not a condition), as MediaWiki's array_filter()'d
 * conditions. Binds six values: each id twice.
 */
#define CHANGE_MATCH "(? = 0 OR ct_rc_id = ?) AND (? = 0 OR ct_rev_id = ?) AND (? = 0 OR ct_log_id = ?)"

int wiki_tag_names(struct store *st, struct arena *a, int64_t rc_id, int64_t rev_id, int64_t log_id,
		   const char ***out, size_t *n_out)
{
	const char **v = NULL;
	size_t n = 0, cap = 0;
	struct store_stmt *s = store_prepare(st, "SELECT DISTINCT ctd_name FROM change_tag JOIN change_tag_def"
						 " ON ctd_id = ct_tag_id WHERE " CHANGE_MATCH " ORDER BY ctd_name");
	if (!s)
		return RC_ERR;
	store_bindv(s, "iiiiii", rc_id, rc_id, rev_id, rev_id, log_id, log_id);
	int rc;
	while ((rc = store_step(s)) == STORE_ROW) {
		v = arena_grow(a, v, n + 2, &cap, sizeof(*v));
		v[n++] = store_col_dup(s, a, 0);
		v[n] = NULL;
	}
	store_stmt_done(s);
	if (rc < 0)
		return RC_ERR;
	*out = v;
	*n_out = n;
	return RC_OK;
}

int wiki_tag_attach(struct store *st, const char *tag, int64_t rc_id, int64_t rev_id, int64_t log_id)
{
	int64_t tid = 0;
	int rc = store_query_int(st, &tid, "SELECT ctd_id FROM change_tag_def WHERE ctd_name = ?", "t", tag);
	if (rc == RC_NOTFOUND) {
		rc = store_run(st, "INSERT INTO change_tag_def (ctd_name, ctd_user_defined, ctd_count) VALUES (?, 0, 0)",
			       "t", tag);
		tid = store_last_id(st);
	}
	if (rc == RC_OK)
		rc = store_run(st, "INSERT INTO change_tag (ct_rc_id, ct_log_id, ct_rev_id, ct_tag_id, ct_params)"
				   " VALUES (NULLIF(?, 0), NULLIF(?, 0), NULLIF(?, 0), ?, NULL) ON CONFLICT DO NOTHING",
			       "iiii", rc_id, log_id, rev_id, tid);
	/* A row that was there already (on another combination of ids) is not counted twice. */
	if (rc == RC_OK && store_changes(st) > 0)
		rc = store_run(st, "UPDATE change_tag_def SET ctd_count = ctd_count + 1 WHERE ctd_id = ?", "i", tid);
	return rc;
}

int wiki_tag_detach(struct store *st, const char *tag, int64_t rc_id, int64_t rev_id, int64_t log_id)
{
	int rc = store_run(st, "DELETE FROM change_tag WHERE ct_tag_id IN (SELECT ctd_id FROM change_tag_def"
			       " WHERE ctd_name = ?) AND " CHANGE_MATCH, "tiiiiii", tag, rc_id, rc_id, rev_id, rev_id,
			   log_id, log_id);
	if (rc != RC_OK || store_changes(st) == 0)
		return rc;
	rc = store_run(st, "UPDATE change_tag_def SET ctd_count = ctd_count - 1 WHERE ctd_name = ?", "t", tag);
	/* A tag nobody defined by hand goes when no change carries it any more. */
	if (rc == RC_OK)
		rc = store_run(st, "DELETE FROM change_tag_def WHERE ctd_name = ? AND ctd_count <= 0"
				   " AND ctd_user_defined = 0", "t", tag);
	return rc;
}
