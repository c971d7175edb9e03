// SPDX-License-Identifier: GPL-2.0
/*
 * anonpipe-faultinject: every allocation on the create, write, read and peek
 * paths fails in turn, and each failure must be clean.
 *
 * Runs as root in the debug-kernel guest (CONFIG_FAILSLAB, FAIL_PAGE_ALLOC,
 * FAULT_INJECTION_DEBUG_FS). For N = 1, 2, ... it writes N to
 * /proc/thread-self/fail-nth, makes one call and reads fail-nth back: 0 means
 * the N-th fault point of the call was failed, anything else means the call
 * has fewer than N fault points and the case is complete. Both failslab and
 * fail_page_alloc skip GFP_KERNEL allocations until ignore-gfp-wait is N, and
 * fail_page_alloc skips order-0 pages until min-order is 0.
 *
 * fail-nth fails one allocation only, so a fallback (kvmalloc's vmalloc after
 * its kmalloc) always rescues the call. Each case therefore runs twice: with
 * the N-th allocation failing ("<case>"), and with the N-th and every later
 * one failing ("<case>_from_nth": probability 100 with task-filter, and
 * make-it-fail set on this thread for the duration of the call).
 *
 * Each call must either succeed, with the pipe working, or fail with ENOMEM
 * (ERROR_NOT_ENOUGH_MEMORY through libanonpipe) and leave no descriptor
 * behind and the pipe, if one exists, intact. Leaked memory is left for the
 * guest's final kmemleak scan to find.
 *
 * Prints "ok faultinject/<case>" or "not ok faultinject/<case>" per case,
 * details on "# " lines before it; exits 1 if any case failed.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <anonpipe.h>
#include <linux/anonpipe.h>

#define MAX_NTH		5000	/* no path has anywhere near this many */
#define MAX_FAILURES	5	/* per case, then stop the loop */
#define MSG_LEN		4096
#define PIPE_SIZE	65536

static const char *const knobs[][2] = {
	{ "/sys/kernel/debug/failslab/ignore-gfp-wait", "N" },
	{ "/sys/kernel/debug/failslab/verbose", "1" },
	{ "/sys/kernel/debug/fail_page_alloc/ignore-gfp-wait", "N" },
	{ "/sys/kernel/debug/fail_page_alloc/min-order", "0" },
	{ "/sys/kernel/debug/fail_page_alloc/verbose", "1" },
	/* task-filter before probability: no other task may ever fail */
	{ "/sys/kernel/debug/failslab/task-filter", "Y" },
	{ "/sys/kernel/debug/failslab/times", "-1" },
	{ "/sys/kernel/debug/failslab/probability", "100" },
	{ "/sys/kernel/debug/fail_page_alloc/task-filter", "Y" },
	{ "/sys/kernel/debug/fail_page_alloc/times", "-1" },
	{ "/sys/kernel/debug/fail_page_alloc/probability", "100" },
};
#define NKNOBS (sizeof(knobs) / sizeof(knobs[0]))
static char saved[NKNOBS][32];

static int nth_fd = -1, make_it_fail_fd = -1;
static bool from_nth;		/* fail every allocation after the N-th too */
static int dev_fd = -1;
static unsigned int cur_n;
static int case_failures;
static char pattern[MSG_LEN], buf[MSG_LEN];

static void fail(const char *fmt, ...)
{
	va_list ap;

	printf("# n=%u: ", cur_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	case_failures++;
}

static int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);
	ssize_t n = -1;

	if (fd >= 0) {
		n = write(fd, val, strlen(val));
		close(fd);
	}
	return n == (ssize_t)strlen(val) ? 0 : -1;
}

static int read_file(const char *path, char *val, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = -1;

	if (fd >= 0) {
		n = read(fd, val, size - 1);
		close(fd);
	}
	if (n <= 0)
		return -1;
	val[n] = 0;
	val[strcspn(val, "\n")] = 0;
	return 0;
}

