import DataLoader from 'dataloader';
import type { Stakeholder, StakeholderGroup } from './stakeholder.entity';
import type { StakeholderService } from './stakeholder.service';

/** The batched reads behind the nested fields (members, groups, subscriptions): one query per level. */
export interface StakeholderLoaders {
  membersByGroupId: DataLoader<string, Stakeholder[]>;
  groupsByStakeholderId: DataLoader<string, StakeholderGroup[]>;
  subscriptionsByStakeholderId: DataLoader<string, string[]>;
}

const perRequest = new WeakMap<object, StakeholderLoaders>();

/**
 * The loaders of one request, made on first use and kept with the request's context object (so they
 * live and die with it): the module's own loaders, without widening the service-wide context.
 */
export function stakeholderLoaders(context: { stakeholders: StakeholderService }): StakeholderLoaders {
  let loaders = perRequest.get(context);
  if (!loaders) {
    const service = context.stakeholders;
    loaders = {
      membersByGroupId: new DataLoader((ids) => service.membersOfGroups(ids)),
      groupsByStakeholderId: new DataLoader((ids) => service.groupsOfStakeholders(ids)),
      subscriptionsByStakeholderId: new DataLoader((ids) => service.subscriptionsOf(ids)),
    };
    perRequest.set(context, loaders);
  }
  return loaders;
}
