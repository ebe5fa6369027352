# Sourced by the throwaway-* scripts: free_port prints a loopback TCP port nobody listens on.
#
# It picks below the kernel's ephemeral range (net.ipv4.ip_local_port_range, 32768-60999 by
# default): outgoing connections of parallel tests take their local ports from that range, so a
# port probed free there can be taken by a client socket before the server binds it (CI saw
# PostgreSQL fail with "Address already in use" on 34020).
free_port() {
    local low=10000 high=32768 port ephemeral_low
    if [ -r /proc/sys/net/ipv4/ip_local_port_range ]; then
        read -r ephemeral_low _ </proc/sys/net/ipv4/ip_local_port_range
        [ "$ephemeral_low" -gt $((low + 1000)) ] && high=$ephemeral_low
    fi
    for _ in $(seq 1 200); do
        port=$((low + RANDOM % (high - low)))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    echo "$(basename "$0"): no free port found" >&2
    return 1
}
