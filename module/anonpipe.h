/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces of anonpipe.ko, shared by its files and its KUnit
 * suites (which reach them through EXPORT_SYMBOL_IF_KUNIT).
 */
#ifndef _ANONPIPE_H
#define _ANONPIPE_H

#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/uidgid.h>
#include <linux/wait.h>
#include <linux/anonpipe.h>

#include "ring.h"

/**
 * struct anonpipe - the pipe object behind a read handle and a write handle
 * @lock: serialises @ring, @readers and @writers
 * @ring: the bytes written and not yet read
 * @rd_wait: readers waiting for data or for the last writer to leave
 * @wr_wait: writers waiting for room or for the last reader to leave
 * @readers: open read handles, written under @lock with WRITE_ONCE()
 * @writers: open write handles, written under @lock with WRITE_ONCE()
 * @owner: the user whose buffer quota pays for @ring
 * @refs: one per handle, plus one held by the creator until it is done
 *
 * Each handle is one struct file; dup() and fork() share it, so @readers and
 * @writers count files, not descriptors. @refs, not the counts, decides
 * when the object is freed: mutex_unlock() may still touch @lock after
 * another task has taken it, so the lock cannot guard its own memory.
 */
struct anonpipe {
	struct mutex lock; /* guards ring, readers, writers */
	struct anonpipe_ring ring;
	wait_queue_head_t rd_wait;
	wait_queue_head_t wr_wait;
	unsigned int readers;
	unsigned int writers;
	kuid_t owner;
	refcount_t refs;
};

/* What a READ, WRITE or PEEK moved, and why it stopped. */
struct anonpipe_xfer {
	size_t bytes;
	u32 status;
};

/* pipe.c */
struct anonpipe *anonpipe_alloc(size_t capacity);
void anonpipe_put(struct anonpipe *pipe);
void anonpipe_get_end(struct anonpipe *pipe, fmode_t mode);
void anonpipe_put_end(struct anonpipe *pipe, fmode_t mode);
int anonpipe_read(struct anonpipe *pipe, struct iov_iter *to, bool nonblock,
		  struct anonpipe_xfer *xfer);
int anonpipe_write(struct anonpipe *pipe, struct iov_iter *from,
		   bool nonblock, struct anonpipe_xfer *xfer);
int anonpipe_peek(struct anonpipe *pipe, struct iov_iter *to,
		  struct anonpipe_xfer *xfer);
void anonpipe_get_info(struct anonpipe *pipe, struct anonpipe_info *info);
int anonpipe_check_transfer(const struct anonpipe_transfer *args);
struct file *anonpipe_open_end(struct anonpipe *pipe, fmode_t mode,
			       bool nonblock);
extern const struct file_operations anonpipe_handle_fops;

/* quota.c */
int anonpipe_quota_charge(kuid_t uid, size_t bytes);
void anonpipe_quota_uncharge(kuid_t uid, size_t bytes);
size_t anonpipe_quota_usage(kuid_t uid);
extern unsigned long anonpipe_user_limit;

/* device.c */
int anonpipe_check_create(const struct anonpipe_create *args);
size_t anonpipe_granted_size(u64 requested, size_t default_size,
			     size_t max_size);

#endif /* _ANONPIPE_H */
