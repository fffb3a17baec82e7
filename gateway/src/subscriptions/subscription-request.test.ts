import { buildSchema, parse, validate } from 'graphql';
import { subscriptionFields, type EntityField, type TimelineField } from './subscription-fields';
import { analyseSubscription, type SubscriptionRequest } from './subscription-request';

const schema = buildSchema(`
  type Problem { number: String! }
  type Incident { id: ID! number: String! problems(first: Int): [Problem!]! }
  input IncidentFilter { ids: [ID!] major: Boolean priority: [String!] }
  type IncidentConnection { nodes: [Incident!]! }
  type Entry { position: Int! kind: String! incident: Incident! }
  type EntryList { nodes: [Entry!]! hasMore: Boolean! latestPosition: Int! }
  type Query {
    incidents(filter: IncidentFilter, first: Int): IncidentConnection!
    incidentTimelineEntries(incidentId: ID!, afterPosition: Int, first: Int): EntryList!
  }
  type Subscription {
    incidentTimeline(incidentId: ID!, after: Int): Entry!
    incidentUpdated(filter: IncidentFilter): Incident!
  }
`);

function analyse(source: string, variables: Record<string, unknown> = {}): SubscriptionRequest {
  const result = analyseSubscription(schema, parse(source), undefined, variables);
  if (Array.isArray(result)) throw new Error(result.map((error) => error.message).join('; '));
  return result;
}

describe('analyseSubscription and the payload queries built from it', () => {
  it('keeps the fragments and variables the selection uses, and drops the rest', () => {
    const request = analyse(
      `subscription Live($id: ID!, $after: Int, $problems: Int) {
         feed: incidentTimeline(incidentId: $id, after: $after) { ...EntryFields incident { problems(first: $problems) { number } } }
       }
       fragment EntryFields on Entry { position kind }`,
      { id: 'i-1', after: 4, problems: 3 },
    );
    expect(request).toMatchObject({
      fieldName: 'incidentTimeline',
      responseKey: 'feed',
      args: { incidentId: 'i-1', after: 4 },
    });
    expect(request.variables).toEqual({ problems: 3 });
    const timeline = subscriptionFields.get('incidentTimeline') as TimelineField;
    expect(timeline.afterOf(request)).toBe(4);
    const query = parse(timeline.pageQuery(request));
    expect(validate(schema, query)).toEqual([]);
  });

  it('builds an incident query that passes the client filter with the incident id added', () => {
    const request = analyse(`subscription { incidentUpdated(filter: { priority: ["P1"] }) { id number } }`);
    const field = subscriptionFields.get('incidentUpdated') as EntityField;
    const payload = field.payload(request);
    expect(validate(schema, parse(payload.query))).toEqual([]);
    expect(payload.variables('i-9')).toEqual({ mim_filter: { priority: ['P1'], ids: ['i-9'] } });
  });

  it('refuses aliases the gateway reserves for its own payload queries', () => {
    const result = analyseSubscription(
      schema,
      parse(`subscription { incidentUpdated { mim_payload: id } }`),
      undefined,
      {},
    );
    expect(Array.isArray(result) && result[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('reports variables that do not coerce as BAD_USER_INPUT', () => {
    const result = analyseSubscription(
      schema,
      parse(`subscription($after: Int) { incidentTimeline(incidentId: "x", after: $after) { position } }`),
      undefined,
      { after: 'not a number' },
    );
    expect(Array.isArray(result) && result[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });
});
