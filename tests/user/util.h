/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the suites: raw ioctl wrappers for the module tests,
 * Win32 wrappers for the library tests, and background operations that
 * record their result for the blocking checks.
 */
#ifndef ANONPIPE_TEST_UTIL_H
#define ANONPIPE_TEST_UTIL_H

#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <sys/types.h>

#include <linux/anonpipe.h>
#include <anonpipe.h>

#include "harness.h"

#define DEV_PATH "/dev/anonpipe"
/* MAX_RW_COUNT of the kernel: INT_MAX rounded down to a 4 KiB page */
#define MAX_RW_COUNT_4K 0x7ffff000ull

/* ---- raw module interface ---- */

int dev_open(void);				/* asserts */
/* Opens the device, issues CREATE, closes it; returns the ioctl result
 * with errno intact. */
int ap_create(struct anonpipe_create *c);
/* Creates a pipe (asserts success); returns the granted size. */
uint64_t ap_pipe(uint64_t size, unsigned int flags, int *rfd, int *wfd);
/* Issues READ/WRITE/PEEK with a zeroed transfer; returns the ioctl result. */
int ap_xfer(int fd, unsigned long cmd, const void *buf, uint64_t len,
	    struct anonpipe_transfer *t);
struct anonpipe_info ap_info(int fd);		/* asserts */
int fionread(int fd);				/* asserts */
void write_all(int fd, const void *buf, size_t len);	/* one write(2) */
/* Writes n pattern bytes (seed 0, from offset 0) with one write(2). */
void fill(int wfd, size_t n);
void set_nonblock(int fd, int on);

/* ---- signals ---- */

extern atomic_int sig_count;
/* Installs a counting handler; restart selects SA_RESTART. */
void install_handler(int sig, int restart);
/* A thread that sends sig to target every interval_us until stopped. */
struct hammer {
	pthread_t thread;
	pthread_t target;
	int sig;
	unsigned int interval_us;
	atomic_int stop;
	atomic_int sent;
};
void hammer_start(struct hammer *h, pthread_t target, int sig,
		  unsigned int interval_us);
void hammer_stop(struct hammer *h);

/* ---- Win32 layer ---- */

#define WIN_OK(call)							\
	do {								\
		SetLastError(0xdeadbeef);				\
		BOOL ok_ = (call);					\
		if (!ok_)						\
			FAIL("%s returned FALSE, GetLastError() = %u",	\
			     #call, GetLastError());			\
	} while (0)

#define WIN_FAILS(call, err)						\
	do {								\
		SetLastError(0xdeadbeef);				\
		BOOL ok_ = (call);					\
		DWORD e_ = GetLastError();				\
		if (ok_)						\
			FAIL("%s returned TRUE, expected FALSE with %s", \
			     #call, #err);				\
		if (e_ != (DWORD)(err))					\
			FAIL("%s: GetLastError() = %u, expected %s (%u)", \
			     #call, e_, #err, (unsigned)(err));		\
	} while (0)

void w_pipe(HANDLE *r, HANDLE *w, DWORD size);	/* NULL attributes */
void w_pipe_inherit(HANDLE *r, HANDLE *w, DWORD size, BOOL inherit);
int hfd(HANDLE h);				/* asserts it is a handle */
DWORD w_avail(HANDLE r);			/* PeekNamedPipe total avail */
void w_write(HANDLE w, const void *buf, DWORD n);	/* TRUE and all n */
void w_read_exact(HANDLE r, void *buf, DWORD n);	/* loops until n */
void w_close(HANDLE h);
int is_inheritable(HANDLE h);			/* !FD_CLOEXEC */
/* GetHandleInformation flags (asserts success and that the flags were written) */
DWORD w_flags(HANDLE h);

/* ---- background operations (for bg_start) ---- */

struct op {
	HANDLE h;
	int fd;
	void *buf;
	size_t len;
	/* results */
	BOOL ok;
	DWORD cnt;
	DWORD err;
	ssize_t ret;
	int err_no;
	struct anonpipe_transfer t;
};

void *op_readfile(void *op);	/* ReadFile(h, buf, len) */
void *op_writefile(void *op);	/* WriteFile(h, buf, len) */
void *op_read(void *op);	/* read(fd, buf, len) */
void *op_write(void *op);	/* write(fd, buf, len) */
void *op_ioc_read(void *op);	/* ANONPIPE_IOC_READ on fd */
void *op_ioc_write(void *op);	/* ANONPIPE_IOC_WRITE on fd */

/* Runs the op on fd (POSIX and ioctl ops) or handle h (Win32 ops) on a
 * background thread and asserts that the call blocks. */
#define BG_START_BLOCKED_ON_FD(b, fn, o, fd_)				\
	do {								\
		(o)->fd = (fd_);					\
		BG_START_BLOCKED(b, fn, o);				\
	} while (0)
#define BG_START_BLOCKED_ON_HANDLE(b, fn, o, h_)			\
	do {								\
		(o)->h = (h_);						\
		BG_START_BLOCKED(b, fn, o);				\
	} while (0)
/* Starts fn(&o[i]) on b[i] for each of the n ops and asserts that every
 * call blocks. */
void bg_start_all_blocked_(struct bg *b, void *(*fn)(void *), struct op *o,
			   int n, const char *file, int line);
#define BG_START_ALL_BLOCKED(b, fn, o, n)				\
	bg_start_all_blocked_(b, fn, o, n, __FILE__, __LINE__)

/*
 * Interrupted calls, shared by the POSIX and ioctl suites: fn (a read op on
 * the read end, or a write op of len zero bytes on the write end) blocks on
 * a fresh pipe and is interrupted by SIGUSR1, caught by the counting handler
 * without SA_RESTART. The finished op is returned, with *r and *w the pipe.
 *
 * INTERRUPTED_READ: an empty 4096-byte pipe.
 * INTERRUPTED_WRITE: a pipe of cap bytes already holding queued bytes.
 */
struct op interrupted_read_(void *(*fn)(void *), size_t len, int *r, int *w,
			    const char *file, int line);
struct op interrupted_write_(void *(*fn)(void *), uint64_t cap, size_t queued,
			     size_t len, int *r, int *w, const char *file,
			     int line);
#define INTERRUPTED_READ(fn, len, r, w)					\
	interrupted_read_(fn, len, r, w, __FILE__, __LINE__)
#define INTERRUPTED_WRITE(fn, cap, queued, len, r, w)			\
	interrupted_write_(fn, cap, queued, len, r, w, __FILE__, __LINE__)

#endif /* ANONPIPE_TEST_UTIL_H */
