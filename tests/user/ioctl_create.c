// SPDX-License-Identifier: GPL-2.0
/*
 * ANONPIPE_IOC_CREATE: sizes, flags, and the handles it returns.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "util.h"

static struct anonpipe_create create_ok(uint64_t size, unsigned int flags)
{
	struct anonpipe_create c;

	memset(&c, 0, sizeof(c));
	c.size = size;
	c.flags = flags;
	CHECK(ap_create(&c));
	return c;
}

/* CREATE of size grants granted bytes, as reported and as the capacity. */
static void assert_grants(uint64_t size, uint64_t granted)
{
	struct anonpipe_create c = create_ok(size, ANONPIPE_CREATE_CLOEXEC);

	ASSERT_EQ(c.granted_size, granted);
	ASSERT_EQ(ap_info((int)c.read_fd).capacity, granted);
	close((int)c.read_fd);
	close((int)c.write_fd);
}

TEST(create_device_node_is_mode_0666)
{
	struct stat st;

	CHECK(stat(DEV_PATH, &st));
	ASSERT_TRUE(S_ISCHR(st.st_mode));
	ASSERT_EQ(st.st_mode & 07777, 0666);
}

TEST(create_returns_two_distinct_open_fds)
{
	struct anonpipe_create c = create_ok(0, 0);

	ASSERT_NE(c.read_fd, c.write_fd);
	ASSERT_TRUE(fd_is_open((int)c.read_fd));
	ASSERT_TRUE(fd_is_open((int)c.write_fd));
	ASSERT_EQ(c.reserved[0] | c.reserved[1] | c.reserved[2], 0);
}

TEST(create_handles_are_anon_inode_files)
{
	struct anonpipe_create c = create_ok(0, 0);
	char path[64], target[256];
	int fds[2] = { (int)c.read_fd, (int)c.write_fd };

	for (int i = 0; i < 2; i++) {
		ssize_t n;

		snprintf(path, sizeof(path), "/proc/self/fd/%d", fds[i]);
		n = CHECK(readlink(path, target, sizeof(target) - 1));
		target[n] = 0;
		if (strncmp(target, "anon_inode:", 11) != 0)
			FAIL("fd %d links to \"%s\", expected anon_inode:...", fds[i],
			     target);
	}
}

TEST(create_read_end_is_rdonly_write_end_is_wronly)
{
	struct anonpipe_create c = create_ok(0, 0);

	ASSERT_EQ(CHECK(fcntl((int)c.read_fd, F_GETFL)) & O_ACCMODE, O_RDONLY);
	ASSERT_EQ(CHECK(fcntl((int)c.write_fd, F_GETFL)) & O_ACCMODE, O_WRONLY);
}

TEST(create_size_zero_grants_default_size_param)
{
	long long def = param_get("default_size");
	struct anonpipe_create c = create_ok(0, 0);

	ASSERT_EQ(def, 65536);
	ASSERT_EQ(c.granted_size, def);
	ASSERT_EQ(ap_info((int)c.read_fd).capacity, def);
}

TEST(create_size_zero_follows_changed_default_size_param)
{
	struct anonpipe_create c;

	param_set("default_size", 8192);
	c = create_ok(0, 0);
	ASSERT_EQ(c.granted_size, 8192);
	ASSERT_EQ(ap_info((int)c.write_fd).capacity, 8192);
	param_set("default_size", 65536);
}

TEST(create_size_one_grants_exactly_one)
{
	struct anonpipe_create c = create_ok(1, 0);

	ASSERT_EQ(c.granted_size, 1);
	ASSERT_EQ(ap_info((int)c.read_fd).capacity, 1);
}

TEST(create_odd_sizes_are_granted_byte_exact)
{
	static const uint64_t sizes[] = { 2, 100, 4095, 4097, 12345, 65537, 999999 };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		assert_grants(sizes[i], sizes[i]);
}

TEST(create_max_size_is_granted_exactly)
{
	long long max = param_get("max_size");
	struct anonpipe_create c = create_ok((uint64_t)max, 0);

	ASSERT_EQ(max, 1 << 20);
	ASSERT_EQ(c.granted_size, max);
}

TEST(create_above_max_size_is_clamped_and_reported)
{
	long long max = param_get("max_size");
	static const uint64_t sizes[] = { (1 << 20) + 1, 1ull << 31, 1ull << 40,
					  UINT64_MAX };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		assert_grants(sizes[i], (uint64_t)max);
}

TEST(create_clamps_to_changed_max_size_param)
{
	struct anonpipe_create c;

	param_set("max_size", 16384);
	c = create_ok(100000, 0);
	ASSERT_EQ(c.granted_size, 16384);
	ASSERT_EQ(ap_info((int)c.read_fd).capacity, 16384);
	c = create_ok(16383, 0);
	ASSERT_EQ(c.granted_size, 16383);
	param_set("max_size", 1 << 20);
}

TEST(create_ignores_prior_contents_of_output_fields)
{
	struct anonpipe_create c;

	memset(&c, 0, sizeof(c));
	c.size = 4096;
	c.granted_size = 0xdeadbeef;
	c.read_fd = 0xffffffff;
	c.write_fd = 12345;
	CHECK(ap_create(&c));
	ASSERT_EQ(c.granted_size, 4096);
	ASSERT_TRUE(fd_is_open((int)c.read_fd));
	ASSERT_TRUE(fd_is_open((int)c.write_fd));
}

