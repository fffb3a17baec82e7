import { traceHeaders } from './request-meta';

describe('trace headers', () => {
  it('carry the traceparent of the request onto its events', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(traceHeaders({ traceparent })).toEqual({ traceparent });
  });

  it('are empty without one', () => {
    expect(traceHeaders({ traceparent: null })).toEqual({});
  });
});
