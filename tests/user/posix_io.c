// SPDX-License-Identifier: GPL-2.0
/*
 * The handles speak POSIX as a pipe does: read(2), write(2), EPIPE and
 * SIGPIPE, O_NONBLOCK, PIPE_BUF atomicity, ESPIPE, FIONREAD, signals.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include "util.h"

TEST(posix_read_returns_available_bytes_without_waiting_for_more)
{
	char buf[64];
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	write_all(w, "short", 5);
	ASSERT_EQ(CHECK(read(r, buf, sizeof(buf))), 5);
	ASSERT_MEMEQ(buf, "short", 5);
}

TEST(posix_writes_concatenate_in_fifo_order)
{
	char buf[64];
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	write_all(w, "first,", 6);
	write_all(w, "second,", 7);
	write_all(w, "third", 5);
	ASSERT_EQ(CHECK(read(r, buf, sizeof(buf))), 18);
	ASSERT_MEMEQ(buf, "first,second,third", 18);
}

TEST(posix_read_returns_zero_at_end_of_data_after_draining)
{
	char buf[16];
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	write_all(w, "tail", 4);
	CHECK(close(w));
	ASSERT_EQ(CHECK(read(r, buf, sizeof(buf))), 4);
	ASSERT_EQ(CHECK(read(r, buf, sizeof(buf))), 0);
	ASSERT_EQ(CHECK(read(r, buf, sizeof(buf))), 0);
}

TEST(posix_read_blocks_on_empty_pipe_until_data)
{
	char buf[16];
	struct op o = { .buf = buf, .len = sizeof(buf) };
	struct bg b;
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	BG_START_BLOCKED_ON_FD(&b, op_read, &o, r);
	write_all(w, "go", 2);
	BG_JOIN(&b);
	ASSERT_EQ(o.ret, 2);
	ASSERT_MEMEQ(buf, "go", 2);
}

TEST(posix_read_len_zero_returns_zero_at_once)
{
	char buf[1];
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	ASSERT_EQ(CHECK(read(r, buf, 0)), 0);
}

TEST(posix_write_larger_than_capacity_blocks_until_all_written)
{
	size_t len = 5 * 4096 + 123;
	char *big = malloc(len), *sink = malloc(len);
	struct op o = { .buf = big, .len = len };
	struct bg b;
	size_t got = 0;
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	pattern_fill(big, len, 0, 5);
	BG_START_BLOCKED_ON_FD(&b, op_write, &o, w);
	while (got < len)
		got += (size_t)CHECK(read(r, sink + got, 1000));
	BG_JOIN(&b);
	ASSERT_EQ(o.ret, (ssize_t)len);
	ASSERT_EQ(pattern_check(sink, len, 0, 5), -1);
}

TEST(posix_write_without_reader_fails_epipe_and_raises_sigpipe)
{
	int r, w;

	install_handler(SIGPIPE, 1);
	ap_pipe(4096, 0, &r, &w);
	CHECK(close(r));
	ASSERT_ERRNO(write(w, "x", 1), EPIPE);
	ASSERT_EQ(atomic_load(&sig_count), 1);
}

static void write_to_readerless_pipe(void *arg)
{
	int r, w;

	(void)arg;
	ap_pipe(4096, 0, &r, &w);
	close(r);
	(void)!write(w, "x", 1);
	_exit(0);		/* not reached if SIGPIPE kills */
}

TEST(posix_write_without_reader_kills_with_default_sigpipe)
{
	int status = run_in_child(write_to_readerless_pipe, NULL);

	ASSERT_TRUE(WIFSIGNALED(status));
	ASSERT_EQ(WTERMSIG(status), SIGPIPE);
}

TEST(posix_blocked_writer_gets_epipe_when_reader_closes)
{
	char big[8192];
	struct op o = { .buf = big, .len = sizeof(big) };
	struct bg b;
	int r, w;

	signal(SIGPIPE, SIG_IGN);
	ap_pipe(4096, 0, &r, &w);
	BG_START_BLOCKED_ON_FD(&b, op_write, &o, w);
	CHECK(close(r));
	BG_JOIN(&b);
	/* Linux pipes return the partial count if something was written. */
	if (o.ret == -1)
		ASSERT_EQ(o.err_no, EPIPE);
	else
		ASSERT_EQ(o.ret, 4096);
}

TEST(posix_nonblocking_read_on_empty_pipe_fails_eagain)
{
	char buf[8];
	int r, w;

	ap_pipe(4096, ANONPIPE_CREATE_NONBLOCK, &r, &w);
	ASSERT_ERRNO(read(r, buf, sizeof(buf)), EAGAIN);
}

