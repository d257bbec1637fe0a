export { hardeningCycleWorkflow } from './hardening-cycle';
export { bareNoopWorkflow } from './bare-noop';
