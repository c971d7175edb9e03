// SPDX-License-Identifier: GPL-2.0
/*
 * The test runner: registration, one forked child per test, timeouts,
 * result lines, and the helpers declared in harness.h.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "harness.h"

#define MAX_TESTS 1024
#define MAX_CHILD_MODES 32
#define DEFAULT_TIMEOUT 10

static struct test_case *tests[MAX_TESTS];
static int ntests;
static struct child_mode *child_modes[MAX_CHILD_MODES];
static int nchild_modes;
static char self_path[PATH_MAX] = "/proc/self/exe";

void harness_register(struct test_case *tc)
{
	if (ntests == MAX_TESTS) {
		fprintf(stderr, "harness: too many tests\n");
		abort();
	}
	tests[ntests++] = tc;
}

void harness_register_child(struct child_mode *cm)
{
	if (nchild_modes == MAX_CHILD_MODES) {
		fprintf(stderr, "harness: too many child modes\n");
		abort();
	}
	child_modes[nchild_modes++] = cm;
}

const char *self_exe(void)
{
	return self_path;
}

/* ---- reporting ---- */

static void vnote(const char *prefix, const char *fmt, va_list ap)
{
	char buf[2048];
	int n = 0;

	if (prefix)
		n = snprintf(buf, sizeof(buf), "%s", prefix);
	vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	/* One write per line, so lines from threads do not mix. */
	printf("# %s\n", buf);
	fflush(stdout);
}

void harness_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnote(NULL, fmt, ap);
	va_end(ap);
}

void harness_fail(const char *file, int line, const char *fmt, ...)
{
	char prefix[512];
	va_list ap;

	snprintf(prefix, sizeof(prefix), "%s:%d: ", file, line);
	va_start(ap, fmt);
	vnote(prefix, fmt, ap);
	va_end(ap);
	fflush(stdout);
	_exit(1);
}

/* ---- small helpers ---- */

void msleep(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int fd_count(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	if (!d)
		FAIL("opendir /proc/self/fd: %s", strerror(errno));
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;	/* the directory's own descriptor */
}

int fd_is_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

#define PARAM_DIR "/sys/module/anonpipe/parameters/"

static int param_read(const char *name, long long *value)
{
	char path[256], buf[64];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), PARAM_DIR "%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	*value = strtoll(buf, NULL, 0);
	return 0;
}

static int param_write(const char *name, long long value)
{
	char path[256], buf[64];
	int fd, len, ok;

	snprintf(path, sizeof(path), PARAM_DIR "%s", name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	len = snprintf(buf, sizeof(buf), "%lld\n", value);
	ok = write(fd, buf, len) == len;
	close(fd);
	return ok ? 0 : -1;
}

long long param_get(const char *name)
{
	long long v;

	if (param_read(name, &v) < 0)
		FAIL("cannot read module parameter %s: %s", name, strerror(errno));
	return v;
}

void param_set(const char *name, long long value)
{
	long long v;

	if (param_write(name, value) < 0)
		FAIL("cannot write module parameter %s=%lld: %s", name, value,
		     strerror(errno));
	if (param_read(name, &v) < 0 || v != value)
		FAIL("module parameter %s reads back %lld, wrote %lld", name, v,
		     value);
}

static const char *const param_names[] = {
	"default_size", "max_size", "user_limit",
};
#define NPARAMS (sizeof(param_names) / sizeof(param_names[0]))

long long fdinfo_get(int fd, const char *key)
{
	char path[64], line[256];
	size_t klen = strlen(key);
	long long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	if (!f)
		FAIL("fopen %s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, klen) == 0 && line[klen] == ':' &&
		    line[klen + 1] == '\t') {
			v = strtoll(line + klen + 2, NULL, 0);
			break;
		}
	}
	fclose(f);
	return v;
}

pid_t fork_flushed(void)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		FAIL("fork: %s", strerror(errno));
	return pid;
}

