/* SPDX-License-Identifier: MIT */
/*
 * mail.c — the wiki's outgoing mail (MediaWiki's UserMailer/Emailer):
 * one plain-text message, written as RFC 5322 text (UTF-8 names and
 * subjects as RFC 2047 encoded words, the body 8bit or, when a line is
 * too long for SMTP, quoted-printable), then either handed to an SMTP
 * server ([mail] smtp_host, smtp_port; plain SMTP, no TLS or
 * authentication: a local relay is assumed) or, by default, written to
 * the spool directory ([mail] spool, default DATA_DIR/mail) as one
 * ".eml" file per message, so an operator sees what would be sent.
 * A spool file appears whole: it is written under a temporary name and
 * renamed. Message texts are the caller's; this file only carries them.
 */
#include <errno.h>
#include <openssl/evp.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "../store/store.h"
#include "../util/config.h"
#include "../util/sbuf.h"
#include "../util/timestamp.h"
#include "wiki.h"

/* RFC 5321/5322: a line may hold at most 998 bytes before its CRLF. */
#define MAX_LINE 998
/* Seconds to wait for the SMTP server at each step before giving up. */
#define SMTP_TIMEOUT 30
/* A whole message is capped: wiki mails are short; 10 MiB leaves room. */
#define MAX_MESSAGE (10u << 20)

bool wiki_email_valid(const char *s)
{
	/* Sanitizer::validateEmail: the HTML5 <input type=email> grammar. */
	static const char local_ok[] = "!#$%&'*+/=?^_`{|}~.-";
	const char *at = s ? strchr(s, '@') : NULL;
	if (!at || at == s)
		return false;
	for (const char *c = s; c < at; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		      strchr(local_ok, *c)))
			return false;
	/* Labels of 1-63 letters, digits and inner hyphens, separated by dots. */
	const char *d = at + 1;
	if (!*d)
		return false;
	while (*d) {
		size_t n = 0;
		while (d[n] && d[n] != '.') {
			char c = d[n];
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
				return false;
			n++;
		}
		if (n == 0 || n > 63 || d[0] == '-' || d[n - 1] == '-')
			return false;
		d += n;
		if (*d == '.' && !*++d)
			return false;
	}
	return true;
}

/* True when `s` is printable ASCII only (no encoding needed in a header). */
static bool is_plain(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

/*
 * `s` as header text: as it is when plain ASCII, else RFC 2047 "B"
 * encoded words of at most 45 input bytes each (so every word fits a
 * line), split only between UTF-8 characters.
 */
static void add_header_text(struct sbuf *b, const char *s)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	if (is_plain(s)) {
		sbuf_adds(b, s);
		return;
	}
	size_t len = strlen(s), i = 0;
	while (i < len) {
		size_t n = len - i > 45 ? 45 : len - i;
		while (i + n < len && n > 1 && ((unsigned char)s[i + n] & 0xc0) == 0x80)
			n--;
		if (i)
			sbuf_adds(b, "\r\n ");
		sbuf_adds(b, "=?UTF-8?B?");
		const unsigned char *p = (const unsigned char *)s + i;
		for (size_t j = 0; j < n; j += 3) {
			unsigned v = (unsigned)p[j] << 16 | (j + 1 < n ? (unsigned)p[j + 1] << 8 : 0) |
				     (j + 2 < n ? p[j + 2] : 0);
			sbuf_addc(b, b64[v >> 18 & 63]);
			sbuf_addc(b, b64[v >> 12 & 63]);
			sbuf_addc(b, j + 1 < n ? b64[v >> 6 & 63] : '=');
			sbuf_addc(b, j + 2 < n ? b64[v & 63] : '=');
		}
		sbuf_adds(b, "?=");
		i += n;
	}
}

/* "Name <addr>" (the name quoted or encoded as needed), or "<addr>" without a name. */
static void add_address(struct sbuf *b, const struct wiki_mail_addr *m)
{
	if (m->name && *m->name) {
		bool special = strpbrk(m->name, "()<>[]:;@\\,.\"") != NULL;
		if (is_plain(m->name) && special) {
			sbuf_addc(b, '"');
			for (const char *c = m->name; *c; c++) {
				if (*c == '"' || *c == '\\')
					sbuf_addc(b, '\\');
				sbuf_addc(b, *c);
			}
			sbuf_adds(b, "\" ");
		} else {
			add_header_text(b, m->name);
			sbuf_addc(b, ' ');
		}
	}
	sbuf_addc(b, '<');
	sbuf_adds(b, m->addr);
	sbuf_addc(b, '>');
}

