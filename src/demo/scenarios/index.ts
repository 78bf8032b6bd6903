// Every drill scenario, in the order `warroom demo --list` shows them.
import type { Scenario } from '../scenario.js';
import { scenario as badDeploy } from './bad-deploy.js';
import { scenario as dbExhaustion } from './db-exhaustion.js';
import { scenario as memoryPressure } from './memory-pressure.js';
import { scenario as slowDependency } from './slow-dependency.js';
import { scenario as chainStall } from './chain-stall.js';
import { scenario as redisMemory } from './redis-memory.js';

export const scenarios: Scenario[] = [
  badDeploy,
  dbExhaustion,
  memoryPressure,
  slowDependency,
  chainStall,
  redisMemory,
];

export const DEFAULT_SCENARIO = 'bad-deploy';

export function scenarioByName(name: string): Scenario | undefined {
  return scenarios.find((s) => s.name === name);
}
