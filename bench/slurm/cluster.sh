#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for trying out examples/slurm-array.sh
# and for bench/bench_slurm.py. Everything it writes (config, munge key and socket,
# state, spool, logs, pid files) lives under WORKDIR; nothing under /etc is touched.
#
#   bench/slurm/cluster.sh start WORKDIR   # write WORKDIR/slurm.conf, start munged, slurmctld, slurmd;
#                                          # returns once sinfo shows the node idle
#   export SLURM_CONF=WORKDIR/slurm.conf   # every Slurm command (sbatch, squeue, scontrol, sinfo)
#                                          # needs it, or it reads /etc/slurm/slurm.conf instead
#   bench/slurm/cluster.sh stop WORKDIR    # cancel its jobs, stop the three daemons, wait until gone
#
# Needs Slurm (Debian/Ubuntu: apt-get install slurm-wlm munge) and root: slurmd
# runs jobs as their owner. Tested with Debian 12's Slurm 22.05 in a container
# without systemd or cgroup delegation, which is why it tracks processes with
# proctrack/linuxproc, has no task plugin and no accounting (no sacct, no slurmdbd).
#
# Environment:
#   CLUSTER_AUTH=munge|none  munge (default when munged is installed) or auth/none
#                            (no authentication at all; only for a throwaway single-user machine)
#   CLUSTER_PORT=N           slurmctld listens on N, slurmd on N+1 (default 16817, not Slurm's
#                            6817, so a real cluster's daemons on this host are left alone)
#   CLUSTER_CPUS, CLUSTER_MEMORY_MB   override what slurmd -C detects
set -euo pipefail

usage() {
    echo "usage: $0 start|stop|status WORKDIR" >&2
    exit 2
}

