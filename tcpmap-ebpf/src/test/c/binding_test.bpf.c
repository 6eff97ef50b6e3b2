// SPDX-License-Identifier: GPL-2.0
/* Programs that fail on purpose, for the binding's failure paths (BpfObjectTest). */
#include "../../main/c/vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} values SEC(".maps");

/* Loads (a tracepoint program is not checked against its target at load), cannot attach. */
SEC("tracepoint/tcpmap_test/no_such_event")
int missing_tracepoint(void *ctx)
{
	return 0;
}

/* The verifier rejects it: a read far beyond the context. Not loaded unless asked for. */
SEC("tracepoint/sock/inet_sock_set_state")
int rejected(void *ctx)
{
	return *(volatile int *)(ctx + 100000);
}
