import type { LanguageSources, MessageSource } from './template.sources';

const staffSubject = (tag: string): string =>
  `[${tag}] {{incident.number}} ({{incident.priority}}) : {{incident.title}}`;

const lateUsers: MessageSource = {
  subject: 'Traitement plus long que prévu : {{incident.number}}',
  text: `La prise en charge du problème {{incident.number}} signalé sur {{list incident.services "l'un de nos services"}} (« {{incident.title}} ») prend plus de temps que d'habitude. Nous avons relancé nos équipes. Veuillez nous excuser pour cette attente.`,
};

const lateReporter: MessageSource = {
  subject: 'Votre {{> what}} {{incident.number}} : traitement plus long que prévu',
  text: `La prise en charge de votre {{> what}} « {{incident.title}} » prend plus de temps que d'habitude. Nous avons relancé nos équipes afin que quelqu'un s'en occupe rapidement.

Veuillez nous excuser pour cette attente. Merci d'indiquer le numéro {{incident.number}} si vous contactez le centre de services à ce sujet.`,
};

/** Messages en français. */
export const french: LanguageSources = {
  intlLocale: 'fr-FR',
  partials: {
    what: '{{#if (eq incident.kind "SERVICE_REQUEST")}}demande{{else}}signalement{{/if}}',
    details: `Priorité : {{incident.priority}}{{#if incident.major}} (incident majeur){{/if}}
Statut : {{status incident.status}}
Services : {{list incident.services "non précisés"}}
Catégorie : {{#if incident.category}}{{incident.category}}{{else}}non renseignée{{/if}}
Niveau de support : {{incident.supportTier}}
Groupe d'affectation : {{#if incident.assignmentGroup}}{{incident.assignmentGroup}}{{else}}aucun{{/if}}
Assigné à : {{#if incident.assigneeName}}{{incident.assigneeName}}{{else}}personne{{/if}}
{{#if incident.impactStatement}}
Impact déclaré : {{incident.impactStatement}}
{{/if}}`,
  },
  statuses: {
    NEW: 'nouveau',
    ACKNOWLEDGED: 'pris en compte',
    IN_PROGRESS: 'en cours',
    ON_HOLD: 'en attente',
    RESOLVED: 'résolu',
    CLOSED: 'clos',
    CANCELLED: 'annulé',
  },
  footer: { text: 'Détails : {{url}}', linkText: 'Ouvrir {{number}}' },
  messages: {
    INCIDENT_CREATED: {
      staff: {
        subject: `{{#if (eq incident.kind "SERVICE_REQUEST")}}Nouvelle demande{{else}}Nouvel incident{{/if}} {{incident.number}} ({{incident.priority}}) : {{incident.title}}`,
        text: `Ticket {{incident.number}} enregistré le {{date occurredAt}}{{#if incident.reporterName}}, signalé par {{incident.reporterName}}{{/if}}.

{{> details}}`,
      },
      users: {
        subject:
          'Problème signalé : {{list incident.services "un service que vous utilisez"}} ({{incident.number}})',
        text: `Un problème touchant {{list incident.services "un service que vous utilisez"}} a été signalé le {{date occurredAt}} : « {{incident.title}} ».

Notre centre de services l'examine. Si ce problème vous concerne aussi, inutile de le signaler à nouveau : vous pouvez le suivre sous le numéro {{incident.number}}.`,
      },
      reporter: {
        subject: 'Nous avons bien reçu votre {{> what}} {{incident.number}} : {{incident.title}}',
        text: `Nous avons enregistré votre {{> what}} « {{incident.title}} » sous le numéro {{incident.number}} le {{date occurredAt}}.

Nous vous tiendrons au courant jusqu'à sa résolution. Merci d'indiquer le numéro {{incident.number}} si vous contactez le centre de services à ce sujet.`,
      },
    },
    MAJOR_DECLARED: {
      staff: {
        subject: staffSubject('Incident majeur'),
        text: `{{incident.number}} a été déclaré incident majeur le {{date occurredAt}}. Le processus de gestion des incidents majeurs s'applique : des points de situation suivront au rythme convenu.

{{> details}}`,
      },
      users: {
        subject:
          'Perturbation de service : {{list incident.services "certains de nos services"}} ({{incident.number}})',
        text: `Un problème touche {{list incident.services "certains de nos services"}} : certaines fonctionnalités peuvent être indisponibles ou lentes. Nos équipes y travaillent en priorité depuis le {{date occurredAt}}.

Nous vous préviendrons dès que le service sera rétabli. Inutile de nous signaler à nouveau ce problème ; si vous contactez le centre de services à ce sujet, indiquez le numéro {{incident.number}}.`,
      },
      reporter: {
        subject:
          '{{incident.number}} : le problème que vous avez signalé est traité comme un incident majeur',
        text: `Le problème que vous avez signalé, « {{incident.title}} » ({{incident.number}}), est traité comme un incident majeur depuis le {{date occurredAt}} : nos équipes y travaillent en priorité.

Nous vous préviendrons dès que le service sera rétabli. Inutile de nous signaler à nouveau ce problème.`,
      },
    },
    STATUS_UPDATE_PUBLISHED: {
      staff: {
        subject: staffSubject('Point de situation'),
        text: `Point de situation sur {{incident.number}}, publié le {{date occurredAt}}.

Impact : {{statusUpdate.impact}}
Situation actuelle : {{statusUpdate.currentStatus}}
{{#if statusUpdate.actions}}
Actions en cours : {{statusUpdate.actions}}
{{/if}}
{{#if statusUpdate.nextUpdateDueAt}}
Prochain point au plus tard le {{date statusUpdate.nextUpdateDueAt}}.
{{/if}}

{{> details}}`,
      },
      users: {
        subject:
          'Point de situation : {{list incident.services "perturbation de service"}} ({{incident.number}})',
        text: `Voici notre point du {{date occurredAt}} sur le problème qui touche {{list incident.services "certains de nos services"}} ({{incident.number}}).

Ce que vous pouvez constater : {{statusUpdate.impact}}
Où nous en sommes : {{statusUpdate.currentStatus}}
{{#if statusUpdate.actions}}
Ce que nous faisons : {{statusUpdate.actions}}
{{/if}}
{{#if statusUpdate.nextUpdateDueAt}}

Prochain point au plus tard le {{date statusUpdate.nextUpdateDueAt}}.
{{/if}}`,
      },
      reporter: {
        subject: 'Point de situation sur votre {{> what}} {{incident.number}}',
        text: `Voici notre point du {{date occurredAt}} sur le problème que vous avez signalé, « {{incident.title}} » ({{incident.number}}).

Ce que vous pouvez constater : {{statusUpdate.impact}}
Où nous en sommes : {{statusUpdate.currentStatus}}
{{#if statusUpdate.actions}}
Ce que nous faisons : {{statusUpdate.actions}}
{{/if}}
{{#if statusUpdate.nextUpdateDueAt}}

Prochain point au plus tard le {{date statusUpdate.nextUpdateDueAt}}.
{{/if}}`,
      },
    },
    STATUS_UPDATE_OVERDUE: {
      staff: {
        subject: staffSubject('Point de situation en retard'),
        text: `Le point de situation de l'incident majeur {{incident.number}} était attendu le {{date overdue.dueAt}} et n'a pas encore été publié. {{#if overdue.lastUpdateAt}}Le dernier a été publié le {{date overdue.lastUpdateAt}}.{{else}}Aucun n'a été publié depuis la déclaration.{{/if}}

Les parties prenantes attendent des points réguliers : publiez-en un dès maintenant depuis la page de l'incident.

{{> details}}`,
      },
      users: {
        subject:
          'Nous y travaillons toujours : {{list incident.services "perturbation de service"}} ({{incident.number}})',
        text: `Nos équipes travaillent toujours sur le problème qui touche {{list incident.services "certains de nos services"}} ({{incident.number}}). Un nouveau point suivra très prochainement.`,
      },
      reporter: {
        subject: 'Votre {{> what}} {{incident.number}} : toujours en cours de traitement',
        text: `Nos équipes travaillent toujours sur le problème que vous avez signalé, « {{incident.title}} » ({{incident.number}}). Un nouveau point suivra très prochainement.`,
      },
    },
    SERVICE_RESTORED: {
      staff: {
        subject: staffSubject('Service rétabli'),
        text: `Le service a été rétabli le {{date occurredAt}} pour les utilisateurs touchés par {{incident.number}}.
{{#if restorationNote}}
Mesure prise : {{restorationNote}}
{{/if}}

L'incident reste ouvert jusqu'à sa résolution complète.

{{> details}}`,
      },
      users: {
        subject: 'Service rétabli : {{list incident.services "vos services"}} ({{incident.number}})',
        text: `Le service est rétabli : depuis le {{date occurredAt}}, vous pouvez de nouveau utiliser {{list incident.services "les services concernés"}} normalement.

Nos équipes veillent à ce que le problème ne se reproduise pas. Si vous rencontrez encore des difficultés, contactez le centre de services en indiquant le numéro {{incident.number}}.`,
      },
      reporter: {
        subject: 'Service rétabli pour votre {{> what}} {{incident.number}}',
        text: `Depuis le {{date occurredAt}}, le problème que vous avez signalé, « {{incident.title}} », n'affecte plus le service.

Nous continuons à en traiter la cause et nous vous préviendrons lorsque le ticket {{incident.number}} sera résolu.`,
      },
    },
    INCIDENT_RESOLVED: {
      staff: {
        subject: staffSubject('Résolu'),
        text: `Le ticket {{incident.number}}{{#if incident.major}} (incident majeur){{/if}} a été résolu le {{date occurredAt}}.
{{#if resolution}}
Résolution : {{resolution}}
{{/if}}
{{#if incident.major}}

Une revue post-incident suivra.
{{/if}}

{{> details}}`,
      },
      users: {
        subject:
          'Problème résolu : {{list incident.services "perturbation de service"}} ({{incident.number}})',
        text: `Le problème qui touchait {{list incident.services "certains de nos services"}} a été résolu le {{date occurredAt}}. Merci de votre patience.

Si vous rencontrez encore des difficultés, contactez le centre de services en indiquant le numéro {{incident.number}}.`,
      },
      reporter: {
        subject: `{{#if (eq incident.kind "SERVICE_REQUEST")}}Votre demande {{incident.number}} est traitée{{else}}Votre incident {{incident.number}} est résolu{{/if}}`,
        text: `Le ticket {{incident.number}} a été résolu le {{date occurredAt}}.
{{#if resolution}}
Résolution : {{resolution}}
{{/if}}

Si quelque chose ne va toujours pas, contactez le centre de services en indiquant le numéro {{incident.number}}.`,
      },
    },
    RESPONSE_OVERDUE: {
      staff: {
        subject: `{{#if escalation.toTier}}[Escalade vers {{escalation.toTier}}]{{else}}[Délai de réponse dépassé]{{/if}} {{incident.number}} ({{incident.priority}}) : {{incident.title}}`,
        text: `Le ticket {{incident.number}} a dépassé son délai de première réponse ({{date escalation.responseDueAt}}) sans être pris en charge au niveau {{escalation.fromTier}}.
{{#if escalation.toTier}}
Il est escaladé au niveau {{escalation.toTier}} : merci de le prendre en charge dès maintenant.
{{else}}
Il est déjà au dernier niveau de support : merci de le prendre en charge dès maintenant.
{{/if}}

{{> details}}`,
      },
      users: lateUsers,
      reporter: lateReporter,
    },
    ESCALATED_TO_MANAGER: {
      staff: {
        subject: staffSubject('Escalade hiérarchique'),
        text: `Le ticket {{incident.number}} a dépassé son délai de première réponse ({{date escalation.responseDueAt}}) et personne ne l'a pris en charge depuis{{#if escalation.toTier}}, même après son escalade du niveau {{escalation.fromTier}} au niveau {{escalation.toTier}}{{/if}}.

Il vous est remonté (escalade hiérarchique) : merci de veiller à ce que quelqu'un le prenne en charge dès maintenant.

{{> details}}`,
      },
      users: lateUsers,
      reporter: lateReporter,
    },
  },
};
