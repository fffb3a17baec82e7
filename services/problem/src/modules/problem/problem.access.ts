/**
 * Who may see problem records: the staff who work incidents (`isStaff` of @mim/auth). End users and
 * external consultants see none (a root-cause analysis can expose internals; consultants get access per
 * major incident, not per problem). What each role may change: problem.permissions.ts.
 */
export { isStaff } from '@mim/auth';
