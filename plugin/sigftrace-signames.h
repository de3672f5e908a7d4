/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Per-architecture signal and si_code tables.
 *
 * Linux signal numbers are not portable: only a handful agree between the
 * asm-generic numbering (x86, arm, arm64, riscv, powerpc, s390, loongarch...),
 * MIPS, PA-RISC, Alpha and SPARC. A trace recorded on a MIPS router must be
 * named with the MIPS table even when it is read on an x86 laptop, so every
 * lookup takes the table of the machine that recorded the trace.
 *
 * This file is compiled into plugin_sigftrace.so (which lives inside
 * trace-cmd and KernelShark) and into the CLI: no stdio, no exit, no
 * allocation, every global symbol prefixed with sigftrace_.
 */
#ifndef SF_SIGNAMES_H
#define SF_SIGNAMES_H

#include <stddef.h>

/* The kernel's first real-time signal, on every architecture. */
#define SIGFTRACE_SIGRTMIN 32

/* Longest name sigftrace_sig_format() writes, with its NUL ("SIGRTMIN+95"). */
#define SIGFTRACE_SIGNAME_MAX 16

struct sigftrace_arch;

/* How a signal was generated, derived from its si_code. */
enum sigftrace_origin {
	SIGFTRACE_ORIGIN_KILL, /* SI_USER: kill(), or a kernel send_sig() without info */
	SIGFTRACE_ORIGIN_KERNEL, /* SI_KERNEL */
	SIGFTRACE_ORIGIN_QUEUE, /* SI_QUEUE: sigqueue(), rt_sigqueueinfo() */
	SIGFTRACE_ORIGIN_TIMER, /* SI_TIMER: POSIX timer expiry */
	SIGFTRACE_ORIGIN_MESGQ, /* SI_MESGQ: message queue state change */
	SIGFTRACE_ORIGIN_ASYNCIO, /* SI_ASYNCIO: AIO completion */
	SIGFTRACE_ORIGIN_SIGIO, /* SI_SIGIO: queued SIGIO */
	SIGFTRACE_ORIGIN_TKILL, /* SI_TKILL: tkill(), tgkill() */
	SIGFTRACE_ORIGIN_DETHREAD, /* SI_DETHREAD: exec killing sibling threads */
	SIGFTRACE_ORIGIN_ASYNCNL, /* SI_ASYNCNL: getaddrinfo_a() completion */
	SIGFTRACE_ORIGIN_FAULT, /* ILL_, FPE_, SEGV_, BUS_, TRAP_, EMT_ codes */
	SIGFTRACE_ORIGIN_CHILD, /* CLD_ codes */
	SIGFTRACE_ORIGIN_POLL, /* POLL_ codes */
	SIGFTRACE_ORIGIN_SYS, /* SYS_ codes (seccomp, syscall user dispatch) */
	SIGFTRACE_ORIGIN_OTHER, /* a code this table does not know */
	SIGFTRACE_ORIGIN_NR
};

/* What the kernel does with a signal whose handler is SIG_DFL. */
enum sigftrace_action {
	SIGFTRACE_ACT_TERM,
	SIGFTRACE_ACT_CORE,
	SIGFTRACE_ACT_IGNORE,
	SIGFTRACE_ACT_STOP,
	SIGFTRACE_ACT_CONT,
};

/**
 * sigftrace_arch_find() - look up a signal table by machine name
 * @machine: a `uname -m` string (x86_64, aarch64, armv7l, mips, mips64el,
 *	parisc64, alpha, sparc64...) or a table name (generic, mips, parisc,
 *	alpha, sparc)
 *
 * Return: the table, or NULL if @machine is not a known architecture.
 */
const struct sigftrace_arch *sigftrace_arch_find(const char *machine);

/**
 * sigftrace_arch_host() - the table of the architecture this code was built for
 */
const struct sigftrace_arch *sigftrace_arch_host(void);

/**
 * sigftrace_arch_host_machine() - `uname -m` style name of the build target
 */
const char *sigftrace_arch_host_machine(void);

/**
 * sigftrace_arch_name() - the table's name: generic, mips, parisc, alpha, sparc
 */
