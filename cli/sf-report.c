// SPDX-License-Identifier: GPL-2.0
/*
 * sigftrace report - print the signals of a trace.dat file (v6 or v7, ours
 * or trace-cmd's), read by sf-datread and rendered by the shared
 * renderer (no plugin needed). Signal names follow the recorded machine's
 * architecture, taken from the file's UNAME option.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sf-cmds.h"
#include "sf-atomic.h"
#include "sf-source-dat.h"
#include "sf-filter.h"
#include "sf-pipeline.h"
#include "sf-markers.h"
#include "sf-source-text.h"
#include "sf-session.h"
#include "sf-cli.h"
#include "sf-util.h"

enum {
	OPT_FORMAT = 0x2000,
	OPT_ARCH,
	OPT_DELIVER,
	OPT_SUMMARY,
	OPT_KILLED,
	OPT_DOT,
	OPT_SVG,
	OPT_COLOR,
	OPT_KTHREADS,
	OPT_BY,
};

static const char report_usage[] =
	"usage: sigftrace report [-i FILE] [OPTIONS]\n"
	"\n"
	"Print the signals recorded in a trace.dat file (sigftrace record, or trace-cmd\n"
	"record with -e signal, any file version) as\n"
	"  TIMESTAMP (SENDER PID) --[SIGNAL]--> (RECEIVER PID) [origin] [result] [thread]\n"
	"\n"
	"Every buffer of the file is read (trace-cmd record/extract -B keep events in\n"
	"instance buffers); when more than one holds events, lines end with\n"
	"\"instance NAME\". A file without any signal is an error (exit status 3).\n"
	"\n"
	"FILE may also be a text trace: the ftrace 'trace' file of any instance (the\n"
	"previous-boot format too), or a console/dmesg log of tp_printk (receiver only).\n"
	"\n"
	"Input and output:\n"
	"  -i, --input FILE       trace.dat or text trace (default sigftrace.dat; - reads\n"
	"                         standard input)\n"
	"      --format FORMAT    default, seed (the original kernel patch's line) or json\n"
	"  -n, --numeric          signal numbers instead of names\n"
	"      --arch MACHINE     signal numbering of MACHINE (uname -m) instead of the file's\n"
	"      --deliver          also print signal_deliver events (handler, default action)\n"
	"      --color WHEN       colour fatal and ignored signals: auto, always, never\n"
	"      --kthreads         also the signals kernel threads ignore (kill(-1, ...) at\n"
	"                         shutdown reaches every one of them; hidden by default)\n" SF_ATTR_HELP
	"\n"
	"Answers:\n"
	"      --summary          one row per sender, receiver and signal; broadcasts;\n"
	"                         results and delivery latency per signal\n"
	"      --by WHAT          --summary rows by comm (the default) or by unit: the\n"
	"                         sender's and receiver's systemd unit or container\n"
	"      --killed           every process that died of a signal, and who sent it\n"
	"      --dot              a Graphviz graph of who signals whom\n"
	"      --svg FILE         the same graph drawn by dot into FILE\n"
	"\n" SF_FILTER_HELP "\n"
	"General:\n" SF_STATUS_HELP "  -h, --help             this help\n"
	"\n"
	"Real-time signals are named from the kernel's first one: SIGRTMIN is signal 32\n"
	"(glibc's SIGRTMIN is 34 = SIGRTMIN+2 here, musl's 35 = SIGRTMIN+3).\n"
	"\n"
	"Examples:\n"
	"  # who sent SIGTERM or SIGKILL to procd?\n"
	"  sigftrace report -i reboot.dat --receiver procd -s TERM,KILL\n"
	"  # a trace recorded on a MIPS router\n"
	"  sigftrace report -i router.dat --arch mips\n"
	"  # JSON lines for jq, with each signal's fate\n"
	"  sigftrace report --format json | jq -r '.receiver.comm + \" \" + .fate.fate'\n"
	"  # who killed my daemon?\n"
	"  sigftrace report --killed\n";

struct report_opts {
	const char *input; /* as the user named it */
	const char *path; /* where the readers find it (a spooled copy of a pipe) */
	const char *tasks; /* the file's tasks option: threads and kernel threads at the start */
	const struct sigftrace_arch *arch; /* --arch, or NULL: the file's */
	const char *svg;
	struct sf_filter filter;
	enum sf_format format;
	int color; /* -1 auto, 0 never, 1 always */
	bool numeric;
	bool deliver;
	bool summary;
	bool killed;
	bool dot;
	bool kthreads;
	bool by_unit; /* --by unit */
	bool quiet;
	struct sf_attr_opts attr; /* -A, --units */
};

