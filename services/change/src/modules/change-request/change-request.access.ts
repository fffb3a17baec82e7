/**
 * Who may see change requests: the staff who work incidents (`isStaff` of @mim/auth). End users and
 * external consultants see none (implementation and rollback plans describe internals).
 */
export { isStaff } from '@mim/auth';
