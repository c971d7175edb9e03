// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for what the ioctls accept and report: CREATE and transfer
 * argument checks, the capacity a request is granted, the per-user quota,
 * and the fdinfo text of a handle.
 */
#include <kunit/test.h>
#include <linux/file.h>
#include <linux/seq_file.h>
#include <linux/uio.h>

#include "anonpipe.h"

static void anonpipe_ioctl_check_create_accepts_known_flags(struct kunit *test)
{
	struct anonpipe_create args = { .flags = ANONPIPE_CREATE_FLAGS };

	KUNIT_EXPECT_EQ(test, anonpipe_check_create(&args), 0);
	args.flags = 0;
	KUNIT_EXPECT_EQ(test, anonpipe_check_create(&args), 0);
}

static void anonpipe_ioctl_check_create_rejects_unknown_flags(struct kunit *test)
{
	struct anonpipe_create args = { .flags = ANONPIPE_CREATE_FLAGS + 1 };

	KUNIT_EXPECT_EQ(test, anonpipe_check_create(&args), -EINVAL);
	args.flags = 1U << 31;
	KUNIT_EXPECT_EQ(test, anonpipe_check_create(&args), -EINVAL);
}

static void anonpipe_ioctl_check_create_rejects_each_reserved_word(struct kunit *test)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(((struct anonpipe_create *)0)->reserved); i++) {
		struct anonpipe_create args = {};

		args.reserved[i] = 1;
		KUNIT_EXPECT_EQ_MSG(test, anonpipe_check_create(&args), -EINVAL,
				    "reserved[%d]", i);
	}
}

static void anonpipe_ioctl_check_create_ignores_output_fields(struct kunit *test)
{
	struct anonpipe_create args = {
		.granted_size = 7, .read_fd = 3, .write_fd = 4,
	};

	KUNIT_EXPECT_EQ(test, anonpipe_check_create(&args), 0);
}

static void anonpipe_ioctl_check_transfer_rejects_flags_and_reserved(struct kunit *test)
{
	struct anonpipe_transfer args = { .flags = 1 };

	KUNIT_EXPECT_EQ(test, anonpipe_check_transfer(&args), -EINVAL);
	args.flags = 0;
	args.reserved = 1ULL << 63;
	KUNIT_EXPECT_EQ(test, anonpipe_check_transfer(&args), -EINVAL);
	args.reserved = 0;
	KUNIT_EXPECT_EQ(test, anonpipe_check_transfer(&args), 0);
}

static void anonpipe_ioctl_check_transfer_limits_len_to_max_rw_count(struct kunit *test)
{
	struct anonpipe_transfer args = { .len = MAX_RW_COUNT };

	KUNIT_EXPECT_EQ(test, anonpipe_check_transfer(&args), 0);
	args.len = (u64)MAX_RW_COUNT + 1;
	KUNIT_EXPECT_EQ(test, anonpipe_check_transfer(&args), -EINVAL);
	args.len = U64_MAX;
	KUNIT_EXPECT_EQ(test, anonpipe_check_transfer(&args), -EINVAL);
}

static void anonpipe_ioctl_granted_size_zero_selects_default(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, anonpipe_granted_size(0, 65536, 1 << 20), 65536);
}

static void anonpipe_ioctl_granted_size_is_exact_up_to_max(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, anonpipe_granted_size(1, 65536, 1 << 20), 1);
	KUNIT_EXPECT_EQ(test, anonpipe_granted_size(32792, 65536, 1 << 20), 32792);
	KUNIT_EXPECT_EQ(test, anonpipe_granted_size(1 << 20, 65536, 1 << 20), 1 << 20);
}

static void anonpipe_ioctl_granted_size_clamps_large_requests(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, anonpipe_granted_size((1 << 20) + 1, 65536, 1 << 20), 1 << 20);
	KUNIT_EXPECT_EQ(test, anonpipe_granted_size(U32_MAX, 65536, 1 << 20), 1 << 20);
	KUNIT_EXPECT_EQ(test, anonpipe_granted_size(U64_MAX, 65536, 1 << 20), 1 << 20);
	/* a default above the maximum is clamped too */
	KUNIT_EXPECT_EQ(test, anonpipe_granted_size(0, 1 << 21, 1 << 20), 1 << 20);
}

static void anonpipe_ioctl_granted_size_is_never_zero(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, anonpipe_granted_size(0, 0, 1 << 20), 1);
	KUNIT_EXPECT_EQ(test, anonpipe_granted_size(5, 65536, 0), 1);
}

