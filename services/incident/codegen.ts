import { subgraphCodegenConfig } from '../../codegen.base';

export default subgraphCodegenConfig({
  contextType: '../context#IncidentContext',
  mappers: {
    Incident: '../modules/incident/incident.entity#Incident as IncidentEntity',
  },
});
