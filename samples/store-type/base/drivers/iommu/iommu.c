// SPDX-License-Identifier: GPL-2.0-only
/*
 * Lockflow's demo sample: a small iommu core in the kernel's style, written
 * for Lockflow (not kernel code). The patch beside it adds a sysfs store
 * that changes a group's default domain, with the mistakes a reviewer
 * should catch.
 */
#include <linux/device.h>
#include <linux/iommu.h>
#include <linux/mutex.h>
#include <linux/slab.h>

struct group_device {
	struct list_head list;
	struct device *dev;
};

struct iommu_group {
	struct mutex mutex;
	struct list_head devices;
	struct iommu_domain *default_domain;
	struct iommu_domain *domain;
	void *owner;
	spinlock_t stats_lock;
	unsigned long attach_count;
	int id;
};

static unsigned int iommu_def_domain_type = IOMMU_DOMAIN_DMA;

static int iommu_group_device_count(struct iommu_group *group)
	__must_hold(&group->mutex)
{
	struct group_device *entry;
	int ret = 0;

	list_for_each_entry(entry, &group->devices, list)
		ret++;

	return ret;
}

static void iommu_group_remove_device(struct device *dev)
{
	struct iommu_group *group = dev->iommu_group;
	struct group_device *gdev, *tmp;

	mutex_lock(&group->mutex);
	list_for_each_entry_safe(gdev, tmp, &group->devices, list) {
		if (gdev->dev != dev)
			continue;
		list_del(&gdev->list);
		kfree(gdev);
	}
	group->owner = NULL;
	mutex_unlock(&group->mutex);
	put_device(dev);
}

/* Driver core calls this with the device lock held. */
static void iommu_release_device(struct device *dev)
	__must_hold(&dev->mutex)
{
	iommu_group_remove_device(dev);
}

static void iommu_group_count_attach(struct iommu_group *group)
{
	unsigned long flags;

	spin_lock_irqsave(&group->stats_lock, flags);
	group->attach_count++;
	spin_unlock_irqrestore(&group->stats_lock, flags);
}

int iommu_group_set_owner(struct iommu_group *group, void *owner)
{
	int ret = 0;

	mutex_lock(&group->mutex);
	if (group->owner) {
		ret = -EBUSY;
		goto out_unlock;
	}
	group->owner = owner;
out_unlock:
	mutex_unlock(&group->mutex);
	return ret;
}

void *iommu_group_get_owner(struct iommu_group *group)
{
	void *owner;

	mutex_lock(&group->mutex);
	owner = group->owner;
	mutex_unlock(&group->mutex);
	return owner;
}

static ssize_t iommu_group_show_type(struct iommu_group *group, char *buf)
{
	char *type = "unknown";

	mutex_lock(&group->mutex);
	if (group->default_domain) {
		switch (group->default_domain->type) {
		case IOMMU_DOMAIN_IDENTITY:
			type = "identity";
			break;
		case IOMMU_DOMAIN_DMA:
			type = "DMA";
			break;
		}
	}
	mutex_unlock(&group->mutex);
	return sprintf(buf, "%s\n", type);
}