const char *sigftrace_arch_name(const struct sigftrace_arch *arch);

/**
 * sigftrace_arch_desc() - the table's name with the machines that use it,
 * for messages: "generic (x86, arm, arm64, riscv, powerpc, s390, ...)",
 * "mips", "parisc (hppa)", "alpha", "sparc"
 */
const char *sigftrace_arch_desc(const struct sigftrace_arch *arch);

/**
 * sigftrace_arch_nsig() - the architecture's _NSIG (highest signal number)
 */
int sigftrace_arch_nsig(const struct sigftrace_arch *arch);

/**
 * sigftrace_sig_name() - the fixed name of a signal
 * @arch: signal table
 * @sig: signal number
 *
 * Return: "SIGTERM" style name, or NULL for real-time and unknown numbers.
 */
const char *sigftrace_sig_name(const struct sigftrace_arch *arch, int sig);

/**
 * sigftrace_sig_format() - write a signal's name into @buf
 * @buf: destination, at least SIGFTRACE_SIGNAME_MAX bytes
 * @size: size of @buf
 * @arch: signal table
 * @sig: signal number
 *
 * Fixed signals are written by name, real-time signals as SIGRTMIN or
 * SIGRTMIN+n relative to the kernel's first RT signal (32; glibc's SIGRTMIN
 * is 34 and musl's 35), anything else as the decimal number.
 *
 * Return: the length written, without the NUL.
 */
size_t sigftrace_sig_format(char *buf, size_t size, const struct sigftrace_arch *arch, int sig);

/**
 * sigftrace_sig_parse() - parse one signal given by number or name
 * @arch: signal table
 * @str: "9", "KILL", "SIGKILL", "sigkill", "RTMIN", "SIGRTMIN+3", "RTMAX-1"
 *
 * Return: the signal number, or -1 if @str names no signal of @arch.
 */
int sigftrace_sig_parse(const struct sigftrace_arch *arch, const char *str);

/**
 * sigftrace_sig_action() - default action of a signal on @arch
 */
enum sigftrace_action sigftrace_sig_action(const struct sigftrace_arch *arch, int sig);

/**
 * sigftrace_action_name() - "terminate", "core", "ignore", "stop", "continue"
 */
const char *sigftrace_action_name(enum sigftrace_action act);

/**
 * sigftrace_code_origin() - classify a signal's si_code
 * @arch: signal table (MIPS numbers SI_TIMER, SI_MESGQ and SI_ASYNCIO differently)
 * @sig: signal number, needed because positive codes are per signal
 * @code: si_code as recorded by signal:signal_generate
 */
enum sigftrace_origin sigftrace_code_origin(const struct sigftrace_arch *arch, int sig, int code);

/**
 * sigftrace_code_name() - symbolic name of an si_code
 *
 * Return: "SI_USER", "SI_TKILL", "SEGV_MAPERR", "CLD_EXITED"..., or NULL
 * when the code is unknown for this signal.
 */
const char *sigftrace_code_name(const struct sigftrace_arch *arch, int sig, int code);

/**
 * sigftrace_origin_name() - short origin word used in rendered lines and
 * accepted by --origin: kill, kernel, sigqueue, timer, mesgq, asyncio, sigio,
 * tkill, dethread, asyncnl, fault, child, poll, sys, other
 */
const char *sigftrace_origin_name(enum sigftrace_origin origin);

/**
 * sigftrace_origin_parse() - inverse of sigftrace_origin_name(); also takes
 * the aliases user (kill) and queue (sigqueue)
 *
 * Return: the origin, or -1.
 */
int sigftrace_origin_parse(const char *str);

/**
 * sigftrace_code_value() - the si_code value of a symbolic name on @arch
 * @name: "SI_TKILL", "SI_TIMER"... (only the SI_ codes, which are the ones
 *	that differ between architectures)
 * @value: where to store the value
 *
 * Return: 0, or -1 if @name is not an SI_ code.
 */
int sigftrace_code_value(const struct sigftrace_arch *arch, const char *name, int *value);

#endif /* SF_SIGNAMES_H */
