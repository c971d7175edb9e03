// SPDX-License-Identifier: GPL-2.0
/*
 * The pipe object and its two handles.
 *
 * Locking follows fs/pipe.c: one mutex around the ring and the handle
 * counts, because copies to and from user space may sleep; waits are
 * exclusive, each waker passes the wake-up on while the condition holds,
 * and every wake-up happens after the mutex is dropped. Closing either end
 * wakes everybody on both queues.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <asm/ioctls.h>
#include <kunit/visibility.h>
#include <linux/anon_inodes.h>
#include <linux/cred.h>
#include <linux/limits.h>
#include <linux/mm.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uio.h>

#include "anonpipe.h"

/* Writes up to this size (or the capacity) are never interleaved. */
#define ANONPIPE_ATOMIC_WRITE	PIPE_BUF

/**
 * anonpipe_alloc - create a pipe with no handles yet
 * @capacity: buffer size in bytes, at least 1
 *
 * Charges @capacity to the calling user's quota and to its memory cgroup.
 * The caller holds the one reference and drops it with anonpipe_put().
 *
 * Context: process context; may sleep.
 * Return: the pipe, or ERR_PTR(-ENOMEM) or ERR_PTR(-EDQUOT).
 */
struct anonpipe *anonpipe_alloc(size_t capacity)
{
	struct anonpipe *pipe;
	char *data;
	int err;

	pipe = kzalloc(sizeof(*pipe), GFP_KERNEL_ACCOUNT);
	if (!pipe)
		return ERR_PTR(-ENOMEM);

	pipe->owner = current_uid();
	err = anonpipe_quota_charge(pipe->owner, capacity);
	if (err)
		goto free_pipe;

	/* The size comes from user space: failing is an answer, not a bug. */
	data = kvmalloc(capacity, GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!data) {
		err = -ENOMEM;
		goto uncharge;
	}

	refcount_set(&pipe->refs, 1);
	mutex_init(&pipe->lock);
	anonpipe_ring_init(&pipe->ring, data, capacity);
	init_waitqueue_head(&pipe->rd_wait);
	init_waitqueue_head(&pipe->wr_wait);
	return pipe;

uncharge:
	anonpipe_quota_uncharge(pipe->owner, capacity);
free_pipe:
	kfree(pipe);
	return ERR_PTR(err);
}
EXPORT_SYMBOL_IF_KUNIT(anonpipe_alloc);

static void anonpipe_free(struct anonpipe *pipe)
{
	anonpipe_quota_uncharge(pipe->owner, pipe->ring.capacity);
	kvfree(pipe->ring.data);
	mutex_destroy(&pipe->lock);
	kfree(pipe);
}

void anonpipe_put(struct anonpipe *pipe)
{
	if (refcount_dec_and_test(&pipe->refs))
		anonpipe_free(pipe);
}
EXPORT_SYMBOL_IF_KUNIT(anonpipe_put);

/* Count a new handle for @mode, FMODE_READ or FMODE_WRITE. */
void anonpipe_get_end(struct anonpipe *pipe, fmode_t mode)
{
	refcount_inc(&pipe->refs);
	mutex_lock(&pipe->lock);
	if (mode & FMODE_READ)
		WRITE_ONCE(pipe->readers, pipe->readers + 1);
	if (mode & FMODE_WRITE)
		WRITE_ONCE(pipe->writers, pipe->writers + 1);
	mutex_unlock(&pipe->lock);
}
EXPORT_SYMBOL_IF_KUNIT(anonpipe_get_end);

/**
 * anonpipe_put_end - a handle for @mode closed
 * @pipe: the pipe
 * @mode: FMODE_READ or FMODE_WRITE
 *
 * Wakes every waiter on both queues, as the other side's wait may have just
 * become hopeless, then drops the handle's reference.
 */
void anonpipe_put_end(struct anonpipe *pipe, fmode_t mode)
{
	mutex_lock(&pipe->lock);
	if (mode & FMODE_READ)
		WRITE_ONCE(pipe->readers, pipe->readers - 1);
	if (mode & FMODE_WRITE)
		WRITE_ONCE(pipe->writers, pipe->writers - 1);
	mutex_unlock(&pipe->lock);

	wake_up_interruptible_all(&pipe->rd_wait);
	wake_up_interruptible_all(&pipe->wr_wait);
	anonpipe_put(pipe);
}
EXPORT_SYMBOL_IF_KUNIT(anonpipe_put_end);

