// SPDX-License-Identifier: GPL-2.0
/*
 * Every bad-input path of every ioctl: unknown flags, nonzero reserved
 * fields, bad argument and buffer pointers, unknown commands, the wrong end,
 * oversize lengths. Each test also checks that the failed call changed
 * nothing: no descriptor leaked, no byte queued or consumed.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "util.h"

/* One page with the given protection, initialised to zero first. */
static void *page(int prot)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		FAIL("mmap: %s", strerror(errno));
	CHECK(mprotect(p, 4096, prot));
	return p;
}

/* n bytes that end exactly where an inaccessible page begins. */
static void *before_guard(size_t n)
{
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		FAIL("mmap: %s", strerror(errno));
	CHECK(mprotect(p + 4096, 4096, PROT_NONE));
	return p + 4096 - n;
}

/* A pipe of 4096 bytes holding "0123456789". */
static void pipe_with_data(int *r, int *w)
{
	ap_pipe(4096, 0, r, w);
	write_all(*w, "0123456789", 10);
}

/* The pipe still holds exactly "0123456789". */
static void assert_data_intact(int r)
{
	char buf[32];

	ASSERT_EQ(fionread(r), 10);
	ASSERT_EQ(ap_info(r).queued, 10);
	ASSERT_EQ(CHECK(read(r, buf, sizeof(buf))), 10);
	ASSERT_MEMEQ(buf, "0123456789", 10);
}

/* ---- CREATE ---- */

static void create_fails(struct anonpipe_create *arg, int err)
{
	int before = fd_count();

	ASSERT_ERRNO(ap_create(arg), err);
	ASSERT_NO_FD_LEAK(before);
}

TEST(create_each_unknown_flag_bit_fails_einval)
{
	struct anonpipe_create c;

	for (int bit = 0; bit < 32; bit++) {
		if ((1u << bit) & ANONPIPE_CREATE_FLAGS)
			continue;
		memset(&c, 0, sizeof(c));
		c.flags = 1u << bit;
		create_fails(&c, EINVAL);
	}
}

TEST(create_unknown_flag_with_known_flags_fails_einval)
{
	struct anonpipe_create c;

	memset(&c, 0, sizeof(c));
	c.flags = ANONPIPE_CREATE_FLAGS | (1u << 2);
	create_fails(&c, EINVAL);
}

static void create_reserved(int word)
{
	struct anonpipe_create c;

	memset(&c, 0, sizeof(c));
	c.reserved[word] = 1;
	create_fails(&c, EINVAL);
	c.reserved[word] = 0x80000000u;
	create_fails(&c, EINVAL);
}

TEST(create_reserved_word0_nonzero_fails_einval) { create_reserved(0); }
TEST(create_reserved_word1_nonzero_fails_einval) { create_reserved(1); }
TEST(create_reserved_word2_nonzero_fails_einval) { create_reserved(2); }

TEST(create_null_argument_fails_efault)
{
	create_fails(NULL, EFAULT);
}

TEST(create_unmapped_argument_fails_efault)
{
	create_fails(page(PROT_NONE), EFAULT);
	create_fails((void *)1, EFAULT);
}

TEST(create_argument_running_into_unmapped_page_fails_efault)
{
	/* The first 8 bytes (size) are readable, the rest is not. */
	struct anonpipe_create *c = before_guard(8);

	memset(c, 0, 8);
	create_fails(c, EFAULT);
}

TEST(create_readonly_argument_fails_efault_and_leaks_no_fds)
{
	/* Readable (a valid request) but the result cannot be written back:
	 * the handles must not be installed. */
	struct anonpipe_create *c = page(PROT_READ);

	create_fails(c, EFAULT);
}

/* CREATE issued on the read (end 0) or write (end 1) handle of a pipe */
static void create_on_handle(int end)
{
	struct anonpipe_create c;
	int fds[2], before;

	ap_pipe(0, 0, &fds[0], &fds[1]);
	memset(&c, 0, sizeof(c));
	before = fd_count();
	ASSERT_ERRNO(ioctl(fds[end], ANONPIPE_IOC_CREATE, &c), ENOTTY);
	ASSERT_NO_FD_LEAK(before);
}

