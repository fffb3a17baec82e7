import type { Resolvers } from '../../__generated__/resolvers-types';
import { languageOf } from '../notification/notification.language';
import { stakeholderLoaders } from './stakeholder.loaders';

/** Thin: arguments -> use case -> result. Access rules and validation live in the service. */
export const stakeholderResolvers = {
  Query: {
    stakeholderGroups: (_root, args, context) => context.stakeholders.groups(context.caller, args),
    stakeholderGroup: (_root, args, context) => context.stakeholders.group(context.caller, args.id),
    stakeholder: (_root, args, context) => context.stakeholders.stakeholder(context.caller, args.userId),
    myServiceSubscriptions: (_root, _args, context) => context.stakeholders.mySubscriptions(context.caller),
  },
  Mutation: {
    createStakeholderGroup: (_root, args, context) =>
      context.stakeholders.createGroup(context.caller, args.input),
    updateStakeholderGroup: (_root, args, context) => context.stakeholders.updateGroup(context.caller, args),
    deleteStakeholderGroup: (_root, args, context) =>
      context.stakeholders.deleteGroup(context.caller, args.id),
    saveStakeholder: (_root, args, context) =>
      context.stakeholders.saveStakeholder(context.caller, args.input),
    addStakeholderGroupMembers: (_root, args, context) =>
      context.stakeholders.addMembers(context.caller, args),
    removeStakeholderGroupMember: (_root, args, context) =>
      context.stakeholders.removeMember(context.caller, args),
    subscribeToServices: (_root, args, context) => context.stakeholders.subscribe(context.caller, args),
    unsubscribeFromServices: (_root, args, context) => context.stakeholders.unsubscribe(context.caller, args),
  },
  StakeholderGroup: {
    members: (group, _args, context) => stakeholderLoaders(context).membersByGroupId.load(group.id),
  },
  Stakeholder: {
    language: (person) => languageOf(person.locale),
    groups: (person, _args, context) => stakeholderLoaders(context).groupsByStakeholderId.load(person.id),
    subscribedServices: (person, _args, context) =>
      stakeholderLoaders(context).subscriptionsByStakeholderId.load(person.id),
  },
} satisfies Resolvers;
