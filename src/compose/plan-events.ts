// A plan told as the progress events its real run would send, in the same order, so that
// `--dry-run` prints docker compose's `DRY-RUN MODE - Container p-web-1 Recreated` lines (the
// renderers add the prefix).
import type { Plan, PlanStep } from '../api/plan.js';
import type { ComposeContext } from './context.js';
import { emit } from './emit.js';

const IMAGE_TEXT = { pull: ['Pulling', 'Pulled'], build: ['Building', 'Built'] } as const;

/** Emits the events of each step, then (for `up`) of the start phase. */
export function emitPlanEvents(ctx: ComposeContext, plan: Plan): void {
  for (const step of plan.steps) emitStep(ctx, step);
  for (const step of plan.steps) {
    if (step.kind !== 'container' || (step.start !== true && step.action !== 'start')) continue;
    emit(ctx, 'container', step.name, 'Starting', 'working');
    emit(ctx, 'container', step.name, 'Started');
  }
}

function emitStep(ctx: ComposeContext, step: PlanStep): void {
  const pair = (working: string, done: string): void => {
    emit(ctx, step.kind, step.name, working, 'working');
    emit(ctx, step.kind, step.name, done);
  };
  switch (step.action) {
    case 'pull':
    case 'build':
      pair(IMAGE_TEXT[step.action][0], IMAGE_TEXT[step.action][1]);
      return;
    case 'create':
      pair('Creating', 'Created');
      return;
    case 'recreate':
      pair('Recreate', 'Recreated');
      return;
    case 'stop':
      pair('Stopping', 'Stopped');
      return;
    case 'remove':
      if (step.kind === 'container' && isActive(step.state)) pair('Stopping', 'Stopped');
      pair('Removing', 'Removed');
      return;
    case 'keep':
      if (step.kind === 'container' && step.state === 'running') {
        emit(ctx, 'container', step.name, 'Running');
      }
      return;
    case 'start':
      return;
  }
}

function isActive(state: string | undefined): boolean {
  return state === 'running' || state === 'restarting' || state === 'paused';
}