TEST(posix_nonblocking_read_with_writer_gone_returns_zero)
{
	char buf[8];
	int r, w;

	ap_pipe(4096, ANONPIPE_CREATE_NONBLOCK, &r, &w);
	CHECK(close(w));
	ASSERT_EQ(CHECK(read(r, buf, sizeof(buf))), 0);
}

TEST(posix_nonblocking_write_on_full_pipe_fails_eagain)
{
	int r, w;

	ap_pipe(64, ANONPIPE_CREATE_NONBLOCK, &r, &w);
	fill(w, 64);
	ASSERT_ERRNO(write(w, "x", 1), EAGAIN);
	ASSERT_EQ(fionread(r), 64);
}

TEST(posix_o_nonblock_set_by_fcntl_takes_effect)
{
	char buf[8];
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	set_nonblock(r, 1);
	ASSERT_ERRNO(read(r, buf, sizeof(buf)), EAGAIN);
	set_nonblock(r, 0);
	ASSERT_EQ(CHECK(fcntl(r, F_GETFL)) & O_NONBLOCK, 0);
}

TEST(posix_nonblocking_atomic_write_without_room_fails_eagain_writing_nothing)
{
	int r, w;

	ap_pipe(8192, ANONPIPE_CREATE_NONBLOCK, &r, &w);
	fill(w, 5000);
	/* 3192 bytes free: a 4096-byte write must not be split. */
	ASSERT_ERRNO(write(w, malloc(4096), 4096), EAGAIN);
	ASSERT_EQ(fionread(r), 5000);
}

TEST(posix_atomic_write_waits_for_room_without_writing_a_part)
{
	char *rec = malloc(4096), sink[1000];
	struct op o = { .buf = rec, .len = 4096 };
	struct bg b;
	int r, w;

	ap_pipe(8192, 0, &r, &w);
	fill(w, 5000);
	memset(rec, 'R', 4096);
	BG_START_BLOCKED_ON_FD(&b, op_write, &o, w);
	ASSERT_EQ(fionread(r), 5000);	/* no part of the record queued */
	ASSERT_EQ(CHECK(read(r, sink, 904)), 904);
	BG_JOIN(&b);			/* 4096 free now */
	ASSERT_EQ(o.ret, 4096);
	ASSERT_EQ(fionread(r), 4096 + 4096);
}

TEST(posix_atomic_write_on_small_pipe_waits_for_whole_room)
{
	char rec[50], sink[100];
	struct op o = { .buf = rec, .len = sizeof(rec) };
	struct bg b;
	int r, w;

	/*
	 * Writes up to the capacity are atomic too: no part of the record
	 * goes in while only some of it fits. (Like pipe(2), a blocked writer
	 * is woken when a PIPE_BUF-sized write fits, here the capacity.)
	 */
	ap_pipe(100, 0, &r, &w);
	fill(w, 60);
	memset(rec, 'S', sizeof(rec));
	BG_START_BLOCKED_ON_FD(&b, op_write, &o, w);
	ASSERT_EQ(fionread(r), 60);
	ASSERT_EQ(CHECK(read(r, sink, 10)), 10);
	ASSERT_EQ(fionread(r), 50);
	ASSERT_EQ(CHECK(read(r, sink + 10, 50)), 50);
	BG_JOIN(&b);
	ASSERT_EQ(o.ret, 50);
	ASSERT_EQ(pattern_check(sink, 60, 0, 0), -1);
	ASSERT_EQ(CHECK(read(r, sink, 100)), 50);
	for (int i = 0; i < 50; i++)
		ASSERT_EQ(sink[i], 'S');
}

TEST(posix_lseek_fails_espipe_on_both_ends)
{
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	ASSERT_ERRNO(lseek(r, 0, SEEK_SET), ESPIPE);
	ASSERT_ERRNO(lseek(w, 0, SEEK_CUR), ESPIPE);
}

TEST(posix_pread_and_pwrite_fail_espipe)
{
	char buf[4];
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	write_all(w, "abc", 3);
	ASSERT_ERRNO(pread(r, buf, sizeof(buf), 0), ESPIPE);
	ASSERT_ERRNO(pwrite(w, "x", 1, 0), ESPIPE);
	ASSERT_EQ(fionread(r), 3);
}

TEST(posix_read_on_write_end_and_write_on_read_end_fail_ebadf)
{
	char buf[4];
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	write_all(w, "abc", 3);
	ASSERT_ERRNO(read(w, buf, sizeof(buf)), EBADF);
	ASSERT_ERRNO(write(r, "x", 1), EBADF);
	ASSERT_EQ(fionread(r), 3);
}