static void anonpipe_ioctl_quota_charge_refuses_beyond_user_limit(struct kunit *test)
{
	unsigned long saved = anonpipe_user_limit;
	kuid_t uid = KUIDT_INIT(4242);

	anonpipe_user_limit = 100;
	KUNIT_EXPECT_EQ(test, anonpipe_quota_charge(uid, 60), 0);
	KUNIT_EXPECT_EQ(test, anonpipe_quota_charge(uid, 41), -EDQUOT);
	KUNIT_EXPECT_EQ(test, anonpipe_quota_charge(uid, 40), 0);
	KUNIT_EXPECT_EQ(test, anonpipe_quota_usage(uid), 100);
	anonpipe_quota_uncharge(uid, 100);
	KUNIT_EXPECT_EQ(test, anonpipe_quota_usage(uid), 0);
	KUNIT_EXPECT_EQ(test, anonpipe_quota_charge(uid, 101), -EDQUOT);
	anonpipe_user_limit = saved;
}

static void anonpipe_ioctl_quota_is_per_user(struct kunit *test)
{
	unsigned long saved = anonpipe_user_limit;
	kuid_t alice = KUIDT_INIT(4243), bob = KUIDT_INIT(4244);

	anonpipe_user_limit = 10;
	KUNIT_EXPECT_EQ(test, anonpipe_quota_charge(alice, 10), 0);
	KUNIT_EXPECT_EQ(test, anonpipe_quota_charge(bob, 10), 0);
	anonpipe_quota_uncharge(alice, 10);
	anonpipe_quota_uncharge(bob, 10);
	anonpipe_user_limit = saved;
}

static void anonpipe_ioctl_fdinfo_shows_capacity_queue_and_ends(struct kunit *test)
{
	static const char expected[] =
		"anonpipe-capacity:\t123\n"
		"anonpipe-queued:\t5\n"
		"anonpipe-readers:\t1\n"
		"anonpipe-writers:\t1\n";
	struct kvec kvec = { .iov_base = "hello", .iov_len = 5 };
	struct seq_file m = { .size = PAGE_SIZE };
	struct anonpipe_xfer xfer;
	struct file *rd, *wr;
	struct anonpipe *pipe;
	struct iov_iter from;

	m.buf = kunit_kzalloc(test, m.size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m.buf);
	pipe = anonpipe_alloc(123);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pipe);
	rd = anonpipe_open_end(pipe, FMODE_READ, false);
	wr = anonpipe_open_end(pipe, FMODE_WRITE, false);
	anonpipe_put(pipe);
	KUNIT_ASSERT_FALSE(test, IS_ERR(rd));
	KUNIT_ASSERT_FALSE(test, IS_ERR(wr));

	iov_iter_kvec(&from, ITER_SOURCE, &kvec, 1, 5);
	anonpipe_write(pipe, &from, false, &xfer);
	anonpipe_handle_fops.show_fdinfo(&m, rd);
	KUNIT_EXPECT_STREQ(test, m.buf, expected);
	KUNIT_EXPECT_EQ(test, rd->f_mode & (FMODE_READ | FMODE_WRITE), FMODE_READ);
	KUNIT_EXPECT_EQ(test, wr->f_mode & (FMODE_READ | FMODE_WRITE), FMODE_WRITE);
	fput(rd);
	fput(wr);
}

static struct kunit_case ioctl_test_cases[] = {
	KUNIT_CASE(anonpipe_ioctl_check_create_accepts_known_flags),
	KUNIT_CASE(anonpipe_ioctl_check_create_rejects_unknown_flags),
	KUNIT_CASE(anonpipe_ioctl_check_create_rejects_each_reserved_word),
	KUNIT_CASE(anonpipe_ioctl_check_create_ignores_output_fields),
	KUNIT_CASE(anonpipe_ioctl_check_transfer_rejects_flags_and_reserved),
	KUNIT_CASE(anonpipe_ioctl_check_transfer_limits_len_to_max_rw_count),
	KUNIT_CASE(anonpipe_ioctl_granted_size_zero_selects_default),
	KUNIT_CASE(anonpipe_ioctl_granted_size_is_exact_up_to_max),
	KUNIT_CASE(anonpipe_ioctl_granted_size_clamps_large_requests),
	KUNIT_CASE(anonpipe_ioctl_granted_size_is_never_zero),
	KUNIT_CASE(anonpipe_ioctl_quota_charge_refuses_beyond_user_limit),
	KUNIT_CASE(anonpipe_ioctl_quota_is_per_user),
	KUNIT_CASE(anonpipe_ioctl_fdinfo_shows_capacity_queue_and_ends),
	{}
};

static struct kunit_suite ioctl_test_suite = {
	.name = "anonpipe_ioctl",
	.test_cases = ioctl_test_cases,
};

kunit_test_suite(ioctl_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit suites for anonpipe.ko");
/* From 6.13 on, the namespace is a string: "EXPORTED_FOR_KUNIT_TESTING". */
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
