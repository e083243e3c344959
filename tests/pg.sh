# SPDX-License-Identifier: MIT
#
# tests/pg.sh — a private PostgreSQL cluster for the tests and benchmarks.
# Source it, then:
#
#   pg_start [fast|durable]   initdb + pg_ctl start in a fresh temporary
#                             directory, listening on a Unix socket only
#                             (no TCP port to collide with). Sets and
#                             exports WIKID_TEST_PGHOST (the socket
#                             directory), WIKID_TEST_PGPORT and PG_DIR.
#                             "fast" (the default) turns fsync off: the
#                             tests kill wikid, never the server. Returns
#                             non-zero with the reason in PG_WHY when
#                             PostgreSQL cannot be started.
#   pg_newdb NAME             create an empty database; prints its URL
#   pg_url NAME               the postgresql:// URL of database NAME
#   pg_sql NAME SQL           run SQL in database NAME (psql, quiet, tuples only)
#   pg_stop                   stop the cluster and remove its directory
#   pg_replica_start          a streaming replica of the cluster (pg_basebackup
#                             -R, hot standby) in a directory of its own;
#                             prints "SOCKETDIR PORT" (the socket directory is
#                             also the replica's home)
#   pg_replica_stop DIR       stop that replica and remove its directory
#
# As root, the server runs as the `postgres` account (PostgreSQL refuses to
# run as root), or `nobody` when there is none. The superuser is `wikid`,
# trusted on the private socket.

PG_BIN=${PG_BIN:-$(pg_config --bindir 2>/dev/null)}
PG_USER=wikid

# Run a server-side command as the account that owns the cluster.
pg_as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u "$PG_OWNER" -- "$@"
	else
		"$@"
	fi
}

pg_start() {
	mode=${1:-fast}
	PG_WHY=""
	if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ] || [ ! -x "$PG_BIN/pg_ctl" ]; then
		PG_WHY="no initdb/pg_ctl (install the Debian package postgresql; make deps does)"
		return 1
	fi
	PG_OWNER=$(id -un)
	if [ "$(id -u)" = 0 ]; then
		if id postgres >/dev/null 2>&1; then PG_OWNER=postgres; else PG_OWNER=nobody; fi
	fi
	PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/wikid-pg.XXXXXX") || { PG_WHY="mktemp failed"; return 1; }
	[ "$(id -u)" = 0 ] && chown "$PG_OWNER" "$PG_DIR"
	if ! pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U "$PG_USER" --auth=trust \
		--encoding=UTF8 --locale=C >"$PG_DIR/initdb.log" 2>&1; then
		PG_WHY="initdb failed: $(tail -n 3 "$PG_DIR/initdb.log" | tr '\n' ' ')"
		rm -rf "$PG_DIR"
		return 1
	fi
	# Any number names the socket file; the directory is ours alone.
	WIKID_TEST_PGPORT=$((20000 + $$ % 20000))
	WIKID_TEST_PGHOST=$PG_DIR
	settings="-c listen_addresses= -c unix_socket_directories=$PG_DIR -c port=$WIKID_TEST_PGPORT"
	settings="$settings -c max_connections=300 -c shared_buffers=64MB -c wal_level=replica"
	settings="$settings -c max_wal_senders=4 -c hot_standby=on -c wal_keep_size=256MB"
	# Planner costs for a database in memory or on SSD, as the README
	# advises: with the default random_page_cost of 4 (spinning disks) the
	# planner sorts every row of a small table rather than walk the index
	# that gives ORDER BY ... LIMIT its order (list=recentchanges over 520
	# rows: 10.0M server instructions per query sorting, 7.9M walking).
	settings="$settings -c random_page_cost=1.1"
	if [ "$mode" = fast ]; then
		settings="$settings -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	fi
	if ! pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
		-o "$settings" start >/dev/null 2>&1; then
		PG_WHY="pg_ctl start failed: $(tail -n 3 "$PG_DIR/server.log" 2>/dev/null | tr '\n' ' ')"
		rm -rf "$PG_DIR"
		return 1
	fi
	export WIKID_TEST_PGHOST WIKID_TEST_PGPORT PG_DIR PG_OWNER
	return 0
}

pg_url() {
	echo "postgresql:///$1?host=$WIKID_TEST_PGHOST&port=$WIKID_TEST_PGPORT&user=$PG_USER"
}

pg_newdb() {
	"$PG_BIN/createdb" -h "$WIKID_TEST_PGHOST" -p "$WIKID_TEST_PGPORT" -U "$PG_USER" \
		-T template0 "$1" >/dev/null || return 1
	pg_url "$1"
}

pg_sql() {
	"$PG_BIN/psql" -h "$WIKID_TEST_PGHOST" -p "$WIKID_TEST_PGPORT" -U "$PG_USER" -d "$1" \
		-X -q -t -A -v ON_ERROR_STOP=1 -c "$2"
}

pg_stop() {
	[ -n "${PG_DIR:-}" ] || return 0
	pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
	rm -rf "$PG_DIR"
	PG_DIR=""
}

pg_replica_start() {
	rdir=$(mktemp -d "${TMPDIR:-/tmp}/wikid-pgrep.XXXXXX") || return 1
	[ "$(id -u)" = 0 ] && chown "$PG_OWNER" "$rdir"
	chmod 700 "$rdir"
	if ! pg_as_owner "$PG_BIN/pg_basebackup" -h "$WIKID_TEST_PGHOST" -p "$WIKID_TEST_PGPORT" -U "$PG_USER" \
		-D "$rdir/data" -R -X stream -c fast >"$rdir/basebackup.log" 2>&1; then
		cat "$rdir/basebackup.log" >&2
		rm -rf "$rdir"
		return 1
	fi
	rport=$((WIKID_TEST_PGPORT + 1))
	settings="-c listen_addresses= -c unix_socket_directories=$rdir -c port=$rport -c hot_standby=on"
	settings="$settings -c fsync=off -c max_connections=300 -c shared_buffers=32MB"
	if ! pg_as_owner "$PG_BIN/pg_ctl" -D "$rdir/data" -l "$rdir/server.log" -w -t 60 \
		-o "$settings" start >/dev/null 2>&1; then
		cat "$rdir/server.log" >&2
		rm -rf "$rdir"
		return 1
	fi
	echo "$rdir $rport"
}

pg_replica_stop() {
	[ -n "$1" ] && [ -d "$1/data" ] || return 0
	pg_as_owner "$PG_BIN/pg_ctl" -D "$1/data" -m immediate -w stop >/dev/null 2>&1
	rm -rf "$1"
}
