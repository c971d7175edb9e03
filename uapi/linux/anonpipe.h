/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * anonpipe: Windows-style anonymous pipes for Linux.
 *
 * CREATE is issued on /dev/anonpipe and returns a read handle and a write
 * handle as file descriptors. READ, WRITE, PEEK and INFO are issued on those
 * handles; they report what read(2) and write(2) cannot express: a status
 * next to the byte count, a write that raises no SIGPIPE, a zero-length
 * read that waits for data, and a copy that consumes nothing.
 *
 * Every structure uses fixed-width fields and explicit padding, so 32- and
 * 64-bit callers share one layout. Reserved fields and unknown flags must be
 * zero; the module rejects anything else with EINVAL.
 */
#ifndef _UAPI_LINUX_ANONPIPE_H
#define _UAPI_LINUX_ANONPIPE_H

#include <linux/const.h>
#include <linux/ioctl.h>
#include <linux/types.h>

/* Flags for struct anonpipe_create.flags */
#define ANONPIPE_CREATE_CLOEXEC		_BITUL(0)
#define ANONPIPE_CREATE_NONBLOCK	_BITUL(1)
#define ANONPIPE_CREATE_FLAGS		(ANONPIPE_CREATE_CLOEXEC | \
					 ANONPIPE_CREATE_NONBLOCK)

/**
 * struct anonpipe_create - argument of ANONPIPE_IOC_CREATE
 * @size: requested capacity in bytes; 0 selects the default_size parameter
 * @granted_size: out: the capacity granted (requests above max_size are
 *	clamped to it)
 * @flags: ANONPIPE_CREATE_* flags
 * @read_fd: out: descriptor of the read handle
 * @write_fd: out: descriptor of the write handle
 * @reserved: must be zero
 */
struct anonpipe_create {
	__u64 size;
	__u64 granted_size;
	__u32 flags;
	__u32 read_fd;
	__u32 write_fd;
	__u32 reserved[3];
};

/*
 * Outcome of a READ, WRITE or PEEK, next to the byte count. End of data and
 * a missing or departed reader, which read(2) and write(2) report as 0 or
 * EPIPE, are statuses here, so a caller always learns how many bytes moved
 * before the condition arose.
 */
enum anonpipe_status {
	/* The transfer completed. */
	ANONPIPE_STATUS_OK = 0,
	/* READ, PEEK: the pipe is empty and every write handle is closed. */
	ANONPIPE_STATUS_END_OF_DATA = 1,
	/* WRITE: no read handle was open when the write began. */
	ANONPIPE_STATUS_NO_READER = 2,
	/* WRITE: the last read handle closed while the write waited. */
	ANONPIPE_STATUS_READER_LEFT = 3,
	/* WRITE: a signal arrived after @bytes were written; retry the rest. */
	ANONPIPE_STATUS_INTERRUPTED = 4,
};

/**
 * struct anonpipe_transfer - argument of READ, WRITE and PEEK
 * @buf: user buffer address
 * @len: bytes to move; at most what one read(2) may move (INT_MAX rounded
 *	down to a page)
 * @bytes: out: bytes moved (PEEK: bytes copied)
 * @available: out: bytes queued in the pipe when the call returned
 * @flags: must be zero
 * @status: out: an enum anonpipe_status value
 * @reserved: must be zero
 *
 * READ returns what is queued, up to @len, and waits while the pipe is empty
 * and a writer remains; with @len 0 it waits the same way and consumes
 * nothing. WRITE waits until all @len bytes are queued, never raises
 * SIGPIPE, and with @len 0 does nothing; it stops short with a status, or
 * with status OK when the handle is nonblocking or the source faulted
 * part-way (a retry of the rest then fails with EAGAIN or EFAULT). PEEK
 * never waits.
 */
struct anonpipe_transfer {
	__u64 buf;
	__u64 len;
	__u64 bytes;
	__u64 available;
	__u32 flags;
	__u32 status;
	__u64 reserved;
};

/**
 * struct anonpipe_info - result of ANONPIPE_IOC_INFO
 * @capacity: buffer capacity in bytes
 * @queued: bytes written and not yet read
 * @readers: open read handles (0 or 1)
 * @writers: open write handles (0 or 1)
 */
struct anonpipe_info {
	__u64 capacity;
	__u64 queued;
	__u32 readers;
	__u32 writers;
};

/* 0xB9 is unassigned in Documentation/userspace-api/ioctl/ioctl-number.rst */
#define ANONPIPE_IOC_MAGIC	0xB9

/* On /dev/anonpipe */
#define ANONPIPE_IOC_CREATE	_IOWR(ANONPIPE_IOC_MAGIC, 0x00, struct anonpipe_create)
/* On a handle: READ and PEEK need the read end, WRITE the write end */
#define ANONPIPE_IOC_READ	_IOWR(ANONPIPE_IOC_MAGIC, 0x01, struct anonpipe_transfer)
#define ANONPIPE_IOC_WRITE	_IOWR(ANONPIPE_IOC_MAGIC, 0x02, struct anonpipe_transfer)
#define ANONPIPE_IOC_PEEK	_IOWR(ANONPIPE_IOC_MAGIC, 0x03, struct anonpipe_transfer)
#define ANONPIPE_IOC_INFO	_IOR(ANONPIPE_IOC_MAGIC, 0x04, struct anonpipe_info)

#endif /* _UAPI_LINUX_ANONPIPE_H */
