/* SPDX-License-Identifier: MIT */
/*
 * test_mail.c — outgoing mail (wiki/mail.c) without a server: address
 * validation as Sanitizer::validateEmail, the RFC 5322 text (headers,
 * encoded words for UTF-8 names and subjects, quoted display names, CRLF
 * line ends, quoted-printable only when a line is too long), refusal of
 * addresses that could inject headers, and the spool file.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../harness.h"
#include "util/config.h"
#include "wiki/wiki.h"

static struct arena *A;

static void test_valid(void)
{
	OK(wiki_email_valid("a@example.org"), "plain address");
	OK(wiki_email_valid("a.b+c!#$%&'*/=?^_`{|}~-@x-y.example"), "every allowed local character");
	OK(wiki_email_valid("a@localhost"), "a single label");
	OK(!wiki_email_valid("a@"), "no domain");
	OK(!wiki_email_valid("@example.org"), "no local part");
	OK(!wiki_email_valid("a b@example.org"), "space");
	OK(!wiki_email_valid("a@-x.org"), "label starting with a hyphen");
	OK(!wiki_email_valid("a@x..org"), "empty label");
	OK(!wiki_email_valid("a@x.org."), "trailing dot");
	OK(!wiki_email_valid("a@x.org\r\nBcc: b@y.org"), "a line break");
	OK(!wiki_email_valid(NULL), "NULL");
}

static void test_compose(void)
{
	struct wiki_mail m = {
		.to = { "bob@example.org", "Bob" },
		.from = { "wiki@example.net", "My Wiki, Inc." },
		.reply_to = { "alice@example.org", "Ålice" },
		.subject = "Grüße",
		.body = "line one\nline two\n",
	};
	char *out;
	size_t len;
	INT_EQ(wiki_mail_compose(A, &m, &out, &len), RC_OK, "compose");
	OK(strstr(out, "To: Bob <bob@example.org>\r\n") != NULL, "To with its name");
	OK(strstr(out, "From: \"My Wiki, Inc.\" <wiki@example.net>\r\n") != NULL, "a name with specials is quoted");
	OK(strstr(out, "Reply-To: =?UTF-8?B?w4VsaWNl?= <alice@example.org>\r\n") != NULL, "UTF-8 name encoded");
	OK(strstr(out, "Subject: =?UTF-8?B?R3LDvMOfZQ==?=\r\n") != NULL, "UTF-8 subject encoded");
	OK(strstr(out, "Content-Transfer-Encoding: 8bit\r\n") != NULL, "short lines: 8bit");
	OK(strstr(out, "\r\n\r\nline one\r\nline two\r\n") != NULL, "body with CRLF");
	OK(strstr(out, "Date: ") && strstr(out, "Message-ID: <wikid."), "Date and Message-ID");

	char *longline = arena_alloc(A, 2101);
	memset(longline, 'x', 2100);
	longline[2100] = '\0';
	longline[5] = '=';
	m.body = longline;
	m.subject = "plain";
	INT_EQ(wiki_mail_compose(A, &m, &out, &len), RC_OK, "compose a long line");
	OK(strstr(out, "Content-Transfer-Encoding: quoted-printable\r\n") != NULL, "a long line: quoted-printable");
	OK(strstr(out, "Subject: plain\r\n") != NULL, "an ASCII subject as it is");
	OK(strstr(out, "xxxxx=3Dxx") != NULL, "'=' encoded");
	size_t run = 0, max = 0;
	for (const char *c = out; *c; c++) {
		run = *c == '\n' ? 0 : run + 1;
		max = run > max ? run : max;
	}
	OK(max <= 78, "no line over 76 characters and CRLF");

	m.to.addr = "bob@example.org\r\nBcc: eve@example.org";
	const char *err;
	INT_EQ(wiki_mail_send(A, &m, &err), RC_INVALID, "an address with a line break is refused");
}

static void test_spool(const char *dir)
{
	config_set(&config.mail_spool, dir);
	config_set(&config.smtp_host, "");
	struct wiki_mail m = { .to = { "bob@example.org", NULL }, .from = { "wiki@example.net", NULL },
			       .subject = "s", .body = "b" };
	const char *err;
	INT_EQ(wiki_mail_send(A, &m, &err), RC_OK, "spooled");
	INT_EQ(wiki_mail_send(A, &m, &err), RC_OK, "spooled again");
	DIR *d = opendir(dir);
	int n_eml = 0, n_other = 0;
	for (struct dirent *e; d && (e = readdir(d));) {
		if (e->d_name[0] == '.')
			n_other += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
		else
			n_eml += strstr(e->d_name, ".eml") != NULL;
	}
	if (d)
		closedir(d);
	INT_EQ(n_eml, 2, "one .eml file per message");
	INT_EQ(n_other, 0, "no temporary file left");
}

int main(void)
{
	char dir[64];
	snprintf(dir, sizeof(dir), "%s/wikid-test-mail-XXXXXX", P_tmpdir);
	if (!mkdtemp(dir))
		return 1;
	config_defaults();
	A = arena_new();
	test_valid();
	test_compose();
	test_spool(dir);
	arena_free(A);
	config_release();
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return harness_done();
}