TEST(create_on_read_handle_fails_enotty) { create_on_handle(0); }
TEST(create_on_write_handle_fails_enotty) { create_on_handle(1); }

/* ---- unknown commands ---- */

static const unsigned long unknown_cmds[] = {
	_IO(ANONPIPE_IOC_MAGIC, 0x05),
	_IOWR(ANONPIPE_IOC_MAGIC, 0x05, struct anonpipe_transfer),
	_IOWR(ANONPIPE_IOC_MAGIC, 0xff, struct anonpipe_transfer),
	/* known numbers with a wrong size or direction */
	_IOWR(ANONPIPE_IOC_MAGIC, 0x00, __u64),
	_IOW(ANONPIPE_IOC_MAGIC, 0x00, struct anonpipe_create),
	_IOWR(ANONPIPE_IOC_MAGIC, 0x01, struct anonpipe_info),
	_IOWR(ANONPIPE_IOC_MAGIC, 0x02, __u64),
	_IOR(ANONPIPE_IOC_MAGIC, 0x03, struct anonpipe_transfer),
	_IOR(ANONPIPE_IOC_MAGIC, 0x04, struct anonpipe_transfer),
	_IOWR(ANONPIPE_IOC_MAGIC, 0x04, struct anonpipe_info),
	/* another magic */
	_IOWR(0xB8, 0x01, struct anonpipe_transfer),
	0,
};

static void unknown_commands_fail(int fd)
{
	union {
		struct anonpipe_transfer t;
		struct anonpipe_create c;
		char raw[256];
	} arg;

	for (size_t i = 0; i < sizeof(unknown_cmds) / sizeof(unknown_cmds[0]); i++) {
		memset(&arg, 0, sizeof(arg));
		errno = 0;
		int ret = ioctl(fd, unknown_cmds[i], &arg);

		if (ret != -1 || errno != ENOTTY)
			FAIL("ioctl 0x%lx: %d errno %d (%s), expected ENOTTY",
			     unknown_cmds[i], ret, errno, strerror(errno));
	}
}

TEST(device_unknown_commands_fail_enotty)
{
	int dev = dev_open(), before = fd_count();

	unknown_commands_fail(dev);
	ASSERT_NO_FD_LEAK(before);
}

TEST(device_handle_commands_fail_enotty)
{
	static const unsigned long cmds[] = {
		ANONPIPE_IOC_READ, ANONPIPE_IOC_WRITE, ANONPIPE_IOC_PEEK,
		ANONPIPE_IOC_INFO,
	};
	union {
		struct anonpipe_transfer t;
		struct anonpipe_info i;
	} arg;
	char buf[16];
	int dev = dev_open();

	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		memset(&arg, 0, sizeof(arg));
		arg.t.buf = (uintptr_t)buf;
		arg.t.len = sizeof(buf);
		errno = 0;
		int ret = ioctl(dev, cmds[i], &arg);

		if (ret != -1 || errno != ENOTTY)
			FAIL("ioctl 0x%lx on the device: %d errno %d (%s), expected ENOTTY",
			     cmds[i], ret, errno, strerror(errno));
	}
}

TEST(read_handle_unknown_commands_fail_enotty)
{
	int r, w;

	pipe_with_data(&r, &w);
	unknown_commands_fail(r);
	assert_data_intact(r);
}

TEST(write_handle_unknown_commands_fail_enotty)
{
	int r, w;

	pipe_with_data(&r, &w);
	unknown_commands_fail(w);
	assert_data_intact(r);
}

/* ---- the wrong end ---- */

TEST(read_ioctl_on_write_end_fails_ebadf)
{
	struct anonpipe_transfer t;
	char buf[16];
	int r, w;

	pipe_with_data(&r, &w);
	ASSERT_ERRNO(ap_xfer(w, ANONPIPE_IOC_READ, buf, sizeof(buf), &t), EBADF);
	assert_data_intact(r);
}

