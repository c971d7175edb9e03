// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/anonpipe: creates pipes and hands out their two handles.
 *
 * Any user may create pipes, as with pipe(2); the buffer is charged to the
 * creator (quota.c). Descriptors are installed only after the last step that
 * can fail, as do_pipe2() does, so a failed CREATE leaves the caller's
 * descriptor table untouched.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <kunit/visibility.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/uaccess.h>

#include "anonpipe.h"

static unsigned int default_size = 65536;
module_param(default_size, uint, 0644);
MODULE_PARM_DESC(default_size, "Capacity in bytes when CREATE asks for 0 (default 65536)");

static unsigned int max_size = 1U << 20;
module_param(max_size, uint, 0644);
MODULE_PARM_DESC(max_size, "Largest capacity in bytes; larger requests are clamped (default 1 MiB)");

int anonpipe_check_create(const struct anonpipe_create *args)
{
	if (args->flags & ~ANONPIPE_CREATE_FLAGS)
		return -EINVAL;
	if (memchr_inv(args->reserved, 0, sizeof(args->reserved)))
		return -EINVAL;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(anonpipe_check_create);

/**
 * anonpipe_granted_size - the capacity a CREATE request gets
 * @requested: capacity asked for; 0 selects @default_size
 * @default_size: the default_size parameter
 * @max_size: the max_size parameter
 *
 * Return: @requested (or @default_size) clamped to [1, @max_size].
 */
size_t anonpipe_granted_size(u64 requested, size_t default_size,
			     size_t max_size)
{
	u64 size = requested ?: default_size;

	return clamp_t(u64, size, 1, max_t(size_t, max_size, 1));
}
EXPORT_SYMBOL_IF_KUNIT(anonpipe_granted_size);

/* The two ends of a new pipe, as files not yet bound to descriptors. */
static int anonpipe_open_ends(struct anonpipe *pipe, bool nonblock,
			      struct file *files[2])
{
	files[0] = anonpipe_open_end(pipe, FMODE_READ, nonblock);
	if (IS_ERR(files[0]))
		return PTR_ERR(files[0]);
	files[1] = anonpipe_open_end(pipe, FMODE_WRITE, nonblock);
	if (IS_ERR(files[1])) {
		fput(files[0]);
		return PTR_ERR(files[1]);
	}
	return 0;
}

static int anonpipe_reserve_fds(unsigned int flags, int fds[2])
{
	int fd_flags = flags & ANONPIPE_CREATE_CLOEXEC ? O_CLOEXEC : 0;

	fds[0] = get_unused_fd_flags(fd_flags);
	if (fds[0] < 0)
		return fds[0];
	fds[1] = get_unused_fd_flags(fd_flags);
	if (fds[1] < 0) {
		put_unused_fd(fds[0]);
		return fds[1];
	}
	return 0;
}

/* Files, descriptors and the reply; on any failure, none of them. */
static int anonpipe_hand_out(struct anonpipe *pipe,
			     struct anonpipe_create *args,
			     struct anonpipe_create __user *uarg)
{
	struct file *files[2];
	int fds[2];
	int err;

	err = anonpipe_open_ends(pipe, args->flags & ANONPIPE_CREATE_NONBLOCK,
				 files);
	if (err)
		return err;
	err = anonpipe_reserve_fds(args->flags, fds);
	if (err)
		goto put_files;

	args->granted_size = pipe->ring.capacity;
	args->read_fd = fds[0];
	args->write_fd = fds[1];
	if (copy_to_user(uarg, args, sizeof(*args))) {
		err = -EFAULT;
		goto put_fds;
	}

	fd_install(fds[0], files[0]);
	fd_install(fds[1], files[1]);
	return 0;

put_fds:
	put_unused_fd(fds[0]);
	put_unused_fd(fds[1]);
put_files:
	fput(files[0]);
	fput(files[1]);
	return err;
}

static long anonpipe_ioctl_create(struct anonpipe_create __user *uarg)
{
	struct anonpipe_create args;
	struct anonpipe *pipe;
	int err;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	err = anonpipe_check_create(&args);
	if (err)
		return err;

	pipe = anonpipe_alloc(anonpipe_granted_size(args.size,
						    READ_ONCE(default_size),
						    READ_ONCE(max_size)));
	if (IS_ERR(pipe))
		return PTR_ERR(pipe);
	err = anonpipe_hand_out(pipe, &args, uarg);
	/* The handles hold their own references now, if they exist. */
	anonpipe_put(pipe);
	return err;
}

static long anonpipe_dev_ioctl(struct file *file, unsigned int cmd,
			       unsigned long arg)
{
	switch (cmd) {
	case ANONPIPE_IOC_CREATE:
		return anonpipe_ioctl_create((void __user *)arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations anonpipe_dev_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= anonpipe_dev_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

static struct miscdevice anonpipe_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "anonpipe",
	.fops	= &anonpipe_dev_fops,
	.mode	= 0666,
};
module_misc_device(anonpipe_misc);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("anonpipe developers");
MODULE_DESCRIPTION("Windows-style anonymous pipes: /dev/anonpipe");
