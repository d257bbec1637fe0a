export * from './environments';
export * from './cycles';
export * from './agent';
export * from './evidence';
export * from './sandbox-audit';
export * from './rules';
export * from './datasets';
export * from './models';
