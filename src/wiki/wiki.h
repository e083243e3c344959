/* SPDX-License-Identifier: MIT */
/*
 * wiki.h — the wiki's own logic behind the API: start-up of the data
 * directory, titles and namespaces, pages and revisions, users, sessions
 * and rights, logs and recent changes. Modules reach the database only
 * through these functions and store.h.
 */
#ifndef WIKI_H
#define WIKI_H

#include "../util/arena.h"

/*
 * Open the data directory named in `config`: database, migrations, secret
 * key, and on a fresh directory the Admin account (its password printed
 * once as "admin password: <password>"). Returns RC_OK or RC_ERR with a
 * message on stderr.
 */
int wiki_init(void);

/* Close what wiki_init() opened. */
void wiki_shutdown(void);

#endif
