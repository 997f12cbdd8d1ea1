# shellcheck shell=bash
# Sourced by the benchmarks' run.sh: `fleet-agent fixtures ...` (serve, misbehave) in the background, in a process of
# its own, and stopping it. Needs $bin (the folder with the fleet-agent binary) and $OUT (its log goes to
# $OUT/server.log); sets server_pid.
# shellcheck disable=SC2154 # bin and OUT are the sourcing script's

server_pid=

# start_server FILE FIXTURES-ARGUMENTS...: start `fleet-agent fixtures ... --addresses-out FILE` in the background
# and wait for its addresses file.
start_server() {
    local file=$1
    shift
    rm -f "$file"
    "$bin/fleet-agent" "$@" --addresses-out "$file" >"$OUT/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 600); do
        [ -s "$file" ] && return 0
        kill -0 "$server_pid" 2>/dev/null || { cat "$OUT/server.log" >&2; return 1; }
        sleep 0.1
    done
    echo "run.sh: the fixture server did not list its addresses in 60 s" >&2
    return 1
}

# stop_server: stop the server started last, if it runs.
stop_server() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=
    fi
}