int run_in_child(void (*fn)(void *), void *arg)
{
	int status;
	pid_t pid = fork_flushed();

	if (pid == 0) {
		fn(arg);
		fflush(stdout);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		FAIL("waitpid: %s", strerror(errno));
	return status;
}

static inline uint8_t pattern_byte(uint64_t i, uint32_t seed)
{
	uint64_t x = (i + seed) * 0x9E3779B97F4A7C15ull;

	return (uint8_t)(x >> 56) ^ (uint8_t)i;
}

void pattern_fill(void *buf, size_t len, uint64_t off, uint32_t seed)
{
	uint8_t *p = buf;

	for (size_t i = 0; i < len; i++)
		p[i] = pattern_byte(off + i, seed);
}

long pattern_check(const void *buf, size_t len, uint64_t off, uint32_t seed)
{
	const uint8_t *p = buf;

	for (size_t i = 0; i < len; i++)
		if (p[i] != pattern_byte(off + i, seed))
			return (long)i;
	return -1;
}

/* ---- background operations ---- */

static void *bg_trampoline(void *p)
{
	struct bg *b = p;
	void *ret;

	atomic_store(&b->tid, (int)gettid());
	ret = b->fn(b->arg);

	atomic_store(&b->done, 1);
	return ret;
}

void bg_start(struct bg *b, void *(*fn)(void *), void *arg)
{
	int err;

	b->fn = fn;
	b->arg = arg;
	b->joined = 0;
	atomic_store(&b->done, 0);
	atomic_store(&b->tid, 0);
	err = pthread_create(&b->thread, NULL, bg_trampoline, b);
	if (err)
		FAIL("pthread_create: %s", strerror(err));
}

int bg_done(struct bg *b)
{
	return atomic_load(&b->done);
}

/* The scheduler state of a thread of this process ('S' = sleeping). */
static char thread_state(int tid)
{
	char path[64], buf[256], *p;
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return '?';
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return '?';
	buf[n] = 0;
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

void bg_assert_blocked_(struct bg *b, const char *file, int line)
{
	/* Under emulation a thread may need a while to reach its wait. */
	for (int i = 0; i < 500 && !atomic_load(&b->done); i++) {
		int tid = atomic_load(&b->tid);

		if (tid && thread_state(tid) == 'S')
			break;
		msleep(10);
	}
	msleep(300);
	if (atomic_load(&b->done))
		harness_fail(file, line, "operation returned, expected it to block");
}

void bg_join_(struct bg *b, unsigned int timeout_ms, const char *file, int line)
{
	struct timespec ts;
	int err;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += timeout_ms / 1000;
	ts.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	err = pthread_timedjoin_np(b->thread, NULL, &ts);
	if (err == ETIMEDOUT)
		harness_fail(file, line, "operation still blocked after %u ms",
			     timeout_ms);
	if (err)
		harness_fail(file, line, "pthread_timedjoin_np: %s", strerror(err));
	b->joined = 1;
}

/* ---- the runner ---- */

static int cmp_tests(const void *a, const void *b)
{
	const struct test_case *x = *(struct test_case *const *)a;
	const struct test_case *y = *(struct test_case *const *)b;
	int c;

	if (x->last != y->last)
		return x->last - y->last;
	c = strcmp(x->file, y->file);
	if (c)
		return c;
	return x->line - y->line;
}

static int matches(const struct test_case *tc, int argc, char **argv)
{
	char full[512];

	if (argc == 0)
		return 1;
	snprintf(full, sizeof(full), "%s/%s", tc->tier, tc->name);
	for (int i = 0; i < argc; i++)
		if (strncmp(full, argv[i], strlen(argv[i])) == 0 ||
		    strncmp(tc->name, argv[i], strlen(argv[i])) == 0)
			return 1;
	return 0;
}

static void reset_signals(void)
{
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (int sig = 1; sig < NSIG; sig++)
		sigaction(sig, &sa, NULL);
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
}

/* Returns 1 on pass, 0 on failure. */
static int run_one(struct test_case *tc)
{
	unsigned int timeout = tc->timeout ? tc->timeout : DEFAULT_TIMEOUT;
	long long saved[NPARAMS], cur, start;
	int have[NPARAMS], status = 0, timed_out = 0;
	const char *env = getenv("ANONPIPE_TEST_TIMEOUT_SCALE");
	pid_t pid;

	if (env && atoi(env) > 1)
		timeout *= atoi(env);
	for (size_t i = 0; i < NPARAMS; i++)
		have[i] = param_read(param_names[i], &saved[i]) == 0;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		printf("# fork: %s\n", strerror(errno));
		return 0;
	}
	if (pid == 0) {
		setpgid(0, 0);
		reset_signals();
		tc->fn();
		fflush(stdout);
		_exit(0);
	}
	setpgid(pid, pid);

	start = now_ms();
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			break;
		if (r < 0 && errno != EINTR) {
			printf("# waitpid: %s\n", strerror(errno));
			return 0;
		}
		if (now_ms() - start > (long long)timeout * 1000) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			timed_out = 1;
			break;
		}
		msleep(2);
	}
	/* Reap whatever the test left behind in its process group. */
	kill(-pid, SIGKILL);
	while (waitpid(-pid, NULL, WNOHANG) > 0)
		;

	/* Tests may leave parameters changed (a failed one always can). */
	for (size_t i = 0; i < NPARAMS; i++)
		if (have[i] && param_read(param_names[i], &cur) == 0 &&
		    cur != saved[i] && param_write(param_names[i], saved[i]) < 0)
			printf("# cannot restore module parameter %s=%lld\n",
			       param_names[i], saved[i]);

	if (now_ms() - start > 3000)
		printf("# slow: took %lld ms\n", now_ms() - start);
	if (timed_out) {
		printf("# timed out after %u s (a hang)\n", timeout);
		return 0;
	}
	if (WIFEXITED(status)) {
		if (WEXITSTATUS(status) == 0)
			return 1;
		if (WEXITSTATUS(status) != 1)
			printf("# test process exited with status %d\n",
			       WEXITSTATUS(status));
		return 0;
	}
	if (WIFSIGNALED(status))
		printf("# test process killed by signal %d (%s)\n",
		       WTERMSIG(status), strsignal(WTERMSIG(status)));
	return 0;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0, skipped = 0, list = 0;
	ssize_t n;

	setvbuf(stdout, NULL, _IOLBF, 0);
	n = readlink("/proc/self/exe", self_path, sizeof(self_path) - 1);
	if (n > 0)
		self_path[n] = 0;
	else
		strcpy(self_path, "/proc/self/exe");

	if (argc >= 3 && strcmp(argv[1], "--child") == 0) {
		for (int i = 0; i < nchild_modes; i++)
			if (strcmp(child_modes[i]->name, argv[2]) == 0)
				return child_modes[i]->fn(argc - 2, argv + 2);
		fprintf(stderr, "unknown child mode %s\n", argv[2]);
		return 127;
	}
	if (argc >= 2 && strcmp(argv[1], "--list") == 0) {
		list = 1;
		argc--;
		argv++;
	}
	argc--;
	argv++;

	qsort(tests, ntests, sizeof(tests[0]), cmp_tests);
	for (int i = 0; i < ntests; i++) {
		struct test_case *tc = tests[i];

		if (!matches(tc, argc, argv))
			continue;
		if (list) {
			printf("%s/%s\n", tc->tier, tc->name);
			continue;
		}
		if (tc->skip) {
			printf("ok %s/%s # SKIP %s\n", tc->tier, tc->name, tc->skip);
			skipped++;
			continue;
		}
		if (run_one(tc)) {
			printf("ok %s/%s\n", tc->tier, tc->name);
			passed++;
		} else {
			printf("not ok %s/%s\n", tc->tier, tc->name);
			failed++;
		}
	}
	if (!list)
		printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
	return failed ? 1 : 0;
}
