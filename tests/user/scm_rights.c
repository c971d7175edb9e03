// SPDX-License-Identifier: GPL-2.0
/*
 * Passing a handle to an unrelated process over a Unix socket (SCM_RIGHTS).
 * The child is forked before the pipe exists, so it can only reach the
 * pipe through the handle it receives.
 */
#include <fcntl.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "util.h"

static pid_t fork_receiver(int sock[2], void (*fn)(int sock))
{
	pid_t pid;

	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sock));
	pid = fork_flushed();
	if (pid == 0) {
		close(sock[0]);
		fn(sock[1]);
		fflush(stdout);
		_exit(0);
	}
	CHECK(close(sock[1]));
	return pid;
}

static void wait_ok(pid_t pid)
{
	int status;

	CHECK(waitpid(pid, &status, 0));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		FAIL("receiver failed, status 0x%x", status);
}

/* anonpipe_receive_handle, asserting that it returned a handle */
static HANDLE receive(int sock, BOOL inherit)
{
	HANDLE h = anonpipe_receive_handle(sock, inherit);

	if (!h || h == INVALID_HANDLE_VALUE)
		FAIL("anonpipe_receive_handle failed: %u", GetLastError());
	return h;
}

static void receive_and_write(int sock)
{
	HANDLE w = receive(sock, FALSE);

	ASSERT_FALSE(is_inheritable(w));
	w_write(w, "from an unrelated process", 25);
	w_close(w);
}

TEST_CORE(scm_rights_write_handle_reaches_unrelated_process)
{
	int sock[2];
	char buf[64];
	pid_t pid = fork_receiver(sock, receive_and_write);
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	WIN_OK(anonpipe_send_handle(sock[0], w));
	w_close(w);
	w_read_exact(r, buf, 25);
	ASSERT_MEMEQ(buf, "from an unrelated process", 25);
	WIN_FAILS(ReadFile(r, buf, sizeof(buf), &(DWORD){ 0 }, NULL), ERROR_BROKEN_PIPE);
	wait_ok(pid);
}

static void receive_and_read(int sock)
{
	HANDLE r = receive(sock, TRUE);
	char buf[32];
	DWORD cnt = 0;

	ASSERT_TRUE(is_inheritable(r));
	w_read_exact(r, buf, 11);
	ASSERT_MEMEQ(buf, "to the peer", 11);
	WIN_FAILS(ReadFile(r, buf, sizeof(buf), &cnt, NULL), ERROR_BROKEN_PIPE);
}

TEST_CORE(scm_rights_read_handle_reaches_unrelated_process)
{
	int sock[2];
	pid_t pid = fork_receiver(sock, receive_and_read);
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	WIN_OK(anonpipe_send_handle(sock[0], r));
	w_close(r);
	w_write(w, "to the peer", 11);
	w_close(w);
	wait_ok(pid);
}

static void receive_native(int sock)
{
	int fd = anonpipe_receive_fd(sock, 1);

	ASSERT_GE(fd, 0);
	ASSERT_EQ(CHECK(fcntl(fd, F_GETFD)) & FD_CLOEXEC, FD_CLOEXEC);
	ASSERT_EQ(CHECK(fcntl(fd, F_GETFL)) & O_ACCMODE, O_WRONLY);
	write_all(fd, "native", 6);
	fd = anonpipe_receive_fd(sock, 0);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(CHECK(fcntl(fd, F_GETFD)) & FD_CLOEXEC, 0);
	write_all(fd, "!", 1);
}

TEST(scm_rights_native_send_and_receive_fd_honour_cloexec)
{
	int sock[2], r, w;
	char buf[16];
	pid_t pid = fork_receiver(sock, receive_native);

	ap_pipe(0, ANONPIPE_CREATE_CLOEXEC, &r, &w);
	ASSERT_EQ(anonpipe_send_fd(sock[0], w), 0);
	ASSERT_EQ(anonpipe_send_fd(sock[0], w), 0);
	CHECK(close(w));
	wait_ok(pid);
	ASSERT_EQ(CHECK(read(r, buf, sizeof(buf))), 7);
	ASSERT_MEMEQ(buf, "native!", 7);
	ASSERT_EQ(CHECK(read(r, buf, sizeof(buf))), 0);
}

TEST(scm_rights_receive_without_a_descriptor_fails)
{
	int sock[2];

	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sock));
	write_all(sock[0], "x", 1);		/* data, no SCM_RIGHTS */
	ASSERT_LT(anonpipe_receive_fd(sock[1], 1), 0);
}
