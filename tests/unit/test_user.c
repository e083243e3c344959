/* SPDX-License-Identifier: MIT */
/*
 * test_user.c — accounts without HTTP: user-name rules, account
 * creation and password checks, tokens (format, session binding,
 * expiry), grants and bot-password rights, the password policy and the
 * login throttle, on a fresh data directory.
 */
#include <stdlib.h>
#include <unistd.h>

#include "../harness.h"
#include "store/store.h"
#include "util/config.h"
#include "wiki/wiki.h"

static struct arena *A;

/* Canonical name or "(invalid)". */
static const char *canon(const char *name, enum wiki_name_rigor r)
{
	const char *out;
	return wiki_user_name_canonical(A, name, r, &out) == RC_OK ? out : "(invalid)";
}

static void test_names(void)
{
	STR_EQ(canon("foo_bar", WIKI_NAME_VALID), "Foo bar", "underscores and first letter");
	STR_EQ(canon("  foo   bar ", WIKI_NAME_VALID), "Foo bar", "whitespace collapsed");
	STR_EQ(canon("User:Foo", WIKI_NAME_VALID), "Foo", "User: prefix dropped");
	STR_EQ(canon("Talk:Foo", WIKI_NAME_VALID), "(invalid)", "other namespace");
	STR_EQ(canon("1.2.3.4", WIKI_NAME_VALID), "(invalid)", "IPv4");
	STR_EQ(canon("1.2.3.xxx", WIKI_NAME_VALID), "(invalid)", "anonymised IPv4");
	STR_EQ(canon("::1", WIKI_NAME_VALID), "(invalid)", "IPv6");
	STR_EQ(canon("Foo/bar", WIKI_NAME_VALID), "(invalid)", "slash");
	STR_EQ(canon("Foo#bar", WIKI_NAME_VALID), "(invalid)", "hash");
	STR_EQ(canon("", WIKI_NAME_VALID), "(invalid)", "empty");
	STR_EQ(canon("Foo\xc2\xa0" "bar", WIKI_NAME_VALID), "Foo bar", "no-break space becomes a space");
	STR_EQ(canon("Foo\xee\x80\x80", WIKI_NAME_VALID), "(invalid)", "private use character");
	STR_EQ(canon("Foo@bar", WIKI_NAME_VALID), "Foo@bar", "@ is valid");
	STR_EQ(canon("Foo@bar", WIKI_NAME_CREATABLE), "(invalid)", "@ is not creatable");
	STR_EQ(canon("Foo>bar", WIKI_NAME_CREATABLE), "(invalid)", "> is not creatable");
	STR_EQ(canon("MediaWiki default", WIKI_NAME_VALID), "MediaWiki default", "reserved is valid");
	STR_EQ(canon("MediaWiki default", WIKI_NAME_USABLE), "(invalid)", "reserved is not usable");
	char longname[300];
	memset(longname, 'a', 256);
	longname[256] = '\0';
	STR_EQ(canon(longname, WIKI_NAME_VALID), "(invalid)", "longer than 255 bytes");
	STR_EQ(canon("\xc3\xa9t\xc3\xa9", WIKI_NAME_VALID), "\xc3\x89t\xc3\xa9", "Unicode first letter");
}

static void test_accounts(struct store *st)
{
	int64_t uid = 0, got = 0;
	INT_EQ(wiki_user_create(st, A, "Tester", "Sekret-pass-1", "t@example.org", "T", &uid), RC_OK, "create");
	OK(uid > 1, "new id after Admin");
	INT_EQ(wiki_user_create(st, A, "Tester", "x", NULL, NULL, &got), RC_CONFLICT, "duplicate name");
	bool by_temp = true;
	INT_EQ(wiki_user_check_password(st, A, "Tester", "Sekret-pass-1", &got, &by_temp), RC_OK, "right password");
	INT_EQ(got, uid, "its id");
	OK(!by_temp, "the main password");
	INT_EQ(wiki_user_check_password(st, A, "Tester", "nope", &got, &by_temp), RC_INVALID, "wrong password");
	INT_EQ(wiki_user_check_password(st, A, "Nobody", "nope", &got, &by_temp), RC_NOTFOUND, "no such user");
	INT_EQ(wiki_user_set_temp_password(st, A, uid, "Temp-pass-42"), RC_OK, "temporary password set");
	INT_EQ(wiki_user_check_password(st, A, "Tester", "Temp-pass-42", &got, &by_temp), RC_OK, "temporary password");
	OK(by_temp, "known as the temporary one");
	INT_EQ(wiki_user_check_password(st, A, "Tester", "Sekret-pass-1", &got, &by_temp), RC_OK, "main one still");
	OK(!by_temp, "and known as the main one");
	INT_EQ(wiki_user_clear_temp_password(st, uid), RC_OK, "temporary password dropped");
	INT_EQ(wiki_user_check_password(st, A, "Tester", "Temp-pass-42", &got, &by_temp), RC_INVALID, "gone");
	struct wiki_user *u;
	INT_EQ(wiki_user_load(A, st, "Tester", 0, &u), RC_OK, "load by name");
	OK(u->actor_id > 0, "actor row");
	OK(wiki_user_can(u, "edit") && !wiki_user_can(u, "block"), "user rights");
	INT_EQ(wiki_user_load(A, st, NULL, 1, &u), RC_OK, "load Admin by id");
	STR_EQ(u->groups[0], "bureaucrat", "groups sorted");
	STR_EQ(u->rights[0], "userrights", "rights in MediaWiki order (explicit groups first)");
	INT_EQ(wiki_user_option_set(st, uid, "skin", "monobook"), RC_OK, "option set");
	INT_EQ(wiki_user_option_set(st, uid, "rclimit", "50"), RC_OK, "option at default");
	const char **names, **values;
	size_t n;
	INT_EQ(wiki_user_options_load(A, st, uid, &names, &values, &n), RC_OK, "options load");
	INT_EQ(n, 1, "only non-defaults stored");
	STR_EQ(values[0], "monobook", "stored value");
}

