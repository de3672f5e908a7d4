// SPDX-License-Identifier: GPL-2.0
/*
 * The filter model: options -> kernel filter strings, and the same test in
 * user space (see sf-filter.h).
 *
 * Kernel filter language facts (6.x): in signal_generate `comm` and `pid`
 * are the receiving thread (the event's own fields win), `COMM` is the
 * current task's comm and `common_pid` its pid, i.e. the sending thread. In
 * signal_deliver there is no comm field: `COMM` and `common_pid` are the
 * receiving thread. A field an event lacks makes the whole filter fail, so
 * every event gets its own. No event carries a process id (tgid), so the
 * kernel can select threads (--tid) but not processes (--sender PID, -p) nor
 * process names: those are left to user space.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sf-attrib.h"
#include "sf-filter.h"
#include "sf-util.h"

#define SF_SIGNAL_NAME(f, name) sigftrace_sig_parse((f)->arch, name)

/* comm_ok - a comm a task can have (the kernel's 16 bytes), without quotes */
static int comm_ok(const char *s)
{
	return *s && strlen(s) <= SIGFTRACE_COMM_LEN && !strpbrk(s, "\"'\\");
}

static int add_task(struct sf_task_sel **v, int *n, const char *list, char *err, size_t errsz,
		    const char *what)
{
	char *copy = sf_xstrdup(list);
	char *save = NULL;
	char *tok;
	size_t len = strlen(list);
	int ret = 0;

	/* "", "," and "a,,b" select nobody: an error, not "no filter" */
	if (!len || list[0] == ',' || list[len - 1] == ',' || strstr(list, ",,")) {
		snprintf(err, errsz, "empty %s in \"%s\": a pid or a comm is needed", what, list);
		free(copy);
		return -1;
	}
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		struct sf_task_sel sel = { NULL, -1 };
		unsigned long long pid;

		if (sf_is_number(tok)) {
			if (sf_parse_uint(tok, 0x7fffffff, &pid)) {
				snprintf(err, errsz, "bad %s pid \"%s\"", what, tok);
				ret = -1;
				break;
			}
			sel.pid = (int)pid;
		} else if (comm_ok(tok)) {
			sel.comm = sf_xstrdup(tok);
		} else {
			snprintf(
				err, errsz,
				"bad %s \"%s\": a pid or a comm of at most 16 characters without quotes or backslashes",
				what, tok);
			ret = -1;
			break;
		}
		*v = sf_xrealloc(*v, sizeof(**v) * (size_t)(*n + 1));
		(*v)[(*n)++] = sel;
	}
	free(copy);
	return ret;
}

static int add_origins(struct sf_filter *f, const char *list, char *err, size_t errsz)
{
	char *copy = sf_xstrdup(list);
	char *save = NULL;
	char *tok;
	int ret = 0;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int o = sigftrace_origin_parse(tok);
		int k;

		if (o >= 0) {
			f->origins |= 1u << o;
			continue;
		}
		/* the kernel's killers that the attribution stage names */
		for (k = SF_KILLER_NONE + 1; k < SF_KILLER_NR; k++) {
			if (!strcmp(tok, sf_killer_name((unsigned char)k)))
				break;
		}
		if (k == SF_KILLER_NR) {
			snprintf(
				err, errsz,
				"unknown origin \"%s\" (kill, tkill, sigqueue, timer, kernel, fault, child, poll, sys, mesgq, asyncio, sigio, dethread, asyncnl, other, oom, seccomp, rlimit-cpu, rlimit-fsize, tty, hangup)",
				tok);
			ret = -1;
			break;
		}
		f->killers |= 1u << k;
	}
	free(copy);
	if (!ret && !f->origins && !f->killers) {
		snprintf(err, errsz, "empty origin list");
		ret = -1;
	}
	return ret;
}

/* append_list - "a,b" + "c" = "a,b,c": repeated -s/-x options accumulate */
static void append_list(char **dst, const char *arg)
{
	size_t n;

	if (!*dst) {
		*dst = sf_xstrdup(arg);
		return;
	}
	n = strlen(*dst);
	*dst = sf_xrealloc(*dst, n + strlen(arg) + 2);
	(*dst)[n] = ',';
	strcpy(*dst + n + 1, arg);
}

/* add_glob - one more --unit or --cgroup value */
static void add_glob(char ***v, int *n, const char *arg)
{
	*v = sf_xrealloc(*v, sizeof(**v) * (size_t)(*n + 1));
	(*v)[(*n)++] = sf_xstrdup(arg);
}

