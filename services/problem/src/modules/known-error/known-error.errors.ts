import { DomainError } from '@mim/errors';

export const knownErrorNotFound = (id: string, problemId: string) =>
  new DomainError('NOT_FOUND', `Known error ${id} not found on problem ${problemId}`, {
    knownErrorId: id,
    problemId,
  });
