/** Header names carried on every event message, beside JetStream's own `Nats-Msg-Id`. */
export const messagingHeaders = {
  eventType: 'Mim-Event-Type',
  correlationId: 'Mim-Correlation-Id',
  traceparent: 'traceparent',
  deadLetterReason: 'Mim-Dead-Letter-Reason',
  deadLetterConsumer: 'Mim-Dead-Letter-Consumer',
  originalSubject: 'Mim-Original-Subject',
  deliveries: 'Mim-Deliveries',
} as const;
