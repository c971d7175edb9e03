// SPDX-License-Identifier: GPL-2.0
/*
 * Handles and child processes started with fork+exec: redirected stdout
 * read with ReadFile until ERROR_BROKEN_PIPE (B-93), inheritance of
 * inheritable handles only (B-92), and the parent's own copy keeping the
 * pipe open (B-55).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#include "util.h"

/* ---- child modes of this binary ---- */

/* probe-fd <fd> <r|w>: exit 0 if fd is an open anonpipe handle with that
 * access, 10 if fd is closed, 20 if open but something else. */
CHILD_MODE(probe_fd)
{
	struct anonpipe_info info;
	int fd, fl;

	if (argc != 3)
		return 2;
	fd = atoi(argv[1]);
	fl = fcntl(fd, F_GETFL);
	if (fl < 0)
		return errno == EBADF ? 10 : 3;
	if (ioctl(fd, ANONPIPE_IOC_INFO, &info) < 0)
		return 20;
	if ((fl & O_ACCMODE) != (argv[2][0] == 'r' ? O_RDONLY : O_WRONLY))
		return 21;
	return 0;
}

/* write-pattern <fd> <bytes> <seed>: WriteFile through the inherited fd. */
CHILD_MODE(write_pattern)
{
	HANDLE h;
	uint64_t total, off = 0;
	uint32_t seed;
	static char buf[7777];

	if (argc != 4)
		return 2;
	h = anonpipe_fd_to_handle(atoi(argv[1]));
	total = strtoull(argv[2], NULL, 0);
	seed = (uint32_t)strtoul(argv[3], NULL, 0);
	while (off < total) {
		DWORD n = total - off < sizeof(buf) ? (DWORD)(total - off) : sizeof(buf);
		DWORD cnt = 0;

		pattern_fill(buf, n, off, seed);
		if (!WriteFile(h, buf, n, &cnt, NULL) || cnt != n)
			return 4;
		off += n;
	}
	return 0;
}

/* ---- helpers ---- */

/* Resolves a command: /bin/<name>, /usr/bin/<name>, else busybox. */
static const char *tool_path(const char *name)
{
	static char path[64];

	snprintf(path, sizeof(path), "/bin/%s", name);
	if (access(path, X_OK) == 0)
		return path;
	snprintf(path, sizeof(path), "/usr/bin/%s", name);
	if (access(path, X_OK) == 0)
		return path;
	if (access("/bin/busybox", X_OK) == 0)
		return "/bin/busybox";
	FAIL("no %s and no /bin/busybox in this system", name);
}

