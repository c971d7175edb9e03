// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the byte ring (module/ring.c): wrap-around, full and
 * empty, capacity 1 and max_size, partial copies and exact fills.
 */
#include <kunit/test.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uio.h>

#include "ring.h"

#define RING_MAX_SIZE	SZ_1M

static struct anonpipe_ring *ring_new(struct kunit *test, size_t capacity)
{
	struct anonpipe_ring *ring = kunit_kzalloc(test, sizeof(*ring), GFP_KERNEL);
	char *data = kunit_kmalloc(test, capacity, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ring);
	KUNIT_ASSERT_NOT_NULL(test, data);
	anonpipe_ring_init(ring, data, capacity);
	return ring;
}

static size_t ring_push_bytes(struct anonpipe_ring *ring, const void *src,
			      size_t len)
{
	struct kvec kvec = { .iov_base = (void *)src, .iov_len = len };
	struct iov_iter from;

	iov_iter_kvec(&from, ITER_SOURCE, &kvec, 1, len);
	return anonpipe_ring_push(ring, &from);
}

static size_t ring_peek_bytes(struct anonpipe_ring *ring, void *dst, size_t len)
{
	struct kvec kvec = { .iov_base = dst, .iov_len = len };
	struct iov_iter to;

	iov_iter_kvec(&to, ITER_DEST, &kvec, 1, len);
	return anonpipe_ring_peek(ring, &to);
}

static size_t ring_pop_bytes(struct anonpipe_ring *ring, void *dst, size_t len)
{
	size_t copied = ring_peek_bytes(ring, dst, len);

	anonpipe_ring_drop(ring, copied);
	return copied;
}

static void anonpipe_ring_init_leaves_ring_empty(struct kunit *test)
{
	struct anonpipe_ring *ring = ring_new(test, 16);

	KUNIT_EXPECT_EQ(test, anonpipe_ring_used(ring), 0);
	KUNIT_EXPECT_EQ(test, anonpipe_ring_room(ring), 16);
}

static void anonpipe_ring_push_then_pop_returns_same_bytes(struct kunit *test)
{
	struct anonpipe_ring *ring = ring_new(test, 16);
	char out[8] = {};

	KUNIT_EXPECT_EQ(test, ring_push_bytes(ring, "abcdefg", 7), 7);
	KUNIT_EXPECT_EQ(test, anonpipe_ring_used(ring), 7);
	KUNIT_EXPECT_EQ(test, ring_pop_bytes(ring, out, sizeof(out)), 7);
	KUNIT_EXPECT_MEMEQ(test, out, "abcdefg", 7);
	KUNIT_EXPECT_EQ(test, anonpipe_ring_used(ring), 0);
}

static void anonpipe_ring_push_wraps_past_end(struct kunit *test)
{
	struct anonpipe_ring *ring = ring_new(test, 8);
	char out[8] = {};

	/* before: head at 6, so "wxyz" must wrap after 2 bytes */
	ring_push_bytes(ring, "012345", 6);
	ring_pop_bytes(ring, out, 6);
	KUNIT_ASSERT_EQ(test, ring->head, 6);

	KUNIT_EXPECT_EQ(test, ring_push_bytes(ring, "wxyz", 4), 4);
	KUNIT_EXPECT_MEMEQ(test, ring->data + 6, "wx", 2);
	KUNIT_EXPECT_MEMEQ(test, ring->data, "yz", 2);
	KUNIT_EXPECT_EQ(test, ring_pop_bytes(ring, out, sizeof(out)), 4);
	KUNIT_EXPECT_MEMEQ(test, out, "wxyz", 4);
	KUNIT_EXPECT_EQ(test, ring->head, 2);
}

static void anonpipe_ring_push_stops_when_full(struct kunit *test)
{
	struct anonpipe_ring *ring = ring_new(test, 4);

	KUNIT_EXPECT_EQ(test, ring_push_bytes(ring, "abcdef", 6), 4);
	KUNIT_EXPECT_EQ(test, anonpipe_ring_room(ring), 0);
	KUNIT_EXPECT_EQ(test, ring_push_bytes(ring, "g", 1), 0);
	KUNIT_EXPECT_EQ(test, anonpipe_ring_used(ring), 4);
}

static void anonpipe_ring_exact_fill_after_wrap_keeps_order(struct kunit *test)
{
	struct anonpipe_ring *ring = ring_new(test, 5);
	char out[5] = {};

	ring_push_bytes(ring, "abc", 3);
	ring_pop_bytes(ring, out, 2);
	/* one byte left at offset 2; fill the remaining four exactly */
	KUNIT_EXPECT_EQ(test, ring_push_bytes(ring, "defg", 4), 4);
	KUNIT_EXPECT_EQ(test, anonpipe_ring_room(ring), 0);
	KUNIT_EXPECT_EQ(test, ring_pop_bytes(ring, out, 5), 5);
	KUNIT_EXPECT_MEMEQ(test, out, "cdefg", 5);
}

