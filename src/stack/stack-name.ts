import { ComposeError } from '../api/errors.js';
import { stackNameProblem } from '../swarm/stack-labels.js';

/** @throws ComposeError `USAGE` for a name the docker CLI or the engine would refuse */
export function checkStackName(name: string): void {
  const problem = stackNameProblem(name);
  if (problem !== undefined) throw new ComposeError('USAGE', problem);
}