static void proc_write(int fd, const char *s)
{
	if (pwrite(fd, s, strlen(s), 0) != (ssize_t)strlen(s)) {
		perror("# fail-nth or make-it-fail write");
		exit(1);
	}
}

static void nth_set(unsigned int n)
{
	char s[16];

	snprintf(s, sizeof(s), "%u", n);
	proc_write(nth_fd, s);
	if (from_nth && n)
		proc_write(make_it_fail_fd, "1");
}

/* Ends an injection window: true if the N-th fault point was failed. */
static bool nth_consumed(void)
{
	char s[16] = "";
	bool consumed;

	if (from_nth)
		proc_write(make_it_fail_fd, "0");
	if (pread(nth_fd, s, sizeof(s) - 1, 0) <= 0) {
		perror("# fail-nth read");
		exit(1);
	}
	consumed = strtoul(s, NULL, 10) == 0;
	nth_set(0);
	return consumed;
}

static int fd_count(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (!d)
		return -1;
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

static int create_pipe(unsigned int size, int *rfd, int *wfd)
{
	struct anonpipe_create c = { .size = size,
				     .flags = ANONPIPE_CREATE_CLOEXEC };

	if (ioctl(dev_fd, ANONPIPE_IOC_CREATE, &c) < 0)
		return -errno;
	*rfd = c.read_fd;
	*wfd = c.write_fd;
	return 0;
}

static int transfer(int fd, unsigned long req, void *p, size_t len,
		    struct anonpipe_transfer *t)
{
	*t = (struct anonpipe_transfer){ .buf = (uintptr_t)p, .len = len };
	return ioctl(fd, req, t) < 0 ? -errno : 0;
}

static size_t queued(int fd)
{
	struct anonpipe_info info;

	if (ioctl(fd, ANONPIPE_IOC_INFO, &info) < 0) {
		fail("INFO: %s", strerror(errno));
		return 0;
	}
	return info.queued;
}

/* Reads what is queued and checks it is pattern[off..off+expect). */
static void drain(int rfd, size_t off, size_t expect)
{
	struct anonpipe_transfer t;
	size_t q = queued(rfd);

	if (q != expect) {
		fail("%zu bytes queued, expected %zu", q, expect);
		if (q > expect)
			q = expect;
	}
	if (!q)
		return;
	if (transfer(rfd, ANONPIPE_IOC_READ, buf, q, &t) || t.bytes != q ||
	    memcmp(buf, pattern + off, q))
		fail("reading back %zu queued bytes failed or differs", q);
}

/* A round trip through read(2) and write(2); then closes both ends. */
static void check_usable_and_close(int rfd, int wfd)
{
	if (write(wfd, pattern, 100) != 100 || read(rfd, buf, 100) != 100 ||
	    memcmp(buf, pattern, 100))
		fail("the pipe does not work after the call");
	if (close(rfd) || close(wfd))
		fail("close: %s", strerror(errno));
}

static void check_error(int err, const char *what)
{
	if (err != -ENOMEM)
		fail("%s failed with %s, expected ENOMEM", what, strerror(-err));
}

/*
 * One step per case: make the call under fail-nth = n, check the outcome.
 * Returns true when the call did not reach its n-th fault point.
 */
static bool step_create(unsigned int n, unsigned int size)
{
	int rfd = -1, wfd = -1, ret;
	bool consumed;

	nth_set(n);
	ret = create_pipe(size, &rfd, &wfd);
	consumed = nth_consumed();
	if (ret)
		check_error(ret, "CREATE");
	else
		check_usable_and_close(rfd, wfd);
	return !consumed;
}

static bool step_create_default(unsigned int n) { return step_create(n, 0); }
static bool step_create_1m(unsigned int n) { return step_create(n, 1 << 20); }

/* A fresh pipe per step, so every step starts from the same state. */
static bool new_pipe(int *rfd, int *wfd, size_t prefill)
{
	int ret = create_pipe(PIPE_SIZE, rfd, wfd);

	if (ret) {
		fail("CREATE without fault injection: %s", strerror(-ret));
		return false;
	}
	if (prefill && write(*wfd, pattern, prefill) != (ssize_t)prefill) {
		fail("prefill write: %s", strerror(errno));
		return false;
	}
	return true;
}

static bool step_write(unsigned int n, bool use_ioctl)
{
	struct anonpipe_transfer t = { 0 };
	int rfd = -1, wfd = -1, ret;
	bool consumed;
	ssize_t w = 0;

	if (!new_pipe(&rfd, &wfd, 0))
		return true;
	nth_set(n);
	if (use_ioctl) {
		ret = transfer(wfd, ANONPIPE_IOC_WRITE, pattern, MSG_LEN, &t);
	} else {
		w = write(wfd, pattern, MSG_LEN);
		ret = w < 0 ? -errno : 0;
	}
	consumed = nth_consumed();
	if (ret) {
		check_error(ret, use_ioctl ? "WRITE" : "write(2)");
		/* Whatever was queued before the error must be intact. */
		drain(rfd, 0, queued(rfd));
	} else if (use_ioctl && (t.status != ANONPIPE_STATUS_OK ||
				 t.bytes != MSG_LEN)) {
		fail("WRITE: status %u, %llu bytes", t.status,
		     (unsigned long long)t.bytes);
		drain(rfd, 0, t.bytes);
	} else {
		drain(rfd, 0, use_ioctl ? MSG_LEN : (size_t)w);
	}
	check_usable_and_close(rfd, wfd);
	return !consumed;
}

static bool step_write_ioctl(unsigned int n) { return step_write(n, true); }
static bool step_write_syscall(unsigned int n) { return step_write(n, false); }

static bool step_read_peek(unsigned int n, unsigned long req)
{
	bool peek = req == ANONPIPE_IOC_PEEK;
	struct anonpipe_transfer t;
	int rfd = -1, wfd = -1, ret;
	bool consumed;

	if (!new_pipe(&rfd, &wfd, MSG_LEN))
		return true;
	memset(buf, 0, sizeof(buf));
	nth_set(n);
	ret = transfer(rfd, req, buf, MSG_LEN, &t);
	consumed = nth_consumed();
	if (ret) {
		check_error(ret, peek ? "PEEK" : "READ");
		drain(rfd, 0, MSG_LEN);		/* nothing consumed */
	} else if (t.status != ANONPIPE_STATUS_OK || t.bytes != MSG_LEN ||
		   memcmp(buf, pattern, MSG_LEN)) {
		fail("%s: status %u, %llu bytes, data %s", peek ? "PEEK" : "READ",
		     t.status, (unsigned long long)t.bytes,
		     memcmp(buf, pattern, MSG_LEN) ? "differs" : "ok");
	} else {
		drain(rfd, 0, peek ? MSG_LEN : 0);
	}
	check_usable_and_close(rfd, wfd);
	return !consumed;
}

static bool step_peek(unsigned int n) { return step_read_peek(n, ANONPIPE_IOC_PEEK); }
static bool step_read(unsigned int n) { return step_read_peek(n, ANONPIPE_IOC_READ); }

static bool step_createpipe(unsigned int n)
{
	HANDLE r = NULL, w = NULL;
	DWORD err, moved = 0;
	bool consumed;
	BOOL ok;

	nth_set(n);
	ok = CreatePipe(&r, &w, NULL, 0);
	err = GetLastError();
	consumed = nth_consumed();
	if (!ok) {
		if (err != ERROR_NOT_ENOUGH_MEMORY)
			fail("CreatePipe: error %u, expected ERROR_NOT_ENOUGH_MEMORY (8)",
			     err);
		return !consumed;
	}
	if (!WriteFile(w, pattern, 100, &moved, NULL) || moved != 100 ||
	    !ReadFile(r, buf, 100, &moved, NULL) || moved != 100 ||
	    memcmp(buf, pattern, 100))
		fail("the pipe from CreatePipe does not work: error %u",
		     GetLastError());
	if (!CloseHandle(r) || !CloseHandle(w))
		fail("CloseHandle: error %u", GetLastError());
	return !consumed;
}

static int run_case(const char *name, bool (*step)(unsigned int n), bool tail)
{
	unsigned int points = 0;
	bool done = false;

	case_failures = 0;
	from_nth = tail;
	for (cur_n = 1; cur_n <= MAX_NTH && !done; cur_n++) {
		int before = fd_count();

		done = step(cur_n);
		if (fd_count() != before)
			fail("descriptors: %d before, %d after", before,
			     fd_count());
		if (!done)
			points++;
		if (case_failures >= MAX_FAILURES) {
			printf("# stopping after %d failures\n", case_failures);
			break;
		}
	}
	if (!done && case_failures < MAX_FAILURES)
		fail("still failing calls after %u fault points", MAX_NTH);
	printf("# faultinject/%s%s: %u fault points failed in turn\n", name,
	       tail ? "_from_nth" : "", points);
	printf("%sok faultinject/%s%s\n", case_failures ? "not " : "", name,
	       tail ? "_from_nth" : "");
	fflush(stdout);
	return case_failures ? 1 : 0;
}

static void restore_knobs(void)
{
	for (size_t i = NKNOBS; i-- > 0;)	/* probability first */
		if (saved[i][0])
			write_file(knobs[i][0], saved[i]);
}

static void touch_stack(void)
{
	volatile char stack[256 * 1024];

	memset((char *)stack, 0, sizeof(stack));
}

int main(void)
{
	static const struct {
		const char *name;
		bool (*step)(unsigned int n);
	} cases[] = {
		{ "create_ioctl_default_size", step_create_default },
		{ "create_ioctl_1m", step_create_1m },
		{ "write_ioctl", step_write_ioctl },
		{ "write_syscall", step_write_syscall },
		{ "peek_ioctl", step_peek },
		{ "read_ioctl", step_read },
		{ "createpipe_win32", step_createpipe },
	};
	int failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (size_t i = 0; i < sizeof(pattern); i++)
		pattern[i] = (char)(i * 7 + 1);

	/*
	 * A page fault inside an injection window would take the fault
	 * point meant for the call: lock everything in memory, pre-touch
	 * the stack and warm up the library (malloc arenas, handle table).
	 */
	if (mlockall(MCL_CURRENT | MCL_FUTURE))
		perror("# mlockall");
	touch_stack();

	nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	make_it_fail_fd = open("/proc/thread-self/make-it-fail", O_RDWR);
	dev_fd = open("/dev/anonpipe", O_RDWR | O_CLOEXEC);
	if (nth_fd < 0 || make_it_fail_fd < 0 || dev_fd < 0) {
		printf("# fail-nth, make-it-fail or /dev/anonpipe: %s\n",
		       strerror(errno));
		printf("not ok faultinject/setup\n");
		return 1;
	}
	for (size_t i = 0; i < NKNOBS; i++) {
		if (read_file(knobs[i][0], saved[i], sizeof(saved[i])) ||
		    write_file(knobs[i][0], knobs[i][1])) {
			printf("# cannot set %s: %s\n", knobs[i][0],
			       strerror(errno));
			printf("not ok faultinject/setup\n");
			restore_knobs();
			return 1;
		}
	}
	cur_n = 0;
	step_createpipe(0);		/* warm-up, no injection */
	if (case_failures) {
		printf("not ok faultinject/setup\n");
		restore_knobs();
		return 1;
	}

	for (int tail = 0; tail <= 1; tail++)
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
			failed += run_case(cases[i].name, cases[i].step, tail);

	restore_knobs();
	printf("# faultinject: %zu passed, %d failed\n",
	       2 * sizeof(cases) / sizeof(cases[0]) - failed, failed);
	return failed ? 1 : 0;
}