/* progress of a pass: shown on a terminal unless the report goes to the same one */
static struct {
	bool on;
	const char *input;
	unsigned long long start_ns;
} progress;

/* show_progress - now and then: how far the pass over the input is */
static void show_progress(const struct sf_pipeline *p)
{
	char elapsed[32];

	if (!progress.on || !sf_status_due())
		return;
	sf_status("reading %s: %s, %llu events (%llu signals)", progress.input,
		  sf_status_time(sf_now_ns() - progress.start_ns, elapsed, sizeof(elapsed)),
		  p->events, p->signals);
}

static int parse_args(int argc, char **argv, struct report_opts *o)
{
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "numeric", no_argument, NULL, 'n' },
		{ "arch", required_argument, NULL, OPT_ARCH },
		{ "deliver", no_argument, NULL, OPT_DELIVER },
		{ "summary", no_argument, NULL, OPT_SUMMARY },
		{ "killed", no_argument, NULL, OPT_KILLED },
		{ "dot", no_argument, NULL, OPT_DOT },
		{ "svg", required_argument, NULL, OPT_SVG },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "kthreads", no_argument, NULL, OPT_KTHREADS },
		{ "by", required_argument, NULL, OPT_BY },
		SF_ATTR_LONGOPTS,
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		SF_FILTER_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	int c;

	o->input = "sigftrace.dat";
	o->color = -1;
	while ((c = sf_getopt(argc, argv, "+:hqi:n" SF_ATTR_SHORTOPTS SF_FILTER_SHORTOPTS, longopts,
			      &o->filter, report_usage)) != -1) {
		switch (c) {
		case SF_GETOPT_HELP:
			return 1;
		case 'i':
			o->input = optarg;
			break;
		case 'n':
			o->numeric = true;
			break;
		case OPT_FORMAT:
			if (sf_opt_format(optarg, &o->format))
				return -1;
			break;
		case OPT_ARCH:
			if (sf_opt_arch(optarg, &o->arch))
				return -1;
			break;
		case OPT_DELIVER:
			o->deliver = true;
			break;
		case OPT_SUMMARY:
			o->summary = true;
			break;
		case OPT_KILLED:
			o->killed = true;
			break;
		case OPT_DOT:
			o->dot = true;
			break;
		case OPT_SVG:
			o->svg = optarg;
			break;
		case OPT_KTHREADS:
			o->kthreads = true;
			break;
		case OPT_BY:
			if (strcmp(optarg, "comm") && strcmp(optarg, "unit")) {
				sf_usage_err("bad --by \"%s\" (comm, unit)", optarg);
				return -1;
			}
			o->by_unit = !strcmp(optarg, "unit");
			break;
		case 'q':
			o->quiet = true;
			break;
		case OPT_COLOR:
			if (!strcmp(optarg, "auto"))
				o->color = -1;
			else if (!strcmp(optarg, "always"))
				o->color = 1;
			else if (!strcmp(optarg, "never"))
				o->color = 0;
			else {
				sf_usage_err("bad --color \"%s\" (auto, always, never)", optarg);
				return -1;
			}
			break;
		default:
			if (sf_opt_attr(c, optarg, &o->attr) <= 0)
				return -1;
			break;
		}
	}
	if (!sf_no_operands(argc, argv, " (the input file is given with -i)"))
		return -1;
	if (o->numeric && o->format == SF_FMT_JSON) {
		sf_usage_err("--numeric and --format json are mutually exclusive");
		return -1;
	}
	if (o->by_unit && !o->summary) {
		sf_usage_err("--by works with --summary");
		return -1;
	}
	if ((o->summary || o->killed || o->dot || o->svg) && o->format != SF_FMT_DEFAULT) {
		sf_usage_err("--format and --summary/--killed/--dot/--svg are mutually exclusive");
		return -1;
	}
	return 0;
}