/*
 * The wait conditions run without the lock. Each reads single words that
 * are written with WRITE_ONCE() under the lock, and the waiter re-checks
 * everything under the lock before acting, so a stale answer costs at most
 * one extra trip round the loop. A change that makes the condition true is
 * always followed by a wake-up on the matching queue, which orders it
 * against the waiter's prepare_to_wait().
 */
static bool anonpipe_readable(const struct anonpipe *pipe)
{
	return anonpipe_ring_used_lockless(&pipe->ring) ||
	       !READ_ONCE(pipe->writers);
}

/* The largest write that must go in whole. */
static size_t anonpipe_atomic_size(const struct anonpipe *pipe)
{
	return min_t(size_t, ANONPIPE_ATOMIC_WRITE, pipe->ring.capacity);
}

/*
 * Room for the largest atomic write. Every writer waits for this one
 * condition, so whoever is woken can proceed and pass the wake-up on, and
 * poll's EPOLLOUT promises what write(2) then delivers.
 */
static bool anonpipe_has_room(const struct anonpipe *pipe)
{
	size_t used = anonpipe_ring_used_lockless(&pipe->ring);

	return pipe->ring.capacity - used >= anonpipe_atomic_size(pipe);
}

static bool anonpipe_writable(const struct anonpipe *pipe)
{
	return anonpipe_has_room(pipe) || !READ_ONCE(pipe->readers);
}

static void anonpipe_wake_readers(struct anonpipe *pipe)
{
	wake_up_interruptible_sync_poll(&pipe->rd_wait, EPOLLIN | EPOLLRDNORM);
}

static void anonpipe_wake_writers(struct anonpipe *pipe)
{
	wake_up_interruptible_sync_poll(&pipe->wr_wait, EPOLLOUT | EPOLLWRNORM);
}

/* Move queued bytes to @to: peek, then drop what the copy reached. */
static size_t anonpipe_take(struct anonpipe *pipe, struct iov_iter *to)
{
	size_t bytes;

	lockdep_assert_held(&pipe->lock);
	bytes = anonpipe_ring_peek(&pipe->ring, to);
	anonpipe_ring_drop(&pipe->ring, bytes);
	return bytes;
}

static size_t anonpipe_give(struct anonpipe *pipe, struct iov_iter *from)
{
	lockdep_assert_held(&pipe->lock);
	return anonpipe_ring_push(&pipe->ring, from);
}

/**
 * anonpipe_read - move queued bytes to @to
 * @pipe: the pipe
 * @to: destination; a zero-length one still waits for data
 * @nonblock: fail with -EAGAIN instead of waiting
 * @xfer: out: bytes moved, and ANONPIPE_STATUS_END_OF_DATA when the pipe is
 *	empty and has no writer left
 *
 * Waits while the pipe is empty and a writer remains, then moves what is
 * queued, up to the size of @to.
 *
 * Return: 0, -EAGAIN, -ERESTARTSYS or -EFAULT; nothing moved on error.
 */
int anonpipe_read(struct anonpipe *pipe, struct iov_iter *to, bool nonblock,
		  struct anonpipe_xfer *xfer)
{
	size_t want = iov_iter_count(to);
	bool more_for_readers, room_made;
	int err = 0;

	*xfer = (struct anonpipe_xfer){ .status = ANONPIPE_STATUS_OK };
	mutex_lock(&pipe->lock);
	while (!anonpipe_ring_used(&pipe->ring)) {
		if (!pipe->writers) {
			xfer->status = ANONPIPE_STATUS_END_OF_DATA;
			goto unlock;
		}
		if (nonblock) {
			err = -EAGAIN;
			goto unlock;
		}
		mutex_unlock(&pipe->lock);
		if (wait_event_interruptible_exclusive(pipe->rd_wait,
						       anonpipe_readable(pipe)))
			return -ERESTARTSYS;
		mutex_lock(&pipe->lock);
	}

	xfer->bytes = anonpipe_take(pipe, to);
	if (!xfer->bytes && want)
		err = -EFAULT;
unlock:
	more_for_readers = anonpipe_ring_used(&pipe->ring) || !pipe->writers;
	room_made = xfer->bytes && anonpipe_has_room(pipe);
	mutex_unlock(&pipe->lock);

