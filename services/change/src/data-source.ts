import { CreateMessagingTables1763800000000, InboxMessage, OutboxMessage } from '@mim/messaging';
import { createDataSource } from '@mim/service-kit';
import type { DataSource } from 'typeorm';
import { CreateChangeRequests1763800000300 } from './migrations/1763800000300-create-change-requests';
import { CreateStandardChangeTemplates1764100000300 } from './migrations/1764100000300-create-standard-change-templates';
import { ChangeRequestAssessment1764100000310 } from './migrations/1764100000310-change-request-assessment';
import { CreateChangeApprovals1764100000320 } from './migrations/1764100000320-create-change-approvals';
import { CreateFreezePeriods1764100000330 } from './migrations/1764100000330-create-freeze-periods';
import { ChangeApproval } from './modules/change-approval/change-approval.entity';
import { ChangeRequest } from './modules/change-request/change-request.entity';
import { ChangeRequestIncident } from './modules/change-request/change-request-incident.entity';
import { ChangeRequestProblem } from './modules/change-request/change-request-problem.entity';
import { FreezePeriod } from './modules/freeze-period/freeze-period.entity';
import { StandardChangeTemplate } from './modules/standard-change-template/standard-change-template.entity';

export const entities = [
  ChangeRequest,
  ChangeRequestIncident,
  ChangeRequestProblem,
  ChangeApproval,
  FreezePeriod,
  StandardChangeTemplate,
  OutboxMessage,
  InboxMessage,
];
export const migrations = [
  CreateMessagingTables1763800000000,
  CreateChangeRequests1763800000300,
  CreateStandardChangeTemplates1764100000300,
  ChangeRequestAssessment1764100000310,
  CreateChangeApprovals1764100000320,
  CreateFreezePeriods1764100000330,
];

export function createChangeDataSource(env: {
  DATABASE_URL: string;
  DATABASE_POOL_SIZE: number;
}): DataSource {
  return createDataSource({
    url: env.DATABASE_URL,
    entities,
    migrations,
    poolSize: env.DATABASE_POOL_SIZE,
    applicationName: 'mim-change',
  });
}