/*
 * read_dat - every record of every buffer of @dat, in time order, into @p
 * (each says its buffer when the file has more than one with data)
 */
static int read_dat(const struct report_opts *o, struct sf_source_dat *dat, struct sf_pipeline *p)
{
	struct tep_record rec;
	char err[512];
	unsigned int n = 0;
	int r = 0;

	sf_srcdat_rewind(dat);
	while (!sf_pipeline_error(p) && (r = sf_srcdat_next(dat, &rec, err, sizeof(err))) > 0) {
		p->buffer = dat->buffer;
		sf_pipeline_record(p, &rec);
		if (!(++n & 4095))
			show_progress(p);
	}
	if (!sf_pipeline_error(p) && r < 0) {
		sf_err("cannot read %s: %s", o->input, err);
		return -1;
	}
	return 0;
}

/* on_text - one event of a text trace */
static int on_text(const struct sf_text_event *ev, void *data)
{
	struct sf_pipeline *p = data;
	struct sf_exit_who who;
	struct sf_signal sig;

	if (ev->type == SF_TEXT_EXIT) {
		sf_text_exit(ev, &who);
		sf_pipeline_exit(p, ev->ts, who.tid, who.tgid, who.comm, who.last);
		return 0;
	}
	sf_text_signal(ev, &sig);
	sf_pipeline_signal(p, &sig);
	if (!(p->events & 1023))
		show_progress(p);
	return sf_pipeline_error(p) ? -1 : 0;
}

/*
 * one_pass - read the whole input once into @p
 * Return: 0, -1 after reporting the error, or -2 after saying that the file
 * has no signal events at all (not even their format).
 */
static int one_pass(struct report_opts *o, struct sf_source_dat *dat,
		    const struct sigftrace_arch *arch, struct sf_pipeline *p, int fd,
		    struct sf_analysis *an)
{
	struct sf_out_conf out = { arch, fd, o->numeric, false, o->attr.ancestry, o->attr.units };
	char err[512];
	int ret = -1;

	if (!dat) {
		if (o->filter.nraws) {
			sf_err("-f works on trace.dat files only (kernel filter syntax on binary records)");
			return -1;
		}
		sf_pipeline_init(p, NULL, arch);
	} else {
		sf_pipeline_init(p, sf_srcdat_tep(dat), arch);
		if (o->tasks) {
			const char *snap = strstr(o->tasks, "\n" SF_ATTRIB_MAGIC);

			sf_comms_load_tasks(p->names.comms, o->tasks);
			/* who was behind whom at the start (record's /proc snapshot) */
			if (snap)
				sf_attrib_load(p->attrib, snap + 1);
		}
		if (p->dec.id_gen < 0) {
			sf_err("no signal events in %s: it has no signal:signal_generate format (recorded without -e signal?)",
			       o->input);
			ret = -2;
			goto out;
		}
		if (sf_filter_compile_raw(&o->filter, tep_find_event(p->dec.tep, p->dec.id_gen),
					  err, sizeof(err))) {
			sf_err("%s", err);
			goto out;
		}
	}
	p->deliver = o->deliver;
	p->filter = &o->filter;
	p->eval_raw = true;
	/* printing with an analysis: the fates of JSON lines, in this one pass */
	if (an && fd >= 0)
		sf_pipeline_fates(p, an);
	else
		p->an = an;
	p->kthreads = o->kthreads;
	p->attrib_what = o->format == SF_FMT_JSON || o->attr.ancestry ?
				 SF_ATTRIB_SIDES | SF_ATTRIB_ANCESTORS :
			 o->attr.units || o->by_unit ? SF_ATTRIB_SIDES :
						       0;
	/* the lines of a report on the terminal say how far it is themselves */
	progress.on = sf_status_on() && (fd < 0 || !isatty(fd));
	if (fd >= 0) {
		out.color = o->format != SF_FMT_JSON &&
			    (o->color == 1 || (o->color < 0 && isatty(fd) && !getenv("NO_COLOR")));
		sf_pipeline_add(p, sf_sink_new(o->format, &out));
	}
	if (!dat) {
		if (sf_text_read(o->path, on_text, p, err, sizeof(err))) {
			sf_err("cannot read %s: %s", o->input, err);
			goto out;
		}
	} else if (read_dat(o, dat, p)) {
		goto out;
	}
	sf_status_clear();
	sf_pipeline_finish(p);
	sf_pipeline_flush(p);
	if (sf_pipeline_error(p) && sf_pipeline_error(p) != EPIPE) {
		errno = sf_pipeline_error(p);
		sf_err_errno("cannot write the report");
		goto out;
	}
	ret = 0;
out:
	return ret;
}

