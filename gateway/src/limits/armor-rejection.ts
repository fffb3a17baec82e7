import type { GraphQLError, ValidationContext } from 'graphql';
import { limitError, type LimitName, type RejectionListener } from './limit-error';

/** The callback options every graphql-armor rule takes. */
export interface ArmorRejectionOptions {
  propagateOnRejection: false;
  onReject: ((context: ValidationContext | null, error: GraphQLError) => void)[];
}

/**
 * graphql-armor's rules throw a code-less "Syntax Error: ..." GraphQLError by default, which escapes
 * graphql-js `validate()` altogether. These options make a rule report our coded error instead (and keep
 * validating), so the client sees the limit's stable code next to any other validation error.
 */
export function armorRejection(
  limit: LimitName,
  maximum: number,
  onReject: RejectionListener,
): ArmorRejectionOptions {
  return {
    propagateOnRejection: false,
    onReject: [
      (context, error) => {
        const refused = limitError(limit, error.message.replace(/^Syntax Error: /, ''), { maximum });
        context?.reportError(refused);
        onReject(limit, refused);
      },
    ],
  };
}
