/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal test harness for the anonpipe user-space suites.
 *
 * TEST(name) { ... } registers a test; each test runs in its own forked
 * child with a timeout, and the runner prints one line per test:
 *
 *	ok <tier>/<name>
 *	not ok <tier>/<name>
 *	ok <tier>/<name> # SKIP <reason>
 *
 * Failure details come first, on lines starting with "# ". The last line is
 * "<n> passed, <n> failed, <n> skipped"; the exit status is 1 if any test
 * failed.
 *
 * Tiers: "native" for the module's own ABI (ioctls, POSIX calls, poll,
 * lifetime, concurrency), and for the Win32 behaviours of the reference
 * specification "core" (W-tagged and implementation-derived items),
 * "ntstrict" (B-27, B-28, B-30, B-46, B-56, B-73, B-78) and "lenient" (the
 * U-tagged items, which accept any documented alternative).
 */
#ifndef ANONPIPE_TEST_HARNESS_H
#define ANONPIPE_TEST_HARNESS_H

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

struct test_case {
	const char *name;
	const char *tier;
	void (*fn)(void);
	const char *skip;	/* non-NULL: not run, reported as SKIP */
	unsigned int timeout;	/* seconds; 0 selects the default */
	int last;		/* run after every other test */
	const char *file;
	int line;
};

void harness_register(struct test_case *tc);

#define TEST_FULL(tier_, name_, timeout_, skip_, last_)			\
	static void t_##name_(void);					\
	static struct test_case tc_##name_ = {				\
		.name = #name_, .tier = tier_, .fn = t_##name_,		\
		.skip = skip_, .timeout = timeout_, .last = last_,	\
		.file = __FILE__, .line = __LINE__,			\
	};								\
	__attribute__((constructor)) static void reg_##name_(void)	\
	{								\
		harness_register(&tc_##name_);				\
	}								\
	static void t_##name_(void)

#define TEST(name)		TEST_FULL("native", name, 0, NULL, 0)
#define TEST_SLOW(name, secs)	TEST_FULL("native", name, secs, NULL, 0)
#define TEST_LAST(name)		TEST_FULL("native", name, 0, NULL, 1)
#define TEST_CORE(name)		TEST_FULL("core", name, 0, NULL, 0)
#define TEST_NTSTRICT(name)	TEST_FULL("ntstrict", name, 0, NULL, 0)
#define TEST_LENIENT(name)	TEST_FULL("lenient", name, 0, NULL, 0)
/* A registered test that is never run: TEST_SKIP(tier, name, reason) {} */
#define TEST_SKIP(tier, name, reason) TEST_FULL(tier, name, 0, reason, 0)

/*
 * A child mode: the test binary re-executed as "<self> --child <mode> ..."
 * runs fn(argc, argv) (argv[0] is the mode) and exits with its result.
 */
struct child_mode {
	const char *name;
	int (*fn)(int argc, char **argv);
};
void harness_register_child(struct child_mode *cm);

#define CHILD_MODE(name_)						\
	static int cm_##name_(int argc, char **argv);			\
	static struct child_mode cmd_##name_ = { #name_, cm_##name_ };	\
	__attribute__((constructor)) static void regc_##name_(void)	\
	{								\
		harness_register_child(&cmd_##name_);			\
	}								\
	static int cm_##name_(int argc, char **argv)

/* ---- failure reporting ---- */

void harness_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));
void harness_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define FAIL(...) harness_fail(__FILE__, __LINE__, __VA_ARGS__)

#define ASSERT_TRUE(c)							\
	do {								\
		if (!(c))						\
			FAIL("ASSERT_TRUE(%s) failed", #c);		\
	} while (0)

#define ASSERT_FALSE(c)							\
	do {								\
		if (c)							\
			FAIL("ASSERT_FALSE(%s) failed", #c);		\
	} while (0)

#define ASSERT_CMP_(a, op, b)						\
	do {								\
		long long a_ = (long long)(a);				\
		long long b_ = (long long)(b);				\
		if (!(a_ op b_))					\
			FAIL("expected %s %s %s: %lld (0x%llx) vs %lld (0x%llx)", \
			     #a, #op, #b, a_, (unsigned long long)a_,	\
			     b_, (unsigned long long)b_);		\
	} while (0)

#define ASSERT_EQ(a, b) ASSERT_CMP_(a, ==, b)
#define ASSERT_NE(a, b) ASSERT_CMP_(a, !=, b)
#define ASSERT_LT(a, b) ASSERT_CMP_(a, <, b)
#define ASSERT_LE(a, b) ASSERT_CMP_(a, <=, b)
#define ASSERT_GT(a, b) ASSERT_CMP_(a, >, b)
#define ASSERT_GE(a, b) ASSERT_CMP_(a, >=, b)

/* A libc call that must succeed (return >= 0); yields its result. */
#define CHECK(call) ({							\
	long long r_ = (long long)(call);				\
	if (r_ < 0)							\
		FAIL("%s failed: %lld, errno %d (%s)", #call, r_,	\
		     errno, strerror(errno));				\
	r_;								\
})