TEST(peek_ioctl_on_write_end_fails_ebadf)
{
	struct anonpipe_transfer t;
	char buf[16];
	int r, w;

	pipe_with_data(&r, &w);
	ASSERT_ERRNO(ap_xfer(w, ANONPIPE_IOC_PEEK, buf, sizeof(buf), &t), EBADF);
	assert_data_intact(r);
}

TEST(write_ioctl_on_read_end_fails_ebadf)
{
	struct anonpipe_transfer t;
	int r, w;

	pipe_with_data(&r, &w);
	ASSERT_ERRNO(ap_xfer(r, ANONPIPE_IOC_WRITE, "xyz", 3, &t), EBADF);
	assert_data_intact(r);
}

TEST(zero_length_transfers_on_wrong_end_fail_ebadf)
{
	struct anonpipe_transfer t;
	int r, w;

	pipe_with_data(&r, &w);
	ASSERT_ERRNO(ap_xfer(w, ANONPIPE_IOC_READ, NULL, 0, &t), EBADF);
	ASSERT_ERRNO(ap_xfer(w, ANONPIPE_IOC_PEEK, NULL, 0, &t), EBADF);
	ASSERT_ERRNO(ap_xfer(r, ANONPIPE_IOC_WRITE, NULL, 0, &t), EBADF);
	assert_data_intact(r);
}

/* ---- transfer argument checks, for each of READ, WRITE, PEEK ---- */

struct xcase {
	unsigned long cmd;
	int on_write_end;
};

static const struct xcase XREAD = { ANONPIPE_IOC_READ, 0 };
static const struct xcase XWRITE = { ANONPIPE_IOC_WRITE, 1 };
static const struct xcase XPEEK = { ANONPIPE_IOC_PEEK, 0 };

/* Issues cmd with the transfer t on the right end of a pipe holding
 * "0123456789" and expects err; then checks the data is untouched. */
static void xfer_fails(const struct xcase *x, struct anonpipe_transfer *t, int err)
{
	int r, w, before;

	pipe_with_data(&r, &w);
	before = fd_count();
	ASSERT_ERRNO(ioctl(x->on_write_end ? w : r, x->cmd, t), err);
	ASSERT_NO_FD_LEAK(before);
	assert_data_intact(r);
}

static struct anonpipe_transfer valid_xfer(void)
{
	static char buf[64] = "abcdefgh";
	struct anonpipe_transfer t;

	memset(&t, 0, sizeof(t));
	t.buf = (uintptr_t)buf;
	t.len = 8;
	return t;
}

static void flags_nonzero(const struct xcase *x)
{
	for (int bit = 0; bit < 32; bit++) {
		struct anonpipe_transfer t = valid_xfer();

		t.flags = 1u << bit;
		xfer_fails(x, &t, EINVAL);
	}
}

TEST(read_ioctl_each_flag_bit_fails_einval) { flags_nonzero(&XREAD); }
TEST(write_ioctl_each_flag_bit_fails_einval) { flags_nonzero(&XWRITE); }
TEST(peek_ioctl_each_flag_bit_fails_einval) { flags_nonzero(&XPEEK); }

static void reserved_nonzero(const struct xcase *x)
{
	static const uint64_t vals[] = { 1, 1ull << 32, 1ull << 63 };

	for (size_t i = 0; i < 3; i++) {
		struct anonpipe_transfer t = valid_xfer();

		t.reserved = vals[i];
		xfer_fails(x, &t, EINVAL);
	}
}

TEST(read_ioctl_reserved_nonzero_fails_einval) { reserved_nonzero(&XREAD); }
TEST(write_ioctl_reserved_nonzero_fails_einval) { reserved_nonzero(&XWRITE); }
TEST(peek_ioctl_reserved_nonzero_fails_einval) { reserved_nonzero(&XPEEK); }

static void len_oversize(const struct xcase *x)
{
	static const uint64_t lens[] = { MAX_RW_COUNT_4K + 1, 1ull << 31,
					 1ull << 32, UINT64_MAX };

	for (size_t i = 0; i < 4; i++) {
		struct anonpipe_transfer t = valid_xfer();

		t.len = lens[i];
		xfer_fails(x, &t, EINVAL);
	}
}

