// SPDX-License-Identifier: GPL-2.0
/*
 * test-attrib - the attribution stage without a kernel: names from cgroup
 * paths, the /proc snapshot text, parent chains across forks and a pid used
 * again, and the kernel's killers told apart by number, code and sides.
 */
#include <string.h>

#include "sf-attrib.h"
#include "unit.h"

static void test_unit_names(void)
{
	char b[256];

	CU_ASSERT_STRING_EQUAL(sf_cgroup_unit("/system.slice/nginx.service", b, sizeof(b)),
			       "nginx.service");
	CU_ASSERT_STRING_EQUAL(
		sf_cgroup_unit("/user.slice/user-1000.slice/user@1000.service/app.slice/"
			       "foo.scope",
			       b, sizeof(b)),
		"foo.scope");
	/* the last one, even with a component after it */
	CU_ASSERT_STRING_EQUAL(sf_cgroup_unit("/system.slice/a.service/payload", b, sizeof(b)),
			       "a.service");
	CU_ASSERT_PTR_NULL(sf_cgroup_unit("/", b, sizeof(b)));
	CU_ASSERT_PTR_NULL(sf_cgroup_unit("/system.slice", b, sizeof(b)));
	CU_ASSERT_PTR_NULL(sf_cgroup_unit(NULL, b, sizeof(b)));
	/* a small buffer is never overrun */
	CU_ASSERT_STRING_EQUAL(sf_cgroup_unit("/x/nginx.service", b, 6), "nginx");
}