int sf_filter_option(struct sf_filter *f, int opt, const char *arg, char *err, size_t errsz)
{
	unsigned long long pid;

	switch (opt) {
	case 's':
		append_list(&f->signals, arg);
		return 1;
	case 'x':
		append_list(&f->excludes, arg);
		return 1;
	case 'p':
	case SF_OPT_TID:
		if (sf_parse_uint(arg, 0x7fffffff, &pid)) {
			snprintf(err, errsz, "bad %s \"%s\"", opt == 'p' ? "pid" : "tid", arg);
			return -1;
		}
		if (opt == 'p') {
			f->pids = sf_xrealloc(f->pids, sizeof(int) * (size_t)(f->npids + 1));
			f->pids[f->npids++] = (int)pid;
		} else {
			f->tids = sf_xrealloc(f->tids, sizeof(int) * (size_t)(f->ntids + 1));
			f->tids[f->ntids++] = (int)pid;
		}
		return 1;
	case 'f':
		if (!*arg) {
			snprintf(err, errsz, "empty filter expression");
			return -1;
		}
		/* several -f are ANDed, each in its own parentheses */
		f->raws = sf_xrealloc(f->raws, sizeof(*f->raws) * (size_t)(f->nraws + 1));
		f->raws[f->nraws++] = sf_xstrdup(arg);
		return 1;
	case SF_OPT_SENDER:
		return add_task(&f->senders, &f->nsenders, arg, err, errsz, "sender") ? -1 : 1;
	case SF_OPT_RECEIVER:
		return add_task(&f->receivers, &f->nreceivers, arg, err, errsz, "receiver") ? -1 :
											      1;
	case SF_OPT_FAILED:
		f->failed = true;
		return 1;
	case SF_OPT_ORIGIN:
		return add_origins(f, arg, err, errsz) ? -1 : 1;
	case SF_OPT_ALL:
		f->all = true;
		return 1;
	case SF_OPT_UNIT:
	case SF_OPT_CGROUP:
		if (!*arg) {
			snprintf(err, errsz, "empty %s", opt == SF_OPT_UNIT ? "unit" : "cgroup");
			return -1;
		}
		if (opt == SF_OPT_UNIT)
			add_glob(&f->units, &f->nunits, arg);
		else
			add_glob(&f->cgroups, &f->ncgroups, arg);
		return 1;
	default:
		return 0;
	}
}

static int parse_sigs(const struct sf_filter *f, const char *list, unsigned char *set, char *err,
		      size_t errsz)
{
	char *copy = sf_xstrdup(list);
	char *save = NULL;
	char *tok;
	int ret = 0;
	int count = 0;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int sig = SF_SIGNAL_NAME(f, tok);

		if (sig <= 0 || sig >= SF_MAX_SIG) {
			snprintf(err, errsz, "unknown signal \"%s\" on %s", tok,
				 sigftrace_arch_desc(f->arch));
			ret = -1;
			break;
		}
		set[sig] = 1;
		count++;
	}
	free(copy);
	if (!ret && !count) {
		snprintf(err, errsz, "empty signal list");
		ret = -1;
	}
	return ret;
}

int sf_filter_finalize(struct sf_filter *f, const struct sigftrace_arch *arch, char *err,
		       size_t errsz)
{
	static const char *const hidden[] = { "SIGCHLD", "SIGALRM" };
	size_t i;

	f->arch = arch;
	f->kill = SF_SIGNAL_NAME(f, "SIGKILL");
	memset(f->want, 0, sizeof(f->want));
	memset(f->drop, 0, sizeof(f->drop));
	memset(f->dflt, 0, sizeof(f->dflt));
	f->has_want = false;
	if (f->signals) {
		if (parse_sigs(f, f->signals, f->want, err, errsz))
			return -1;
		f->has_want = true;
	}
	if (f->excludes && parse_sigs(f, f->excludes, f->drop, err, errsz))
		return -1;
	memset(f->ksig, 0, sizeof(f->ksig));
	for (i = SF_KILLER_NONE + 1; i < SF_KILLER_NR; i++) {
		const struct sf_killer_sigs *ks = sf_killer_sigs((unsigned char)i);
		size_t j;

		for (j = 0; (f->killers & (1u << i)) && j < SF_ARRAY_SIZE(ks->sigs) && ks->sigs[j];
		     j++) {
			int sig = SF_SIGNAL_NAME(f, ks->sigs[j]);

			if (sig > 0 && sig < SF_MAX_SIG)
				f->ksig[sig] |= (unsigned char)(1u << i);
		}
	}
	/* the original patch hid SIGCHLD and SIGALRM; asking for them by name keeps them */
	if (!f->all) {
		for (i = 0; i < SF_ARRAY_SIZE(hidden); i++) {
			int sig = SF_SIGNAL_NAME(f, hidden[i]);

			if (sig > 0 && !f->want[sig] && !f->drop[sig])
				f->drop[sig] = f->dflt[sig] = 1;
		}
	}
	return 0;
}