/* True when some line of `s` is longer than SMTP allows. */
static bool has_long_line(const char *s)
{
	size_t run = 0;
	for (; *s; s++) {
		run = (*s == '\n') ? 0 : run + 1;
		if (run > MAX_LINE)
			return true;
	}
	return false;
}

/* The body with CRLF line ends, as it is (8bit) or quoted-printable (RFC 2045, 76-column lines). */
static void add_body(struct sbuf *b, const char *body, bool qp)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0;
	for (const char *c = body; *c; c++) {
		unsigned char ch = (unsigned char)*c;
		if (ch == '\r' && c[1] == '\n')
			continue;
		if (ch == '\n') {
			sbuf_adds(b, "\r\n");
			col = 0;
			continue;
		}
		if (!qp) {
			sbuf_addc(b, (char)ch);
			continue;
		}
		/* A space or tab at a line's end, '=', and anything not printable ASCII are encoded. */
		bool enc = ch == '=' || ch > 126 || (ch < 32 && ch != '\t') ||
			   ((ch == ' ' || ch == '\t') && (c[1] == '\n' || !c[1]));
		size_t w = enc ? 3 : 1;
		if (col + w > 75) {
			sbuf_adds(b, "=\r\n");
			col = 0;
		}
		if (enc) {
			sbuf_addc(b, '=');
			sbuf_addc(b, hex[ch >> 4]);
			sbuf_addc(b, hex[ch & 15]);
		} else {
			sbuf_addc(b, (char)ch);
		}
		col += w;
	}
	sbuf_adds(b, "\r\n");
}

/* The host part of [site] server, for Message-ID and the default sender; "localhost" when none. */
static const char *server_host(struct arena *a)
{
	const char *s = config.server ? strstr(config.server, "://") : NULL;
	if (!s)
		return "localhost";
	s += 3;
	size_t n = strcspn(s, ":/[]");
	return n ? arena_strndup(a, s, n) : "localhost";
}

const char *wiki_mail_sender(struct arena *a)
{
	if (config.mail_sender && *config.mail_sender)
		return config.mail_sender;
	return arena_printf(a, "wikid@%s", server_host(a));
}

int wiki_mail_compose(struct arena *a, const struct wiki_mail *m, char **out, size_t *len)
{
	struct sbuf b;
	sbuf_init(&b, MAX_MESSAGE);
	time_t now = (time_t)util_now();
	struct tm tm;
	gmtime_r(&now, &tm);
	char date[64];
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	unsigned char rnd[8];
	char rhex[17];
	util_random(rnd, sizeof(rnd));
	util_hex(rnd, sizeof(rnd), rhex);
	rhex[16] = '\0';
	sbuf_adds(&b, "Date: ");
	sbuf_adds(&b, date);
	sbuf_adds(&b, "\r\nFrom: ");
	add_address(&b, &m->from);
	sbuf_adds(&b, "\r\nTo: ");
	add_address(&b, &m->to);
	if (m->reply_to.addr) {
		sbuf_adds(&b, "\r\nReply-To: ");
		add_address(&b, &m->reply_to);
	}
	sbuf_adds(&b, "\r\nSubject: ");
	add_header_text(&b, m->subject);
	sbuf_adds(&b, "\r\nMessage-ID: <");
	sbuf_adds(&b, arena_printf(a, "wikid.%lld.%s@%s", (long long)now, rhex, server_host(a)));
	bool qp = has_long_line(m->body);
	sbuf_adds(&b, ">\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8; format=flowed\r\n"
		      "Content-Transfer-Encoding: ");
	sbuf_adds(&b, qp ? "quoted-printable" : "8bit");
	sbuf_adds(&b, "\r\nX-Mailer: wikid\r\n\r\n");
	add_body(&b, m->body, qp);
	if (b.is_toobig) {
		sbuf_release(&b);
		return RC_TOOBIG;
	}
	*len = b.len;
	*out = arena_strndup(a, sbuf_cstr(&b), b.len);
	sbuf_release(&b);
	return RC_OK;
}

