import { entityReference, subgraphCodegenConfig } from '../../codegen.base';

export default subgraphCodegenConfig({
  contextType: '../context#AnalyticsContext',
  mappers: {
    Incident: entityReference('Incident'),
  },
});