bool sf_filter_is_default(const struct sf_filter *f)
{
	return !f->signals && !f->excludes && !f->nsenders && !f->nreceivers && !f->npids &&
	       !f->ntids && !f->nraws && !f->origins && !f->killers && !f->failed && !f->nunits &&
	       !f->ncgroups;
}

bool sf_filter_kernel_wider(const struct sf_filter *f)
{
	return f->nsenders || f->nreceivers || f->npids || f->nunits || f->ncgroups || f->killers;
}

/* attr_side - one side's cgroup matches every --unit and --cgroup kind given */
static bool attr_side(const struct sf_filter *f, const char *cgroup)
{
	char unit[SF_ATTRIB_PATH_MAX + 1], id[SF_ATTRIB_PATH_MAX + 1];
	bool ok = !f->nunits;
	int i;

	if (!cgroup)
		return false;
	for (i = 0; !ok && i < f->nunits; i++) {
		ok = (sf_cgroup_unit(cgroup, unit, sizeof(unit)) &&
		      !fnmatch(f->units[i], unit, 0)) ||
		     (sf_cgroup_container(cgroup, id, sizeof(id)) &&
		      (!fnmatch(f->units[i], id, 0) ||
		       /* a container's short id, as docker ps shows it */
		       (strlen(f->units[i]) >= 12 &&
			!strncmp(id, f->units[i], strlen(f->units[i])))));
	}
	if (!ok || !f->ncgroups)
		return ok;
	for (i = 0; i < f->ncgroups; i++) {
		if (!fnmatch(f->cgroups[i], cgroup, 0))
			return true;
	}
	return false;
}

bool sf_filter_attr_match(const struct sf_filter *f, const char *cgroup, const char *rcgroup)
{
	if (!sf_filter_has_attr(f))
		return true;
	return attr_side(f, cgroup) || attr_side(f, rcgroup);
}

/* fatal_default - the signal kills when delivered with its default action */
static bool fatal_default(const struct sf_filter *f, int sig)
{
	enum sigftrace_action act = sigftrace_sig_action(f->arch, sig);

	return act == SIGFTRACE_ACT_TERM || act == SIGFTRACE_ACT_CORE;
}

/*
 * sig_clauses - (sig == a || sig == b) && sig != c ...
 *
 * A signal hidden only by default that may kill (SIGALRM) stays in: whether
 * it killed is known after its delivery, and a fatal one is never hidden.
 */
static void sig_clauses(struct sf_buf *b, const struct sf_filter *f, bool deliver, const char **and)
{
	const char * or = "";
	int sig;
	int kill = SF_SIGNAL_NAME(f, "SIGKILL");

	if (f->has_want) {
		sf_buf_printf(b, "%s(", *and);
		for (sig = 1; sig < SF_MAX_SIG; sig++) {
			/* a fatal signal is delivered as SIGKILL: keep those deliveries */
			if (f->want[sig] || (deliver && sig == kill)) {
				sf_buf_printf(b, "%ssig == %d", or, sig);
				or = " || ";
			}
		}
		sf_buf_printf(b, ")");
		*and = " && ";
	}
	/* with a list of wanted signals, only a wanted one can need dropping */
	for (sig = 1; sig < SF_MAX_SIG; sig++) {
		if (f->drop[sig] && !(deliver && sig == kill) && (!f->has_want || f->want[sig]) &&
		    !(f->dflt[sig] && fatal_default(f, sig))) {
			sf_buf_printf(b, "%ssig != %d", *and, sig);
			*and = " && ";
		}
	}
}

