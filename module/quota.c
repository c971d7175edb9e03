// SPDX-License-Identifier: GPL-2.0
/*
 * Per-user limit on pipe buffer bytes.
 *
 * The kernel's own pipe accounting (user_struct->pipe_bufs) is not exported,
 * so the module keeps its own: bytes in use per uid, in an xarray of value
 * entries. Memory is charged to the creator's memory cgroup separately, by
 * GFP_KERNEL_ACCOUNT; this limit bounds what one user can pin in total.
 */
#include <kunit/visibility.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/xarray.h>

#include "anonpipe.h"

unsigned long anonpipe_user_limit = 64UL << 20;
EXPORT_SYMBOL_IF_KUNIT(anonpipe_user_limit);
module_param_named(user_limit, anonpipe_user_limit, ulong, 0644);
MODULE_PARM_DESC(user_limit, "Most buffer bytes one user's pipes may hold (default 64 MiB)");

/* Serialises read-modify-write of the entries; xa_lock cannot sleep. */
static DEFINE_MUTEX(anonpipe_usage_lock);
static DEFINE_XARRAY(anonpipe_usage);

static size_t anonpipe_usage_locked(kuid_t uid)
{
	void *entry = xa_load(&anonpipe_usage, __kuid_val(uid));

	return entry ? xa_to_value(entry) : 0;
}

/**
 * anonpipe_quota_charge - reserve @bytes of @uid's buffer quota
 * @uid: the user
 * @bytes: buffer bytes
 *
 * Return: 0, -EDQUOT when @uid would pass the user_limit parameter, or
 * -ENOMEM.
 */
int anonpipe_quota_charge(kuid_t uid, size_t bytes)
{
	unsigned long limit = READ_ONCE(anonpipe_user_limit);
	size_t used;
	int err;

	mutex_lock(&anonpipe_usage_lock);
	used = anonpipe_usage_locked(uid);
	if (bytes > limit || used > limit - bytes)
		err = -EDQUOT;
	else
		err = xa_err(xa_store(&anonpipe_usage, __kuid_val(uid),
				      xa_mk_value(used + bytes), GFP_KERNEL));
	mutex_unlock(&anonpipe_usage_lock);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(anonpipe_quota_charge);

/* Return @bytes charged earlier by anonpipe_quota_charge(). */
void anonpipe_quota_uncharge(kuid_t uid, size_t bytes)
{
	size_t used;

	mutex_lock(&anonpipe_usage_lock);
	used = anonpipe_usage_locked(uid);
	if (WARN_ON_ONCE(bytes > used))
		bytes = used;
	used -= bytes;
	/* Replacing an existing entry needs no memory, so it cannot fail. */
	if (used)
		xa_store(&anonpipe_usage, __kuid_val(uid), xa_mk_value(used),
			 GFP_KERNEL);
	else
		xa_erase(&anonpipe_usage, __kuid_val(uid));
	mutex_unlock(&anonpipe_usage_lock);
}
EXPORT_SYMBOL_IF_KUNIT(anonpipe_quota_uncharge);

size_t anonpipe_quota_usage(kuid_t uid)
{
	size_t used;

	mutex_lock(&anonpipe_usage_lock);
	used = anonpipe_usage_locked(uid);
	mutex_unlock(&anonpipe_usage_lock);
	return used;
}
EXPORT_SYMBOL_IF_KUNIT(anonpipe_quota_usage);