	if (room_made)
		anonpipe_wake_writers(pipe);
	if (more_for_readers)
		anonpipe_wake_readers(pipe);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(anonpipe_read);

/*
 * Wait for room, or for the last reader to leave. Entered and left with the
 * lock held.
 */
static int anonpipe_wait_for_room(struct anonpipe *pipe)
{
	int err;

	mutex_unlock(&pipe->lock);
	/* Readers may be waiting for what this write has queued so far. */
	anonpipe_wake_readers(pipe);
	err = wait_event_interruptible_exclusive(pipe->wr_wait,
						 anonpipe_writable(pipe));
	mutex_lock(&pipe->lock);
	return err;
}

/**
 * anonpipe_write - append all of @from to the pipe
 * @pipe: the pipe
 * @from: source; a zero-length one is a no-op
 * @nonblock: stop with -EAGAIN instead of waiting
 * @xfer: out: bytes moved, and why the write stopped short:
 *	ANONPIPE_STATUS_NO_READER (none when it began),
 *	ANONPIPE_STATUS_READER_LEFT (the last reader left while it waited), or
 *	ANONPIPE_STATUS_INTERRUPTED (a signal arrived after some bytes moved)
 *
 * Waits until everything is queued. A write of at most PIPE_BUF bytes that
 * fits the ring is queued in one piece, never interleaved with other writes.
 *
 * Return: 0, or -EAGAIN, -ERESTARTSYS or -EFAULT, in which case @xfer still
 * tells how many bytes were queued before the error.
 */
int anonpipe_write(struct anonpipe *pipe, struct iov_iter *from,
		   bool nonblock, struct anonpipe_xfer *xfer)
{
	size_t total = iov_iter_count(from);
	/* A write that may be split goes in piece by piece as room appears. */
	size_t need = total <= anonpipe_atomic_size(pipe) ? total : 1;
	bool more_room;
	int err = 0;

	*xfer = (struct anonpipe_xfer){ .status = ANONPIPE_STATUS_OK };
	mutex_lock(&pipe->lock);
	if (!pipe->readers) {
		xfer->status = ANONPIPE_STATUS_NO_READER;
		goto unlock;
	}
	while (iov_iter_count(from)) {
		size_t pushed;

		if (!pipe->readers) {
			xfer->status = ANONPIPE_STATUS_READER_LEFT;
			break;
		}
		if (anonpipe_ring_room(&pipe->ring) < need) {
			if (nonblock) {
				err = -EAGAIN;
				break;
			}
			err = anonpipe_wait_for_room(pipe);
			if (err)
				break;
			continue;
		}
		pushed = anonpipe_give(pipe, from);
		if (!pushed) {
			err = -EFAULT;
			break;
		}
		xfer->bytes += pushed;
	}
	if (err == -ERESTARTSYS && xfer->bytes)
		xfer->status = ANONPIPE_STATUS_INTERRUPTED;
unlock:
	more_room = anonpipe_has_room(pipe) && pipe->readers;
	mutex_unlock(&pipe->lock);

	if (xfer->bytes)
		anonpipe_wake_readers(pipe);
	if (more_room)
		anonpipe_wake_writers(pipe);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(anonpipe_write);

/**
 * anonpipe_peek - copy queued bytes to @to without consuming them
 * @pipe: the pipe
 * @to: destination
 * @xfer: out: bytes copied, and ANONPIPE_STATUS_END_OF_DATA when the pipe is
 *	empty and has no writer left
 *
 * Never waits.
 *
 * Return: 0, or -EFAULT if nothing could be copied.
 */
int anonpipe_peek(struct anonpipe *pipe, struct iov_iter *to,
		  struct anonpipe_xfer *xfer)
{
	size_t want = iov_iter_count(to);
	int err = 0;

	*xfer = (struct anonpipe_xfer){ .status = ANONPIPE_STATUS_OK };
	mutex_lock(&pipe->lock);
	xfer->bytes = anonpipe_ring_peek(&pipe->ring, to);
	if (!xfer->bytes && want && anonpipe_ring_used(&pipe->ring))
		err = -EFAULT;
	if (!anonpipe_ring_used(&pipe->ring) && !pipe->writers)
		xfer->status = ANONPIPE_STATUS_END_OF_DATA;
	mutex_unlock(&pipe->lock);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(anonpipe_peek);

/**
 * anonpipe_get_info - a snapshot of @pipe's capacity, queue and handles
 * @pipe: the pipe
 * @info: out
 *
 * Lockless, so fdinfo and INFO never wait behind a copy that faults in
 * slowly; the fields are read one by one, each a single word.
 */
void anonpipe_get_info(struct anonpipe *pipe, struct anonpipe_info *info)
{
	*info = (struct anonpipe_info){
		.capacity = pipe->ring.capacity,
		.queued = anonpipe_ring_used_lockless(&pipe->ring),
		.readers = READ_ONCE(pipe->readers),
		.writers = READ_ONCE(pipe->writers),
	};
}
EXPORT_SYMBOL_IF_KUNIT(anonpipe_get_info);

static bool anonpipe_nonblock(const struct kiocb *iocb)
{
	return iocb->ki_filp->f_flags & O_NONBLOCK;
}

static ssize_t anonpipe_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct anonpipe_xfer xfer;
	int err;

	if (!iov_iter_count(to))
		return 0;
	err = anonpipe_read(iocb->ki_filp->private_data, to,
			    anonpipe_nonblock(iocb), &xfer);
	return err ?: xfer.bytes;
}

/* write(2) semantics: SIGPIPE and EPIPE once the reader is gone. */
static ssize_t anonpipe_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct anonpipe_xfer xfer;
	int err;

	if (!iov_iter_count(from))
		return 0;
	err = anonpipe_write(iocb->ki_filp->private_data, from,
			     anonpipe_nonblock(iocb), &xfer);
	if (xfer.status == ANONPIPE_STATUS_NO_READER ||
	    xfer.status == ANONPIPE_STATUS_READER_LEFT) {
		send_sig(SIGPIPE, current, 0);
		err = -EPIPE;
	}
	return xfer.bytes ?: err;
}

static __poll_t anonpipe_poll(struct file *file, poll_table *wait)
{
	struct anonpipe *pipe = file->private_data;
	__poll_t mask = 0;

	if (file->f_mode & FMODE_READ)
		poll_wait(file, &pipe->rd_wait, wait);
	if (file->f_mode & FMODE_WRITE)
		poll_wait(file, &pipe->wr_wait, wait);

	/*
	 * Read without the lock, as pipe_poll() does. poll_wait() queued us
	 * before these loads, and every change to them is followed by a
	 * wake-up on the queue we are on, so a change we miss re-polls:
	 *
	 *     poll                              anonpipe_write
	 *     ----                              --------------
	 *     poll_wait(rd_wait)
	 *     READ_ONCE(ring.used) == 0
	 *                                       WRITE_ONCE(ring.used, n)
	 *                                       wake_up(rd_wait)
	 *     returns 0, sleeps                 -> poll runs again, sees n
	 */
	if (file->f_mode & FMODE_READ) {
		if (anonpipe_ring_used_lockless(&pipe->ring))
			mask |= EPOLLIN | EPOLLRDNORM;
		if (!READ_ONCE(pipe->writers))
			mask |= EPOLLHUP;
	}
	if (file->f_mode & FMODE_WRITE) {
		if (anonpipe_has_room(pipe))
			mask |= EPOLLOUT | EPOLLWRNORM;
		if (!READ_ONCE(pipe->readers))
			mask |= EPOLLERR;
	}
	return mask;
}

static int anonpipe_release(struct inode *inode, struct file *file)
{
	anonpipe_put_end(file->private_data, file->f_mode);
	return 0;
}

/**
 * anonpipe_check_transfer - validate the argument of READ, WRITE or PEEK
 * @args: the argument, copied from user space
 *
 * Return: 0, -EINVAL for flags, reserved bits or a length read(2) would not
 * take either, or -EFAULT for a buffer address a long cannot hold.
 */
int anonpipe_check_transfer(const struct anonpipe_transfer *args)
{
	if (args->flags || args->reserved)
		return -EINVAL;
	if (args->len > MAX_RW_COUNT)
		return -EINVAL;
	if (args->buf != (unsigned long)args->buf)
		return -EFAULT;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(anonpipe_check_transfer);

/* READ, WRITE and PEEK: the statuses of @xfer become ioctl results. */
static int anonpipe_transfer(struct anonpipe *pipe, unsigned int cmd,
			     struct iov_iter *iter, bool nonblock,
			     struct anonpipe_xfer *xfer)
{
	int err;

	switch (cmd) {
	case ANONPIPE_IOC_READ:
		return anonpipe_read(pipe, iter, nonblock, xfer);
	case ANONPIPE_IOC_PEEK:
		return anonpipe_peek(pipe, iter, xfer);
	case ANONPIPE_IOC_WRITE:
		err = anonpipe_write(pipe, iter, nonblock, xfer);
		/*
		 * Bytes already queued must be reported, not hidden: the
		 * caller retries the rest and meets the error then.
		 */
		return xfer->bytes ? 0 : err;
	default:
		return -ENOTTY;
	}
}

static long anonpipe_ioctl_transfer(struct file *file, unsigned int cmd,
				    struct anonpipe_transfer __user *uarg)
{
	fmode_t need = cmd == ANONPIPE_IOC_WRITE ? FMODE_WRITE : FMODE_READ;
	struct anonpipe *pipe = file->private_data;
	struct anonpipe_transfer args;
	struct anonpipe_xfer xfer;
	void __user *buf;
	struct iov_iter iter;
	int err;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (!(file->f_mode & need))
		return -EBADF;
	err = anonpipe_check_transfer(&args);
	if (err)
		return err;
	buf = u64_to_user_ptr(args.buf);
	if (!access_ok(buf, args.len))
		return -EFAULT;

	iov_iter_ubuf(&iter, need == FMODE_WRITE ? ITER_SOURCE : ITER_DEST,
		      buf, args.len);
	err = anonpipe_transfer(pipe, cmd, &iter, file->f_flags & O_NONBLOCK,
				&xfer);
	if (err)
		return err;

	args.bytes = xfer.bytes;
	args.status = xfer.status;
	args.available = anonpipe_ring_used_lockless(&pipe->ring);
	return copy_to_user(uarg, &args, sizeof(args)) ? -EFAULT : 0;
}

static long anonpipe_ioctl_info(struct anonpipe *pipe,
				struct anonpipe_info __user *uarg)
{
	struct anonpipe_info info;

	anonpipe_get_info(pipe, &info);
	return copy_to_user(uarg, &info, sizeof(info)) ? -EFAULT : 0;
}

static long anonpipe_handle_ioctl(struct file *file, unsigned int cmd,
				  unsigned long arg)
{
	struct anonpipe *pipe = file->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case ANONPIPE_IOC_READ:
	case ANONPIPE_IOC_WRITE:
	case ANONPIPE_IOC_PEEK:
		return anonpipe_ioctl_transfer(file, cmd, uarg);
	case ANONPIPE_IOC_INFO:
		return anonpipe_ioctl_info(pipe, uarg);
	case FIONREAD:
		return put_user(min_t(size_t, INT_MAX,
				      anonpipe_ring_used_lockless(&pipe->ring)),
				(int __user *)uarg);
	default:
		return -ENOTTY;
	}
}

static void anonpipe_show_fdinfo(struct seq_file *m, struct file *file)
{
	struct anonpipe_info info;

	anonpipe_get_info(file->private_data, &info);
	seq_printf(m, "anonpipe-capacity:\t%llu\n", info.capacity);
	seq_printf(m, "anonpipe-queued:\t%llu\n", info.queued);
	seq_printf(m, "anonpipe-readers:\t%u\n", info.readers);
	seq_printf(m, "anonpipe-writers:\t%u\n", info.writers);
}

const struct file_operations anonpipe_handle_fops = {
	.owner		= THIS_MODULE,
	.read_iter	= anonpipe_read_iter,
	.write_iter	= anonpipe_write_iter,
	.poll		= anonpipe_poll,
	.unlocked_ioctl	= anonpipe_handle_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.release	= anonpipe_release,
	.show_fdinfo	= anonpipe_show_fdinfo,
};
EXPORT_SYMBOL_IF_KUNIT(anonpipe_handle_fops);

/**
 * anonpipe_open_end - a new file for one end of @pipe
 * @pipe: the pipe
 * @mode: FMODE_READ or FMODE_WRITE
 * @nonblock: open the file O_NONBLOCK
 *
 * On success the file counts as a handle of @pipe and releases it on its
 * last fput().
 *
 * Return: the file, or an ERR_PTR().
 */
struct file *anonpipe_open_end(struct anonpipe *pipe, fmode_t mode,
			       bool nonblock)
{
	int flags = (mode & FMODE_READ ? O_RDONLY : O_WRONLY) |
		    (nonblock ? O_NONBLOCK : 0);
	struct file *file;

	file = anon_inode_getfile("[anonpipe]", &anonpipe_handle_fops, pipe,
				  flags);
	if (IS_ERR(file))
		return file;
	/* No file position: lseek(), pread() and pwrite() get -ESPIPE. */
	stream_open(file_inode(file), file);
	anonpipe_get_end(pipe, mode);
	return file;
}
EXPORT_SYMBOL_IF_KUNIT(anonpipe_open_end);