static void anonpipe_ring_peek_does_not_consume(struct kunit *test)
{
	struct anonpipe_ring *ring = ring_new(test, 8);
	char out[4] = {};

	ring_push_bytes(ring, "peek", 4);
	KUNIT_EXPECT_EQ(test, ring_peek_bytes(ring, out, 4), 4);
	KUNIT_EXPECT_EQ(test, anonpipe_ring_used(ring), 4);
	KUNIT_EXPECT_EQ(test, ring->head, 0);
}

static void anonpipe_ring_peek_partial_copies_oldest_bytes(struct kunit *test)
{
	struct anonpipe_ring *ring = ring_new(test, 8);
	char out[3] = {};

	ring_push_bytes(ring, "abcdef", 6);
	KUNIT_EXPECT_EQ(test, ring_peek_bytes(ring, out, 3), 3);
	KUNIT_EXPECT_MEMEQ(test, out, "abc", 3);
}

static void anonpipe_ring_peek_across_wrap_copies_both_segments(struct kunit *test)
{
	struct anonpipe_ring *ring = ring_new(test, 6);
	char out[6] = {};

	ring_push_bytes(ring, "xxxx", 4);
	ring_pop_bytes(ring, out, 4);
	ring_push_bytes(ring, "abcdef", 6);
	KUNIT_EXPECT_EQ(test, ring_peek_bytes(ring, out, 6), 6);
	KUNIT_EXPECT_MEMEQ(test, out, "abcdef", 6);
}

static void anonpipe_ring_capacity_one_moves_one_byte_at_a_time(struct kunit *test)
{
	struct anonpipe_ring *ring = ring_new(test, 1);
	char out = 0;
	int i;

	for (i = 0; i < 3; i++) {
		char c = 'a' + i;

		KUNIT_EXPECT_EQ(test, ring_push_bytes(ring, "ab", 2), 1);
		KUNIT_EXPECT_EQ(test, ring_push_bytes(ring, &c, 1), 0);
		KUNIT_EXPECT_EQ(test, ring_pop_bytes(ring, &out, 1), 1);
		KUNIT_EXPECT_EQ(test, out, 'a');
		KUNIT_EXPECT_EQ(test, ring->head, 0);
	}
}

static void anonpipe_ring_max_size_fills_and_drains_exactly(struct kunit *test)
{
	struct anonpipe_ring *ring;
	u8 *src, *dst;
	size_t i;

	src = kunit_kmalloc(test, RING_MAX_SIZE, GFP_KERNEL);
	dst = kunit_kzalloc(test, RING_MAX_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, src);
	KUNIT_ASSERT_NOT_NULL(test, dst);
	for (i = 0; i < RING_MAX_SIZE; i++)
		src[i] = i * 7 + (i >> 8);
	ring = ring_new(test, RING_MAX_SIZE);

	/* start mid-buffer so the full ring wraps */
	ring_push_bytes(ring, src, 1000);
	ring_pop_bytes(ring, dst, 1000);
	KUNIT_EXPECT_EQ(test, ring_push_bytes(ring, src, RING_MAX_SIZE), RING_MAX_SIZE);
	KUNIT_EXPECT_EQ(test, anonpipe_ring_room(ring), 0);
	KUNIT_EXPECT_EQ(test, ring_pop_bytes(ring, dst, RING_MAX_SIZE), RING_MAX_SIZE);
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, RING_MAX_SIZE), 0);
}

static void anonpipe_ring_drop_of_everything_leaves_empty(struct kunit *test)
{
	struct anonpipe_ring *ring = ring_new(test, 8);

	ring_push_bytes(ring, "12345678", 8);
	anonpipe_ring_drop(ring, 8);
	KUNIT_EXPECT_EQ(test, anonpipe_ring_used(ring), 0);
	KUNIT_EXPECT_EQ(test, ring->head, 0);
	KUNIT_EXPECT_EQ(test, anonpipe_ring_room(ring), 8);
}

static struct kunit_case ring_test_cases[] = {
	KUNIT_CASE(anonpipe_ring_init_leaves_ring_empty),
	KUNIT_CASE(anonpipe_ring_push_then_pop_returns_same_bytes),
	KUNIT_CASE(anonpipe_ring_push_wraps_past_end),
	KUNIT_CASE(anonpipe_ring_push_stops_when_full),
	KUNIT_CASE(anonpipe_ring_exact_fill_after_wrap_keeps_order),
	KUNIT_CASE(anonpipe_ring_peek_does_not_consume),
	KUNIT_CASE(anonpipe_ring_peek_partial_copies_oldest_bytes),
	KUNIT_CASE(anonpipe_ring_peek_across_wrap_copies_both_segments),
	KUNIT_CASE(anonpipe_ring_capacity_one_moves_one_byte_at_a_time),
	KUNIT_CASE(anonpipe_ring_max_size_fills_and_drains_exactly),
	KUNIT_CASE(anonpipe_ring_drop_of_everything_leaves_empty),
	{}
};

static struct kunit_suite ring_test_suite = {
	.name = "anonpipe_ring",
	.test_cases = ring_test_cases,
};

kunit_test_suite(ring_test_suite);