/*
 * no_signals - a file without a single signal is said so, never an empty
 * report: the signals may be in a buffer this file does not have, or the
 * recording missed them
 */
static int no_signals(const struct report_opts *o, const struct sf_dat_meta *meta)
{
	struct sf_buf names = { 0 };
	int i;

	for (i = 1; meta && i < meta->nbuffers; i++)
		sf_buf_printf(&names, ", instance \"%s\"", meta->buffers[i].name);
	if (names.len)
		sf_err("no signal events in %s (in any of its buffers: top level%s)", o->input,
		       sf_buf_str(&names));
	else
		sf_err("no signal events in %s", o->input);
	sf_buf_free(&names);
	return SF_EXIT_EMPTY;
}

/* draw_svg - the graph through Graphviz's dot into @file */
static int draw_svg(const struct sf_analysis *an, const char *file)
{
	int pfd[2], status;
	pid_t pid;
	FILE *f;

	if (pipe(pfd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		dup2(pfd[0], STDIN_FILENO);
		close(pfd[0]);
		close(pfd[1]);
		execlp("dot", "dot", "-Tsvg", "-o", file, (char *)NULL);
		_exit(127);
	}
	close(pfd[0]);
	f = fdopen(pfd[1], "w");
	if (f) {
		sf_answers_dot(an, f);
		fclose(f);
	} else {
		close(pfd[1]);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	if (WEXITSTATUS(status) == 127) {
		sf_err("cannot draw %s: Graphviz's dot is not installed (apt-get install graphviz)",
		       file);
		return -2;
	}
	return WEXITSTATUS(status) ? -1 : 0;
}

/*
 * boot_header - a previous boot's file (persist) says which boot it holds,
 * first, and whether its buffer wrapped before the reboot
 */
static void boot_header(const char *input, const struct sf_dat_meta *meta, struct sf_boot_info *b)
{
	struct sf_buf who = { 0 };
	unsigned long long us;

	if (!meta->sigftrace)
		return;
	sf_boot_info_parse(meta->sigftrace, b);
	sf_boot_info_describe(b, &who);
	sf_info("%s: boot %s", input, sf_buf_str(&who));
	sf_buf_free(&who);
	if (!b->wrapped)
		return;
	us = (b->complete_from + 500) / 1000;
	if (b->has_overrun)
		sf_warn("the buffer wrapped: at least %llu older events were overwritten; the trace is complete from %llu.%06llu",
			b->overrun, us / 1000000, us % 1000000);
	else
		sf_warn("the buffer wrapped: older events were overwritten (how many is unknown); the trace is complete from %llu.%06llu",
			us / 1000000, us % 1000000);
}

/*
 * open_input - where the readers find o->input: the file itself, or for
 * "-" (standard input) and anything that is not a regular file (a pipe,
 * /dev/stdin, a FIFO) a copy spooled once into a temporary file
 * (@spool, 32 bytes, names it as /proc/self/fd/N; *@fd is that file)
 * Return: 0, or -1 after saying why.
 */
static int open_input(struct report_opts *o, char *spool, int *fd)
{
	struct stat st;
	int in = STDIN_FILENO;

	o->path = o->input;
	if (strcmp(o->input, "-")) {
		if (access(o->input, R_OK) || stat(o->input, &st)) {
			sf_err_errno("cannot read %s", o->input);
			return -1;
		}
		if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
			return 0;
		in = open(o->input, O_RDONLY | O_CLOEXEC);
		if (in < 0) {
			sf_err_errno("cannot read %s", o->input);
			return -1;
		}
	} else {
		o->input = "standard input";
	}
	*fd = sf_spool_fd(in);
	if (in != STDIN_FILENO)
		close(in);
	if (*fd < 0) {
		sf_err_errno("cannot read %s", o->input);
		return -1;
	}
	snprintf(spool, 32, "/proc/self/fd/%d", *fd);
	o->path = spool;
	return 0;
}

/* is_text - @path starts with text: no NUL byte in its first 4 KiB, not empty */
static bool is_text(const char *path)
{
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	return n > 0 && !memchr(buf, '\0', (size_t)n) && buf[0] != 0x17;
}

int sf_cmd_report(int argc, char **argv)
{
	struct report_opts o = { 0 };
	char spool[32];
	int spool_fd = -1;
	const struct sf_dat_meta *meta = NULL;
	struct sf_boot_info boot = { 0 };
	const struct sigftrace_arch *arch;
	struct sf_source_dat dat = { 0 };
	struct sf_analysis *an = NULL;
	struct sf_pipeline p = { 0 };
	unsigned long long signals;
	bool answers, text;
	char err[512];
	int ret = SF_EXIT_ERROR;
	int r;

	r = parse_args(argc, argv, &o);
	if (r) {
		sf_filter_free(&o.filter);
		return r > 0 ? SF_EXIT_OK : SF_EXIT_USAGE;
	}
	answers = o.summary || o.killed || o.dot || o.svg;
	sf_status_init(!o.quiet);
	progress.start_ns = sf_now_ns();
	if (open_input(&o, spool, &spool_fd))
		goto out;
	progress.input = o.input;
	r = sf_text_detect(o.path);
	if (r < 0) {
		sf_err_errno("cannot read %s", o.input);
		goto out;
	}
	text = r == 1;
	if (!text) {
		if (sf_srcdat_open(&dat, o.path, err, sizeof(err))) {
			/* text, but without a line of a trace: say both */
			sf_err("cannot read %s: %s%s", o.input, err,
			       is_text(o.path) ? ", nor a text trace (no trace event line)" : "");
			goto out;
		}
		meta = dat.meta;
		if (meta->bad_formats)
			sf_warn("%s: libtraceevent cannot parse %d event format%s (%s): %s events are not shown",
				o.input, meta->bad_formats, meta->bad_formats > 1 ? "s" : "",
				meta->bad_format ? meta->bad_format : "?",
				meta->bad_formats > 1 ? "their" : "its");
		if (meta->time_shift)
			sf_warn("%s: a guest's trace: its timestamps are the guest's clock, not mapped to the host's (TIME_SHIFT option)",
				o.input);
		boot_header(o.input, meta, &boot);
		o.tasks = meta->tasks;
	}
	arch = o.arch ? o.arch : sigftrace_arch_find(meta ? meta->machine : NULL);
	if (!arch) {
		arch = sigftrace_arch_host();
		if (meta && meta->machine)
			sf_warn("unknown machine \"%s\" in %s: using %s signal numbers (see --arch)",
				meta->machine, o.input, sigftrace_arch_desc(arch));
	}
	/* trace-cmd's plugin cannot read UNAME: it names signals with this machine's numbers */
	if (meta && meta->machine && sigftrace_arch_find(meta->machine) &&
	    sigftrace_arch_find(meta->machine) != sigftrace_arch_host())
		sf_hint("%s was recorded on %s, whose signal numbers differ from this machine's: in trace-cmd report and KernelShark give -O sigftrace:arch=%s",
			o.input, meta->machine, meta->machine);
	if (sf_filter_finalize(&o.filter, arch, err, sizeof(err))) {
		sf_usage_err("%s", err);
		ret = SF_EXIT_USAGE;
		goto out;
	}
	signal(SIGPIPE, SIG_IGN);

	/* answers need the whole trace first (and no fate per signal) */
	if (answers) {
		an = sf_analysis_new(arch);
		sf_analysis_by_unit(an, o.by_unit);
		/* --summary, --killed, --dot: no fate per signal */
		sf_analysis_on_fate(an, NULL, NULL);
		r = one_pass(&o, text ? NULL : &dat, arch, &p, -1, an);
		sf_analysis_end(an);
		signals = p.signals;
		if (answers && p.malformed)
			sf_warn("%llu signal records of %s are shorter than their format: not counted",
				p.malformed, o.input);
		sf_pipeline_free(&p);
		memset(&p, 0, sizeof(p));
		if (r) {
			ret = r == -2 ? SF_EXIT_EMPTY : ret;
			goto out;
		}
		if (!signals) {
			ret = no_signals(&o, meta);
			goto out;
		}
	}
	if (answers) {
		if (o.summary)
			sf_answers_summary(an, stdout);
		if (o.killed) {
			if (o.summary)
				printf("\n");
			sf_answers_killed(an, stdout);
		}
		if (o.dot)
			sf_answers_dot(an, stdout);
		if (fflush(stdout) && errno != EPIPE) {
			sf_err_errno("cannot write the report");
			goto out;
		}
		if (o.svg && draw_svg(an, o.svg)) {
			sf_err("cannot draw %s with dot", o.svg);
			goto out;
		}
		ret = SF_EXIT_OK;
		goto out;
	}
	/* JSON lines say each signal's fate: the analysis runs along */
	if (o.format == SF_FMT_JSON) {
		an = sf_analysis_new(arch);
		sf_analysis_fates_only(an);
	}
	r = one_pass(&o, text ? NULL : &dat, arch, &p, STDOUT_FILENO, an);
	if (r) {
		ret = r == -2 ? SF_EXIT_EMPTY : ret;
		goto out;
	}
	if (!p.signals) {
		ret = no_signals(&o, meta);
		goto out;
	}
	if (p.malformed)
		sf_warn("%llu signal records of %s are shorter than their format: not shown",
			p.malformed, o.input);
	if (p.fates_unknown)
		sf_warn("%llu signals were printed before their fate was known (more than %d events waited behind them): their fate says \"unknown\"",
			p.fates_unknown, 65536);
	if (p.kthread_hidden)
		sf_info("%llu signals ignored by kernel threads not shown (--kthreads shows them)",
			p.kthread_hidden);
	if (meta && (p.lost || p.lost_marks || meta->overrun || meta->dropped))
		sf_warn("events were lost while recording: %llu marked in the pages%s, ring buffer stats: %llu overwritten, %llu dropped",
			p.lost, p.lost_marks ? " (plus pages with an unknown count)" : "",
			meta->overrun, meta->dropped);
	if (boot.wrapped && boot.has_overrun)
		sf_warn("events were lost: the buffer wrapped before the reboot, at least %llu older events overwritten",
			boot.overrun);
	else if (boot.wrapped)
		sf_warn("events were lost: the buffer wrapped before the reboot, an unknown number of older events overwritten");
	ret = SF_EXIT_OK;
out:
	sf_pipeline_free(&p);
	sf_analysis_free(an);
	sf_srcdat_close(&dat);
	sf_filter_free(&o.filter);
	if (spool_fd >= 0)
		close(spool_fd);
	return ret;
}
