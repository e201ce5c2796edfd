#!/usr/bin/env bash
# A three-node RabbitMQ cluster on 127.0.0.1 for the cluster fault scenarios and the benchmark
# (docs/faults.md, docs/performance.md): nodes tbc1..3@localhost, AMQP on 5681..5683, Erlang
# distribution on 25681..25683, data and logs under $CLUSTER_DIR (default /tmp/rmq-cluster), no plugins.
# The nodes run as the rabbitmq user (rabbitmq-server drops to it) and share its Erlang cookie.
#
#   bench/cluster/cluster.sh start        # start the nodes that are down, join them into one cluster
#   bench/cluster/cluster.sh status       # each node: running or not; the cluster's members
#   bench/cluster/cluster.sh stop         # stop all three (their data stays; start again later)
#   bench/cluster/cluster.sh reset        # stop and delete the data directories
#   bench/cluster/cluster.sh kill N       # SIGKILL node N (1..3)
#   bench/cluster/cluster.sh start-node N # start node N again (it rejoins with its own data)
#   bench/cluster/cluster.sh leader QUEUE # the node leading a quorum queue in vhost /
#   bench/cluster/cluster.sh members      # every queue of vhost /: type, leader, members
#   bench/cluster/cluster.sh addresses    # spring.rabbitmq.addresses for the three nodes
#
# Nothing here touches the RabbitMQ on 5672 or any other node.
set -euo pipefail

BASE=${CLUSTER_DIR:-/tmp/rmq-cluster}
AMQP_BASE=${CLUSTER_AMQP_PORT:-5680}
DIST_BASE=${CLUSTER_DIST_PORT:-25680}

node() { echo "tbc$1@localhost"; }
ctl() { rabbitmqctl -q -n "$(node "$1")" "${@:2}"; }
running() { ctl "$1" status >/dev/null 2>&1; }

start_node() {
  local n=$1 dir="$BASE/tbc$1"
  running "$n" && return 0
  mkdir -p "$dir"
  printf 'listeners.tcp.default = 127.0.0.1:%s\nloopback_users.guest = true\n' $((AMQP_BASE + n)) > "$dir/rabbitmq.conf"
  echo '[].' > "$dir/enabled_plugins"
  rm -f "$dir/pid"   # a killed node's: `wait` below must see the new node's
  if id rabbitmq >/dev/null 2>&1; then chown -R rabbitmq:rabbitmq "$BASE"; fi
  # The node outlives this script: it must not inherit its open files (a lock held with flock(1) around
  # this script would otherwise stay held for as long as the node runs).
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    RABBITMQ_NODENAME="$(node "$n")" RABBITMQ_NODE_PORT=$((AMQP_BASE + n)) RABBITMQ_DIST_PORT=$((DIST_BASE + n)) \
      RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_CONFIG_FILE="$dir/rabbitmq" \
      RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" RABBITMQ_PID_FILE="$dir/pid" \
      exec nohup rabbitmq-server > "$dir/console.out" 2>&1
  ) &
  rabbitmqctl -q -n "$(node "$n")" wait "$dir/pid" --timeout 90
}

start() {
  for n in 1 2 3; do start_node "$n"; done
  for n in 2 3; do
    if ! ctl 1 cluster_status 2>/dev/null | grep -q "$(node "$n")"; then
      ctl "$n" stop_app
      ctl "$n" reset
      ctl "$n" join_cluster "$(node 1)"
      ctl "$n" start_app
    fi
  done
  status
}

stop() {
  for n in 3 2 1; do
    if running "$n"; then ctl "$n" stop "$BASE/tbc$n/pid" || true; fi
  done
}

status() {
  for n in 1 2 3; do
    if running "$n"; then echo "$(node "$n") running, AMQP 127.0.0.1:$((AMQP_BASE + n))"; else echo "$(node "$n") down"; fi
  done
  for n in 1 2 3; do
    if running "$n"; then
      ctl "$n" cluster_status --formatter json | python3 -c 'import json, sys; print("running in the cluster:", " ".join(sorted(json.load(sys.stdin)["running_nodes"])))'
      break
    fi
  done
}

kill_node() {
  local pidfile="$BASE/tbc$1/pid"
  kill -9 "$(cat "$pidfile")"
  echo "SIGKILLed $(node "$1") (pid $(cat "$pidfile"))"
}

leader() {
  for n in 1 2 3; do
    if running "$n"; then
      ctl "$n" list_queues name leader | awk -v q="$1" '$1 == q { print $2 }'
      return
    fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  reset) stop; rm -rf "$BASE" ;;
  kill) kill_node "$2" ;;
  start-node) start_node "$2" ;;
  leader) leader "$2" ;;
  members) for n in 1 2 3; do if running "$n"; then ctl "$n" list_queues name type leader members | tail -n +2; break; fi; done ;;
  addresses) echo "127.0.0.1:$((AMQP_BASE + 1)),127.0.0.1:$((AMQP_BASE + 2)),127.0.0.1:$((AMQP_BASE + 3))" ;;
  *) sed -n '2,18p' "$0"; exit 2 ;;
esac