static void test_containers(void)
{
	static const char id[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	char path[512], b[128];

	snprintf(path, sizeof(path), "/system.slice/docker-%s.scope", id);
	CU_ASSERT_STRING_EQUAL(sf_cgroup_container(path, b, sizeof(b)), id);
	snprintf(path, sizeof(path), "/docker/%s", id);
	CU_ASSERT_STRING_EQUAL(sf_cgroup_container(path, b, sizeof(b)), id);
	snprintf(path, sizeof(path),
		 "/kubepods.slice/kubepods-besteffort.slice/"
		 "kubepods-besteffort-pod12345678_aaaa_bbbb_cccc_1234567890ab.slice/"
		 "cri-containerd-%s.scope",
		 id);
	CU_ASSERT_STRING_EQUAL(sf_cgroup_container(path, b, sizeof(b)), id);
	CU_ASSERT_STRING_EQUAL(sf_cgroup_pod(path, b, sizeof(b)),
			       "12345678-aaaa-bbbb-cccc-1234567890ab");
	snprintf(path, sizeof(path),
		 "/kubepods/burstable/pod12345678-aaaa-bbbb-cccc-1234567890ab/%s", id);
	CU_ASSERT_STRING_EQUAL(sf_cgroup_pod(path, b, sizeof(b)),
			       "12345678-aaaa-bbbb-cccc-1234567890ab");
	snprintf(path, sizeof(path), "/machine.slice/libpod-%s.scope/container", id);
	CU_ASSERT_STRING_EQUAL(sf_cgroup_container(path, b, sizeof(b)), id);
	/* 63 digits, or not hex: not an id */
	CU_ASSERT_PTR_NULL(sf_cgroup_container("/docker/0123456789abcdef0123456789abcdef0123456789a"
					       "bcdef0123456789abcde",
					       b, sizeof(b)));
	CU_ASSERT_PTR_NULL(sf_cgroup_container("/system.slice/docker.service", b, sizeof(b)));
	CU_ASSERT_PTR_NULL(sf_cgroup_pod("/system.slice/podman.service", b, sizeof(b)));
}

/* sig - a generate event from @spid's process to @rpid's */
static void sig(struct sf_signal *s, int spid, int rpid, int signo, int code)
{
	memset(s, 0, sizeof(*s));
	s->s.kind = SIGFTRACE_EV_GENERATE;
	s->s.sender_pid = spid;
	s->s.pid = rpid;
	s->s.sig = signo;
	s->s.code = code;
	s->ids.pid = spid;
	s->ids.tid = spid;
	s->ids.rpid = rpid;
	s->s.group = 1; /* to the whole process, as the kernel's killers send */
}

static void test_snapshot_and_forks(void)
{
	static const char snap[] = SF_ATTRIB_MAGIC "R 9 4\n"
						   "P 1 0\nE 1 /sbin/init\nC 1 0 /init.scope\n"
						   "P 100 1\nE 100 /usr/bin/bash\n"
						   "C 100 0 /system.slice/ssh.service\n"
						   "C 100 4 /mem\nC 100 3 /cpuset-ignored\n"
						   "P 200 100\nE 200 /usr/bin/sleep\n"
						   "C 200 9 /user.slice/session-3.scope\n"
						   "bogus line\n";
	struct sf_attrib *a = sf_attrib_new();
	struct sf_task_event t = { 0 };
	struct sf_event ev = { 0 };
	struct sf_names n;
	struct sf_signal s;

	sf_names_init(&n, NULL);
	sf_comms_set(n.comms, 100, "bash");
	sf_comms_set(n.comms, 1, "init");
	CU_ASSERT_EQUAL(sf_attrib_load(a, "not a snapshot"), -1);
	CU_ASSERT_EQUAL(sf_attrib_load(a, snap), 3);

	/* bash forks 300, which execs kill and signals 200 */
	t.pid = 300;
	t.parent = 100;
	sf_attrib_task(a, &n, &t);
	ev.type = SF_EVENT_EXEC;
	ev.attr.pid = 300;
	ev.attr.str.buf = "/bin/killXXX";
	ev.attr.str.len = 9;
	sf_attrib_event(a, &n, &ev);
	sig(&s, 300, 200, 15, 0);
	sf_attrib_signal(a, &n, &s, SF_ATTRIB_SIDES | SF_ATTRIB_ANCESTORS);
	CU_ASSERT_STRING_EQUAL(s.attr.exe, "/bin/kill");
	CU_ASSERT_EQUAL(s.attr.nanc, 2);
	CU_ASSERT_EQUAL(s.attr.anc[0].pid, 100);
	CU_ASSERT_STRING_EQUAL(s.attr.anc[0].comm, "bash");
	CU_ASSERT_EQUAL(s.attr.anc[1].pid, 1);
	CU_ASSERT_STRING_EQUAL(s.attr.cgroup, "/system.slice/ssh.service"); /* inherited */
	CU_ASSERT_EQUAL(s.attr.src, SF_ATTR_TRACE);
	/* the receiver: only the name=systemd path is known */
	CU_ASSERT_STRING_EQUAL(s.attr.rcgroup, "/user.slice/session-3.scope");
	CU_ASSERT_EQUAL(s.attr.rsrc, SF_ATTR_PROC);

	/* moved into another cgroup (cgroup2, id 0) and the memory one (id 4) */
	ev.type = SF_EVENT_CGROUP;
	ev.attr.pid = 200;
	ev.attr.root = 0;
	ev.attr.str.buf = "/x.slice/victim.service";
	ev.attr.str.len = strlen(ev.attr.str.buf);
	sf_attrib_event(a, &n, &ev);
	ev.attr.root = 4;
	ev.attr.str.buf = "/limited";
	ev.attr.str.len = strlen(ev.attr.str.buf);
	sf_attrib_event(a, &n, &ev);
	sf_attrib_signal(a, &n, &s, SF_ATTRIB_SIDES | SF_ATTRIB_ANCESTORS);
	CU_ASSERT_STRING_EQUAL(s.attr.rcgroup, "/x.slice/victim.service");
	CU_ASSERT_STRING_EQUAL(s.attr.rmemcg, "/limited");
	CU_ASSERT_STRING_EQUAL(sf_attrib_memcg(a, 200), "/limited");

	/* bash exits and its pid is used again by init's new child: 300's chain stops */
	sf_attrib_exit(a, 100);
	t.pid = 100;
	t.parent = 1;
	sf_attrib_task(a, &n, &t);
	sf_attrib_signal(a, &n, &s, SF_ATTRIB_SIDES | SF_ATTRIB_ANCESTORS);
	CU_ASSERT_EQUAL(s.attr.nanc, 0);

	sf_names_free(&n);
	sf_attrib_free(a);
}

static void test_killers(void)
{
	const struct sigftrace_arch *arch = sigftrace_arch_find("x86_64");
	struct sf_attrib *a = sf_attrib_new();
	struct sf_signal s;

	sf_attrib_load(a, SF_ATTRIB_MAGIC "P 50 1\n");
	sig(&s, 50, 50, 24, 0x80); /* SIGXCPU of the kernel, in its own context */
	sf_attrib_killer(a, arch, &s, false);
	CU_ASSERT_STRING_EQUAL(sf_killer_name(s.attr.killer), "rlimit-cpu");
	sig(&s, 50, 50, 9, 0x80); /* then SIGKILL: the hard limit */
	sf_attrib_killer(a, arch, &s, false);
	CU_ASSERT_STRING_EQUAL(sf_killer_name(s.attr.killer), "rlimit-cpu");
	sig(&s, 60, 60, 9, 0x80); /* a kernel SIGKILL without a SIGXCPU first */
	sf_attrib_killer(a, arch, &s, false);
	CU_ASSERT_PTR_NULL(sf_killer_name(s.attr.killer));
	/* the same with the OOM killer's events traced: its mark would say oom */
	sf_attrib_killer(a, arch, &s, true);
	CU_ASSERT_STRING_EQUAL(sf_killer_name(s.attr.killer), "rlimit-cpu");
	s.s.group = 0; /* force_sig(SIGKILL): to the thread, not RLIMIT_CPU's */
	sf_attrib_killer(a, arch, &s, true);
	CU_ASSERT_PTR_NULL(sf_killer_name(s.attr.killer));
	sig(&s, 61, 60, 9, 0x80); /* the kernel's SIGKILL acting for another process */
	sf_attrib_killer(a, arch, &s, true);
	CU_ASSERT_PTR_NULL(sf_killer_name(s.attr.killer));
	sig(&s, 60, 60, 25, 0); /* SIGXFSZ, SI_USER, to itself */
	sf_attrib_killer(a, arch, &s, false);
	CU_ASSERT_STRING_EQUAL(sf_killer_name(s.attr.killer), "rlimit-fsize");
	sig(&s, 61, 60, 25, 0); /* from another process: a kill() */
	sf_attrib_killer(a, arch, &s, false);
	CU_ASSERT_PTR_NULL(sf_killer_name(s.attr.killer));
	sig(&s, 60, 60, 31, 1); /* SIGSYS, SYS_SECCOMP */
	sf_attrib_killer(a, arch, &s, false);
	CU_ASSERT_STRING_EQUAL(sf_killer_name(s.attr.killer), "seccomp");
	sig(&s, 70, 60, 28, 0x80); /* SIGWINCH of the kernel */
	sf_attrib_killer(a, arch, &s, false);
	CU_ASSERT_STRING_EQUAL(sf_killer_name(s.attr.killer), "tty");
	sig(&s, 70, 60, 1, 0x80); /* SIGHUP of the kernel */
	sf_attrib_killer(a, arch, &s, false);
	CU_ASSERT_STRING_EQUAL(sf_killer_name(s.attr.killer), "hangup");
	sig(&s, 70, 60, 2, 0); /* SIGINT from kill(1) */
	sf_attrib_killer(a, arch, &s, false);
	CU_ASSERT_PTR_NULL(sf_killer_name(s.attr.killer));
	/* MIPS numbers: SIGXCPU is 30 there */
	sig(&s, 50, 50, 30, 0x80);
	sf_attrib_killer(a, sigftrace_arch_find("mips"), &s, false);
	CU_ASSERT_STRING_EQUAL(sf_killer_name(s.attr.killer), "rlimit-cpu");
	sf_attrib_free(a);
}

/* sf_map_del(): every other key still found after removals across runs of probes */
static void test_map_del(void)
{
	struct sf_map m;
	long long k;
	int bad = 0;

	sf_map_init(&m, sizeof(long long));
	for (k = 0; k < 20000; k++)
		*(long long *)sf_map_put(&m, k * 7919, NULL) = k;
	for (k = 0; k < 20000; k += 3)
		sf_map_del(&m, k * 7919);
	sf_map_del(&m, -1); /* not there */
	CU_ASSERT_EQUAL(m.count, 20000 - 6667);
	for (k = 0; k < 20000; k++) {
		long long *v = sf_map_get(&m, k * 7919);

		if (k % 3 ? !v || *v != k : v != NULL)
			bad++;
	}
	CU_ASSERT_EQUAL(bad, 0);
	for (k = 0; k < 20000; k += 3)
		*(long long *)sf_map_put(&m, k * 7919, NULL) = -k;
	CU_ASSERT_EQUAL(m.count, 20000);
	CU_ASSERT_EQUAL(*(long long *)sf_map_get(&m, 3 * 7919), -3);
	sf_map_free(&m);
}

/* exited processes stay for their children's chains, but not forever */
static void test_dead_bounded(void)
{
	struct sf_attrib *a = sf_attrib_new();
	struct sf_task_event t = { 0 };
	struct sf_names n;
	struct sf_signal s;
	int pid;

	sf_names_init(&n, NULL);
	sf_attrib_load(a, SF_ATTRIB_MAGIC "P 10 1\nP 11 10\n");
	/* 10 exits: 11's chain still has it and init */
	sf_attrib_exit(a, 10);
	sig(&s, 11, 11, 10, 0);
	sf_attrib_signal(a, &n, &s, SF_ATTRIB_SIDES | SF_ATTRIB_ANCESTORS);
	CU_ASSERT_EQUAL(s.attr.nanc, 2);
	/* 20000 short-lived processes later, 10 is forgotten: the chain ends at it */
	for (pid = 1000; pid < 21000; pid++) {
		t.pid = pid;
		t.parent = 1;
		sf_attrib_task(a, &n, &t);
		sf_attrib_exit(a, pid);
	}
	sf_attrib_signal(a, &n, &s, SF_ATTRIB_SIDES | SF_ATTRIB_ANCESTORS);
	CU_ASSERT_EQUAL(s.attr.nanc, 1);
	CU_ASSERT_EQUAL(s.attr.anc[0].pid, 10);
	sf_names_free(&n);
	sf_attrib_free(a);
}

/* a sender's chain again: the same while nothing changed, made anew when anything did */
static void test_chain_kept(void)
{
	struct sf_attrib *a = sf_attrib_new();
	struct sf_task_event t = { 0 };
	struct sf_names n;
	struct sf_signal s, s2;
	unsigned long long id;

	sf_names_init(&n, NULL);
	sf_comms_set(n.comms, 1, "init");
	sf_comms_set(n.comms, 100, "bash");
	sf_attrib_load(a, SF_ATTRIB_MAGIC "P 1 0\nP 100 1\nP 300 100\nP 316 1\nP 50 40\n");
	sig(&s, 300, 200, 15, 0);
	sf_attrib_signal(a, &n, &s, SF_ATTRIB_SIDES | SF_ATTRIB_ANCESTORS);
	id = s.attr.chain_id;
	CU_ASSERT_NOT_EQUAL(id, 0);
	sf_attrib_signal(a, &n, &s, SF_ATTRIB_SIDES | SF_ATTRIB_ANCESTORS);
	CU_ASSERT_EQUAL(s.attr.chain_id, id);
	CU_ASSERT_EQUAL(s.attr.nanc, 2);
	CU_ASSERT_STRING_EQUAL(s.attr.anc[0].comm, "bash");

	/* another sender in the same slot (300 and 316 modulo 16), in turns */
	sig(&s2, 316, 200, 15, 0);
	sf_attrib_signal(a, &n, &s2, SF_ATTRIB_SIDES | SF_ATTRIB_ANCESTORS);
	CU_ASSERT_EQUAL(s2.attr.nanc, 1);
	CU_ASSERT_EQUAL(s2.attr.anc[0].pid, 1);
	CU_ASSERT_NOT_EQUAL(s2.attr.chain_id, id);
	sf_attrib_signal(a, &n, &s, SF_ATTRIB_SIDES | SF_ATTRIB_ANCESTORS);
	CU_ASSERT_EQUAL(s.attr.nanc, 2);
	CU_ASSERT_EQUAL(s.attr.anc[0].pid, 100);
	id = s.attr.chain_id;

	/* the parent renamed itself: the new name, a new chain */
	sf_comms_set(n.comms, 100, "zsh");
	sf_attrib_signal(a, &n, &s, SF_ATTRIB_SIDES | SF_ATTRIB_ANCESTORS);
	CU_ASSERT_STRING_EQUAL(s.attr.anc[0].comm, "zsh");
	CU_ASSERT_NOT_EQUAL(s.attr.chain_id, id);

	/* the sender's pid used again by a child of init: its own chain */
	sf_attrib_exit(a, 300);
	t.pid = 300;
	t.parent = 1;
	sf_attrib_task(a, &n, &t);
	sf_attrib_signal(a, &n, &s, SF_ATTRIB_SIDES | SF_ATTRIB_ANCESTORS);
	CU_ASSERT_EQUAL(s.attr.nanc, 1);
	CU_ASSERT_EQUAL(s.attr.anc[0].pid, 1);

	/* a parent known by neither the trace nor the start: named afresh each time */
	sig(&s, 50, 200, 15, 0);
	sf_attrib_signal(a, &n, &s, SF_ATTRIB_SIDES | SF_ATTRIB_ANCESTORS);
	CU_ASSERT_EQUAL(s.attr.nanc, 1);
	CU_ASSERT_EQUAL(s.attr.anc[0].pid, 40);
	CU_ASSERT_EQUAL(s.attr.chain_id, 0);

	/* without ancestors asked, no chain */
	sig(&s, 300, 200, 15, 0);
	sf_attrib_signal(a, &n, &s, SF_ATTRIB_SIDES);
	CU_ASSERT_EQUAL(s.attr.nanc, 0);
	CU_ASSERT_EQUAL(s.attr.chain_id, 0);
	sf_names_free(&n);
	sf_attrib_free(a);
}

int sf_unit_attrib(void)
{
	CU_pSuite s = CU_add_suite("attrib", NULL, NULL);

	if (!s || !CU_add_test(s, "units from cgroup paths", test_unit_names) ||
	    !CU_add_test(s, "containers and pods", test_containers) ||
	    !CU_add_test(s, "snapshot, forks, exec, moves, a pid used again",
			 test_snapshot_and_forks) ||
	    !CU_add_test(s, "the kernel's killers", test_killers) ||
	    !CU_add_test(s, "hash map removal", test_map_del) ||
	    !CU_add_test(s, "exited processes, bounded", test_dead_bounded) ||
	    !CU_add_test(s, "a sender's chain kept while nothing changes", test_chain_kept))
		return -1;
	return 0;
}