static void test_tokens(void)
{
	struct wiki_user anon = { .id = 0, .name = "127.0.0.1" };
	STR_EQ(wiki_token_make(A, &anon, "csrf", 1000), "+\\", "anonymous csrf token");
	OK(wiki_token_make(A, &anon, "login", 1000) == NULL, "login token needs a session");
	INT_EQ(wiki_token_check(&anon, "csrf", "+\\", -1, NULL), WIKI_TOKEN_VALID, "anonymous +\\ valid");
	INT_EQ(wiki_token_check(&anon, "csrf", "abc+\\", -1, NULL), WIKI_TOKEN_INVALID, "anonymous other invalid");
	struct wiki_user u = { .id = 5, .name = "X", .session_id = "0123456789abcdef0123456789abcdef" };
	int64_t now = util_now();
	const char *t = wiki_token_make(A, &u, "csrf", now);
	OK(t && strlen(t) == 32 + 8 + 2, "token length as MediaWiki's");
	OK(t && strcmp(t + strlen(t) - 2, "+\\") == 0, "token suffix");
	int64_t gen = 0;
	INT_EQ(wiki_token_check(&u, "csrf", t, -1, &gen), WIKI_TOKEN_VALID, "user token valid");
	INT_EQ(gen, now, "generated time");
	INT_EQ(wiki_token_check(&u, "watch", t, -1, NULL), WIKI_TOKEN_INVALID, "other type invalid");
	struct wiki_user other = u;
	other.session_id = "ffffffffffffffffffffffffffffffff";
	INT_EQ(wiki_token_check(&other, "csrf", t, -1, NULL), WIKI_TOKEN_INVALID, "other session invalid");
	const char *old = wiki_token_make(A, &u, "csrf", now - 100);
	INT_EQ(wiki_token_check(&u, "csrf", old, 50, NULL), WIKI_TOKEN_EXPIRED, "expired by maxage");
	INT_EQ(wiki_token_check(&u, "csrf", old, -1, NULL), WIKI_TOKEN_VALID, "no maxage");
	INT_EQ(wiki_token_check(&u, "csrf", "+\\", -1, NULL), WIKI_TOKEN_INVALID, "+\\ not valid for users");
}

static void test_grants_and_botpasswords(struct store *st)
{
	OK(wiki_grant_rights("basic") != NULL, "basic grant");
	OK(wiki_grant_rights("nosuch") == NULL, "unknown grant");
	const char *pw;
	INT_EQ(wiki_botpassword_create(st, A, "Tester", "bot", "editpage", &pw), RC_OK, "bot password");
	INT_EQ(strlen(pw), WIKI_BOTPASSWORD_LEN, "bot password length");
	INT_EQ(wiki_botpassword_create(st, A, "Tester", "bad@app", "", &pw), RC_INVALID, "app id with @");
	INT_EQ(wiki_botpassword_create(st, A, "Tester", "b2", "bogus", &pw), RC_INVALID, "unknown grant");
	INT_EQ(wiki_botpassword_create(st, A, "Nobody", "b2", "", &pw), RC_NOTFOUND, "unknown user");
	const char *pw2;
	wiki_botpassword_create(st, A, "Tester", "bot2", "highvolume", &pw2);
	int64_t uid, wait;
	const char *app, *fail;
	INT_EQ(wiki_login_attempt(st, A, "10.0.0.1", "Tester@bot2", pw2, true, &uid, &app, &fail, &wait), RC_OK,
	       "bot password login");
	STR_EQ(app, "bot2", "app id");
	INT_EQ(wiki_login_attempt(st, A, "10.0.0.1", "Tester", arena_printf(A, "bot2@%s", pw2), true, &uid, &app,
				  &fail, &wait), RC_OK, "app@password form");
	INT_EQ(wiki_login_attempt(st, A, "10.0.0.1", "Tester@bot2", pw2, false, &uid, &app, &fail, &wait),
	       RC_INVALID, "no bot passwords in clientlogin");
	struct wiki_user *u;
	wiki_user_load(A, st, "Tester", 0, &u);
	u->bot_password = "bot";
	const char **grants = wiki_botpassword_grants(st, A, u->id, "bot");
	STR_EQ(grants ? grants[0] : NULL, "basic", "basic always granted");
	wiki_user_finish(A, u, grants);
	OK(wiki_user_can(u, "edit") && wiki_user_can(u, "read"), "granted rights kept");
	OK(!wiki_user_can(u, "move") && !wiki_user_can(u, "upload"), "other rights dropped");
}