/* Forks and execs argv with stdout (and stdin if in_fd >= 0) redirected. */
static pid_t spawn(char *const argv[], int in_fd, int out_fd)
{
	pid_t pid = fork_flushed();

	if (pid == 0) {
		if (in_fd >= 0 && dup2(in_fd, 0) < 0)
			_exit(126);
		if (out_fd >= 0 && dup2(out_fd, 1) < 0)
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

static pid_t spawn_self(const char *mode, const char *a1, const char *a2,
			const char *a3)
{
	char *argv[] = { (char *)self_exe(), "--child", (char *)mode,
			 (char *)a1, (char *)a2, (char *)a3, NULL };

	return spawn(argv, -1, -1);
}

static int wait_exit(pid_t pid)
{
	int status;

	ASSERT_EQ(CHECK(waitpid(pid, &status, 0)), pid);
	if (!WIFEXITED(status))
		FAIL("child killed by signal %d", WTERMSIG(status));
	return WEXITSTATUS(status);
}

/* ReadFile until FALSE; asserts the failure is ERROR_BROKEN_PIPE. */
static size_t read_until_broken_pipe(HANDLE r, char *buf, size_t cap)
{
	size_t got = 0;
	DWORD cnt;

	for (;;) {
		cnt = 0xdeadbeef;
		SetLastError(0xdeadbeef);
		if (!ReadFile(r, buf + got, (DWORD)(cap - got), &cnt, NULL))
			break;
		ASSERT_GT(cnt, 0);
		got += cnt;
		ASSERT_LT(got, cap);
	}
	ASSERT_EQ(GetLastError(), ERROR_BROKEN_PIPE);
	ASSERT_EQ(cnt, 0);
	buf[got] = 0;
	return got;
}

/* A pipe whose write end is inheritable and read end is not, as in
 * Microsoft's redirection sample. */
static void child_out_pipe(HANDLE *r, HANDLE *w, DWORD size)
{
	w_pipe_inherit(r, w, size, TRUE);
	WIN_OK(SetHandleInformation(*r, HANDLE_FLAG_INHERIT, 0));
}

static char fdarg[16];

static const char *fd_str(HANDLE h)
{
	snprintf(fdarg, sizeof(fdarg), "%d", hfd(h));
	return fdarg;
}

/* ---- tests ---- */

/* argv for a command: busybox gets the applet name first. */
static void tool_argv(char **argv, const char *name, char *const *args)
{
	const char *path = tool_path(name);
	int i = 0;

	argv[i++] = (char *)path;
	if (strcmp(path, "/bin/busybox") == 0)
		argv[i++] = (char *)name;
	while (*args)
		argv[i++] = *args++;
	argv[i] = NULL;
}

TEST_CORE(b93_child_echo_stdout_read_with_readfile_until_broken_pipe)
{
	char *args[] = { "hello", "from", "the", "child", NULL };
	char *argv[8];
	char out[256];
	HANDLE r, w;
	pid_t pid;

	tool_argv(argv, "echo", args);
	child_out_pipe(&r, &w, 0);
	pid = spawn(argv, -1, hfd(w));
	w_close(w);
	read_until_broken_pipe(r, out, sizeof(out));
	ASSERT_STREQ(out, "hello from the child\n");
	ASSERT_EQ(wait_exit(pid), 0);
}

TEST_CORE(b93_child_ls_stdout_read_with_readfile_until_broken_pipe)
{
	static char out[65536];
	char *args[] = { "-l", "/", NULL };
	char *argv[8];
	HANDLE r, w;
	pid_t pid;
	size_t n;

	tool_argv(argv, "ls", args);
	child_out_pipe(&r, &w, 0);
	pid = spawn(argv, -1, hfd(w));
	w_close(w);
	n = read_until_broken_pipe(r, out, sizeof(out));
	ASSERT_EQ(wait_exit(pid), 0);
	ASSERT_GT(n, 0);
	if (!strstr(out, " proc\n") && !strstr(out, " bin\n") && !strstr(out, " bin -> "))
		FAIL("ls -l / output lacks proc and bin:\n%s", out);
}

TEST_CORE(b93_child_stdin_and_stdout_both_through_pipes)
{
	char *args[] = { NULL };
	char *argv[8];
	char out[256];
	HANDLE in_r, in_w, out_r, out_w;
	pid_t pid;

	tool_argv(argv, "cat", args);
	child_out_pipe(&out_r, &out_w, 0);
	w_pipe_inherit(&in_r, &in_w, 0, TRUE);
	WIN_OK(SetHandleInformation(in_w, HANDLE_FLAG_INHERIT, 0));
	pid = spawn(argv, hfd(in_r), hfd(out_w));
	w_close(in_r);
	w_close(out_w);
	w_write(in_w, "fed through stdin\n", 18);
	w_close(in_w);
	read_until_broken_pipe(out_r, out, sizeof(out));
	ASSERT_STREQ(out, "fed through stdin\n");
	ASSERT_EQ(wait_exit(pid), 0);
}

TEST_CORE(b93_child_stream_larger_than_pipe_arrives_intact)
{
	const size_t total = 300000;
	char *buf = malloc(total + 1);
	HANDLE r, w;
	pid_t pid;

	child_out_pipe(&r, &w, 4096);
	pid = spawn_self("write_pattern", fd_str(w), "300000", "31");
	w_close(w);
	ASSERT_EQ(read_until_broken_pipe(r, buf, total + 1), total);
	ASSERT_EQ(pattern_check(buf, total, 0, 31), -1);
	ASSERT_EQ(wait_exit(pid), 0);
}

TEST_CORE(b92_inheritable_write_handle_is_in_child_with_same_value_and_access)
{
	HANDLE r, w;

	w_pipe_inherit(&r, &w, 0, TRUE);
	ASSERT_EQ(wait_exit(spawn_self("probe_fd", fd_str(w), "w", NULL)), 0);
}

TEST_CORE(b92_inheritable_read_handle_is_in_child_with_same_value_and_access)
{
	HANDLE r, w;

	w_pipe_inherit(&r, &w, 0, TRUE);
	ASSERT_EQ(wait_exit(spawn_self("probe_fd", fd_str(r), "r", NULL)), 0);
}

TEST_CORE(b92_non_inheritable_handles_are_not_in_child)
{
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	ASSERT_EQ(wait_exit(spawn_self("probe_fd", fd_str(w), "w", NULL)), 10);
	ASSERT_EQ(wait_exit(spawn_self("probe_fd", fd_str(r), "r", NULL)), 10);
}

TEST_CORE(b92_only_the_inheritable_one_of_two_pipes_reaches_child)
{
	HANDLE r1, w1, r2, w2;
	char a[16], b[16];

	w_pipe_inherit(&r1, &w1, 0, TRUE);
	w_pipe_inherit(&r2, &w2, 0, FALSE);
	snprintf(a, sizeof(a), "%d", hfd(w1));
	snprintf(b, sizeof(b), "%d", hfd(w2));
	ASSERT_EQ(wait_exit(spawn_self("probe_fd", a, "w", NULL)), 0);
	ASSERT_EQ(wait_exit(spawn_self("probe_fd", b, "w", NULL)), 10);
}

TEST_CORE(b91_handle_made_non_inheritable_stays_out_of_child)
{
	HANDLE r, w;

	w_pipe_inherit(&r, &w, 0, TRUE);
	WIN_OK(SetHandleInformation(w, HANDLE_FLAG_INHERIT, 0));
	ASSERT_EQ(wait_exit(spawn_self("probe_fd", fd_str(w), "w", NULL)), 10);
}

TEST_CORE(b91_handle_made_inheritable_reaches_child)
{
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	WIN_OK(SetHandleInformation(w, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT));
	ASSERT_EQ(wait_exit(spawn_self("probe_fd", fd_str(w), "w", NULL)), 0);
}

TEST_CORE(b85_inheritable_duplicate_of_private_handle_reaches_child)
{
	HANDLE r, w, dup;
	char a[16];
	char out[64];
	pid_t pid;

	w_pipe(&r, &w, 0);
	WIN_OK(DuplicateHandle(GetCurrentProcess(), w, GetCurrentProcess(), &dup, 0,
			       TRUE, DUPLICATE_SAME_ACCESS));
	w_close(w);
	snprintf(a, sizeof(a), "%d", hfd(dup));
	pid = spawn_self("write_pattern", a, "40", "5");
	w_close(dup);
	ASSERT_EQ(read_until_broken_pipe(r, out, sizeof(out)), 40);
	ASSERT_EQ(pattern_check(out, 40, 0, 5), -1);
	ASSERT_EQ(wait_exit(pid), 0);
}

static void *readfile_bg(void *p)
{
	return op_readfile(p);
}

TEST_CORE(b55_parent_copy_of_write_handle_prevents_end_of_data)
{
	char buf[64];
	struct op o = { .buf = buf, .len = sizeof(buf) };
	struct bg b;
	HANDLE r, w;
	pid_t pid;

	child_out_pipe(&r, &w, 0);
	pid = spawn_self("write_pattern", fd_str(w), "10", "1");
	ASSERT_EQ(wait_exit(pid), 0);		/* the child is gone */
	w_read_exact(r, buf, 10);
	/* our own w keeps it open */
	BG_START_BLOCKED_ON_HANDLE(&b, readfile_bg, &o, r);
	w_close(w);
	BG_JOIN(&b);
	ASSERT_FALSE(o.ok);
	ASSERT_EQ(o.err, ERROR_BROKEN_PIPE);
	ASSERT_EQ(o.cnt, 0);
}

TEST_CORE(b51_pipe_survives_until_child_copy_closes)
{
	char buf[64];
	HANDLE r, w;
	pid_t pid;

	child_out_pipe(&r, &w, 0);
	pid = fork();
	if (pid == 0) {
		msleep(400);
		w_write(w, "late child", 10);
		_exit(0);
	}
	w_close(w);			/* the child's copy keeps the pipe open */
	w_read_exact(r, buf, 10);
	ASSERT_MEMEQ(buf, "late child", 10);
	ASSERT_EQ(wait_exit(pid), 0);
	WIN_FAILS(ReadFile(r, buf, sizeof(buf), &(DWORD){ 0 }, NULL),
		  ERROR_BROKEN_PIPE);
}
