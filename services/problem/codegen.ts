import { entityReference, subgraphCodegenConfig } from '../../codegen.base';

export default subgraphCodegenConfig({
  contextType: '../context#ProblemContext',
  mappers: {
    Problem: '../modules/problem/problem.entity#Problem as ProblemEntity',
    RootCauseAnalysis: '../modules/root-cause/root-cause.entity#RootCauseAnalysis as RootCauseAnalysisEntity',
    KnownError: '../modules/known-error/known-error.entity#KnownError as KnownErrorEntity',
    Incident: entityReference('Incident'),
  },
});
