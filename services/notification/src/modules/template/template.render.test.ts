import type { NotificationFacts } from '../notification/notification.facts';
import {
  type Locale,
  type NotificationTrigger,
  locales,
  notificationAudiences,
  notificationTriggers,
} from '../notification/notification.vocabulary';
import { variantOf } from './template.catalogue';
import { english } from './template.en';
import { french } from './template.fr';
import { TemplateRenderError, renderMessage, templateKeys } from './template.render';
import { sampleFacts } from './template.sample';

/** The sample facts with an assignee and an assignment group on every trigger (what must not leak). */
function staffedFacts(trigger: NotificationTrigger): NotificationFacts {
  const facts = sampleFacts(trigger);
  return {
    ...facts,
    incident: {
      ...facts.incident,
      assigneeName: 'Zoe Quartermain',
      assignmentGroup: 'Edge Reliability Squad',
      impactStatement: 'Internal: 80% drop on colo PoPs',
    },
  };
}

const render = (
  trigger: NotificationTrigger,
  audience: (typeof notificationAudiences)[number],
  locale: Locale,
) => renderMessage({ template: trigger, audience, locale, facts: staffedFacts(trigger) });

describe('message templates', () => {
  it('exist for every trigger, variant and language', () => {
    expect(templateKeys).toHaveLength(notificationTriggers.length * 3 * locales.length);
    for (const trigger of notificationTriggers) {
      for (const variant of ['staff', 'users', 'reporter'] as const) {
        expect(english.messages[trigger][variant].text).not.toBe(french.messages[trigger][variant].text);
      }
    }
  });

  it('render every trigger for every audience in both languages: subject, text and HTML with the number', () => {
    for (const trigger of notificationTriggers) {
      for (const audience of notificationAudiences) {
        for (const locale of locales) {
          const message = render(trigger, audience, locale);
          const where = `${trigger} ${audience} ${locale}`;
          expect({ where, subject: message.subject }).toEqual({
            where,
            subject: expect.stringContaining('INC-000123'),
          });
          expect({ where, text: message.text }).toEqual({
            where,
            text: expect.stringContaining('INC-000123'),
          });
          for (const part of [message.subject, message.text, message.html]) {
            expect({ where, part }).toEqual({ where, part: expect.not.stringMatching(/\{\{|\}\}/) });
          }
          expect(message.subject).not.toMatch(/\n/);
          expect(message.text).not.toMatch(/\n{3,}| +\n/);
          expect(message.text.endsWith(sampleFacts(trigger).incident.url)).toBe(true);
          expect(message.html).toContain(`<a href="${sampleFacts(trigger).incident.url}">`);
        }
      }
    }
  });

  it('write French in French: French words, French dates, French typography before colons', () => {
    const frenchWords =
      /(^| )(nous|nos|vous|votre|le ticket|le service|le problème|l'incident|le point|priorité) /im;
    for (const trigger of notificationTriggers) {
      for (const audience of notificationAudiences) {
        const en = render(trigger, audience, 'en');
        const fr = render(trigger, audience, 'fr');
        expect({ trigger, audience, text: fr.text }).toEqual({
          trigger,
          audience,
          text: expect.stringMatching(frenchWords),
        });
        expect(fr.text).not.toMatch(/ July |Details:|service desk/);
        if (en.text.includes('July')) expect(fr.text).toContain('juillet 2019');
        expect(fr.text).toContain('Détails : https://');
      }
    }
    expect(render('MAJOR_DECLARED', 'TECHNICAL_TEAM', 'en').text).toContain('on 2 July 2019 at 13:50 UTC');
    expect(render('MAJOR_DECLARED', 'TECHNICAL_TEAM', 'fr').text).toContain('le 2 juillet 2019 à 13:50 UTC');
    expect(render('MAJOR_DECLARED', 'USERS', 'fr').text).toContain('CDN et WAF');
  });

  it('tell users and the reporter in plain language: no assignee, assignment group, tier, priority or impact statement', () => {
    for (const trigger of notificationTriggers) {
      for (const audience of ['USERS', 'REPORTER'] as const) {
        for (const locale of locales) {
          const message = render(trigger, audience, locale);
          const all = `${message.subject}\n${message.text}\n${message.html}`;
          for (const internal of [
            'Zoe Quartermain',
            'Edge Reliability Squad',
            'colo PoPs',
            'P1',
            'L1',
            'L2',
            'tier',
            'niveau',
          ]) {
            expect({ trigger, audience, locale, leaks: all.includes(internal) ? internal : null }).toEqual({
              trigger,
              audience,
              locale,
              leaks: null,
            });
          }
        }
      }
    }
    // Staff get them: the test above can fail.
    const staff = render('MAJOR_DECLARED', 'TECHNICAL_TEAM', 'en').text;
    expect(staff).toContain('Assignee: Zoe Quartermain');
    expect(staff).toContain('Assignment group: Edge Reliability Squad');
    expect(staff).toContain('Support tier: L2');
  });

  it('pick the variant by audience: users, the reporter, and everyone else', () => {
    expect(variantOf('USERS')).toBe('users');
    expect(variantOf('REPORTER')).toBe('reporter');
    for (const audience of [
      'TECHNICAL_TEAM',
      'MANAGEMENT',
      'KEY_STAKEHOLDERS',
      'NEXT_TIER',
      'ASSIGNEE',
    ] as const) {
      expect(variantOf(audience)).toBe('staff');
    }
    expect(render('SERVICE_RESTORED', 'USERS', 'en').text).not.toBe(
      render('SERVICE_RESTORED', 'REPORTER', 'en').text,
    );
  });

  it("keep the reporter's messages of before rules, and say request for a service request", () => {
    const created = sampleFacts('INCIDENT_CREATED');
    expect(
      renderMessage({ template: 'INCIDENT_CREATED', audience: 'REPORTER', locale: 'en', facts: created })
        .subject,
    ).toBe(`We received your report INC-000123: ${created.incident.title}`);
    expect(
      renderMessage({
        template: 'INCIDENT_RESOLVED',
        audience: 'REPORTER',
        locale: 'en',
        facts: sampleFacts('INCIDENT_RESOLVED'),
      }).subject,
    ).toBe('Your incident INC-000123 is resolved');
    const request = { ...created, incident: { ...created.incident, kind: 'SERVICE_REQUEST' as const } };
    expect(
      renderMessage({ template: 'INCIDENT_CREATED', audience: 'REPORTER', locale: 'en', facts: request })
        .subject,
    ).toMatch(/^We received your request INC-000123/);
    expect(
      renderMessage({ template: 'INCIDENT_CREATED', audience: 'REPORTER', locale: 'fr', facts: request })
        .subject,
    ).toMatch(/^Nous avons bien reçu votre demande INC-000123 : /);
  });

  it('leave out optional facts cleanly, and fall back when no service is known', () => {
    const resolved = sampleFacts('INCIDENT_RESOLVED');
    const bare = {
      ...resolved,
      resolution: null,
      incident: { ...resolved.incident, services: [], major: false },
    };
    const staff = renderMessage({
      template: 'INCIDENT_RESOLVED',
      audience: 'MANAGEMENT',
      locale: 'en',
      facts: bare,
    }).text;
    expect(staff).not.toContain('Resolution:');
    expect(staff).not.toContain('post-incident review');
    expect(staff).toContain('Services: not specified');
    const users = renderMessage({
      template: 'INCIDENT_RESOLVED',
      audience: 'USERS',
      locale: 'fr',
      facts: bare,
    }).text;
    expect(users).toContain('Le problème qui touchait certains de nos services a été résolu');
  });

  it('refuse to render with a fact missing (strict), naming the template', () => {
    const facts = sampleFacts('MAJOR_DECLARED');
    const { title: _title, ...incidentWithoutTitle } = facts.incident;
    const broken = { ...facts, incident: incidentWithoutTitle } as unknown as NotificationFacts;
    expect(() =>
      renderMessage({ template: 'MAJOR_DECLARED', audience: 'TECHNICAL_TEAM', locale: 'en', facts: broken }),
    ).toThrow(TemplateRenderError);
    expect(() =>
      renderMessage({ template: 'MAJOR_DECLARED', audience: 'REPORTER', locale: 'fr', facts: broken }),
    ).toThrow(/MAJOR_DECLARED\/reporter\/fr.*title/);
    // A template of another trigger without its facts fails too, rather than printing holes.
    expect(() =>
      renderMessage({ template: 'STATUS_UPDATE_PUBLISHED', audience: 'USERS', locale: 'en', facts }),
    ).toThrow(TemplateRenderError);
  });

  it('escape the HTML part (text stays plain) and keep paragraphs', () => {
    const facts = sampleFacts('INCIDENT_CREATED');
    const hostile = { ...facts, incident: { ...facts.incident, title: '<script>alert("x")</script> & co' } };
    const message = renderMessage({
      template: 'INCIDENT_CREATED',
      audience: 'REPORTER',
      locale: 'en',
      facts: hostile,
    });
    expect(message.html).not.toContain('<script>');
    expect(message.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(message.text).toContain('<script>alert("x")</script> & co');
    expect(message.html.match(/<p>/g)).toHaveLength(3);
    expect(message.html.endsWith(`<p><a href="${facts.incident.url}">Open INC-000123</a></p>`)).toBe(true);
  });
});
