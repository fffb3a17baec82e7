// A real SMTP server in its own process, for tests: `startSmtpSink()` (smtp-sink.ts) spawns it.
// stdout: one JSON object per line: {"type":"listening","port":N}, then {"type":"message",...} for each
// accepted message and {"type":"refused",...} for each refused one.
// stdin: one JSON object per line: {"type":"failNext","count":N,"code":550,"id":1} answers the next N
// messages with that SMTP code instead of accepting them; acknowledged with {"type":"ack","id":1}.
'use strict';

const readline = require('node:readline');
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');

/** The replies owed to the next messages, oldest first. */
const refusals = [];

function emit(event) {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

function headerMap(headerLines) {
  const headers = {};
  for (const { key, line } of headerLines) {
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    headers[key.toLowerCase()] =
      key.toLowerCase() in headers ? `${headers[key.toLowerCase()]}, ${value}` : value;
  }
  return headers;
}

const server = new SMTPServer({
  name: 'smtp-sink.mim.test',
  banner: 'MIM test SMTP sink',
  // Plain SMTP only: no STARTTLS (its self-signed certificate would fail the client's check), no AUTH.
  disabledCommands: ['STARTTLS', 'AUTH'],
  authOptional: true,
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      const envelope = {
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
        to: session.envelope.rcptTo.map((recipient) => recipient.address),
      };
      const refusal = refusals.shift();
      if (refusal !== undefined) {
        const error = new Error(
          refusal >= 500 ? 'Requested action not taken: refused by the test sink' : 'Try again later',
        );
        error.responseCode = refusal;
        emit({ type: 'refused', code: refusal, envelope });
        callback(error);
        return;
      }
      simpleParser(Buffer.concat(chunks)).then(
        (parsed) => {
          emit({
            type: 'message',
            envelope,
            messageId: parsed.messageId ?? null,
            subject: parsed.subject ?? null,
            text: parsed.text ?? null,
            html: typeof parsed.html === 'string' ? parsed.html : null,
            headers: headerMap(parsed.headerLines),
          });
          callback(null, 'Queued by the test sink');
        },
        (error) => {
          callback(error);
        },
      );
    });
  },
});

server.on('error', (error) => {
  process.stderr.write(`smtp sink: ${error.stack ?? error}\n`);
});

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  let command;
  try {
    command = JSON.parse(line);
  } catch {
    return;
  }
  if (command.type === 'failNext') {
    for (let i = 0; i < command.count; i += 1) refusals.push(command.code);
    emit({ type: 'ack', id: command.id });
  }
});
// The parent is gone, or stops us: exit at once rather than wait for its pooled connections to close.
process.stdin.on('end', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));

server.listen(0, '127.0.0.1', () => {
  emit({ type: 'listening', port: server.server.address().port });
});
