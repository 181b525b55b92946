#!/usr/bin/env bash
# A bandwidth-limited remote store, as in the paper (its storage node's link is capped at 25-100 MB/s):
# a redis-server inside its own network namespace, reached from the host over a veth pair whose both
# directions are shaped by tc tbf. Needs root, iproute2 (ip, tc) and redis-server.
#
#   remote-link.sh start [RATE_MBps]   create namespace, link and Redis (default 50 MB/s); prints the
#                                      Redis URL as the last line on stdout. On a running link: re-rates it.
#   remote-link.sh stop                remove Redis, veth pair and namespace (safe to repeat)
#   remote-link.sh status              print state, rate and URL; exit 0 if running, 3 if not
#
# Settings (environment): FF_LINK_NS (namespace, default ff-remote), FF_LINK_NET (first three octets of
# the /30 on the veth, default 10.200.77), FF_LINK_PORT (default 6379), REDIS_SERVER (binary path).
# MB/s here are 10^6 bytes per second: 50 MB/s is a 400 mbit tbf.
set -euo pipefail

NS="${FF_LINK_NS:-ff-remote}"
NET="${FF_LINK_NET:-10.200.77}"
PORT="${FF_LINK_PORT:-6379}"
HOST_IF="${NS}-h"      # host end of the veth pair
NS_IF="${NS}-n"        # namespace end
HOST_IP="${NET}.1"
NS_IP="${NET}.2"
STATE_DIR="/run/faasflow-remote-link/${NS}"
REDIS_BIN="${REDIS_SERVER:-redis-server}"

say() { echo "remote-link: $*" >&2; }
die() { say "$*"; exit 1; }

need_root_and_tools() {
  [[ $(id -u) -eq 0 ]] || die "must run as root (network namespaces and tc need it)"
  command -v ip >/dev/null || die "ip not found: install iproute2"
  command -v tc >/dev/null || die "tc not found: install iproute2"
}

ns_exists() { ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$NS"; }

url() { echo "redis://${NS_IP}:${PORT}"; }

# tbf on both ends (host egress = writes to Redis, namespace egress = reads): the rate, a burst of
# ~1 ms of traffic (at least 64 KB, one GSO packet) and at most 100 ms of queue: a small burst keeps
# short transfers from running above the rate after the link was idle.
apply_rate() {
  local mbit=$((RATE * 8))
  local burst=$((RATE * 1000)); (( burst < 65536 )) && burst=65536
  tc qdisc replace dev "$HOST_IF" root tbf rate "${mbit}mbit" burst "$burst" latency 100ms
  ip netns exec "$NS" tc qdisc replace dev "$NS_IF" root tbf rate "${mbit}mbit" burst "$burst" latency 100ms
  echo "$RATE" > "$STATE_DIR/rate"
}

wait_for_redis() {
  local i
  for i in $(seq 100); do
    if command -v redis-cli >/dev/null && redis-cli -h "$NS_IP" -p "$PORT" ping 2>/dev/null | grep -q PONG; then
      return 0
    fi
    if ! command -v redis-cli >/dev/null && (exec 3<>"/dev/tcp/${NS_IP}/${PORT}") 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

start() {
  RATE="${1:-50}"
  [[ "$RATE" =~ ^[0-9]+$ && "$RATE" -gt 0 ]] || die "rate must be a positive whole number of MB/s, got '$RATE'"
  need_root_and_tools
  if ns_exists; then
    mkdir -p "$STATE_DIR"
    apply_rate
    say "link already up; rate set to ${RATE} MB/s"
    url
    return 0
  fi
  command -v "$REDIS_BIN" >/dev/null || die "redis-server not found: apt-get install -y redis-server (or set REDIS_SERVER)"
  mkdir -p "$STATE_DIR"
  # Any failure below leaves nothing behind.
  trap 'say "start failed; cleaning up"; stop >/dev/null 2>&1 || true' ERR

  ip netns add "$NS"
  ip link add "$HOST_IF" type veth peer name "$NS_IF"
  ip link set "$NS_IF" netns "$NS"
  ip addr add "${HOST_IP}/30" dev "$HOST_IF"
  ip link set "$HOST_IF" up
  ip netns exec "$NS" ip link set lo up
  ip netns exec "$NS" ip addr add "${NS_IP}/30" dev "$NS_IF"
  ip netns exec "$NS" ip link set "$NS_IF" up
  apply_rate

  ip netns exec "$NS" "$REDIS_BIN" --bind "$NS_IP" --port "$PORT" --save "" --appendonly no \
    --protected-mode no --daemonize yes --dir "$STATE_DIR" \
    --pidfile "$STATE_DIR/redis.pid" --logfile "$STATE_DIR/redis.log" >/dev/null
  wait_for_redis || { say "redis-server did not answer on $(url); log: $STATE_DIR/redis.log"; false; }
  trap - ERR
  say "namespace $NS, link $HOST_IF <-> $NS_IF at ${RATE} MB/s each way"
  url
}

stop() {
  need_root_and_tools
  if [[ -f "$STATE_DIR/redis.pid" ]]; then
    local pid; pid=$(cat "$STATE_DIR/redis.pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  ip link del "$HOST_IF" 2>/dev/null || true   # deletes the peer too
  ns_exists && ip netns del "$NS"
  rm -rf "$STATE_DIR"
  say "stopped (namespace $NS removed)"
}

status() {
  if ! ns_exists; then
    echo "stopped"
    return 3
  fi
  local rate="?"; [[ -f "$STATE_DIR/rate" ]] && rate=$(cat "$STATE_DIR/rate")
  local redis="not answering"
  wait_for_redis_once && redis="answering"
  echo "running: namespace $NS, ${rate} MB/s each way, redis $redis at $(url)"
  url
}

wait_for_redis_once() {
  if command -v redis-cli >/dev/null; then
    redis-cli -h "$NS_IP" -p "$PORT" ping 2>/dev/null | grep -q PONG
  else
    (exec 3<>"/dev/tcp/${NS_IP}/${PORT}") 2>/dev/null
  fi
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start [RATE_MBps] | stop | status" >&2; exit 2 ;;
esac