TEST(read_ioctl_len_above_max_rw_count_fails_einval) { len_oversize(&XREAD); }
TEST(write_ioctl_len_above_max_rw_count_fails_einval) { len_oversize(&XWRITE); }
TEST(peek_ioctl_len_above_max_rw_count_fails_einval) { len_oversize(&XPEEK); }

static void null_arg(const struct xcase *x)
{
	xfer_fails(x, NULL, EFAULT);
}

TEST(read_ioctl_null_argument_fails_efault) { null_arg(&XREAD); }
TEST(write_ioctl_null_argument_fails_efault) { null_arg(&XWRITE); }
TEST(peek_ioctl_null_argument_fails_efault) { null_arg(&XPEEK); }

static void unmapped_arg(const struct xcase *x)
{
	xfer_fails(x, page(PROT_NONE), EFAULT);
	xfer_fails(x, (void *)8, EFAULT);
	/* the argument runs into an inaccessible page after 16 bytes */
	struct anonpipe_transfer *t = before_guard(16);
	struct anonpipe_transfer v = valid_xfer();

	memcpy(t, &v, 16);
	xfer_fails(x, t, EFAULT);
}

TEST(read_ioctl_unmapped_argument_fails_efault) { unmapped_arg(&XREAD); }
TEST(write_ioctl_unmapped_argument_fails_efault) { unmapped_arg(&XWRITE); }
TEST(peek_ioctl_unmapped_argument_fails_efault) { unmapped_arg(&XPEEK); }

static void bad_buf(const struct xcase *x, void *buf)
{
	struct anonpipe_transfer t = valid_xfer();

	t.buf = (uintptr_t)buf;
	xfer_fails(x, &t, EFAULT);
}

TEST(read_ioctl_null_buffer_fails_efault_consumes_nothing)
{
	bad_buf(&XREAD, NULL);
}

TEST(write_ioctl_null_buffer_fails_efault_queues_nothing)
{
	bad_buf(&XWRITE, NULL);
}

TEST(peek_ioctl_null_buffer_fails_efault)
{
	bad_buf(&XPEEK, NULL);
}

TEST(read_ioctl_unmapped_buffer_fails_efault_consumes_nothing)
{
	bad_buf(&XREAD, page(PROT_NONE));
}

TEST(write_ioctl_unmapped_buffer_fails_efault_queues_nothing)
{
	bad_buf(&XWRITE, page(PROT_NONE));
}

TEST(peek_ioctl_unmapped_buffer_fails_efault)
{
	bad_buf(&XPEEK, page(PROT_NONE));
}

TEST(read_ioctl_readonly_buffer_fails_efault_consumes_nothing)
{
	bad_buf(&XREAD, page(PROT_READ));
}

TEST(peek_ioctl_readonly_buffer_fails_efault)
{
	bad_buf(&XPEEK, page(PROT_READ));
}

TEST(write_ioctl_kernel_address_buffer_fails_efault)
{
	bad_buf(&XWRITE, (void *)0xffff888000000000ull);
}

TEST(read_ioctl_kernel_address_buffer_fails_efault)
{
	bad_buf(&XREAD, (void *)0xffff888000000000ull);
}

TEST(read_ioctl_readonly_argument_fails_efault)
{
	struct anonpipe_transfer *t = page(PROT_READ | PROT_WRITE);
	char buf[16];
	int r, w;

	pipe_with_data(&r, &w);
	*t = valid_xfer();
	t->buf = (uintptr_t)buf;
	CHECK(mprotect(t, 4096, PROT_READ));
	ASSERT_ERRNO(ioctl(r, ANONPIPE_IOC_READ, t), EFAULT);
}

TEST(write_ioctl_readonly_argument_fails_efault)
{
	struct anonpipe_transfer *t = page(PROT_READ | PROT_WRITE);
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	*t = valid_xfer();
	CHECK(mprotect(t, 4096, PROT_READ));
	ASSERT_ERRNO(ioctl(w, ANONPIPE_IOC_WRITE, t), EFAULT);
}