/* The embedded list of common passwords: its size, both ends, exact matches only. */
static void test_common_passwords(void)
{
	INT_EQ(wiki_commonpw_count(), 100000, "100,000 common passwords");
	OK(wiki_commonpw_has("123456"), "the most common one");
	OK(wiki_commonpw_has("!QAZ1qaz"), "the bytewise first");
	OK(wiki_commonpw_has("zzzzzzzzzz"), "the bytewise last");
	OK(wiki_commonpw_has("zzzzzz"), "a late one");
	OK(wiki_commonpw_has("a\xc2\xaa\xc2\xbb"), "a UTF-8 entry");
	OK(wiki_commonpw_has("Password") && wiki_commonpw_has("PASSWORD"), "cased entries");
	OK(!wiki_commonpw_has("PassWord"), "no case folding");
	OK(!wiki_commonpw_has(""), "not the empty string");
	OK(!wiki_commonpw_has("12345"  "\n" "6"), "no match across lines");
	OK(!wiki_commonpw_has("1234567 "), "a trailing space counts");
	OK(!wiki_commonpw_has("Xq7-long-pass"), "an uncommon one");
}

static void test_policy_and_throttle(struct store *st)
{
	struct wiki_pw_problem *p;
	size_t n;
	wiki_password_policy(A, "Someone", NULL, "Xq7-long-pass", &p, &n);
	INT_EQ(n, 0, "good password");
	wiki_password_policy(A, "Someone", NULL, "password", &p, &n);
	OK(n == 1 && streq(p[0].key, "passwordincommonlist") && !p[0].fatal, "common password");
	wiki_password_policy(A, "Someone", NULL, "Dragon", &p, &n);
	OK(n == 1 && streq(p[0].key, "passwordincommonlist"), "the list is case-sensitive: Dragon is in it");
	wiki_password_policy(A, "Someone", NULL, "dRAGON", &p, &n);
	INT_EQ(n, 0, "dRAGON is not");
	wiki_password_policy(A, "Someone", NULL, "ONE", &p, &n);
	OK(n == 1 && streq(p[0].key, "password-substring-username-match"), "part of the name");
	const char *const sysop[] = { "sysop", NULL };
	wiki_password_policy(A, "Admin", sysop, "Xq7", &p, &n);
	OK(n == 1 && streq(p[0].key, "passwordtooshort") && p[0].param == 10, "sysop minimum 10");
	char *big = arena_alloc(A, 5000);
	memset(big, 'z', 4097);
	big[4097] = '\0';
	wiki_password_policy(A, NULL, NULL, big, &p, &n);
	OK(n == 1 && p[0].fatal && p[0].param == 4096, "too long is fatal");

	int64_t uid, wait;
	const char *app, *fail;
	for (int i = 0; i < 5; i++)
		wiki_login_attempt(st, A, "10.0.0.9", "Tester", "wrong", true, &uid, &app, &fail, &wait);
	INT_EQ(wiki_login_attempt(st, A, "10.0.0.9", "Tester", "Sekret-pass-1", true, &uid, &app, &fail, &wait),
	       RC_INVALID, "throttled after 5 failures");
	STR_EQ(fail, "login-throttled", "throttle reason");
	OK(wait > 0 && wait <= 300, "wait within the window");
	INT_EQ(wiki_login_attempt(st, A, "10.0.0.8", "Tester", "Sekret-pass-1", true, &uid, &app, &fail, &wait),
	       RC_OK, "other IP not throttled");
}

int main(void)
{
	char dir[] = "/tmp/wikid-test-user-XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	config_defaults();
	config_set(&config.data_dir, dir);
	config_set(&config.admin_password, "admin-pass-for-tests");
	if (!OK(wiki_init() == RC_OK, "wiki_init"))
		return harness_done();
	A = arena_new();
	struct store *st = store_thread();
	test_names();
	test_accounts(st);
	test_tokens();
	test_grants_and_botpasswords(st);
	test_common_passwords();
	test_policy_and_throttle(st);
	arena_free(A);
	wiki_shutdown();
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return harness_done();
}
