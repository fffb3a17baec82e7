import { DomainError } from '@mim/errors';
import { findRecordNumber, parseEmail } from './email-intake';

const receivedAt = new Date('2026-11-22T10:45:00Z');
const options = { maxBytes: 64 * 1024, numberPrefix: 'INC', now: () => receivedAt };

/** A raw message as a mail server delivers it: CRLF line ends. */
const message = (lines: string[]) => Buffer.from(lines.join('\r\n'));

async function refusal(raw: Buffer, opts = options): Promise<DomainError> {
  const error: unknown = await parseEmail(raw, opts).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe('BAD_USER_INPUT');
  return error as DomainError;
}

describe('parseEmail', () => {
  it('reads a plain message', async () => {
    const raw = message([
      'From: Alice Martin <alice.martin@example.fr>',
      'To: support@mim.example.org',
      'Subject: Printer on floor 3 is jammed',
      'Date: Sun, 22 Nov 2026 11:40:00 +0100',
      'Message-ID: <plain-1@example.fr>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'The printer shows error E52 since this morning.',
      '',
    ]);
    expect(await parseEmail(raw, options)).toEqual({
      from: { name: 'Alice Martin', email: 'alice.martin@example.fr' },
      subject: 'Printer on floor 3 is jammed',
      text: 'The printer shows error E52 since this morning.',
      messageId: '<plain-1@example.fr>',
      inReplyTo: null,
      referencedNumber: null,
      receivedAt,
      sentAt: new Date('2026-11-22T10:40:00Z'),
    });
  });

  it('takes the plain-text part of a multipart/alternative message', async () => {
    const raw = message([
      'From: bob@example.fr',
      'Subject: VPN down',
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Le VPN ne r=C3=A9pond plus depuis 9 h.',
      '--b1',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><body><p>Le VPN ne <b>répond</b> plus depuis 9 h.</p></body></html>',
      '--b1--',
      '',
    ]);
    const email = await parseEmail(raw, options);
    expect(email.text).toBe('Le VPN ne répond plus depuis 9 h.');
    expect(email.from).toEqual({ name: 'bob@example.fr', email: 'bob@example.fr' });
    expect(email.sentAt).toBeNull();
  });

  it('converts an HTML-only message to text', async () => {
    const raw = message([
      'From: carole@example.fr',
      'Subject: Messagerie lente',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><head><style>p { color: red }</style></head><body><h1>Bonjour</h1>',
      '<p>La messagerie est <i>très</i> lente.</p><ul><li>Outlook</li><li>Webmail</li></ul></body></html>',
      '',
    ]);
    const { text } = await parseEmail(raw, options);
    expect(text).toContain('BONJOUR');
    expect(text).toContain('La messagerie est très lente.');
    expect(text).toMatch(/\* Outlook\s+\* Webmail/);
    expect(text).not.toMatch(/<|color: red/);
  });

  it('decodes encoded words in the subject and the sender name (French accents)', async () => {
    const raw = message([
      'From: =?ISO-8859-1?Q?H=E9l=E8ne_Dupr=E9?= <helene.dupre@example.fr>',
      'Subject: =?UTF-8?B?UsOpc2VhdSBpbmRpc3BvbmlibGUgw6AgbCdhY2N1ZWlsIOKAlCDDqWNyYW4gZmlnw6k=?=',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Merci de regarder.',
      '',
    ]);
    const email = await parseEmail(raw, options);
    expect(email.subject).toBe("Réseau indisponible à l'accueil — écran figé");
    expect(email.from).toEqual({ name: 'Hélène Dupré', email: 'helene.dupre@example.fr' });
  });

  it('finds the incident number of a reply in its subject', async () => {
    const raw = message([
      'From: Alice Martin <alice.martin@example.fr>',
      'Subject: RE: [INC-000123] Printer on floor 3 is jammed',
      'Message-ID: <reply-2@example.fr>',
      'In-Reply-To: <notification-123@mim.example.org>',
      'References: <notification-123@mim.example.org>',
      '',
      'Still jammed after the reboot.',
      '',
      '> On Sunday MIM wrote:',
      '',
    ]);
    const email = await parseEmail(raw, options);
    expect(email).toMatchObject({
      referencedNumber: 'INC-000123',
      inReplyTo: '<notification-123@mim.example.org>',
      messageId: '<reply-2@example.fr>',
    });
  });

  it('refuses a message without a From address', async () => {
    const raw = message(['To: support@mim.example.org', 'Subject: hello', '', 'Who am I?', '']);
    expect((await refusal(raw)).message).toBe('The message has no From address');
    const noAddress = message(['From: Undisclosed', 'Subject: hello', '', 'body', '']);
    expect((await refusal(noAddress)).details).toEqual({
      fields: [{ path: 'from', message: 'The message has no From address' }],
    });
  });

  it('refuses an oversized or empty message before parsing it', async () => {
    const raw = message(['From: a@example.fr', 'Subject: big', '', 'x'.repeat(2_000), '']);
    expect((await refusal(raw, { ...options, maxBytes: 1_000 })).message).toMatch(
      /^The message is \d+ bytes; the limit is 1000$/,
    );
    expect((await refusal(Buffer.alloc(0))).message).toBe('The message is empty');
  });
});

describe('findRecordNumber', () => {
  it.each([
    ['RE: [INC-000123] Printer', 'INC', 'INC-000123'],
    ['Fwd: inc-1234567 again', 'INC', 'INC-1234567'],
    ['TR : Réf. HD-000042 — écran', 'HD', 'HD-000042'],
    ['INC-12345 has only five digits', 'INC', null],
    ['XINC-000123 is another prefix', 'INC', null],
    ['INC-0001234567 is fine but INC-000001 comes after', 'INC', 'INC-0001234567'],
    ['No number here', 'INC', null],
  ])('in %j with prefix %s finds %s', (subject, prefix, expected) => {
    expect(findRecordNumber(subject, prefix)).toBe(expected);
  });
});
