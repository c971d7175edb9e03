// SPDX-License-Identifier: GPL-2.0
/*
 * libanonpipe's native API: -errno returns as anonpipe_native.h documents.
 */
#include <fcntl.h>
#include <unistd.h>

#include "util.h"

static struct anonpipe_fds mkpipe(uint64_t size)
{
	struct anonpipe_fds fds;

	ASSERT_EQ(anonpipe_create(size, ANONPIPE_CREATE_CLOEXEC, &fds), 0);
	return fds;
}

TEST(native_create_reports_capacity_and_two_handles)
{
	struct anonpipe_fds fds = mkpipe(777);

	ASSERT_EQ(fds.capacity, 777);
	ASSERT_NE(fds.read_fd, fds.write_fd);
	ASSERT_EQ(CHECK(fcntl(fds.read_fd, F_GETFD)) & FD_CLOEXEC, FD_CLOEXEC);
}

TEST(native_calls_leave_errno_alone)
{
	struct anonpipe_fds fds = mkpipe(0);
	size_t moved;
	char buf[4];

	errno = 12345;
	ASSERT_EQ(anonpipe_read(fds.write_fd, buf, sizeof(buf), &moved), -EACCES);
	ASSERT_EQ(errno, 12345);
}

TEST(native_write_and_read_move_bytes)
{
	struct anonpipe_fds fds = mkpipe(0);
	size_t moved = 99;
	char buf[8];

	ASSERT_EQ(anonpipe_write(fds.write_fd, "native", 6, &moved), 0);
	ASSERT_EQ(moved, 6);
	ASSERT_EQ(anonpipe_read(fds.read_fd, buf, sizeof(buf), &moved), 0);
	ASSERT_EQ(moved, 6);
	ASSERT_MEMEQ(buf, "native", 6);
}

TEST(native_read_at_end_of_data_returns_epipe)
{
	struct anonpipe_fds fds = mkpipe(0);
	size_t moved = 99;
	char buf[8];

	CHECK(close(fds.write_fd));
	ASSERT_EQ(anonpipe_read(fds.read_fd, buf, sizeof(buf), &moved), -EPIPE);
	ASSERT_EQ(moved, 0);
}

TEST(native_write_without_reader_returns_eshutdown)
{
	struct anonpipe_fds fds = mkpipe(0);
	size_t moved = 99;

	CHECK(close(fds.read_fd));
	ASSERT_EQ(anonpipe_write(fds.write_fd, "x", 1, &moved), -ESHUTDOWN);
	ASSERT_EQ(moved, 0);
}

TEST(native_wrong_end_returns_eacces)
{
	struct anonpipe_fds fds = mkpipe(0);
	size_t moved, avail;
	char buf[4];

	ASSERT_EQ(anonpipe_read(fds.write_fd, buf, 4, &moved), -EACCES);
	ASSERT_EQ(anonpipe_write(fds.read_fd, "x", 1, &moved), -EACCES);
	ASSERT_EQ(anonpipe_peek(fds.write_fd, buf, 4, &moved, &avail), -EACCES);
}

TEST(native_non_anonpipe_descriptor_returns_enotty)
{
	struct anonpipe_info info;
	int p[2];
	size_t moved;

	CHECK(pipe(p));
	ASSERT_EQ(anonpipe_info(p[0], &info), -ENOTTY);
	ASSERT_EQ(anonpipe_write(p[1], "x", 1, &moved), -ENOTTY);
}

TEST(native_closed_descriptor_returns_ebadf)
{
	struct anonpipe_fds fds = mkpipe(0);
	size_t moved;
	char buf[4];

	CHECK(close(fds.read_fd));
	ASSERT_EQ(anonpipe_read(fds.read_fd, buf, 4, &moved), -EBADF);
}

TEST(native_nonblocking_empty_read_returns_eagain)
{
	struct anonpipe_fds fds;
	size_t moved;
	char buf[4];

	ASSERT_EQ(anonpipe_create(0, ANONPIPE_CREATE_NONBLOCK, &fds), 0);
	ASSERT_EQ(anonpipe_read(fds.read_fd, buf, 4, &moved), -EAGAIN);
}

TEST(native_peek_reports_copied_and_available)
{
	struct anonpipe_fds fds = mkpipe(0);
	size_t copied = 99, avail = 99, moved;
	char buf[4];

	ASSERT_EQ(anonpipe_write(fds.write_fd, "abcdef", 6, &moved), 0);
	ASSERT_EQ(anonpipe_peek(fds.read_fd, buf, 4, &copied, &avail), 0);
	ASSERT_EQ(copied, 4);
	ASSERT_EQ(avail, 6);
	ASSERT_MEMEQ(buf, "abcd", 4);
	CHECK(close(fds.write_fd));
	ASSERT_EQ(anonpipe_read(fds.read_fd, buf, 4, &moved), 0);
	ASSERT_EQ(anonpipe_read(fds.read_fd, buf, 4, &moved), 0);
	ASSERT_EQ(anonpipe_peek(fds.read_fd, buf, 4, &copied, &avail), -EPIPE);
}

TEST(native_info_reports_the_pipe)
{
	struct anonpipe_fds fds = mkpipe(4242);
	struct anonpipe_info info;
	size_t moved;

	ASSERT_EQ(anonpipe_write(fds.write_fd, "abc", 3, &moved), 0);
	ASSERT_EQ(anonpipe_info(fds.read_fd, &info), 0);
	ASSERT_EQ(info.capacity, 4242);
	ASSERT_EQ(info.queued, 3);
	ASSERT_EQ(info.readers, 1);
	ASSERT_EQ(info.writers, 1);
}

static void native_edquot(void *arg)
{
	struct anonpipe_fds fds;

	(void)arg;
	CHECK(setgid(65534));
	CHECK(setuid(65534));
	ASSERT_EQ(anonpipe_create(65536, 0, &fds), 0);
	ASSERT_EQ(anonpipe_create(65536, 0, &fds), -EDQUOT);
}

TEST(native_create_beyond_user_limit_returns_edquot)
{
	int status;

	param_set("user_limit", 65536);
	status = run_in_child(native_edquot, NULL);
	ASSERT_EQ(status, 0);
}
