import type { ParsedEmail } from './email-intake';
import { emailIncidentInput, emailReply, isFromReporter } from './email-incident';

const email = (overrides: Partial<ParsedEmail> = {}): ParsedEmail => ({
  from: { name: 'Alice Martin', email: 'alice.martin@example.fr' },
  subject: 'Imprimante bloquée',
  text: "L'imprimante affiche E52.",
  messageId: '<m1@example.fr>',
  inReplyTo: null,
  referencedNumber: null,
  receivedAt: new Date('2026-11-22T10:45:00Z'),
  sentAt: null,
  ...overrides,
});
const incident = {
  number: 'INC-000042',
  reporterId: 'contact:alice.martin@example.fr',
  reporterEmail: 'Alice.Martin@example.fr',
};

describe('emailIncidentInput', () => {
  it('logs an EMAIL incident reported by the sender, titled by the subject', () => {
    expect(emailIncidentInput(email())).toEqual({
      title: 'Imprimante bloquée',
      description: "L'imprimante affiche E52.",
      channel: 'EMAIL',
      impact: 'MODERATE',
      urgency: 'MEDIUM',
      reporter: { name: 'Alice Martin', email: 'alice.martin@example.fr' },
    });
  });

  it('gives a message without subject or text a title and a description', () => {
    const input = emailIncidentInput(email({ subject: '', text: '\u0000' }));
    expect(input.title).toBe('Email from Alice Martin');
    expect(input.description).toBe('Email from Alice Martin');
  });
});

describe('emailReply', () => {
  it('recognises the reporter by address, whatever the case', () => {
    expect(isFromReporter(email(), incident)).toBe(true);
    expect(isFromReporter(email(), { reporterEmail: null })).toBe(false);
  });

  it("makes the reporter's reply a public comment in their name, as an end user", () => {
    const reply = emailReply(email({ text: 'Toujours bloquée' }), incident);
    expect(reply).toMatchObject({ visibility: 'PUBLIC', body: 'Toujours bloquée' });
    expect(reply.caller).toMatchObject({
      subject: 'contact:alice.martin@example.fr',
      name: 'Alice Martin',
      roles: ['end_user'],
    });
  });

  it("makes anyone else's reply an internal work note that says who sent it", () => {
    const reply = emailReply(
      email({ from: { name: 'Mallory', email: 'Mallory@Evil.example' }, text: 'Cliquez ici' }),
      incident,
    );
    expect(reply.visibility).toBe('INTERNAL');
    expect(reply.body).toBe(
      'Email from Mallory <Mallory@Evil.example>, who is not the reporter of INC-000042; not shown to the reporter.\n\nCliquez ici',
    );
    expect(reply.caller).toMatchObject({ subject: 'contact:mallory@evil.example', name: 'Mallory' });
  });
});
