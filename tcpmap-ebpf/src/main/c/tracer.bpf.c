// SPDX-License-Identifier: GPL-2.0
/*
 * The socket tracer: the life of every TCP socket on the host (every network namespace) from the
 * tracepoint sock/inet_sock_set_state (attached as a BTF raw tracepoint), the accepting process
 * from a kretprobe on inet_csk_accept, and a snapshot of live sockets from a tcp iterator. Events
 * go to user space through a ring buffer (struct tcpmap_event, see tracer.h); the iterator writes
 * the same struct.
 *
 * The state tracepoint fires about eleven times per connection, so its cost is the tracer's cost.
 * As tp_btf it gets the tracepoint's arguments as typed kernel pointers: fields are plain loads
 * (the verifier makes them fault-safe) instead of a bpf_probe_read_kernel call each, no perf
 * record is built first, and it is not skipped when another BPF program is running on the CPU
 * (classic tracepoint and kprobe programs share one per-CPU "a BPF program is active" flag).
 *
 * Byte counts are payload: tcp_sock.bytes_acked and bytes_received count one sequence number for
 * a SYN (ours, only when we sent it actively) and one for each FIN, so those are subtracted here,
 * where the socket can still be read (user space sees the socket only after it is gone).
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "tracer.h"

#define AF_INET 2
#define AF_INET6 10
#define EPIPE 32
#define ECONNRESET 104
#define ECONNREFUSED 111
#define SOCK_DONE_FLAG (1UL << 1) /* enum sock_flags: SOCK_DONE = 1, the peer's FIN arrived */

char LICENSE[] SEC("license") = "GPL";

/* Pending bytes in the ring buffer before user space is woken (0: wake on every event): waking
 * the consumer per event doubled the BPF cost in a VM; user space polls with a timeout anyway.
 * Targeting: see traced(). Read-only once loaded, so the verifier drops the branches not taken. */
const volatile struct tcpmap_settings settings = {};

/*
 * Past wakeup_bytes, one forced wakeup per WAKEUP_GAP_NS at most. A wakeup is an irq_work, a
 * self-interrupt (a VM exit in a VM); while a busy consumer had not yet drained, every event
 * forced one: 1.5 us of the 1.8 us an on_state run cost under a connection burst here. One is
 * enough: the consumer's epoll is level-triggered, so a consumer that was awake finds the data
 * when it polls again. Shared by all CPUs; a race costs at most an extra wakeup.
 */
#define WAKEUP_GAP_NS 1000000
__u64 woken_at_ns = 0;

struct tcpmap_sock {
	__u64 start_ns;
	__u32 pid;
	__u8 role;
	__u8 pad[3];
	char comm[16];
};

struct tcpmap_listener_key {
	__u32 netns;
	__u16 port;
	__u16 pad;
};

struct tcpmap_listener {
	__u32 pid;
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 131072); /* set from Java before load */
	__type(key, __u64);          /* the struct sock address */
	__type(value, struct tcpmap_sock);
} socks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, struct tcpmap_listener_key);
	__type(value, struct tcpmap_listener);
} listeners SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20); /* set from Java before load */
} events SEC(".maps");

/* The cgroups of the targeted pods' containers, kept current by user space (CgroupTargets). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384); /* set from Java before load */
	__type(key, __u64);         /* cgroup id */
	__type(value, __u8);
} targets SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, COUNTER_COUNT);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

static __always_inline void count(__u32 index)
{
	__u64 *value = bpf_map_lookup_elem(&counters, &index);
	if (value)
		*value += 1;
}

/* The process's comm, not the thread's: a JVM names its threads ("main", "pool-1-thread-3"). */
static __always_inline void current_process(__u32 *pid, char *comm)
{
	/* bpf_get_current_task_btf (Linux 5.11) gives a typed pointer: plain loads. Older kernels
	 * take the probe-read way; libbpf resolves the test at load time, the other branch is dead. */
	if (bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_get_current_task_btf)) {
		struct task_struct *task = bpf_get_current_task_btf();

		*pid = task->tgid;
		__builtin_memcpy(comm, task->group_leader->comm, 16);
	} else {
		struct task_struct *task = (struct task_struct *)bpf_get_current_task();
		struct task_struct *leader = BPF_CORE_READ(task, group_leader);

		*pid = bpf_get_current_pid_tgid() >> 32;
		bpf_core_read(comm, 16, &leader->comm);
	}
}

