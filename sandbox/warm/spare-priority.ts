import type { OracleKind } from '../oracles/types';

/**
 * Which spare serves a task: the costliest kind to start among its payloads (the rest load
 * lazily in it). So a spare of one kind is only ever asked for that kind and those after it.
 */
export const SPARE_PRIORITY: readonly OracleKind[] = ['sql_injection', 'command_injection', 'xss', 'path_traversal'];