/* A libc call that must fail with -1 and the given errno. */
#define ASSERT_ERRNO(call, err)						\
	do {								\
		errno = 0;						\
		long long r_ = (long long)(call);			\
		int e_ = errno;						\
		if (r_ != -1 || e_ != (err))				\
			FAIL("%s: expected -1 with %s (%d), got %lld with errno %d (%s)", \
			     #call, #err, (int)(err), r_, e_, strerror(e_)); \
	} while (0)

#define ASSERT_MEMEQ(a, b, n)						\
	do {								\
		size_t n_ = (n);					\
		const unsigned char *a_ = (const void *)(a);		\
		const unsigned char *b_ = (const void *)(b);		\
		for (size_t i_ = 0; i_ < n_; i_++)			\
			if (a_[i_] != b_[i_])				\
				FAIL("%s and %s differ at byte %zu of %zu: 0x%02x vs 0x%02x", \
				     #a, #b, i_, n_, a_[i_], b_[i_]);	\
	} while (0)

#define ASSERT_STREQ(a, b)						\
	do {								\
		const char *a_ = (a), *b_ = (b);			\
		if (strcmp(a_, b_) != 0)				\
			FAIL("%s == %s: \"%s\" vs \"%s\"", #a, #b, a_, b_); \
	} while (0)

/* ---- background operations: checking that a call blocks ---- */

struct bg {
	pthread_t thread;
	void *(*fn)(void *);
	void *arg;
	atomic_int done;
	atomic_int tid;
	int joined;
};

void bg_start(struct bg *b, void *(*fn)(void *), void *arg);
int bg_done(struct bg *b);
void bg_assert_blocked_(struct bg *b, const char *file, int line);
void bg_join_(struct bg *b, unsigned int timeout_ms, const char *file, int line);

/* Waits (up to 5 s) until the thread sleeps in the kernel, sleeps 300 ms,
 * then fails unless the operation is still blocked. */
#define BG_ASSERT_BLOCKED(b) bg_assert_blocked_(b, __FILE__, __LINE__)
/* Fails unless the operation finishes within 5 s. */
#define BG_JOIN(b) bg_join_(b, 5000, __FILE__, __LINE__)
/* bg_start, then BG_ASSERT_BLOCKED. */
#define BG_START_BLOCKED(b, fn, arg)					\
	do {								\
		bg_start(b, fn, arg);					\
		BG_ASSERT_BLOCKED(b);					\
	} while (0)

void msleep(unsigned int ms);

/* ---- fds, params, fdinfo ---- */

int fd_count(void);
#define ASSERT_NO_FD_LEAK(before) ASSERT_EQ(fd_count(), (before))
int fd_is_open(int fd);

/* Module parameters in /sys/module/anonpipe/parameters. The runner also
 * restores all of them after each test, failed or not. */
long long param_get(const char *name);
void param_set(const char *name, long long value);

/* The numeric value of "<key>:\t<value>" in /proc/self/fdinfo/<fd>, or -1. */
long long fdinfo_get(int fd, const char *key);

/* Flushes stdout (so the child does not repeat buffered output) and forks;
 * fails the test if fork fails. */
pid_t fork_flushed(void);
/* Runs fn in a forked child process; returns its wait status. */
int run_in_child(void (*fn)(void *), void *arg);
/* Path of this test binary, for re-executing it in a child mode. */
const char *self_exe(void);

/* Fills/checks a deterministic pattern starting at stream offset off. */
void pattern_fill(void *buf, size_t len, uint64_t off, uint32_t seed);
/* Returns -1 if the pattern matches, else the index of the first mismatch. */
long pattern_check(const void *buf, size_t len, uint64_t off, uint32_t seed);

#endif /* ANONPIPE_TEST_HARNESS_H */
