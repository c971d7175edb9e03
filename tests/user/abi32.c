// SPDX-License-Identifier: GPL-2.0
/*
 * abi32-test: built with -m32 and run in the guest next to anonpipe-tests.
 * It issues every ioctl from a 32-bit process through the raw interface and
 * checks the results, proving that 32-bit callers share the 64-bit layout
 * (the module must handle compat ioctls without translation).
 */
#include <fcntl.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "abi_layout.h"
#include "harness.h"

#define T32(name) TEST_FULL("abi32", abi_32bit_caller_##name, 0, NULL, 0)

_Static_assert(sizeof(void *) == 4, "abi32-test must be built with -m32");

static int create(struct anonpipe_create *c)
{
	int dev = (int)CHECK(open("/dev/anonpipe", O_RDWR | O_CLOEXEC));
	int ret = ioctl(dev, ANONPIPE_IOC_CREATE, c);
	int e = errno;

	close(dev);
	errno = e;
	return ret;
}

static void pipe32(uint64_t size, int *r, int *w)
{
	struct anonpipe_create c;

	memset(&c, 0, sizeof(c));
	c.size = size;
	c.flags = ANONPIPE_CREATE_CLOEXEC;
	CHECK(create(&c));
	ASSERT_EQ(c.granted_size, size);
	*r = (int)c.read_fd;
	*w = (int)c.write_fd;
}

static int xfer(int fd, unsigned long cmd, const void *buf, uint64_t len,
		struct anonpipe_transfer *t)
{
	memset(t, 0, sizeof(*t));
	t->buf = (uintptr_t)buf;
	t->len = len;
	return ioctl(fd, cmd, t);
}

T32(create_returns_handles_and_granted_size)
{
	struct anonpipe_create c;

	memset(&c, 0, sizeof(c));
	c.size = 12345;
	c.flags = ANONPIPE_CREATE_CLOEXEC | ANONPIPE_CREATE_NONBLOCK;
	CHECK(create(&c));
	ASSERT_EQ(c.granted_size, 12345);
	ASSERT_NE(c.read_fd, c.write_fd);
	ASSERT_EQ(CHECK(fcntl((int)c.read_fd, F_GETFL)) & (O_ACCMODE | O_NONBLOCK),
		  O_RDONLY | O_NONBLOCK);
	ASSERT_EQ(CHECK(fcntl((int)c.write_fd, F_GETFL)) & (O_ACCMODE | O_NONBLOCK),
		  O_WRONLY | O_NONBLOCK);
	ASSERT_EQ(CHECK(fcntl((int)c.read_fd, F_GETFD)) & FD_CLOEXEC, FD_CLOEXEC);
	ASSERT_EQ(c.reserved[0] | c.reserved[1] | c.reserved[2], 0);
}

T32(create_rejects_last_reserved_word)
{
	struct anonpipe_create c;

	memset(&c, 0, sizeof(c));
	c.reserved[2] = 1;
	ASSERT_ERRNO(create(&c), EINVAL);
}

T32(write_reports_bytes_status_and_available)
{
	struct anonpipe_transfer t;
	int r, w;

	pipe32(4096, &r, &w);
	CHECK(xfer(w, ANONPIPE_IOC_WRITE, "hello, 32", 9, &t));
	ASSERT_EQ(t.bytes, 9);
	ASSERT_EQ(t.status, ANONPIPE_STATUS_OK);
	ASSERT_EQ(t.available, 9);
	ASSERT_EQ(t.len, 9);
}

T32(info_reports_all_fields)
{
	struct anonpipe_transfer t;
	struct anonpipe_info info;
	int r, w;

	pipe32(777, &r, &w);
	CHECK(xfer(w, ANONPIPE_IOC_WRITE, "abc", 3, &t));
	memset(&info, 0xa5, sizeof(info));
	CHECK(ioctl(r, ANONPIPE_IOC_INFO, &info));
	ASSERT_EQ(info.capacity, 777);
	ASSERT_EQ(info.queued, 3);
	ASSERT_EQ(info.readers, 1);
	ASSERT_EQ(info.writers, 1);
}

T32(peek_copies_without_consuming)
{
	struct anonpipe_transfer t;
	char buf[16] = { 0 };
	int r, w;

	pipe32(4096, &r, &w);
	CHECK(xfer(w, ANONPIPE_IOC_WRITE, "peekaboo", 8, &t));
	CHECK(xfer(r, ANONPIPE_IOC_PEEK, buf, 4, &t));
	ASSERT_EQ(t.bytes, 4);
	ASSERT_EQ(t.available, 8);
	ASSERT_EQ(t.status, ANONPIPE_STATUS_OK);
	ASSERT_MEMEQ(buf, "peek", 4);
	ASSERT_EQ(CHECK(read(r, buf, sizeof(buf))), 8);
	ASSERT_MEMEQ(buf, "peekaboo", 8);
}

T32(read_returns_data_then_end_of_data)
{
	struct anonpipe_transfer t;
	char buf[16] = { 0 };
	int r, w;

	pipe32(4096, &r, &w);
	CHECK(xfer(w, ANONPIPE_IOC_WRITE, "0123456789", 10, &t));
	close(w);
	CHECK(xfer(r, ANONPIPE_IOC_READ, buf, sizeof(buf), &t));
	ASSERT_EQ(t.bytes, 10);
	ASSERT_EQ(t.available, 0);
	ASSERT_EQ(t.status, ANONPIPE_STATUS_OK);
	ASSERT_MEMEQ(buf, "0123456789", 10);
	CHECK(xfer(r, ANONPIPE_IOC_READ, buf, sizeof(buf), &t));
	ASSERT_EQ(t.bytes, 0);
	ASSERT_EQ(t.status, ANONPIPE_STATUS_END_OF_DATA);
}

T32(write_without_reader_reports_no_reader)
{
	struct anonpipe_transfer t;
	int r, w;

	pipe32(4096, &r, &w);
	close(r);
	CHECK(xfer(w, ANONPIPE_IOC_WRITE, "x", 1, &t));
	ASSERT_EQ(t.bytes, 0);
	ASSERT_EQ(t.status, ANONPIPE_STATUS_NO_READER);
}

T32(transfer_flags_nonzero_einval)
{
	struct anonpipe_transfer t;
	int r, w;

	pipe32(4096, &r, &w);
	memset(&t, 0, sizeof(t));
	t.buf = (uintptr_t)"x";
	t.len = 1;
	t.flags = 1;
	ASSERT_ERRNO(ioctl(w, ANONPIPE_IOC_WRITE, &t), EINVAL);
	t.flags = 0;
	t.reserved = 1;
	ASSERT_ERRNO(ioctl(w, ANONPIPE_IOC_WRITE, &t), EINVAL);
	ASSERT_EQ(CHECK(ioctl(r, FIONREAD, &(int){ 0 })), 0);
}

T32(buffer_address_uses_all_64_bits)
{
	struct anonpipe_transfer t;
	int n = -1;
	int r, w;

	pipe32(4096, &r, &w);
	memset(&t, 0, sizeof(t));
	/* A truncating module would write from the low 32 bits and succeed. */
	t.buf = (1ull << 32) | (uintptr_t)"data";
	t.len = 4;
	ASSERT_ERRNO(ioctl(w, ANONPIPE_IOC_WRITE, &t), EFAULT);
	CHECK(ioctl(r, FIONREAD, &n));
	ASSERT_EQ(n, 0);
}