/*
 * The readers below take typed kernel pointers (the tp_btf arguments, the iterator's socket, the
 * result of bpf_skc_to_tcp_sock): each field is one load. tp is sk as a tcp_sock; the verifier
 * knows sk only as a struct sock, so tcp_sock and inet_sock fields are read through tp.
 */
static __always_inline __u32 netns_of(const struct sock *sk)
{
	return sk->__sk_common.skc_net.net->ns.inum;
}

/*
 * The local port. skc_num is 0 once the port is released, which tcp_set_state(TCP_CLOSE) does
 * before the tracepoint fires; inet_sport keeps it. At listen() inet_sport may not be set yet
 * (autobind) while skc_num is.
 */
static __always_inline __u16 local_port(const struct sock *sk, const struct tcp_sock *tp)
{
	__u16 num = sk->__sk_common.skc_num;

	return num ? num : bpf_ntohs(tp->inet_conn.icsk_inet.inet_sport);
}

/* Before Linux 5.15, sock_cgroup_data was one tagged word: the cgroup pointer, or with bit 0 set
 * net_cls/net_prio data, in which case the kernel takes the socket to be in the root cgroup. */
struct sock_cgroup_data___old {
	__u64 val;
};

#define ROOT_CGROUP_ID 1

/*
 * The socket's cgroup v2 id: the cgroup of the process that created the socket (sk_alloc), which
 * an accepted socket inherits from its listener (sk_clone_lock). Read from the socket rather than
 * with bpf_get_current_cgroup_id(): it is right in every context the tracer runs in (softirq for a
 * passive handshake, the reader's process for the iterator), costs three loads, and needs no state.
 * The id is the inode of the cgroup's directory under the cgroup2 mount (kernfs_node.id).
 */
static __always_inline __u64 cgroup_of(const struct sock *sk)
{
	if (bpf_core_field_exists(struct sock_cgroup_data, cgroup)) {
		struct cgroup *cgroup = sk->sk_cgrp_data.cgroup;

		return cgroup ? cgroup->kn->id : 0;
	} else {
		struct sock_cgroup_data___old *old = (void *)&sk->sk_cgrp_data;
		__u64 val = BPF_CORE_READ(old, val);

		if (val & 1)
			return ROOT_CGROUP_ID;
		return val ? BPF_CORE_READ((struct cgroup *)val, kn, id) : 0;
	}
}

/*
 * Whether the socket is traced: always, unless targeting, then when its cgroup is a targeted
 * container's. Asked first at every state change, so that an untargeted socket costs one hash
 * lookup and leaves no state, no ring-buffer record and no work in user space.
 */
static __always_inline bool traced(const struct sock *sk)
{
	__u64 cgroup;

	if (!settings.targeting)
		return true;
	cgroup = cgroup_of(sk);
	return bpf_map_lookup_elem(&targets, &cgroup) != 0;
}

static __always_inline void fill_addresses(struct tcpmap_event *e, const struct sock *sk,
					   const struct tcp_sock *tp)
{
	__u16 family = sk->__sk_common.skc_family;

	e->sock = (__u64)sk;
	e->netns = netns_of(sk);
	e->cgroup = cgroup_of(sk);
	e->family = family;
	e->sport = local_port(sk, tp);
	e->dport = bpf_ntohs(sk->__sk_common.skc_dport);
	if (family == AF_INET6) {
		__builtin_memcpy(e->saddr, &sk->__sk_common.skc_v6_rcv_saddr, 16);
		__builtin_memcpy(e->daddr, &sk->__sk_common.skc_v6_daddr, 16);
	} else {
		__u32 saddr = sk->__sk_common.skc_rcv_saddr;
		__u32 daddr = sk->__sk_common.skc_daddr;
		__builtin_memcpy(e->saddr, &saddr, 4);
		__builtin_memcpy(e->daddr, &daddr, 4);
	}
}

/*
 * Payload bytes, retransmits and RTT of a socket in `state` (the state it is leaving, for a close).
 * sent: our SYN was counted when acked (active side past SYN_SENT); our FIN when snd_una reached
 * write_seq (which includes the FIN) in a state after we sent it. received: the peer's FIN is
 * counted once it is in order, which is when SOCK_DONE is set. The passive side's SYN-ACK and
 * the peer's SYN are never counted (snd_una/rcv_nxt are set directly at the handshake).
 */