[[ $# -eq 2 ]] || usage
action=$1
if [[ $action == start ]]; then mkdir -p "$2"; fi
[[ -d $2 ]] || { echo "no cluster in $2 (no such directory)"; exit 0; }
workdir=$(cd "$2" && pwd -P)
export SLURM_CONF="$workdir/slurm.conf"

require_slurm() {
    local missing=()
    for tool in slurmctld slurmd sinfo sbatch squeue scontrol scancel; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    if ((${#missing[@]})); then
        echo "error: Slurm is not installed (missing: ${missing[*]})." >&2
        echo "On Debian or Ubuntu: apt-get install slurm-wlm munge" >&2
        exit 1
    fi
}

# The pid in FILE, if that process is still alive.
live_pid() {
    local pid
    [[ -s $1 ]] || return 1
    pid=$(<"$1")
    [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# Send TERM to the pid in FILE and wait up to 20 s for it to exit, then KILL it.
stop_pid_file() {
    local file=$1 name=$2 pid
    pid=$(live_pid "$file") || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do
        kill -0 "$pid" 2>/dev/null || { echo "stopped $name (pid $pid)"; return 0; }
        sleep 0.5
    done
    echo "$name (pid $pid) did not stop in 20 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
}

start() {
    require_slurm
    if live_pid "$workdir/run/slurmctld.pid" >/dev/null || live_pid "$workdir/run/slurmd.pid" >/dev/null; then
        echo "error: a cluster is already running in $workdir (run: $0 stop $workdir)" >&2
        exit 1
    fi
    local auth=${CLUSTER_AUTH:-}
    if [[ -z $auth ]]; then
        if command -v munged >/dev/null 2>&1; then auth=munge; else auth=none; fi
    fi
    case $auth in
        munge) command -v munged >/dev/null 2>&1 || { echo "error: CLUSTER_AUTH=munge but munged is not installed (apt-get install munge)" >&2; exit 1; } ;;
        none) echo "warning: auth/none: anyone on this host can submit jobs as any user" >&2 ;;
        *) echo "error: CLUSTER_AUTH must be munge or none, not '$auth'" >&2; exit 2 ;;
    esac

    local node port cpus memory detected
    node=$(hostname -s)
    port=${CLUSTER_PORT:-16817}
    detected=$(slurmd -C | head -1)
    cpus=${CLUSTER_CPUS:-$(sed -n 's/.* CPUs=\([0-9]*\).*/\1/p' <<<"$detected")}
    memory=${CLUSTER_MEMORY_MB:-$(sed -n 's/.* RealMemory=\([0-9]*\).*/\1/p' <<<"$detected")}
    [[ -n $cpus && -n $memory ]] || { echo "error: could not read CPUs and RealMemory from: $detected" >&2; exit 1; }

    # Slurm and munge refuse or warn about directories others can write to.
    chmod 755 "$workdir"
    mkdir -p "$workdir"/{state,spool,log,run,munge}
    chmod 755 "$workdir"/{state,spool,log,run,munge}
    : >"$workdir/plugstack.conf"   # not /etc/slurm/plugstack.conf.d, which slurmd finds world-writable in containers

    local auth_lines
    if [[ $auth == munge ]]; then
        auth_lines="AuthType=auth/munge
AuthInfo=socket=$workdir/munge/munge.socket
CredType=cred/munge"
    else
        auth_lines="AuthType=auth/none
CredType=cred/none"
    fi

    cat >"$SLURM_CONF" <<EOF
# Written by bench/slurm/cluster.sh for a one-node cluster on $node.
ClusterName=autograd-kit
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=$(id -un)
SlurmdUser=root
$auth_lines
StateSaveLocation=$workdir/state
SlurmdSpoolDir=$workdir/spool
SlurmctldPidFile=$workdir/run/slurmctld.pid
SlurmdPidFile=$workdir/run/slurmd.pid
SlurmctldLogFile=$workdir/log/slurmctld.log
SlurmdLogFile=$workdir/log/slurmd.log
PlugStackConfig=$workdir/plugstack.conf
MailProg=/bin/true
# No cgroups in a container: track a job's processes through /proc, bind nothing.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
# Hand out single CPUs and memory, so several array tasks share the node.
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
ReturnToService=2
# Keep finished jobs in scontrol for an hour (no accounting database to ask instead).
MinJobAge=3600
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=main Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF

    if [[ $auth == munge ]]; then
        if [[ ! -s $workdir/munge/munge.key ]]; then
            (umask 077 && dd if=/dev/urandom of="$workdir/munge/munge.key" bs=1024 count=1 status=none)
        fi
        # --force: munged refuses to run as root, or with a socket under /tmp, without it.
        munged --force \
            --key-file="$workdir/munge/munge.key" \
            --socket="$workdir/munge/munge.socket" \
            --pid-file="$workdir/munge/munged.pid" \
            --log-file="$workdir/munge/munged.log" \
            --seed-file="$workdir/munge/munged.seed"
        for _ in $(seq 1 20); do
            [[ -S $workdir/munge/munge.socket ]] && break
            sleep 0.25
        done
        munge -S "$workdir/munge/munge.socket" -n </dev/null | unmunge -S "$workdir/munge/munge.socket" >/dev/null \
            || { echo "error: munged does not answer; see $workdir/munge/munged.log" >&2; exit 1; }
    fi

    # -c: start with empty state (no jobs left from an earlier run in this WORKDIR).
    slurmctld -c
    slurmd -N "$node"

    local state=""
    for _ in $(seq 1 60); do
        state=$(sinfo -h -n "$node" -o %T 2>/dev/null || true)
        [[ $state == idle ]] && break
        sleep 0.5
    done
    if [[ $state != idle ]]; then
        echo "error: node $node is '${state:-unreachable}', not idle, after 30 s; logs in $workdir/log" >&2
        tail -n 20 "$workdir/log/slurmctld.log" "$workdir/log/slurmd.log" >&2 || true
        exit 1
    fi
    echo "one-node Slurm cluster up: node $node, $cpus CPUs, $memory MB, auth/$auth, port $port"
    echo "export SLURM_CONF=$SLURM_CONF"
}

stop() {
    [[ -f $SLURM_CONF ]] || { echo "no cluster in $workdir (no slurm.conf)"; return 0; }
    if live_pid "$workdir/run/slurmctld.pid" >/dev/null && command -v scancel >/dev/null 2>&1; then
        # slurmctld's shutdown leaves running jobs alone; cancel them first.
        local jobs
        jobs=$(squeue -h -o %A 2>/dev/null | sort -u | tr '\n' ' ' || true)
        if [[ -n ${jobs// /} ]]; then
            # shellcheck disable=SC2086
            scancel $jobs 2>/dev/null || true
            for _ in $(seq 1 40); do
                [[ -z $(squeue -h 2>/dev/null || true) ]] && break
                sleep 0.5
            done
        fi
    fi
    stop_pid_file "$workdir/run/slurmd.pid" slurmd
    stop_pid_file "$workdir/run/slurmctld.pid" slurmctld
    # Job steps that outlived slurmd: only those started by this cluster (their SLURM_CONF is ours).
    local pid
    for pid in $(pgrep -x slurmstepd || true); do
        if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qxF "SLURM_CONF=$SLURM_CONF"; then
            kill -KILL "$pid" 2>/dev/null && echo "killed leftover slurmstepd (pid $pid)"
        fi
    done
    stop_pid_file "$workdir/munge/munged.pid" munged
    rm -f "$workdir/munge/munge.socket" "$workdir/munge/munge.socket.lock"
}

status() {
    local name file pid
    for name in munged slurmctld slurmd; do
        case $name in
            munged) file=$workdir/munge/munged.pid ;;
            *) file=$workdir/run/$name.pid ;;
        esac
        if pid=$(live_pid "$file"); then echo "$name: running (pid $pid)"; else echo "$name: not running"; fi
    done
    if live_pid "$workdir/run/slurmctld.pid" >/dev/null; then sinfo; fi
}

case $action in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) usage ;;
esac
