import { DomainError } from '@mim/errors';

export const categoryNotFound = (id: string) =>
  new DomainError('NOT_FOUND', `Category ${id} not found`, { categoryId: id });

export const duplicateCategory = (code: string, parentCode: string | null) =>
  new DomainError(
    'BAD_USER_INPUT',
    `Invalid input: code ${code} already exists${parentCode ? ` under ${parentCode}` : ''}`,
    { fields: [{ path: 'code', message: 'already exists' }] },
  );

export const invalidParent = (parentCode: string, why: string) =>
  new DomainError('BAD_USER_INPUT', `Invalid input: parentCode ${parentCode} ${why}`, {
    fields: [{ path: 'parentCode', message: why }],
  });