static void origin_clause(struct sf_buf *b, const struct sf_filter *f, const char **and)
{
	static const struct {
		enum sigftrace_origin origin;
		const char *si;
	} fixed[] = {
		{ SIGFTRACE_ORIGIN_KILL, "SI_USER" },
		{ SIGFTRACE_ORIGIN_KERNEL, "SI_KERNEL" },
		{ SIGFTRACE_ORIGIN_QUEUE, "SI_QUEUE" },
		{ SIGFTRACE_ORIGIN_TIMER, "SI_TIMER" },
		{ SIGFTRACE_ORIGIN_MESGQ, "SI_MESGQ" },
		{ SIGFTRACE_ORIGIN_ASYNCIO, "SI_ASYNCIO" },
		{ SIGFTRACE_ORIGIN_SIGIO, "SI_SIGIO" },
		{ SIGFTRACE_ORIGIN_TKILL, "SI_TKILL" },
		{ SIGFTRACE_ORIGIN_DETHREAD, "SI_DETHREAD" },
		{ SIGFTRACE_ORIGIN_ASYNCNL, "SI_ASYNCNL" },
	};
	static const struct {
		enum sigftrace_origin origin;
		const char *sigs[6];
	} positive[] = {
		{ SIGFTRACE_ORIGIN_FAULT,
		  { "SIGSEGV", "SIGBUS", "SIGFPE", "SIGILL", "SIGTRAP", "SIGEMT" } },
		{ SIGFTRACE_ORIGIN_CHILD, { "SIGCHLD" } },
		{ SIGFTRACE_ORIGIN_POLL, { "SIGIO" } },
		{ SIGFTRACE_ORIGIN_SYS, { "SIGSYS" } },
	};
	const char * or = "";
	size_t i, j;
	int v;

	if (!f->origins && !f->killers)
		return;
	sf_buf_printf(b, "%s(", *and);
	for (i = 0; i < SF_ARRAY_SIZE(fixed); i++) {
		if ((f->origins & (1u << fixed[i].origin)) &&
		    !sigftrace_code_value(f->arch, fixed[i].si, &v)) {
			sf_buf_printf(b, "%scode == %d", or, v);
			or = " || ";
		}
	}
	for (i = 0; i < SF_ARRAY_SIZE(positive); i++) {
		const char *sor = "";

		if (!(f->origins & (1u << positive[i].origin)))
			continue;
		sf_buf_printf(b, "%s(code > 0 && (", or);
		for (j = 0; j < SF_ARRAY_SIZE(positive[i].sigs) && positive[i].sigs[j]; j++) {
			int sig = SF_SIGNAL_NAME(f, positive[i].sigs[j]);

			if (sig > 0) {
				sf_buf_printf(b, "%ssig == %d", sor, sig);
				sor = " || ";
			}
		}
		sf_buf_printf(b, "%s))", *sor ? "" : "sig == 0");
		or = " || ";
	}
	/*
	 * the kernel's killers: their code and signals, a superset (which
	 * process sent it, and the OOM killer's mark, are told in user space)
	 */
	for (v = 1; v < SF_MAX_SIG; v++) {
		unsigned int k;

		for (k = SF_KILLER_NONE + 1; k < SF_KILLER_NR; k++) {
			if (f->ksig[v] & (1u << k)) {
				sf_buf_printf(b, "%s(code == %d && sig == %d)", or,
					      sf_killer_sigs((unsigned char)k)->code, v);
				or = " || ";
			}
		}
	}
	/* "other": codes no table knows; there is no way to say that in a filter */
	if (f->origins & (1u << SIGFTRACE_ORIGIN_OTHER)) {
		sf_buf_printf(b, "%scode < -60", or);
		or = " || ";
	}
	sf_buf_printf(b, ")");
	*and = " && ";
}

/* buf_take - hand the built filter for @name to the caller, if the kernel can take it */
static char *buf_take(struct sf_buf *b, const char *name, char *err, size_t errsz)
{
	if (b->len > SF_KFILTER_MAX) {
		snprintf(
			err, errsz,
			"the options make a filter of %zu bytes for signal:%s, and the kernel takes at most %d: give fewer -f, -p or --tid terms to record, or select in report",
			b->len, name, SF_KFILTER_MAX);
		sf_buf_free(b);
		return NULL;
	}
	return b->p ? b->p : sf_xstrdup("");
}

