# lib.sh — shared by the client tests: start a fresh wikid on a free
# loopback port and stop it again. Source it; then call start_wikid.
# Sets WIKID_URL (http://127.0.0.1:PORT/w/api.php), WIKID_PID, DATA_DIR,
# ADMIN_PASSWORD. The binary is $WIKID (default ./wikid from the repo root).
# With WIKID_CLIENTS_ON_PG=1 (tests/run-all.sh's pg-clients run) the server
# gets a fresh database in the cluster of tests/pg.sh (WIKID_DATABASE).

: "${WIKID:=./wikid}"
ADMIN_PASSWORD="client-test-admin-pass-1"

start_wikid() {
	DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/wikid-client.XXXXXX")
	LOG="$DATA_DIR/wikid.log"
	WIKID_DATABASE=""
	if [ "${WIKID_CLIENTS_ON_PG:-}" = 1 ]; then
		. tests/pg.sh
		WIKID_DATABASE=$(pg_newdb "c_$(basename "$DATA_DIR" | tr -c 'A-Za-z0-9\n' _)") || return 1
	fi
	WIKID_ADMIN_PASSWORD=$ADMIN_PASSWORD "$WIKID" --port 0 --listen 127.0.0.1 \
		--data-dir "$DATA_DIR/data" ${WIKID_DATABASE:+--database "$WIKID_DATABASE"} >"$LOG" 2>&1 &
	WIKID_PID=$!
	i=0
	while [ $i -lt 100 ]; do
		url=$(sed -n 's/^wikid: serving \(http:[^ ]*\)$/\1/p' "$LOG")
		if [ -n "$url" ]; then
			WIKID_URL=$url
			return 0
		fi
		kill -0 $WIKID_PID 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	echo "wikid did not start:" >&2
	cat "$LOG" >&2
	return 1
}

stop_wikid() {
	[ -n "${WIKID_PID:-}" ] && kill $WIKID_PID 2>/dev/null && wait $WIKID_PID 2>/dev/null
	[ -n "${DATA_DIR:-}" ] && rm -rf "$DATA_DIR"
}

# Add a bot password for Admin; prints the generated password on stdout.
add_botpassword() {
	"$WIKID" --data-dir "$DATA_DIR/data" ${WIKID_DATABASE:+--database "$WIKID_DATABASE"} \
		--add-botpassword Admin "$1" "$2" | awk '{print $2}'
}