static __always_inline void fill_tcp(struct tcpmap_event *e, const struct sock *sk,
				     const struct tcp_sock *tp, int state, __u8 role)
{
	__u64 sent = tp->bytes_acked;
	__u64 received = tp->bytes_received;
	__u64 flags = sk->__sk_common.skc_flags;

	if (role == ROLE_ACTIVE && state != TCP_SYN_SENT && sent > 0)
		sent--;
	if ((state == TCP_FIN_WAIT1 || state == TCP_FIN_WAIT2 || state == TCP_CLOSING ||
	     state == TCP_LAST_ACK) &&
	    tp->snd_una == tp->write_seq && sent > 0)
		sent--;
	if ((flags & SOCK_DONE_FLAG) && received > 0)
		received--;
	e->bytes_sent = sent;
	e->bytes_received = received;
	e->retransmits = tp->total_retrans;
	e->srtt_us = tp->srtt_us >> 3;
}

/*
 * Role of a socket the tracer has no state for. A passive child is a copy of its listener
 * (sk_clone_lock copies the whole struct sock), so it inherits the listener's non-zero
 * sk_max_ack_backlog; a connecting socket never called listen() and has 0.
 */
static __always_inline __u8 guess_role(const struct sock *sk)
{
	return sk->sk_max_ack_backlog ? ROLE_PASSIVE : ROLE_ACTIVE;
}

static __always_inline void copy_state(struct tcpmap_event *e, struct tcpmap_sock *st)
{
	e->start_ns = st->start_ns;
	e->pid = st->pid;
	e->role = st->role;
	__builtin_memcpy(e->comm, st->comm, 16);
}

static __always_inline struct tcpmap_event *reserve(void)
{
	struct tcpmap_event *e;

	count(COUNTER_EMITTED);
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count(COUNTER_RING_BUFFER_FULL);
		return 0;
	}
	__builtin_memset(e, 0, sizeof(*e));
	e->at_ns = bpf_ktime_get_ns();
	return e;
}

static __always_inline void submit(struct tcpmap_event *e)
{
	__u64 now = e->at_ns;
	__u64 flags = BPF_RB_NO_WAKEUP;

	if (settings.wakeup_bytes == 0) {
		flags = BPF_RB_FORCE_WAKEUP;
	} else if (bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >= settings.wakeup_bytes &&
		   (__s64)(now - woken_at_ns) >= WAKEUP_GAP_NS) {
		woken_at_ns = now;
		flags = BPF_RB_FORCE_WAKEUP;
	}
	bpf_ringbuf_submit(e, flags);
}

static __always_inline void on_listen(const struct sock *sk, const struct tcp_sock *tp)
{
	struct tcpmap_listener_key key = {.netns = netns_of(sk), .port = local_port(sk, tp)};
	struct tcpmap_listener value = {};
	struct tcpmap_event *e;

	current_process(&value.pid, value.comm);
	bpf_map_update_elem(&listeners, &key, &value, BPF_ANY);
	e = reserve();
	if (!e)
		return;
	fill_addresses(e, sk, tp);
	e->kind = KIND_LISTENING;
	e->oldstate = TCP_LISTEN;
	e->pid = value.pid;
	__builtin_memcpy(e->comm, value.comm, 16);
	submit(e);
}

static __always_inline void on_connect(__u64 skaddr)
{
	struct tcpmap_sock st = {.start_ns = bpf_ktime_get_ns(), .role = ROLE_ACTIVE};

	current_process(&st.pid, st.comm);
	bpf_map_update_elem(&socks, &skaddr, &st, BPF_ANY);
}

/* Runs in softirq context (or in the peer's process on loopback): the pid is the listener's until
 * accept() tells who took the connection. */
static __always_inline void on_child(__u64 skaddr, const struct sock *sk, const struct tcp_sock *tp)
{
	struct tcpmap_listener_key key = {.netns = netns_of(sk), .port = local_port(sk, tp)};
	struct tcpmap_sock st = {.start_ns = bpf_ktime_get_ns(), .role = ROLE_PASSIVE};
	struct tcpmap_listener *l = bpf_map_lookup_elem(&listeners, &key);

	if (l) {
		st.pid = l->pid;
		__builtin_memcpy(st.comm, l->comm, 16);
	}
	bpf_map_update_elem(&socks, &skaddr, &st, BPF_ANY);
}

