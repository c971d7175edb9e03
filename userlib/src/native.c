// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * The native API: one function per /dev/anonpipe ioctl, each returning 0 or
 * -errno. The module's per-transfer status becomes an errno here, exactly as
 * anonpipe_native.h documents, so callers test one value.
 */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "internal.h"

/* Issues an ioctl on a pipe handle. */
static int handle_ioctl(int fd, unsigned long request, void *arg)
{
	int ret = SYSCALL_NEG(ioctl(fd, request, arg));

	/*
	 * The module answers EBADF for the wrong end (a READ on the write
	 * handle); a descriptor that is still open tells that apart from a
	 * closed one.
	 */
	if (ret == -EBADF && SYSCALL_NEG(fcntl(fd, F_GETFD)) >= 0)
		ret = -EACCES;
	return ret;
}

static int status_to_errno(uint32_t status)
{
	switch (status) {
	case ANONPIPE_STATUS_OK:
		return 0;
	case ANONPIPE_STATUS_END_OF_DATA:
	case ANONPIPE_STATUS_READER_LEFT:
		return -EPIPE;
	case ANONPIPE_STATUS_NO_READER:
		return -ESHUTDOWN;
	case ANONPIPE_STATUS_INTERRUPTED:
		return -EINTR;
	}
	return -EPROTO;		/* a status this library does not know */
}

static void store_size(size_t *out, uint64_t value)
{
	if (out)
		*out = value;
}

/* READ, WRITE or PEEK; *t keeps the byte counts the module reported. */
static int transfer(int fd, unsigned long request, const void *buf,
		    size_t len, struct anonpipe_transfer *t)
{
	int ret;

	*t = (struct anonpipe_transfer){ .buf = (uintptr_t)buf, .len = len };
	ret = handle_ioctl(fd, request, t);
	return ret < 0 ? ret : status_to_errno(t->status);
}

/* READ or WRITE, reporting the bytes moved even when a status says more. */
static int transfer_counted(int fd, unsigned long request, const void *buf,
			    size_t len, size_t *moved)
{
	struct anonpipe_transfer t;
	int ret = transfer(fd, request, buf, len, &t);

	store_size(moved, t.bytes);
	return ret;
}

ANONPIPE_API int anonpipe_create(uint64_t size, unsigned int flags,
				 struct anonpipe_fds *fds)
{
	struct anonpipe_create arg = { .size = size, .flags = flags };
	int dev, ret;

	if (!fds)
		return -EINVAL;
	dev = SYSCALL_NEG(open(ANONPIPE_DEVICE_PATH, O_RDWR | O_CLOEXEC));
	if (dev < 0)
		return dev;
	ret = SYSCALL_NEG(ioctl(dev, ANONPIPE_IOC_CREATE, &arg));
	SYSCALL_NEG(close(dev));
	if (ret < 0)
		return ret;
	fds->read_fd = arg.read_fd;
	fds->write_fd = arg.write_fd;
	fds->capacity = arg.granted_size;
	return 0;
}

ANONPIPE_API int anonpipe_read(int fd, void *buf, size_t len, size_t *moved)
{
	return transfer_counted(fd, ANONPIPE_IOC_READ, buf, len, moved);
}

ANONPIPE_API int anonpipe_write(int fd, const void *buf, size_t len,
				size_t *moved)
{
	return transfer_counted(fd, ANONPIPE_IOC_WRITE, buf, len, moved);
}

ANONPIPE_API int anonpipe_peek(int fd, void *buf, size_t len, size_t *copied,
			       size_t *available)
{
	struct anonpipe_transfer t;
	int ret = transfer(fd, ANONPIPE_IOC_PEEK, buf, len, &t);

	store_size(copied, t.bytes);
	store_size(available, t.available);
	return ret;
}

ANONPIPE_API int anonpipe_info(int fd, struct anonpipe_info *info)
{
	return handle_ioctl(fd, ANONPIPE_IOC_INFO, info);
}
