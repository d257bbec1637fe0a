export { freePort } from '../../runtime/process';