char *sf_filter_kernel(const struct sf_filter *f, const char *name, struct tep_event *event,
		       char *err, size_t errsz)
{
	bool deliver = !strcmp(name, "signal_deliver");
	struct sf_buf b = { 0 };
	const char *and = "";
	int i;

	if (deliver && f->deliver_fates_only) {
		/* the fatal signals hidden by default, and SIGKILL as which they are delivered */
		sf_buf_printf(&b, "(sig == %d", SF_SIGNAL_NAME(f, "SIGKILL"));
		for (i = 1; i < SF_MAX_SIG; i++) {
			if (f->dflt[i] && fatal_default(f, i))
				sf_buf_printf(&b, " || sig == %d", i);
		}
		sf_buf_printf(&b, ")");
		and = " && ";
	} else {
		sig_clauses(&b, f, deliver, &and);
	}
	/* threads only: a process or a name is selected in user space */
	if (f->ntids) {
		sf_buf_printf(&b, "%s(", and);
		for (i = 0; i < f->ntids; i++) {
			if (deliver)
				sf_buf_printf(&b, "%scommon_pid == %d", i ? " || " : "",
					      f->tids[i]);
			else
				sf_buf_printf(&b, "%scommon_pid == %d || pid == %d",
					      i ? " || " : "", f->tids[i], f->tids[i]);
		}
		sf_buf_printf(&b, ")");
		and = " && ";
	}
	if (deliver)
		return buf_take(&b, name, err, errsz);
	if (f->failed) {
		if (event && !tep_find_field(event, "result")) {
			snprintf(
				err, errsz,
				"--failed needs the result field of signal_generate, which this kernel does not have");
			sf_buf_free(&b);
			return NULL;
		}
		sf_buf_printf(&b, "%sresult != 0", and);
		and = " && ";
	}
	origin_clause(&b, f, &and);
	for (i = 0; i < f->nraws; i++) {
		sf_buf_printf(&b, "%s(%s)", and, f->raws[i]);
		and = " && ";
	}
	return buf_take(&b, name, err, errsz);
}

int sf_filter_compile_raw(struct sf_filter *f, struct tep_event *event, char *err, size_t errsz)
{
	char why[256], clip[84];
	int i;

	if (!f->nraws)
		return 0;
	if (!f->kraws)
		f->kraws = sf_xcalloc((size_t)f->nraws, sizeof(*f->kraws));
	for (i = 0; i < f->nraws; i++) {
		sf_kfilter_free(f->kraws[i]);
		f->kraws[i] = event ? sf_kfilter_compile(f->raws[i], event, why, sizeof(why)) :
				      NULL;
		if (!f->kraws[i]) {
			snprintf(err, errsz,
				 "cannot apply filter \"%s\" to signal:signal_generate: %s",
				 sf_clip(f->raws[i], clip, sizeof(clip)),
				 event ? why : "no such event");
			return -1;
		}
	}
	return 0;
}

bool sf_filter_raw_match(const struct sf_filter *f, const struct tep_record *rec,
			 const char *current_comm)
{
	int i;

	for (i = 0; f->kraws && i < f->nraws; i++) {
		if (!sf_kfilter_match(f->kraws[i], rec, current_comm))
			return false;
	}
	return true;
}

/* task_match - a --sender/--receiver list: a pid is a process, a comm its name or a thread's */
static bool task_match(const struct sf_task_sel *v, int n, int pid, const char *pcomm,
		       const char *tcomm)
{
	int i;

	if (!n)
		return true;
	for (i = 0; i < n; i++) {
		if (!v[i].comm) {
			if (v[i].pid == pid)
				return true;
		} else if ((pcomm && !fnmatch(v[i].comm, pcomm, 0)) ||
			   (tcomm && !fnmatch(v[i].comm, tcomm, 0))) {
			return true;
		}
	}
	return false;
}

static bool in_list(const int *v, int n, int a, int b)
{
	int i;

	for (i = 0; i < n; i++) {
		if (v[i] == a || v[i] == b)
			return true;
	}
	return !n;
}

/* killer_may - @s may be one of the killers of --origin (its code and signal) */
static bool killer_may(const struct sf_filter *f, const struct sigftrace_sig *s)
{
	unsigned int m = s->sig > 0 && s->sig < SF_MAX_SIG ? f->ksig[s->sig] : 0;
	unsigned int k;

	for (k = SF_KILLER_NONE + 1; m && k < SF_KILLER_NR; k++) {
		if ((m & (1u << k)) && sf_killer_sigs((unsigned char)k)->code == s->code)
			return true;
	}
	return false;
}

/* origin_may - --origin: the code's origin, or maybe a killer (sf_filter_killer_sel() tells) */
static bool origin_may(const struct sf_filter *f, const struct sigftrace_sig *s)
{
	return (f->origins & (1u << sigftrace_code_origin(f->arch, s->sig, s->code))) ||
	       killer_may(f, s);
}

