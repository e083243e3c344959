/* SPDX-License-Identifier: MIT */
/*
 * emailuser.c — action=emailuser: send a user an email through the wiki
 * (ApiEmailUser over SpecialEmailUser, 1.39). The target is checked
 * first (notarget, noemail, nowikiemail — no confirmed address, email
 * from others disabled, not from new users, or the sender on its mute
 * list), then the sender (usermaildisabled, cantsend without a confirmed
 * address of its own, badaccess without sendemail, blockedemailuser for a
 * block with noemail, ratelimited when emailuser is used up). The mail
 * goes out From the wiki's own address with Reply-To the sender
 * ($wgUserEmailUseReplyTo), the text followed by a signature line and a
 * footer naming both users; ccme sends the sender a copy. A mail the
 * transport refuses makes the result "Failure" with a mailerror.
 */
#include <stddef.h>

#include "../../store/store.h"
#include "../../util/config.h"
#include "../../wiki/wiki.h"
#include "pageact_int.h"

struct emailuser_params {
	const char *target;  /* user to write to */
	const char *subject; /* the subject line */
	const char *text;    /* the message */
	bool ccme;           /* send the sender a copy */
};

static const struct api_param params[] = {
	{ .name = "target", .type = API_T_STRING, .flags = API_P_REQUIRED,
	  .offset = offsetof(struct emailuser_params, target), .desc = "User to send the email to." },
	{ .name = "subject", .type = API_T_STRING, .flags = API_P_REQUIRED,
	  .offset = offsetof(struct emailuser_params, subject), .desc = "Subject of the email." },
	{ .name = "text", .type = API_T_TEXT, .flags = API_P_REQUIRED,
	  .offset = offsetof(struct emailuser_params, text), .desc = "Text of the email." },
	{ .name = "ccme", .type = API_T_BOOL, .offset = offsetof(struct emailuser_params, ccme),
	  .desc = "Send a copy of this email to me." },
	{ 0 }
};

/* Is `sender_id` on the target's email mute list (email-blacklist: ids, one a line)? */
static bool muted(struct api_ctx *ctx, int64_t target, int64_t sender_id)
{
	const char *list = wiki_user_option_get(ctx->store, ctx->arena, target, "email-blacklist");
	for (const char *p = list; p && *p;) {
		size_t n = strcspn(p, "\n");
		long long id;
		if (util_parse_ll(arena_strndup(ctx->arena, p, n), &id) == RC_OK && id == sender_id)
			return true;
		p += n + (p[n] == '\n');
	}
	return false;
}

/*
 * SpecialEmailUser::getTarget()/validateTarget(): the target's id,
 * canonical name and address, or RC_ERR after the error.
 */
static int check_target(struct api_ctx *ctx, const char *target, int64_t *id, const char **name, const char **addr)
{
	const char *canon = NULL;
	*id = 0;
	if (*target && wiki_user_name_canonical(ctx->arena, target, WIKI_NAME_VALID, &canon) == RC_OK)
		store_query_int(ctx->store, id, "SELECT user_id FROM \"user\" WHERE user_name = ?", "t", canon);
	if (!*id)
		return api_error(ctx, "notarget", NULL);
	if (!wiki_user_email_confirmed(ctx->store, ctx->arena, *id, addr))
		return api_error(ctx, "noemail", "noemail", target);
	const char *off = wiki_user_option_get(ctx->store, ctx->arena, *id, "disablemail");
	const char *new_ok = wiki_user_option_get(ctx->store, ctx->arena, *id, "email-allow-new-users");
	if ((off && !streq(off, "0") && *off) ||
	    ((!new_ok || streq(new_ok, "0") || !*new_ok) && !wiki_user_can(ctx->user, "autoconfirmed")) ||
	    (ctx->user->id && muted(ctx, *id, ctx->user->id)))
		return api_error(ctx, "nowikiemail", "nowikiemailtext");
	*name = canon;
	return RC_OK;
}

