# Sourced by the benchmarks' run.sh: a PostgreSQL of the benchmark's own. install_postgres installs Debian's package
# when no initdb is there; start_postgres DIR runs initdb into DIR/data and starts it on 127.0.0.1 on a free port with
# its default durability (fsync and synchronous_commit on), creates the database `recordings`, and sets PGBIN, PGPORT,
# PGCS (an Npgsql connection string), POSTMASTER (its pid) and PGSTOP (the command that stops it).
install_postgres() {
  if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    echo "Installing postgresql from Debian…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
}

start_postgres() {
  local root="$1"
  PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  mkdir -p "$root"
  # initdb and postgres refuse to run as root: as root, they run as the package's postgres user.
  local as_pg=()
  if [ "$(id -u)" = 0 ]; then chmod 755 "$(dirname "$root")"; chown postgres "$root"; as_pg=(runuser -u postgres --); fi
  PGPORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  "${as_pg[@]}" "$PGBIN/initdb" -D "$root/data" -U postgres --auth=trust -E UTF8 >"$root/initdb.log"
  "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$root/data" -l "$root/log" -w -o "-h 127.0.0.1 -p $PGPORT -k $root" start >/dev/null
  PGSTOP="${as_pg[*]} $PGBIN/pg_ctl -D $root/data -m fast -w stop"
  POSTMASTER="$(head -1 "$root/data/postmaster.pid")"
  "$PGBIN/psql" -q -h 127.0.0.1 -p "$PGPORT" -U postgres -c "CREATE DATABASE recordings"
  PGCS="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=recordings"
  echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'): pid $POSTMASTER, port $PGPORT, $("$PGBIN/psql" -tA -h 127.0.0.1 -p "$PGPORT" -U postgres \
    -c "SELECT string_agg(name || '=' || setting, ' ') FROM pg_settings WHERE name IN ('fsync','synchronous_commit','shared_buffers','wal_level')")"
}
