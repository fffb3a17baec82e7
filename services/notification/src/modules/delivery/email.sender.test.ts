import { emailFailure } from './email.sender';

const smtpError = (code: string, responseCode?: number, permanent?: boolean) =>
  Object.assign(new Error(`${responseCode ?? ''} refused`), {
    code,
    responseCode,
    permanent,
    response: `${responseCode} mailbox`,
  });

describe('email failures', () => {
  it('dead-letters a 5xx refusal of the envelope or the message', () => {
    expect(emailFailure(smtpError('EENVELOPE', 550))).toMatchObject({ outcome: 'failed', permanent: true });
    expect(emailFailure(smtpError('EMESSAGE', 554, true))).toMatchObject({ permanent: true });
    expect(emailFailure(smtpError('EENVELOPE', 550))).toMatchObject({
      error: expect.stringContaining('550'),
    });
  });

  it('retries 4xx answers, connection failures, timeouts and server-side configuration problems', () => {
    for (const error of [
      smtpError('EMESSAGE', 451, false),
      smtpError('EENVELOPE', 452),
      smtpError('ECONNECTION'),
      smtpError('ETIMEDOUT'),
      smtpError('EAUTH', 535, true),
      smtpError('ETLS'),
      new Error('socket hang up'),
    ]) {
      expect(emailFailure(error)).toMatchObject({ outcome: 'failed', permanent: false });
    }
  });
});
