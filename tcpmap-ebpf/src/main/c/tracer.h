/* The record the socket tracer writes to its ring buffer and the socket iterator writes to its
 * seq_file: one layout for both, mirrored field by field in Java (SocketEvent.LAYOUT), which
 * asserts the same size. Padding is explicit so that neither compiler has a choice to make. */
#ifndef TCPMAP_TRACER_H
#define TCPMAP_TRACER_H

enum tcpmap_kind {
	KIND_OPENED = 1,
	KIND_CLOSED = 2,
	KIND_LIVE = 3,
	KIND_LISTENING = 4,
};

enum tcpmap_role {
	ROLE_UNKNOWN = 0,
	ROLE_ACTIVE = 1,
	ROLE_PASSIVE = 2,
};

enum tcpmap_outcome {
	OUTCOME_OPEN = 0,
	OUTCOME_CLOSED = 1,
	OUTCOME_RESET = 2,
	OUTCOME_REFUSED = 3,
	OUTCOME_TIMEOUT = 4,
};

/* The tracer's settings, set from Java before the object loads (its .rodata: SocketTracer). */
struct tcpmap_settings {
	__u64 wakeup_bytes; /* pending ring-buffer bytes before user space is woken; 0: every event */
	__u64 targeting;    /* non-zero: trace only sockets whose cgroup is in the map "targets" */
};

/* Indices of the per-CPU array "counters". */
enum tcpmap_counter {
	COUNTER_RING_BUFFER_FULL = 0, /* bpf_ringbuf_reserve failed: the event is lost */
	COUNTER_UNTRACKED_CLOSE = 1,  /* a CLOSE for a socket with no start state (predates, evicted) */
	COUNTER_EMITTED = 2,          /* events the tracer tried to emit (lost or not) */
	COUNTER_COUNT = 3,
};

/*
 *   0 sock            8 netns           16 start_ns        24 at_ns
 *  32 bytes_sent     40 bytes_received  48 saddr[16]       64 daddr[16]
 *  80 pid            84 retransmits     88 srtt_us         92 sport  94 dport
 *  96 family  98 kind  99 role  100 outcome  101 oldstate  102 sk_err
 * 104 comm[16]                                                      120 cgroup
 * 128 end
 */
struct tcpmap_event {
	__u64 sock;           /* kernel address of the struct sock: an id while it lives */
	__u64 netns;          /* inode of the network namespace */
	__u64 start_ns;       /* first handshake state, CLOCK_MONOTONIC; 0 = not seen */
	__u64 at_ns;          /* when this record was made */
	__u64 bytes_sent;     /* payload, SYN and FIN subtracted */
	__u64 bytes_received; /* payload, peer's FIN subtracted */
	__u8 saddr[16];       /* local address, network order; IPv4 in the first 4 bytes */
	__u8 daddr[16];       /* remote address */
	__u32 pid;            /* thread group id; 0 = unknown */
	__u32 retransmits;    /* tcp_sock.total_retrans */
	__u32 srtt_us;        /* tcp_sock.srtt_us >> 3 */
	__u16 sport;          /* local port, host order */
	__u16 dport;          /* remote port, host order */
	__u16 family;         /* AF_INET or AF_INET6 */
	__u8 kind;            /* enum tcpmap_kind */
	__u8 role;            /* enum tcpmap_role */
	__u8 outcome;         /* enum tcpmap_outcome */
	__u8 oldstate;        /* for CLOSED: the TCP state the socket left; else its state */
	__u16 sk_err;         /* for CLOSED: sk->sk_err at the close */
	char comm[16];        /* the process's comm (its thread group leader's) */
	__u64 cgroup;         /* id of the socket's cgroup v2 (its directory's inode); 0 = unknown */
};

_Static_assert(sizeof(struct tcpmap_event) == 128, "tcpmap_event layout changed: fix SocketEvent");

#endif
