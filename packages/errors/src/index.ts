export { type ErrorCode, errorCodes, isErrorCode } from './error-codes';
export { DomainError } from './domain-error';
