// SPDX-License-Identifier: GPL-2.0
/*
 * The byte ring behind each pipe.
 *
 * Queued bytes start at @head and may wrap past the end of @data, so every
 * copy is at most two contiguous segments. Copies go through an iov_iter: a
 * fault ends the copy early, and only the bytes actually copied count.
 */
#include <kunit/visibility.h>
#include <linux/export.h>
#include <linux/minmax.h>
#include <linux/uio.h>

#include "ring.h"

void anonpipe_ring_init(struct anonpipe_ring *ring, char *data,
			size_t capacity)
{
	ring->data = data;
	ring->capacity = capacity;
	ring->head = 0;
	ring->used = 0;
}
EXPORT_SYMBOL_IF_KUNIT(anonpipe_ring_init);

/* Offset in @data of the byte @offset bytes past the head. */
static size_t anonpipe_ring_offset(const struct anonpipe_ring *ring,
				   size_t offset)
{
	size_t pos = ring->head + offset;

	return pos < ring->capacity ? pos : pos - ring->capacity;
}

/**
 * anonpipe_ring_push - append bytes from @from to the ring
 * @ring: the ring
 * @from: source; advanced past the bytes taken
 *
 * Takes as many bytes as fit and @from holds.
 *
 * Return: bytes appended; fewer than requested if the source faulted.
 */
size_t anonpipe_ring_push(struct anonpipe_ring *ring, struct iov_iter *from)
{
	size_t count = min(iov_iter_count(from), anonpipe_ring_room(ring));
	size_t done = 0;

	while (done < count) {
		size_t tail = anonpipe_ring_offset(ring, ring->used + done);
		size_t chunk = min(count - done, ring->capacity - tail);
		size_t copied = copy_from_iter(ring->data + tail, chunk, from);

		done += copied;
		if (copied < chunk)
			break;
	}
	WRITE_ONCE(ring->used, ring->used + done);
	return done;
}
EXPORT_SYMBOL_IF_KUNIT(anonpipe_ring_push);

/**
 * anonpipe_ring_peek - copy the oldest queued bytes to @to, keeping them
 * @ring: the ring
 * @to: destination; advanced past the bytes copied
 *
 * Return: bytes copied; fewer than requested if the destination faulted.
 */
size_t anonpipe_ring_peek(const struct anonpipe_ring *ring,
			  struct iov_iter *to)
{
	size_t count = min(iov_iter_count(to), ring->used);
	size_t done = 0;

	while (done < count) {
		size_t pos = anonpipe_ring_offset(ring, done);
		size_t chunk = min(count - done, ring->capacity - pos);
		size_t copied = copy_to_iter(ring->data + pos, chunk, to);

		done += copied;
		if (copied < chunk)
			break;
	}
	return done;
}
EXPORT_SYMBOL_IF_KUNIT(anonpipe_ring_peek);

/**
 * anonpipe_ring_drop - discard the oldest @count queued bytes
 * @ring: the ring
 * @count: bytes to discard; at most anonpipe_ring_used()
 */
void anonpipe_ring_drop(struct anonpipe_ring *ring, size_t count)
{
	ring->head = anonpipe_ring_offset(ring, count);
	WRITE_ONCE(ring->used, ring->used - count);
}
EXPORT_SYMBOL_IF_KUNIT(anonpipe_ring_drop);
