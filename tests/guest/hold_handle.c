// SPDX-License-Identifier: GPL-2.0
/*
 * hold_handle: create one anonymous pipe, close /dev/anonpipe, keep both
 * pipe handles open, print "ready" and wait until killed.
 *
 * The guest init runs it in the background to check that an open handle
 * pins the module (rmmod must fail) and that closing it releases the module.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/anonpipe.h>

int main(void)
{
	struct anonpipe_create create;
	int dev;

	dev = open("/dev/anonpipe", O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		perror("hold_handle: open /dev/anonpipe");
		return 1;
	}
	memset(&create, 0, sizeof(create));
	if (ioctl(dev, ANONPIPE_IOC_CREATE, &create) < 0) {
		perror("hold_handle: ANONPIPE_IOC_CREATE");
		return 1;
	}
	/* Only the two pipe handles are left to hold the module. */
	close(dev);

	printf("ready read_fd=%u write_fd=%u\n", create.read_fd, create.write_fd);
	fflush(stdout);
	for (;;)
		pause();
}