TEST(posix_fionread_reports_queued_bytes_on_both_ends)
{
	char buf[10];
	int r, w, n = -1;

	ap_pipe(4096, 0, &r, &w);
	ASSERT_EQ(fionread(r), 0);
	fill(w, 1234);
	ASSERT_EQ(fionread(r), 1234);
	CHECK(ioctl(w, FIONREAD, &n));
	ASSERT_EQ(n, 1234);
	ASSERT_EQ(CHECK(read(r, buf, 10)), 10);
	ASSERT_EQ(fionread(r), 1224);
}

TEST(posix_readv_and_writev_move_scattered_buffers)
{
	struct iovec out[3] = { { "one", 3 }, { "-two-", 5 }, { "three", 5 } };
	char a[6], b[7];
	struct iovec in[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	ASSERT_EQ(CHECK(writev(w, out, 3)), 13);
	ASSERT_EQ(CHECK(readv(r, in, 2)), 13);
	ASSERT_MEMEQ(a, "one-tw", 6);
	ASSERT_MEMEQ(b, "o-three", 7);
}

TEST(posix_all_byte_values_pass_unchanged)
{
	unsigned char out[512], in[512];
	int r, w;

	for (int i = 0; i < 512; i++)
		out[i] = (unsigned char)(i ^ (i >> 8) * 0x5a);
	ap_pipe(4096, 0, &r, &w);
	write_all(w, out, sizeof(out));
	ASSERT_EQ(CHECK(read(r, in, sizeof(in))), 512);
	ASSERT_MEMEQ(in, out, 512);
}

TEST(posix_blocked_read_interrupted_without_sa_restart_fails_eintr)
{
	int r, w;
	struct op o = INTERRUPTED_READ(op_read, 8, &r, &w);

	ASSERT_EQ(o.ret, -1);
	ASSERT_EQ(o.err_no, EINTR);
	ASSERT_EQ(atomic_load(&sig_count), 1);
}

TEST(posix_blocked_read_restarts_with_sa_restart)
{
	char buf[8];
	struct op o = { .buf = buf, .len = sizeof(buf) };
	struct bg b;
	int r, w;

	install_handler(SIGUSR1, 1);
	ap_pipe(4096, 0, &r, &w);
	BG_START_BLOCKED_ON_FD(&b, op_read, &o, r);
	pthread_kill(b.thread, SIGUSR1);
	BG_ASSERT_BLOCKED(&b);
	ASSERT_EQ(atomic_load(&sig_count), 1);
	write_all(w, "late", 4);
	BG_JOIN(&b);
	ASSERT_EQ(o.ret, 4);
	ASSERT_MEMEQ(buf, "late", 4);
}

TEST(posix_blocked_write_interrupted_after_progress_returns_partial_count)
{
	int r, w;
	struct op o = INTERRUPTED_WRITE(op_write, 4096, 0, 3 * 4096, &r, &w);

	ASSERT_EQ(o.ret, 4096);
	ASSERT_EQ(fionread(r), 4096);
}

TEST(posix_blocked_write_interrupted_before_progress_fails_eintr)
{
	int r, w;
	struct op o = INTERRUPTED_WRITE(op_write, 10, 10, 10, &r, &w);

	ASSERT_EQ(o.ret, -1);
	ASSERT_EQ(o.err_no, EINTR);
	ASSERT_EQ(fionread(r), 10);
}

TEST(posix_blocked_writer_is_killable)
{
	int r, w, status;
	pid_t pid;

	ap_pipe(16, 0, &r, &w);
	pid = fork();
	if (pid == 0) {
		char big[64] = { 0 };

		(void)!write(w, big, sizeof(big));
		_exit(3);
	}
	msleep(300);
	ASSERT_EQ(waitpid(pid, &status, WNOHANG), 0);	/* still blocked */
	CHECK(kill(pid, SIGKILL));
	ASSERT_EQ(CHECK(waitpid(pid, &status, 0)), pid);
	ASSERT_TRUE(WIFSIGNALED(status));
	ASSERT_EQ(WTERMSIG(status), SIGKILL);
	ASSERT_EQ(fionread(r), 16);
}

TEST(posix_data_written_before_fork_is_read_by_child)
{
	int r, w, status;
	pid_t pid;

	ap_pipe(4096, 0, &r, &w);
	write_all(w, "inherited", 9);
	pid = fork();
	if (pid == 0) {
		char buf[16];

		_exit(read(r, buf, sizeof(buf)) == 9 && memcmp(buf, "inherited", 9) == 0
		      ? 0 : 1);
	}
	CHECK(waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(WEXITSTATUS(status), 0);
	ASSERT_EQ(fionread(r), 0);
}