/* Write `msg` to the spool directory as a new .eml file (temporary name, then rename). */
static int spool(struct arena *a, const char *msg, size_t len, const char **err)
{
	const char *dir = config.mail_spool && *config.mail_spool ? config.mail_spool
								  : arena_printf(a, "%s/mail", config.data_dir);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		*err = arena_printf(a, "cannot create the mail spool %s: %s", dir, strerror(errno));
		return RC_ERR;
	}
	char ts[15], rhex[17];
	unsigned char rnd[8];
	ts_format_mw(util_now(), ts);
	util_random(rnd, sizeof(rnd));
	util_hex(rnd, sizeof(rnd), rhex);
	rhex[16] = '\0';
	const char *tmp = arena_printf(a, "%s/.%s-%s.tmp", dir, ts, rhex);
	const char *final = arena_printf(a, "%s/%s-%s.eml", dir, ts, rhex);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		*err = arena_printf(a, "cannot write to the mail spool %s: %s", dir, strerror(errno));
		return RC_ERR;
	}
	size_t off = 0;
	while (off < len) {
		ssize_t n = write(fd, msg + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	bool ok = off == len && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	if (!ok || rename(tmp, final) != 0) {
		*err = arena_printf(a, "cannot write to the mail spool %s: %s", dir, strerror(errno));
		unlink(tmp);
		return RC_ERR;
	}
	return RC_OK;
}

/* ---------- SMTP (RFC 5321), one message per connection ---------- */

struct smtp {
	int fd;           /* the connection */
	char buf[4096];   /* bytes read and not yet consumed */
	size_t len;       /* bytes in buf */
	struct arena *a;  /* for error texts */
	const char **err; /* where the first error goes */
};

static bool smtp_send(struct smtp *c, const char *s, size_t len)
{
	while (len) {
		ssize_t n = send(c->fd, s, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			*c->err = arena_printf(c->a, "SMTP server: write failed: %s", strerror(errno));
			return false;
		}
		s += n;
		len -= (size_t)n;
	}
	return true;
}

/*
 * Read one reply (its continuation lines "NNN-" up to the last "NNN ")
 * and check its code's first digit is `want`.
 */
static bool smtp_reply(struct smtp *c, char want)
{
	for (;;) {
		char *nl = memchr(c->buf, '\n', c->len);
		if (!nl) {
			if (c->len == sizeof(c->buf)) {
				*c->err = "SMTP server: reply line too long";
				return false;
			}
			ssize_t n = recv(c->fd, c->buf + c->len, sizeof(c->buf) - c->len, 0);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				*c->err = n == 0 ? "SMTP server closed the connection"
						 : arena_printf(c->a, "SMTP server: read failed: %s", strerror(errno));
				return false;
			}
			c->len += (size_t)n;
			continue;
		}
		size_t line = (size_t)(nl - c->buf) + 1;
		bool last = line < 4 || c->buf[3] != '-';
		bool ok = line >= 4 && c->buf[0] == want;
		char *text = arena_strndup(c->a, c->buf, line - (line >= 2 && nl[-1] == '\r' ? 2 : 1));
		memmove(c->buf, c->buf + line, c->len - line);
		c->len -= line;
		if (last) {
			if (!ok)
				*c->err = arena_printf(c->a, "SMTP server refused: %s", text);
			return ok;
		}
	}
}

/* Send one command line and read its reply. */
static bool smtp_cmd(struct smtp *c, const char *line, char want)
{
	return smtp_send(c, line, strlen(line)) && smtp_send(c, "\r\n", 2) && smtp_reply(c, want);
}

/* Connect to [mail] smtp_host:smtp_port with the timeout on every read and write; -1 on failure. */
static int smtp_connect(struct arena *a, const char **err)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res = NULL;
	char port[16];
	snprintf(port, sizeof(port), "%d", config.smtp_port > 0 ? config.smtp_port : 25);
	int g = getaddrinfo(config.smtp_host, port, &hints, &res);
	if (g != 0) {
		*err = arena_printf(a, "SMTP server %s: %s", config.smtp_host, gai_strerror(g));
		return -1;
	}
	int fd = -1;
	for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0)
			continue;
		struct timeval tv = { .tv_sec = SMTP_TIMEOUT };
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
			*err = arena_printf(a, "SMTP server %s:%s: %s", config.smtp_host, port, strerror(errno));
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	return fd;
}

/* Deliver `msg` (CRLF lines) from envelope sender `from` to `to` over SMTP. */
static int smtp(struct arena *a, const char *from, const char *to, const char *msg, size_t len, const char **err)
{
	struct smtp c = { .fd = smtp_connect(a, err), .a = a, .err = err };
	if (c.fd < 0)
		return RC_ERR;
	const char *host = server_host(a);
	bool ok = smtp_reply(&c, '2');
	if (ok && !smtp_cmd(&c, arena_printf(a, "EHLO %s", host), '2')) {
		*err = NULL;
		ok = smtp_cmd(&c, arena_printf(a, "HELO %s", host), '2');
	}
	ok = ok && smtp_cmd(&c, arena_printf(a, "MAIL FROM:<%s>", from), '2') &&
	     smtp_cmd(&c, arena_printf(a, "RCPT TO:<%s>", to), '2') && smtp_cmd(&c, "DATA", '3');
	/* The message with every line that starts with '.' dot-stuffed, then the lone dot. */
	const char *p = msg, *end = msg + len;
	while (ok && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		ok = (*p != '.' || smtp_send(&c, ".", 1)) && smtp_send(&c, p, n);
		p += n;
	}
	ok = ok && smtp_send(&c, ".\r\n", 3) && smtp_reply(&c, '2');
	if (ok)
		smtp_cmd(&c, "QUIT", '2');
	close(c.fd);
	return ok ? RC_OK : RC_ERR;
}