static __always_inline void on_established(__u64 skaddr, const struct sock *sk,
					   const struct tcp_sock *tp)
{
	struct tcpmap_sock *st = bpf_map_lookup_elem(&socks, &skaddr);
	struct tcpmap_event *e = reserve();

	if (!e)
		return;
	fill_addresses(e, sk, tp);
	e->kind = KIND_OPENED;
	e->oldstate = TCP_ESTABLISHED;
	if (st)
		copy_state(e, st);
	else
		e->role = guess_role(sk);
	submit(e);
}

static __always_inline __u8 close_outcome(int oldstate, int err)
{
	if (err == ECONNRESET || err == EPIPE)
		return OUTCOME_RESET;
	if (oldstate == TCP_SYN_SENT)
		return err == ECONNREFUSED ? OUTCOME_REFUSED : OUTCOME_TIMEOUT;
	/* Leaving these states straight for CLOSE means no FIN exchange: we sent an RST (abort,
	 * close() with unread data, SO_LINGER 0) or the listener went away before accept. */
	if (oldstate == TCP_ESTABLISHED || oldstate == TCP_CLOSE_WAIT || oldstate == TCP_SYN_RECV)
		return OUTCOME_RESET;
	return OUTCOME_CLOSED;
}

static __always_inline void on_close(__u64 skaddr, const struct sock *sk, const struct tcp_sock *tp,
				     int oldstate)
{
	struct tcpmap_sock *st = bpf_map_lookup_elem(&socks, &skaddr);
	int err = sk->sk_err;
	struct tcpmap_event *e;
	__u8 role;

	if (!st || !st->start_ns)
		count(COUNTER_UNTRACKED_CLOSE);
	role = st ? st->role : guess_role(sk);
	e = reserve();
	if (e) {
		fill_addresses(e, sk, tp);
		fill_tcp(e, sk, tp, oldstate, role);
		if (st)
			copy_state(e, st);
		e->role = role;
		e->kind = KIND_CLOSED;
		e->outcome = close_outcome(oldstate, err);
		e->oldstate = oldstate;
		e->sk_err = err;
		submit(e);
	}
	if (st)
		bpf_map_delete_elem(&socks, &skaddr);
}

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(on_state, const struct sock *sk, const int oldstate, const int newstate)
{
	__u64 skaddr = (__u64)sk;
	struct tcp_sock *tp;

	if (sk->sk_protocol != IPPROTO_TCP)
		return 0;
	/* most transitions (FIN_WAIT1, CLOSE_WAIT, ...) need nothing: leave before the lookups */
	if (newstate != TCP_SYN_SENT && newstate != TCP_LISTEN && newstate != TCP_SYN_RECV &&
	    newstate != TCP_ESTABLISHED && newstate != TCP_CLOSE)
		return 0;
	if ((newstate == TCP_CLOSE && oldstate == TCP_CLOSE) || !traced(sk))
		return 0;
	if (newstate == TCP_SYN_SENT) {
		on_connect(skaddr);
		return 0;
	}
	tp = bpf_skc_to_tcp_sock((void *)sk);
	if (!tp)
		return 0;
	switch (newstate) {
	case TCP_LISTEN:
		on_listen(sk, tp);
		break;
	case TCP_SYN_RECV:
		on_child(skaddr, sk, tp);
		break;
	case TCP_ESTABLISHED:
		on_established(skaddr, sk, tp);
		break;
	case TCP_CLOSE:
		if (oldstate == TCP_LISTEN) {
			struct tcpmap_listener_key key = {.netns = netns_of(sk),
						   .port = local_port(sk, tp)};
			bpf_map_delete_elem(&listeners, &key);
		} else {
			on_close(skaddr, sk, tp, oldstate);
		}
		break;
	}
	return 0;
}

