import type { Resolvers } from '../../__generated__/resolvers-types';
import { requireRebuildRight } from './rebuild.access';
import type { ProjectionRebuild } from './rebuild.service';

/** Thin: the caller's right, then the use case. */
export function rebuildResolvers(rebuild: ProjectionRebuild): Pick<Resolvers, 'Mutation'> {
  return {
    Mutation: {
      rebuildAnalytics: async (_root, _args, context) => {
        requireRebuildRight(context.caller);
        return rebuild.run();
      },
    },
  };
}
