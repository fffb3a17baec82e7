import { entityReference, subgraphCodegenConfig } from '../../codegen.base';

export default subgraphCodegenConfig({
  contextType: '../context#ChangeContext',
  mappers: {
    ChangeRequest: '../modules/change-request/change-request.entity#ChangeRequest as ChangeRequestEntity',
    Incident: entityReference('Incident'),
  },
});
