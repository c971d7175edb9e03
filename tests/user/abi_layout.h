/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ioctl ABI, checked at compile time. Included by the 64-bit suite and
 * by the -m32 abi32-test, so both builds prove the same layout and the same
 * command numbers (the size is encoded in each command).
 */
#ifndef ANONPIPE_TEST_ABI_LAYOUT_H
#define ANONPIPE_TEST_ABI_LAYOUT_H

#include <stddef.h>
#include <linux/anonpipe.h>

_Static_assert(sizeof(struct anonpipe_create) == 40, "anonpipe_create size");
_Static_assert(offsetof(struct anonpipe_create, size) == 0, "create.size");
_Static_assert(offsetof(struct anonpipe_create, granted_size) == 8, "create.granted_size");
_Static_assert(offsetof(struct anonpipe_create, flags) == 16, "create.flags");
_Static_assert(offsetof(struct anonpipe_create, read_fd) == 20, "create.read_fd");
_Static_assert(offsetof(struct anonpipe_create, write_fd) == 24, "create.write_fd");
_Static_assert(offsetof(struct anonpipe_create, reserved) == 28, "create.reserved");

_Static_assert(sizeof(struct anonpipe_transfer) == 48, "anonpipe_transfer size");
_Static_assert(offsetof(struct anonpipe_transfer, buf) == 0, "transfer.buf");
_Static_assert(offsetof(struct anonpipe_transfer, len) == 8, "transfer.len");
_Static_assert(offsetof(struct anonpipe_transfer, bytes) == 16, "transfer.bytes");
_Static_assert(offsetof(struct anonpipe_transfer, available) == 24, "transfer.available");
_Static_assert(offsetof(struct anonpipe_transfer, flags) == 32, "transfer.flags");
_Static_assert(offsetof(struct anonpipe_transfer, status) == 36, "transfer.status");
_Static_assert(offsetof(struct anonpipe_transfer, reserved) == 40, "transfer.reserved");

_Static_assert(sizeof(struct anonpipe_info) == 24, "anonpipe_info size");
_Static_assert(offsetof(struct anonpipe_info, capacity) == 0, "info.capacity");
_Static_assert(offsetof(struct anonpipe_info, queued) == 8, "info.queued");
_Static_assert(offsetof(struct anonpipe_info, readers) == 16, "info.readers");
_Static_assert(offsetof(struct anonpipe_info, writers) == 20, "info.writers");

_Static_assert(ANONPIPE_IOC_CREATE == 0xC028B900u, "CREATE number");
_Static_assert(ANONPIPE_IOC_READ == 0xC030B901u, "READ number");
_Static_assert(ANONPIPE_IOC_WRITE == 0xC030B902u, "WRITE number");
_Static_assert(ANONPIPE_IOC_PEEK == 0xC030B903u, "PEEK number");
_Static_assert(ANONPIPE_IOC_INFO == 0x8018B904u, "INFO number");

_Static_assert(ANONPIPE_STATUS_OK == 0 && ANONPIPE_STATUS_END_OF_DATA == 1 &&
	       ANONPIPE_STATUS_NO_READER == 2 &&
	       ANONPIPE_STATUS_READER_LEFT == 3 &&
	       ANONPIPE_STATUS_INTERRUPTED == 4, "status values");

#endif /* ANONPIPE_TEST_ABI_LAYOUT_H */