int wiki_mail_send(struct arena *a, const struct wiki_mail *m, const char **err)
{
	*err = NULL;
	/* A header line break in an address or subject could add headers: refuse it. */
	if (!wiki_email_valid(m->to.addr) || !wiki_email_valid(m->from.addr) ||
	    (m->reply_to.addr && !wiki_email_valid(m->reply_to.addr))) {
		*err = "not a valid email address";
		return RC_INVALID;
	}
	char *msg;
	size_t len;
	if (wiki_mail_compose(a, m, &msg, &len) != RC_OK) {
		*err = "the message is too long";
		return RC_TOOBIG;
	}
	if (config.smtp_host && *config.smtp_host)
		return smtp(a, m->from.addr, m->to.addr, msg, len, err);
	return spool(a, msg, len, err);
}

/* ---------- users' addresses and their confirmation ---------- */

/* $wgUserEmailConfirmationTokenExpiry: a confirmation link works for 7 days. */
#define CONFIRM_TTL (7 * 86400)

bool wiki_user_email_confirmed(struct store *st, struct arena *a, int64_t uid, const char **email)
{
	*email = NULL;
	if (uid <= 0)
		return false;
	struct store_stmt *s = store_prepare(st, "SELECT user_email, user_email_authenticated FROM \"user\" WHERE user_id = ?");
	store_bindv(s, "i", uid);
	bool ok = false;
	if (store_step(s) == STORE_ROW) {
		char *addr = store_col_dup(s, a, 0);
		bool authenticated = !store_col_is_null(s, 1) && *store_col_text(s, 1);
		ok = addr && wiki_email_valid(addr) && (authenticated || !config.email_authentication);
		if (ok)
			*email = addr;
	}
	store_stmt_done(s);
	return ok;
}

/* The stored form of a confirmation token: its SHA-256 in hex (the token itself is only in the mail). */
static const char *token_hash(struct arena *a, const char *token)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	EVP_Digest(token, strlen(token), md, &n, EVP_sha256(), NULL);
	char *hex = arena_alloc(a, 2 * n + 1);
	util_hex(md, n, hex);
	hex[2 * n] = '\0';
	return hex;
}

int wiki_email_confirm_start(struct store *st, struct arena *a, int64_t uid, const char **token, const char **expires)
{
	unsigned char rnd[16];
	char hex[33];
	util_random(rnd, sizeof(rnd));
	util_hex(rnd, sizeof(rnd), hex);
	hex[32] = '\0';
	char exp[15];
	ts_format_mw(util_now() + CONFIRM_TTL, exp);
	int rc = store_run(st, "UPDATE \"user\" SET user_email_token = ?, user_email_token_expires = ? WHERE user_id = ?",
			   "tti", token_hash(a, hex), exp, uid);
	*token = arena_strdup(a, hex);
	*expires = arena_strdup(a, exp);
	return rc;
}

int wiki_email_confirm_token(struct store *st, struct arena *a, const char *token, bool cancel, const char **name)
{
	char now[15];
	ts_format_mw(util_now(), now);
	int64_t uid = 0;
	char *user = NULL;
	struct store_stmt *s = store_prepare(st, "SELECT user_id, user_name FROM \"user\""
						 " WHERE user_email_token = ? AND user_email_token_expires > ?");
	store_bindv(s, "tt", token_hash(a, token ? token : ""), now);
	int src = store_step(s);
	if (src == STORE_ROW) {
		uid = store_col_int(s, 0);
		user = store_col_dup(s, a, 1);
	}
	store_stmt_done(s);
	if (src != STORE_ROW)
		return src == STORE_DONE ? RC_NOTFOUND : RC_ERR;
	/* Confirming sets the time; cancelling (Special:InvalidateEmail) clears it. Either way the token is used up. */
	int rc = cancel ? store_run(st, "UPDATE \"user\" SET user_email_authenticated = NULL, user_email_token = NULL,"
				    " user_email_token_expires = NULL, user_touched = ? WHERE user_id = ?", "ti", now, uid)
			: store_run(st, "UPDATE \"user\" SET user_email_authenticated = ?, user_email_token = NULL,"
				    " user_email_token_expires = NULL, user_touched = ? WHERE user_id = ?", "tti", now, now, uid);
	*name = user;
	return rc;
}
