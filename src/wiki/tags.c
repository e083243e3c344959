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