/* accept() returns the child in the accepting process's context: the server's real pid. */
static __always_inline int on_accepted(struct sock *sk)
{
	__u64 skaddr = (__u64)sk;
	struct tcpmap_sock *st;

	if (!sk || BPF_CORE_READ(sk, sk_protocol) != IPPROTO_TCP)
		return 0;
	st = bpf_map_lookup_elem(&socks, &skaddr);
	if (st) {
		current_process(&st->pid, st->comm);
	} else if (!settings.targeting) {
		/* predates the tracer or was evicted: the process is known, the start is not. (When
		 * targeting, a targeted socket always has state from SYN_RECV on; one without may be
		 * untargeted, and must not take room in the map.) */
		struct tcpmap_sock fresh = {.role = ROLE_PASSIVE};
		current_process(&fresh.pid, fresh.comm);
		bpf_map_update_elem(&socks, &skaddr, &fresh, BPF_NOEXIST);
	}
	return 0;
}

/* Two ways to the same hook; user space loads one. The kretprobe sees every accept, also those
 * made inside the kernel, but needs CONFIG_KPROBES. Without it, the exits of the accept system
 * calls (syscall tracepoints) give the new file descriptor, which leads to the socket. */
SEC("kretprobe/inet_csk_accept")
int BPF_KRETPROBE(on_accept, struct sock *sk)
{
	return on_accepted(sk);
}

/* The layout of every syscalls/sys_exit_* tracepoint (a stable format: see its tracefs "format"). */
struct syscall_exit {
	__u64 common;
	long nr;
	long ret;
};

static __always_inline int on_accept_syscall(struct syscall_exit *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	long fd = ctx->ret;
	struct fdtable *fdt;
	struct file **fds;
	struct file *file = 0;
	struct socket *socket;
	struct sock *sk;

	if (fd < 0)
		return 0;
	fdt = BPF_CORE_READ(task, files, fdt);
	if (fd >= BPF_CORE_READ(fdt, max_fds))
		return 0;
	fds = BPF_CORE_READ(fdt, fd);
	bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]);
	if (!file)
		return 0;
	socket = BPF_CORE_READ(file, private_data);
	sk = BPF_CORE_READ(socket, sk);
	/* the file is a socket only if its sock points back at it */
	if (!sk || BPF_CORE_READ(sk, sk_socket) != socket)
		return 0;
	return on_accepted(sk);
}

SEC("tracepoint/syscalls/sys_exit_accept4")
int on_accept4_exit(struct syscall_exit *ctx)
{
	return on_accept_syscall(ctx);
}

SEC("tracepoint/syscalls/sys_exit_accept")
int on_accept_exit(struct syscall_exit *ctx)
{
	return on_accept_syscall(ctx);
}

SEC("iter/tcp")
int dump_tcp(struct bpf_iter__tcp *ctx)
{
	struct sock_common *skc = ctx->sk_common;
	struct seq_file *seq = ctx->meta->seq;
	struct tcpmap_event e = {};
	struct tcpmap_sock *st;
	struct tcp_sock *tp;
	struct sock *sk;
	__u64 skaddr;
	int state;

	if (!skc)
		return 0;
	state = skc->skc_state;
	/* time-wait and request sockets are not full sockets: they have no tcp_sock */
	if (state == TCP_TIME_WAIT || state == TCP_NEW_SYN_RECV)
		return 0;
	tp = bpf_skc_to_tcp_sock(skc);
	if (!tp)
		return 0;
	sk = (struct sock *)tp;
	if (!traced(sk))
		return 0;
	skaddr = (__u64)sk;
	fill_addresses(&e, sk, tp);
	e.at_ns = bpf_ktime_get_ns();
	e.oldstate = state;
	if (state == TCP_LISTEN) {
		struct tcpmap_listener_key key = {.netns = e.netns, .port = e.sport};
		struct tcpmap_listener *l = bpf_map_lookup_elem(&listeners, &key);

		e.kind = KIND_LISTENING;
		if (l) {
			e.pid = l->pid;
			__builtin_memcpy(e.comm, l->comm, 16);
		}
	} else {
		st = bpf_map_lookup_elem(&socks, &skaddr);
		e.kind = KIND_LIVE;
		if (st)
			copy_state(&e, st);
		else
			e.role = guess_role(sk);
		fill_tcp(&e, sk, tp, state, e.role);
	}
	bpf_seq_write(seq, &e, sizeof(e));
	return 0;
}
