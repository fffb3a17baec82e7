import type { LanguageSources, MessageSource } from './template.sources';

const staffSubject = (tag: string): string =>
  `[${tag}] {{incident.number}} ({{incident.priority}}): {{incident.title}}`;

const lateUsers: MessageSource = {
  subject: 'Taking longer than expected: {{incident.number}}',
  text: `Problem {{incident.number}}, reported with {{list incident.services "one of our services"}} ("{{incident.title}}"), is taking longer than usual to be picked up. We have asked more people to look at it. Sorry for the wait.`,
};

const lateReporter: MessageSource = {
  subject: 'Your {{> what}} {{incident.number}} is taking longer than expected',
  text: `Your {{> what}} "{{incident.title}}" is taking longer than usual to be picked up. We have passed it on so that someone takes it in hand quickly.

Sorry for the wait. Quote {{incident.number}} if you contact the service desk about it.`,
};

/** English messages. */
export const english: LanguageSources = {
  intlLocale: 'en-GB',
  partials: {
    what: '{{#if (eq incident.kind "SERVICE_REQUEST")}}request{{else}}report{{/if}}',
    details: `Priority: {{incident.priority}}{{#if incident.major}} (major incident){{/if}}
Status: {{status incident.status}}
Services: {{list incident.services "not specified"}}
Category: {{#if incident.category}}{{incident.category}}{{else}}not set{{/if}}
Support tier: {{incident.supportTier}}
Assignment group: {{#if incident.assignmentGroup}}{{incident.assignmentGroup}}{{else}}none{{/if}}
Assignee: {{#if incident.assigneeName}}{{incident.assigneeName}}{{else}}none{{/if}}
{{#if incident.impactStatement}}
Impact statement: {{incident.impactStatement}}
{{/if}}`,
  },
  statuses: {
    NEW: 'new',
    ACKNOWLEDGED: 'acknowledged',
    IN_PROGRESS: 'in progress',
    ON_HOLD: 'on hold',
    RESOLVED: 'resolved',
    CLOSED: 'closed',
    CANCELLED: 'cancelled',
  },
  footer: { text: 'Details: {{url}}', linkText: 'Open {{number}}' },
  messages: {
    INCIDENT_CREATED: {
      staff: {
        subject: `New {{#if (eq incident.kind "SERVICE_REQUEST")}}request{{else}}incident{{/if}} {{incident.number}} ({{incident.priority}}): {{incident.title}}`,
        text: `{{incident.number}} was logged on {{date occurredAt}}{{#if incident.reporterName}}, reported by {{incident.reporterName}}{{/if}}.

{{> details}}`,
      },
      users: {
        subject: 'Problem reported: {{list incident.services "a service you use"}} ({{incident.number}})',
        text: `A problem with {{list incident.services "a service you use"}} was reported on {{date occurredAt}}: "{{incident.title}}".

Our service desk is looking into it. If it affects you too, there is no need to report it again: you can follow it under the number {{incident.number}}.`,
      },
      reporter: {
        subject: 'We received your {{> what}} {{incident.number}}: {{incident.title}}',
        text: `Your {{> what}} "{{incident.title}}" was logged as {{incident.number}} on {{date occurredAt}}.

We will keep you informed until it is resolved. Quote {{incident.number}} when you contact the service desk about it.`,
      },
    },
    MAJOR_DECLARED: {
      staff: {
        subject: staffSubject('Major incident'),
        text: `{{incident.number}} was declared a major incident on {{date occurredAt}}. The major incident process applies: status updates will follow at the agreed cadence.

{{> details}}`,
      },
      users: {
        subject:
          'Service disruption: {{list incident.services "some of our services"}} ({{incident.number}})',
        text: `A problem is affecting {{list incident.services "some of our services"}}: some features may be unavailable or slow. Our teams have been working on it as a top priority since {{date occurredAt}}.

We will let you know as soon as the service is restored. There is no need to report the problem again; if you contact the service desk about it, quote {{incident.number}}.`,
      },
      reporter: {
        subject: 'Your {{> what}} {{incident.number}} is now handled as a major incident',
        text: `The problem you reported, "{{incident.title}}" ({{incident.number}}), has been handled as a major incident since {{date occurredAt}}: our teams are working on it as a top priority.

We will let you know as soon as the service is restored. There is no need to report the problem again.`,
      },
    },
    STATUS_UPDATE_PUBLISHED: {
      staff: {
        subject: staffSubject('Update'),
        text: `Status update on {{incident.number}}, published on {{date occurredAt}}.

Impact: {{statusUpdate.impact}}
Current status: {{statusUpdate.currentStatus}}
{{#if statusUpdate.actions}}
Actions: {{statusUpdate.actions}}
{{/if}}
{{#if statusUpdate.nextUpdateDueAt}}
Next update by {{date statusUpdate.nextUpdateDueAt}}.
{{/if}}

{{> details}}`,
      },
      users: {
        subject: 'Update: {{list incident.services "service disruption"}} ({{incident.number}})',
        text: `Here is our update of {{date occurredAt}} on the problem affecting {{list incident.services "some of our services"}} ({{incident.number}}).

What you may notice: {{statusUpdate.impact}}
Where we are: {{statusUpdate.currentStatus}}
{{#if statusUpdate.actions}}
What we are doing: {{statusUpdate.actions}}
{{/if}}
{{#if statusUpdate.nextUpdateDueAt}}

Next update by {{date statusUpdate.nextUpdateDueAt}} at the latest.
{{/if}}`,
      },
      reporter: {
        subject: 'Update on your {{> what}} {{incident.number}}',
        text: `Here is our update of {{date occurredAt}} on the problem you reported, "{{incident.title}}" ({{incident.number}}).

What you may notice: {{statusUpdate.impact}}
Where we are: {{statusUpdate.currentStatus}}
{{#if statusUpdate.actions}}
What we are doing: {{statusUpdate.actions}}
{{/if}}
{{#if statusUpdate.nextUpdateDueAt}}

Next update by {{date statusUpdate.nextUpdateDueAt}} at the latest.
{{/if}}`,
      },
    },
    STATUS_UPDATE_OVERDUE: {
      staff: {
        subject: staffSubject('Status update overdue'),
        text: `The status update of major incident {{incident.number}} was due on {{date overdue.dueAt}} and has not been published yet. {{#if overdue.lastUpdateAt}}The last one was published on {{date overdue.lastUpdateAt}}.{{else}}None has been published since the declaration.{{/if}}

Stakeholders expect regular updates: publish one now from the incident page.

{{> details}}`,
      },
      users: {
        subject: 'Still working on it: {{list incident.services "service disruption"}} ({{incident.number}})',
        text: `Our teams are still working on the problem affecting {{list incident.services "some of our services"}} ({{incident.number}}). A new update will follow shortly.`,
      },
      reporter: {
        subject: 'Your {{> what}} {{incident.number}}: still in progress',
        text: `Our teams are still working on the problem you reported, "{{incident.title}}" ({{incident.number}}). A new update will follow shortly.`,
      },
    },
    SERVICE_RESTORED: {
      staff: {
        subject: staffSubject('Restored'),
        text: `Service was restored for the users of {{incident.number}} on {{date occurredAt}}.
{{#if restorationNote}}
How: {{restorationNote}}
{{/if}}

The incident stays open until it is fully resolved.

{{> details}}`,
      },
      users: {
        subject: 'Service restored: {{list incident.services "your services"}} ({{incident.number}})',
        text: `Service is restored: since {{date occurredAt}}, you can use {{list incident.services "the affected services"}} normally again.

Our teams are making sure the problem does not come back. If you still have trouble, contact the service desk and quote {{incident.number}}.`,
      },
      reporter: {
        subject: 'Service restored for your {{> what}} {{incident.number}}',
        text: `Since {{date occurredAt}}, the problem you reported, "{{incident.title}}", no longer affects the service.

We are still working on its cause and will let you know when {{incident.number}} is resolved.`,
      },
    },
    INCIDENT_RESOLVED: {
      staff: {
        subject: staffSubject('Resolved'),
        text: `{{incident.number}}{{#if incident.major}}, a major incident,{{/if}} was resolved on {{date occurredAt}}.
{{#if resolution}}
Resolution: {{resolution}}
{{/if}}
{{#if incident.major}}

A post-incident review follows.
{{/if}}

{{> details}}`,
      },
      users: {
        subject: 'Resolved: {{list incident.services "service disruption"}} ({{incident.number}})',
        text: `The problem that affected {{list incident.services "some of our services"}} was resolved on {{date occurredAt}}. Thank you for your patience.

If you still have trouble, contact the service desk and quote {{incident.number}}.`,
      },
      reporter: {
        subject:
          'Your {{#if (eq incident.kind "SERVICE_REQUEST")}}request{{else}}incident{{/if}} {{incident.number}} is resolved',
        text: `{{incident.number}} was resolved on {{date occurredAt}}.
{{#if resolution}}
Resolution: {{resolution}}
{{/if}}

If something is still not right, contact the service desk and quote {{incident.number}}.`,
      },
    },
    RESPONSE_OVERDUE: {
      staff: {
        subject: `{{#if escalation.toTier}}[Escalated to {{escalation.toTier}}]{{else}}[Response overdue]{{/if}} {{incident.number}} ({{incident.priority}}): {{incident.title}}`,
        text: `{{incident.number}} missed its first-response target ({{date escalation.responseDueAt}}) and is still unacknowledged at {{escalation.fromTier}}.
{{#if escalation.toTier}}
It is escalated to {{escalation.toTier}}: please take it over now.
{{else}}
It is already at the last support tier: please acknowledge it now.
{{/if}}

{{> details}}`,
      },
      users: lateUsers,
      reporter: lateReporter,
    },
    ESCALATED_TO_MANAGER: {
      staff: {
        subject: staffSubject('Manager escalation'),
        text: `{{incident.number}} missed its first-response target ({{date escalation.responseDueAt}}) and nobody has acknowledged it since{{#if escalation.toTier}}, even after its escalation from {{escalation.fromTier}} to {{escalation.toTier}}{{/if}}.

It is escalated to you (hierarchical escalation): please make sure someone takes it over now.

{{> details}}`,
      },
      users: lateUsers,
      reporter: lateReporter,
    },
  },
};
