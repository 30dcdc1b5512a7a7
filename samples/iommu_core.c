// SPDX-License-Identifier: GPL-2.0
/*
 * A kernel-style fixture for Lockflow: groups of devices sharing a domain.
 * Written for these tests; it imitates the shape of iommu core code.
 */
#include <linux/device.h>
#include <linux/mutex.h>
#include <linux/list.h>

#define for_each_group_device(group, pos) \
	list_for_each_entry((pos), &(group)->devices, list)

struct iommu_domain {
	unsigned int type;
	const struct iommu_domain_ops *ops;
};

struct group_device {
	struct list_head list;
	struct device *dev;
	char *name;
};

struct iommu_group {
	struct mutex mutex;
	struct list_head devices;
	struct iommu_domain *default_domain;
	struct iommu_domain *domain;
	int id;
	spinlock_t stats_lock;
	unsigned long attach_count;
};

static DEFINE_MUTEX(iommu_probe_lock);

static int __iommu_attach_device(struct iommu_domain *domain,
				 struct device *dev);
static void iommu_group_put_locked(struct iommu_group *group) __must_hold(&group->mutex);

static int iommu_group_device_count(struct iommu_group *group)
	__must_hold(&group->mutex)
{
	struct group_device *entry;
	int ret = 0;

	list_for_each_entry(entry, &group->devices, list)
		ret++;

	return ret;
}

static int __iommu_group_for_each_dev(struct iommu_group *group, void *data,
				      int (*fn)(struct device *, void *))
{
	struct group_device *device;
	int ret = 0;

	list_for_each_entry(device, &group->devices, list) {
		ret = fn(device->dev, data);
		if (ret)
			break;
	}
	return ret;
}

static int iommu_group_do_attach_device(struct device *dev, void *data)
{
	struct iommu_domain *domain = data;

	return __iommu_attach_device(domain, dev);
}

static int __maybe_unused iommu_group_do_count(struct device *dev, void *data)
{
	int *count = data;

	(*count)++;
	return 0;
}

int iommu_attach_group(struct iommu_domain *domain, struct iommu_group *group)
{
	int ret;

	mutex_lock(&group->mutex);
	if (group->domain && group->domain != group->default_domain) {
		ret = -EBUSY;
		goto out_unlock;
	}
	ret = __iommu_group_for_each_dev(group, domain,
					 iommu_group_do_attach_device);
	if (ret == 0)
		group->domain = domain;
out_unlock:
	mutex_unlock(&group->mutex);
	return ret;
}

static int iommu_group_stats(struct iommu_group *group)
{
	unsigned long flags;
	struct group_device *gdev, *tmp;

	spin_lock_irqsave(&group->stats_lock, flags);
	group->attach_count++;
	spin_unlock_irqrestore(&group->stats_lock, flags);

	list_for_each_entry_safe(gdev, tmp, &group->devices, list) {
		if (!gdev->dev)
			continue;
		pr_info("%s\n", gdev->name);
	}
	return 0;
}

static void __init iommu_subsys_init(void)
{
	guard(mutex)(&iommu_probe_lock);
	pr_info("iommu: default domain type %d\n", 1);
}

static int iommu_group_set_name(struct iommu_group *group, const char *name)
{
	scoped_guard(mutex, &group->mutex) {
		if (!name)
			return -EINVAL;
		group->id = 1;
	}
	return 0;
}

static int iommu_group_try_rename(struct iommu_group *group)
{
	scoped_cond_guard(mutex_intr, return -EINTR, &group->mutex) {
		group->id++;
	}
	return 0;
}

static void iommu_group_release_locked(struct iommu_group *group)
	__releases(&group->mutex)
{
	group->domain = NULL;
	mutex_unlock(&group->mutex);
}

static unsigned int iommu_domain_type_or_default(struct iommu_domain *domain)
{
	return domain->type ?: 1;
}

static struct iommu_domain *iommu_group_dma_domain(struct iommu_group *group)
{
	struct group_device *gdev;

	gdev = list_first_entry(&group->devices, struct group_device, list);
	do {
		if (!gdev)
			break;
	} while (0);
	return group->default_domain;
}

static int iommu_domain_set_type(struct iommu_domain *domain, int type)
{
	switch (type) {
	case 1:
		domain->type = 1;
		break;
	case 2:
	case 3:
		domain->type = type;
		fallthrough;
	default:
		return domain->ops ? 0 : -ENODEV;
	}
	return 0;
}

EXPORT_SYMBOL_GPL(iommu_attach_group);