TEST(create_without_flags_leaves_cloexec_and_nonblock_clear)
{
	struct anonpipe_create c = create_ok(0, 0);
	int fds[2] = { (int)c.read_fd, (int)c.write_fd };

	for (int i = 0; i < 2; i++) {
		ASSERT_EQ(CHECK(fcntl(fds[i], F_GETFD)) & FD_CLOEXEC, 0);
		ASSERT_EQ(CHECK(fcntl(fds[i], F_GETFL)) & O_NONBLOCK, 0);
	}
}

TEST(create_cloexec_flag_sets_fd_cloexec_on_both)
{
	struct anonpipe_create c = create_ok(0, ANONPIPE_CREATE_CLOEXEC);

	ASSERT_EQ(CHECK(fcntl((int)c.read_fd, F_GETFD)) & FD_CLOEXEC, FD_CLOEXEC);
	ASSERT_EQ(CHECK(fcntl((int)c.write_fd, F_GETFD)) & FD_CLOEXEC, FD_CLOEXEC);
	ASSERT_EQ(CHECK(fcntl((int)c.read_fd, F_GETFL)) & O_NONBLOCK, 0);
}

TEST(create_nonblock_flag_sets_o_nonblock_on_both)
{
	struct anonpipe_create c = create_ok(0, ANONPIPE_CREATE_NONBLOCK);

	ASSERT_EQ(CHECK(fcntl((int)c.read_fd, F_GETFL)) & O_NONBLOCK, O_NONBLOCK);
	ASSERT_EQ(CHECK(fcntl((int)c.write_fd, F_GETFL)) & O_NONBLOCK, O_NONBLOCK);
	ASSERT_EQ(CHECK(fcntl((int)c.read_fd, F_GETFD)) & FD_CLOEXEC, 0);
}

TEST(create_fresh_pipe_info_is_empty_with_both_ends)
{
	struct anonpipe_create c = create_ok(3000, 0);
	struct anonpipe_info ri = ap_info((int)c.read_fd);
	struct anonpipe_info wi = ap_info((int)c.write_fd);

	ASSERT_EQ(ri.capacity, 3000);
	ASSERT_EQ(ri.queued, 0);
	ASSERT_EQ(ri.readers, 1);
	ASSERT_EQ(ri.writers, 1);
	ASSERT_MEMEQ(&ri, &wi, sizeof(ri));
}

TEST(create_pipe_works_after_device_fd_is_closed)
{
	int dev = dev_open(), r, w;
	struct anonpipe_create c;
	char buf[8];

	memset(&c, 0, sizeof(c));
	CHECK(ioctl(dev, ANONPIPE_IOC_CREATE, &c));
	CHECK(close(dev));
	r = (int)c.read_fd;
	w = (int)c.write_fd;
	write_all(w, "alive", 5);
	ASSERT_EQ(CHECK(read(r, buf, sizeof(buf))), 5);
	ASSERT_MEMEQ(buf, "alive", 5);
}

TEST(create_twice_on_one_device_fd_gives_independent_pipes)
{
	int dev = dev_open();
	struct anonpipe_create a, b;
	char buf[8];

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	CHECK(ioctl(dev, ANONPIPE_IOC_CREATE, &a));
	CHECK(ioctl(dev, ANONPIPE_IOC_CREATE, &b));
	write_all((int)a.write_fd, "A", 1);
	ASSERT_EQ(fionread((int)b.read_fd), 0);
	write_all((int)b.write_fd, "BB", 2);
	ASSERT_EQ(CHECK(read((int)a.read_fd, buf, sizeof(buf))), 1);
	ASSERT_EQ(buf[0], 'A');
	ASSERT_EQ(CHECK(read((int)b.read_fd, buf, sizeof(buf))), 2);
	ASSERT_MEMEQ(buf, "BB", 2);
}

TEST(create_works_for_unprivileged_user)
{
	int r, w;

	CHECK(setgid(65534));
	CHECK(setuid(65534));
	ASSERT_EQ(ap_pipe(100, 0, &r, &w), 100);
	write_all(w, "x", 1);
	ASSERT_EQ(fionread(r), 1);
}

TEST(create_fails_emfile_when_fd_table_is_full_and_leaks_nothing)
{
	int dev = dev_open(), before, probe, r, w;
	struct anonpipe_create c;
	struct rlimit rl, saved;

	/* The lowest free descriptor; allow exactly that one, so the first
	 * handle can be reserved and the second cannot. */
	probe = (int)CHECK(dup(dev));
	CHECK(close(probe));
	before = fd_count();
	CHECK(getrlimit(RLIMIT_NOFILE, &saved));
	rl = saved;
	rl.rlim_cur = (rlim_t)probe + 1;
	CHECK(setrlimit(RLIMIT_NOFILE, &rl));

	memset(&c, 0, sizeof(c));
	errno = 0;
	if (ioctl(dev, ANONPIPE_IOC_CREATE, &c) == 0)
		FAIL("CREATE succeeded with room for one fd: fds %u %u", c.read_fd,
		     c.write_fd);
	ASSERT_EQ(errno, EMFILE);
	ASSERT_NO_FD_LEAK(before);
	ASSERT_FALSE(fd_is_open(probe));

	CHECK(setrlimit(RLIMIT_NOFILE, &saved));
	ap_pipe(0, 0, &r, &w);
}
