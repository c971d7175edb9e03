/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A byte ring of any capacity from 1 byte up, free of VFS types so KUnit can
 * drive it with kernel buffers. The caller serialises every call; only
 * anonpipe_ring_used_lockless() may run concurrently with a writer.
 */
#ifndef _ANONPIPE_RING_H
#define _ANONPIPE_RING_H

#include <linux/compiler.h>
#include <linux/types.h>

struct iov_iter;

/**
 * struct anonpipe_ring - bytes waiting to be read
 * @data: the buffer, @capacity bytes long
 * @capacity: bytes the ring can hold
 * @head: offset in @data of the oldest queued byte
 * @used: bytes queued; written with WRITE_ONCE() so poll can read it
 *	without the lock
 */
struct anonpipe_ring {
	char *data;
	size_t capacity;
	size_t head;
	size_t used;
};

void anonpipe_ring_init(struct anonpipe_ring *ring, char *data,
			size_t capacity);
size_t anonpipe_ring_push(struct anonpipe_ring *ring, struct iov_iter *from);
size_t anonpipe_ring_peek(const struct anonpipe_ring *ring,
			  struct iov_iter *to);
void anonpipe_ring_drop(struct anonpipe_ring *ring, size_t count);

static inline size_t anonpipe_ring_used(const struct anonpipe_ring *ring)
{
	return ring->used;
}

static inline size_t anonpipe_ring_room(const struct anonpipe_ring *ring)
{
	return ring->capacity - ring->used;
}

/* For predicates evaluated outside the lock: @used is one word. */
static inline size_t
anonpipe_ring_used_lockless(const struct anonpipe_ring *ring)
{
	return READ_ONCE(ring->used);
}

#endif /* _ANONPIPE_RING_H */