enum sf_sel sf_filter_killer_sel(const struct sf_filter *f, const struct sigftrace_sig *s,
				 unsigned char killer, enum sf_sel sel)
{
	if (!f->killers || sel == SF_SEL_NO ||
	    (f->origins & (1u << sigftrace_code_origin(f->arch, s->sig, s->code))))
		return sel;
	if (killer != SF_KILLER_NONE && (f->killers & (1u << killer)))
		return sel;
	/* the OOM killer's mark comes after its SIGKILL */
	if ((f->killers & (1u << SF_KILLER_OOM)) && sel == SF_SEL_YES &&
	    s->kind == SIGFTRACE_EV_GENERATE && s->sig == f->kill &&
	    s->code == sf_killer_sigs(SF_KILLER_OOM)->code)
		return SF_SEL_IF_OOM;
	return SF_SEL_NO;
}

/* match - the selection, the default hiding of SIGCHLD and SIGALRM aside if @no_default */
static bool match(const struct sf_filter *f, const struct sigftrace_sig *s,
		  const struct sigftrace_ids *ids, bool no_default)
{
	int kill = f->kill;
	bool deliver = s->kind == SIGFTRACE_EV_DELIVER;
	bool in_range = s->sig > 0 && s->sig < SF_MAX_SIG;
	const char *rpcomm;

	if (f->has_want && !(in_range && f->want[s->sig]) && !(deliver && s->sig == kill))
		return false;
	if (in_range && f->drop[s->sig] && !(deliver && s->sig == kill) &&
	    !(no_default && f->dflt[s->sig]))
		return false;
	if (deliver) {
		/* the current task is the receiver */
		return task_match(f->receivers, f->nreceivers, ids->pid, ids->comm,
				  ids->thread_comm) &&
		       in_list(f->pids, f->npids, ids->pid, ids->pid) &&
		       in_list(f->tids, f->ntids, ids->tid, ids->tid);
	}
	/* the receiving thread's process: its own name when it is the main thread */
	rpcomm = ids->rpid == s->pid ? s->comm : ids->rcomm;
	if (!task_match(f->senders, f->nsenders, ids->pid, ids->comm, ids->thread_comm) ||
	    !task_match(f->receivers, f->nreceivers, ids->rpid, rpcomm, s->comm) ||
	    !in_list(f->pids, f->npids, ids->pid, ids->rpid) ||
	    !in_list(f->tids, f->ntids, ids->tid, s->pid))
		return false;
	if (f->failed && s->result <= 0)
		return false;
	if ((f->origins || f->killers) && !origin_may(f, s))
		return false;
	return true;
}

bool sf_filter_match(const struct sf_filter *f, const struct sigftrace_sig *s,
		     const struct sigftrace_ids *ids)
{
	return match(f, s, ids, false);
}

bool sf_filter_has_if_fatal(const struct sf_filter *f)
{
	int sig;

	for (sig = 1; sig < SF_MAX_SIG; sig++) {
		if (f->dflt[sig] && fatal_default(f, sig))
			return true;
	}
	return false;
}

enum sf_sel sf_filter_select(const struct sf_filter *f, const struct sigftrace_sig *s,
			     const struct sigftrace_ids *ids)
{
	if (match(f, s, ids, false))
		return SF_SEL_YES;
	/* hidden by default: unless it kills (it was delivered, or is queued) */
	if (s->kind == SIGFTRACE_EV_GENERATE && s->sig > 0 && s->sig < SF_MAX_SIG &&
	    f->dflt[s->sig] && fatal_default(f, s->sig) &&
	    (s->result == SIGFTRACE_RES_DELIVERED || s->result < 0) && match(f, s, ids, true))
		return SF_SEL_IF_FATAL;
	return SF_SEL_NO;
}

void sf_filter_free(struct sf_filter *f)
{
	int i;

	for (i = 0; i < f->nsenders; i++)
		free(f->senders[i].comm);
	for (i = 0; i < f->nreceivers; i++)
		free(f->receivers[i].comm);
	free(f->senders);
	free(f->receivers);
	free(f->pids);
	free(f->tids);
	for (i = 0; i < f->nunits; i++)
		free(f->units[i]);
	for (i = 0; i < f->ncgroups; i++)
		free(f->cgroups[i]);
	free(f->units);
	free(f->cgroups);
	free(f->signals);
	free(f->excludes);
	for (i = 0; i < f->nraws; i++) {
		free(f->raws[i]);
		if (f->kraws)
			sf_kfilter_free(f->kraws[i]);
	}
	free(f->raws);
	free(f->kraws);
	memset(f, 0, sizeof(*f));
}