TEST(peek_ioctl_readonly_argument_fails_efault_consumes_nothing)
{
	struct anonpipe_transfer *t = page(PROT_READ | PROT_WRITE);
	char buf[16];
	int r, w;

	pipe_with_data(&r, &w);
	*t = valid_xfer();
	t->buf = (uintptr_t)buf;
	CHECK(mprotect(t, 4096, PROT_READ));
	ASSERT_ERRNO(ioctl(r, ANONPIPE_IOC_PEEK, t), EFAULT);
	assert_data_intact(r);
}

TEST(zero_length_transfers_accept_null_buffer)
{
	struct anonpipe_transfer t;
	int r, w;

	pipe_with_data(&r, &w);
	CHECK(ap_xfer(w, ANONPIPE_IOC_WRITE, NULL, 0, &t));
	ASSERT_EQ(t.bytes, 0);
	CHECK(ap_xfer(r, ANONPIPE_IOC_PEEK, NULL, 0, &t));
	ASSERT_EQ(t.bytes, 0);
	ASSERT_EQ(t.available, 10);
	CHECK(ap_xfer(r, ANONPIPE_IOC_READ, NULL, 0, &t));
	ASSERT_EQ(t.bytes, 0);
	assert_data_intact(r);
}

/* ---- INFO ---- */

TEST(info_null_argument_fails_efault)
{
	int r, w;

	pipe_with_data(&r, &w);
	ASSERT_ERRNO(ioctl(r, ANONPIPE_IOC_INFO, NULL), EFAULT);
	ASSERT_ERRNO(ioctl(w, ANONPIPE_IOC_INFO, NULL), EFAULT);
	assert_data_intact(r);
}

TEST(info_unmapped_or_readonly_argument_fails_efault)
{
	int r, w;

	pipe_with_data(&r, &w);
	ASSERT_ERRNO(ioctl(r, ANONPIPE_IOC_INFO, page(PROT_NONE)), EFAULT);
	ASSERT_ERRNO(ioctl(r, ANONPIPE_IOC_INFO, page(PROT_READ)), EFAULT);
	ASSERT_ERRNO(ioctl(w, ANONPIPE_IOC_INFO, before_guard(8)), EFAULT);
	assert_data_intact(r);
}

/* ---- output fields and nonblocking errors ---- */

TEST(transfer_ignores_prior_contents_of_output_fields)
{
	struct anonpipe_transfer t = valid_xfer();
	char buf[16];
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	t.bytes = 0xdeadbeef;
	t.available = 0xdeadbeef;
	t.status = 0xdeadbeef;
	CHECK(ioctl(w, ANONPIPE_IOC_WRITE, &t));
	ASSERT_EQ(t.bytes, 8);
	ASSERT_EQ(t.available, 8);
	ASSERT_EQ(t.status, ANONPIPE_STATUS_OK);
	memset(&t, 0, sizeof(t));
	t.buf = (uintptr_t)buf;
	t.len = sizeof(buf);
	t.bytes = t.available = 0xdeadbeef;
	t.status = 77;
	CHECK(ioctl(r, ANONPIPE_IOC_READ, &t));
	ASSERT_EQ(t.bytes, 8);
	ASSERT_EQ(t.available, 0);
	ASSERT_EQ(t.status, ANONPIPE_STATUS_OK);
}

TEST(read_ioctl_nonblocking_empty_fails_eagain)
{
	struct anonpipe_transfer t;
	char buf[8];
	int r, w;

	ap_pipe(4096, ANONPIPE_CREATE_NONBLOCK, &r, &w);
	ASSERT_ERRNO(ap_xfer(r, ANONPIPE_IOC_READ, buf, sizeof(buf), &t), EAGAIN);
	ASSERT_ERRNO(ap_xfer(r, ANONPIPE_IOC_READ, buf, 0, &t), EAGAIN);
}

TEST(write_ioctl_nonblocking_full_fails_eagain_queues_nothing)
{
	struct anonpipe_transfer t;
	int r, w;

	ap_pipe(16, ANONPIPE_CREATE_NONBLOCK, &r, &w);
	fill(w, 16);
	ASSERT_ERRNO(ap_xfer(w, ANONPIPE_IOC_WRITE, "x", 1, &t), EAGAIN);
	ASSERT_EQ(fionread(r), 16);
}
