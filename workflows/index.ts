export { hardeningCycleWorkflow } from './hardening/hardening-cycle';
export { bareNoopWorkflow } from './bare-noop';
export { threatAnalysisWorkflow } from './threat/threat-analysis';
export { ruleReverifyWorkflow } from './threat/rule-reverify';
export { incidentContainmentWorkflow } from './containment/incident-containment';
export { gatedRetrainingWorkflow } from './retraining/gated-retraining';
export { canaryPromotionWorkflow } from './retraining/canary-promotion';
