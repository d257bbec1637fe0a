export { freePort } from '../../ops/process';
