// SPDX-License-Identifier: GPL-2.0
/*
 * Buffer memory is charged to the creator's memory cgroup: a pipe created
 * inside a cgroup raises its memory.current by at least the capacity.
 * (Not tested: a cgroup too small for the buffer, which calls in the
 * cgroup's OOM killer rather than failing the allocation.)
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "util.h"

#define CGROUP_ROOT	"/sys/fs/cgroup"
#define CGROUP_DIR	CGROUP_ROOT "/anonpipe-test"
#define BIG_PIPE	(1 << 20)

static void cgroup_write(const char *file, const char *value)
{
	int fd = CHECK(open(file, O_WRONLY));

	ASSERT_EQ(CHECK(write(fd, value, strlen(value))), (ssize_t)strlen(value));
	CHECK(close(fd));
}

static long cgroup_read(const char *file)
{
	char buf[64] = "";
	int fd = CHECK(open(file, O_RDONLY));

	ASSERT_GT(CHECK(read(fd, buf, sizeof(buf) - 1)), 0);
	CHECK(close(fd));
	return strtol(buf, NULL, 10);
}

/* Move this test process into a fresh cgroup with the memory controller. */
static void enter_memory_cgroup(void)
{
	char pid[32];

	if (mount("cgroup2", CGROUP_ROOT, "cgroup2", 0, NULL) && errno != EBUSY)
		ASSERT_EQ(errno, 0);
	cgroup_write(CGROUP_ROOT "/cgroup.subtree_control", "+memory");
	if (mkdir(CGROUP_DIR, 0755))
		ASSERT_EQ(errno, EEXIST);
	snprintf(pid, sizeof(pid), "%d", getpid());
	cgroup_write(CGROUP_DIR "/cgroup.procs", pid);
}

TEST(create_charges_the_buffer_to_the_creators_memory_cgroup)
{
	long before, after;
	int r, w;

	enter_memory_cgroup();
	cgroup_write(CGROUP_DIR "/memory.max", "max");
	before = cgroup_read(CGROUP_DIR "/memory.current");
	ASSERT_EQ(ap_pipe(BIG_PIPE, 0, &r, &w), BIG_PIPE);
	after = cgroup_read(CGROUP_DIR "/memory.current");
	ASSERT_GE(after - before, BIG_PIPE);
}
