import { entityReference, subgraphCodegenConfig } from '../../codegen.base';

export default subgraphCodegenConfig({
  contextType: '../context#ProblemContext',
  mappers: {
    Problem: '../modules/problem/problem.entity#Problem as ProblemEntity',
    Incident: entityReference('Incident'),
  },
});