/* SpecialEmailUser::getPermissionsError() for the sender; `*addr` gets its address. */
static int check_sender(struct api_ctx *ctx, const char **addr)
{
	if (!config.enable_email || !config.enable_user_email)
		return api_error(ctx, "usermaildisabled", "usermaildisabled");
	/* The address first, so that anonymous users learn they need one (T160309). */
	if (!wiki_user_email_confirmed(ctx->store, ctx->arena, ctx->user->id, addr))
		return api_error(ctx, "cantsend", "mailnologin");
	if (!wiki_user_can(ctx->user, "sendemail"))
		return api_error(ctx, "badaccess", "badaccess");
	const struct wiki_block *b = api_user_block(ctx);
	if (b && wiki_block_applies_right(b, "sendemail") == 1)
		return api_error(ctx, "blockedemailuser", "blockedemailuser");
	if (wiki_ratelimit_hit(ctx->store, ctx->arena, ctx->user, "emailuser", 0))
		return api_error(ctx, "ratelimited", NULL);
	return RC_OK;
}

/* Send one message; on failure append MediaWiki's mailerror (with the transport's reason) to `*errors`. */
static bool send_one(struct api_ctx *ctx, const struct wiki_mail *m, struct wiki_refusal **errors)
{
	const char *why;
	if (wiki_mail_send(ctx->arena, m, &why) == RC_OK)
		return true;
	struct wiki_refusal *r = arena_calloc(ctx->arena, 1, sizeof(*r));
	r->code = "mailerror";
	r->key = "mailerror";
	r->params[0] = why;
	while (*errors)
		errors = &(*errors)->next;
	*errors = r;
	return false;
}

static int exec_emailuser(struct api_ctx *ctx, void *vp)
{
	struct emailuser_params *p = vp;
	int64_t tid;
	const char *tname = NULL, *taddr = NULL, *saddr = NULL;
	if (check_target(ctx, p->target, &tid, &tname, &taddr) != RC_OK || check_sender(ctx, &saddr) != RC_OK)
		return RC_ERR;
	/* The text, trailing white space trimmed, then "-- " and the footer in the content language. */
	size_t len = strlen(p->text);
	while (len && (p->text[len - 1] == '\n' || p->text[len - 1] == '\r' || p->text[len - 1] == ' ' ||
		       p->text[len - 1] == '\t'))
		len--;
	const char *footer = api_msg(ctx, "emailuserfooter",
				     (const char *const[]){ ctx->user->name, tname, config.sitename, NULL });
	const char *text = arena_printf(ctx->arena, "%.*s\n\n-- \n%s", (int)len, p->text, footer);
	if (wiki_ratelimit_hit(ctx->store, ctx->arena, ctx->user, "emailuser", 1))
		return api_error(ctx, "ratelimited", NULL);
	struct wiki_mail_addr wiki = { wiki_mail_sender(ctx->arena), config.sitename };
	struct wiki_mail_addr sender = { saddr, ctx->user->name };
	struct wiki_mail m = { .to = { taddr, tname }, .from = wiki, .reply_to = sender, .subject = p->subject,
			       .body = text };
	struct wiki_refusal *errors = NULL;
	/* The copy, unless the sender wrote to itself (one message is enough then). */
	if (send_one(ctx, &m, &errors) && p->ccme && tid != ctx->user->id) {
		struct wiki_mail cc = {
			.to = sender, .from = wiki, .reply_to = sender, .body = text,
			.subject = api_msg(ctx, "emailccsubject", (const char *const[]){ tname, p->subject, NULL }),
		};
		send_one(ctx, &cc, &errors);
	}
	struct api_node *out = api_add_object(ctx->result, "emailuser");
	api_add_str(out, "result", errors ? "Failure" : "Success");
	if (errors)
		pageact_status_array(ctx, api_add_array(out, "errors", "error"), errors);
	return RC_OK;
}

const struct api_module api_module_emailuser = {
	.name = "emailuser",
	.group = API_G_ACTION,
	.prefix = "",
	.flags = API_M_MUST_POST | API_M_WRITE | API_M_NEEDS_TOKEN,
	.token_type = "csrf",
	.params = params,
	.params_size = sizeof(struct emailuser_params),
	.summary = "Email a user.",
	.examples = (const char *const[]){
		"action=emailuser&target=WikiSysop&subject=Hello&text=Content&token=123ABC",
		"Send the user WikiSysop an email with the subject Hello and the text Content.",
		NULL },
	.helpurls = (const char *const[]){ "https://www.mediawiki.org/wiki/Special:MyLanguage/API:Emailuser", NULL },
	.exec = exec_emailuser,
};
